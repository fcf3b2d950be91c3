using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

public sealed record OfficePart(Guid OrgId, OfficeRole Role);

public sealed record ActivityNames(IReadOnlyDictionary<Guid, string> Enterprises, IReadOnlyDictionary<Guid, string> Orgs, IReadOnlyDictionary<Guid, string> Projects);

public sealed record ActivityInput(ActivityKind Kind, DateOnly Date, string? Title, string? People, string? Participants,
    Guid[]? EnterpriseIds, Guid? ProjectId, string? Outcome, OfficePart[]? Offices, LeaderRank? Leader = null, Guid? JointOrgId = null,
    Guid[]? AdoptedLeadIds = null);

public sealed record ActivityRow(Guid Id, ActivityKind Kind, DateOnly Date, string Title, string? People, string? Participants,
    IReadOnlyList<Guid> EnterpriseIds, Guid? ProjectId, string? Outcome, Guid OrgId, IReadOnlyList<OfficePart> Offices, LeaderRank? Leader,
    Guid? JointOrgId, IReadOnlyList<Guid> AdoptedLeadIds, long Version);

/// <summary>Visits, inspections, negotiations, events and leaders' trips: officers record them in their unit; leaders and handlers read.</summary>
public sealed class ActivityService(AppDb db, CurrentUser currentUser, OrgService orgs, TimeProvider time)
{

    /// <summary>An activity meets at most this many enterprises (a delegation, an event's guest list).</summary>
    public const int MaxEnterprises = 100;

    public async Task<Paged<ActivityRow>> SearchAsync(ActivityKind? kind, DateOnly? from, DateOnly? to, Guid? enterpriseId, Guid? projectId,
        int page, int pageSize, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        (page, pageSize) = Paged<ActivityRow>.Clamp(page, pageSize);
        var q = db.Activities.AsNoTracking();
        if (kind is { } k)
        {
            q = q.Where(a => a.Kind == k);
        }
        if (from is { } f)
        {
            q = q.Where(a => a.Date >= f);
        }
        if (to is { } t)
        {
            q = q.Where(a => a.Date <= t);
        }
        if (enterpriseId is { } e)
        {
            q = q.Where(a => db.Set<ActivityEnterprise>().Any(x => x.ActivityId == a.Id && x.EnterpriseId == e));
        }
        if (projectId is { } p)
        {
            q = q.Where(a => a.ProjectId == p);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Date).ThenByDescending(a => a.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<ActivityRow>(await RowsAsync(rows, ct), total, page, pageSize);
    }

    public async Task<ActivityRow> GetAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw NotFound();
        return (await RowsAsync([activity], ct))[0];
    }

    public async Task<ActivityRow> CreateAsync(ActivityInput input, CancellationToken ct = default)
    {
        var id = await AddAsync(input, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Checks a new activity of the caller's unit and adds it, unsaved: the form saves one, an import adds every row
    /// and saves once only when no row has an error (all or nothing).
    /// </summary>
    internal async Task<Guid> AddAsync(ActivityInput input, CancellationToken ct)
    {
        currentUser.Require(Roles.Officer);
        var org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        var activity = new Activity { Id = Guid.CreateVersion7(), Title = "", OrgId = org.Id, OrgPath = org.Path, CreatedAt = time.GetUtcNow().UtcDateTime };
        var valid = await ValidateAsync(input, org, activity.Id, ct);
        Apply(activity, input, valid);
        db.Activities.Add(activity);
        AddParts(activity, input, valid);
        return activity.Id;
    }

    public async Task<ActivityRow> UpdateAsync(Guid id, ActivityInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw NotFound();
        var org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == activity.OrgId, ct);
        var valid = await ValidateAsync(activity.Kind == ActivityKind.Intention ? input with { Kind = ActivityKind.Intention } : input, org, id, ct);
        db.Entry(activity).Property(a => a.Version).OriginalValue = version;
        Apply(activity, input, valid);
        db.ActivityOffices.RemoveRange(await db.ActivityOffices.Where(o => o.ActivityId == id).ToListAsync(ct));
        db.Set<ActivityEnterprise>().RemoveRange(await db.Set<ActivityEnterprise>().Where(x => x.ActivityId == id).ToListAsync(ct));
        db.Set<ActivityLead>().RemoveRange(await db.Set<ActivityLead>().Where(x => x.ActivityId == id).ToListAsync(ct));
        AddParts(activity, input, valid);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is Activity))
        {
            throw new ConflictException("该活动记录已被他人修改，请查看最新内容后再保存。", await GetCurrentAsync(id, ct));
        }
        return await GetAsync(id, ct);
    }

    private async Task<ActivityRow> GetCurrentAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await GetAsync(id, ct);
    }

    private sealed record Valid(string Title, List<Guid> Enterprises, List<Guid> Leads);

    private async Task<Valid> ValidateAsync(ActivityInput input, Org org, Guid activityId, CancellationToken ct)
    {
        if (input.Kind == ActivityKind.Intention)
        {
            throw DomainException.Invalid("kind", "“扫码意向”由投资方扫码提交时自动记录，不能手工登记或修改。");
        }
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            throw DomainException.Invalid("title", "活动名称不能为空，且不超过 200 个字符。");
        }
        if (input.Date > time.Today())
        {
            throw DomainException.Invalid("date", "活动日期不能晚于今天。");
        }
        if (input.Date.Year < 2000)
        {
            throw DomainException.Invalid("date", "活动日期不能早于 2000 年。");
        }
        var enterprises = (input.EnterpriseIds ?? []).Distinct().ToList();
        if (enterprises.Count > MaxEnterprises)
        {
            throw DomainException.Invalid("enterpriseIds", "一次活动最多登记 {0} 家企业。", MaxEnterprises);
        }
        if (enterprises.Count > 0 && await db.Enterprises.CountAsync(e => enterprises.Contains(e.Id), ct) != enterprises.Count)
        {
            throw DomainException.Invalid("enterpriseIds", "企业不存在，请先登记企业。");
        }
        if (input.ProjectId is { } project && !await db.Projects.AnyAsync(p => p.Id == project, ct))
        {
            throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
        }
        var leads = await AdoptedLeadsAsync(input, org, ct);
        foreach (var lead in leads.Where(l => !enterprises.Contains(l.EnterpriseId)))
        {
            enterprises.Add(lead.EnterpriseId); // the trip met the enterprise it took up
        }
        await ValidateLeaderAsync(input, org, ct);
        var offices = input.Offices ?? [];
        if (offices.Select(o => o.OrgId).Distinct().Count() != offices.Length)
        {
            throw DomainException.Invalid("offices", "同一驻外办事处只能出现一次。");
        }
        if (offices.Count(o => o.Role == OfficeRole.FirstVisit) > 1)
        {
            throw DomainException.Invalid("offices", "首次拜访只能记在一个驻外办事处名下，其余为陪同或参与。");
        }
        if (offices.Any(o => o.Role == OfficeRole.FirstVisit) && input.Kind != ActivityKind.Visit)
        {
            throw DomainException.Invalid("offices", "“首次拜访”只能记在拜访活动上。");
        }
        if (offices.Any(o => o.Role == OfficeRole.Accompanied) && input.Kind != ActivityKind.Inspection)
        {
            throw DomainException.Invalid("offices", "“陪同考察”只能记在考察活动上（项目签约金额按 50% 计入的是陪同考察）。");
        }
        var ids = offices.Select(o => o.OrgId).ToList();
        if (ids.Count > 0 && await db.Orgs.CountAsync(o => ids.Contains(o.Id) && o.Kind == OrgKind.ResidentOffice, ct) != ids.Count)
        {
            throw DomainException.NotFound("驻外办事处不存在或不在您的数据范围内。");
        }
        if (input.Kind == ActivityKind.Visit && ids.Count > 0)
        {
            await FirstVisits.CheckAsync(db, activityId, input.Date, enterprises, input.ProjectId, offices, ct);
        }
        return new Valid(title, enterprises, leads.Select(l => l.Id).ToList());
    }

    /// <summary>A leader's trip: who led it; a principal leader heading a district and one of its provincial zones counts it for both.</summary>
    private async Task ValidateLeaderAsync(ActivityInput input, Org org, CancellationToken ct)
    {
        if (input.Kind != ActivityKind.LeaderTrip)
        {
            if (input.Leader is not null || input.JointOrgId is not null)
            {
                throw DomainException.Invalid("leader", "只有“领导赴省外招商”才登记带队领导。");
            }
            return;
        }
        if (input.JointOrgId is not { } joint)
        {
            return;
        }
        if (input.Leader != LeaderRank.Principal)
        {
            throw DomainException.Invalid("jointOrgId", "同时计入开发区（区县）仅适用于党政主要领导兼任的情形：请将带队领导选为“党政主要领导”。");
        }
        // Either way round: a district's trip counts for its provincial zone, a zone's for its district.
        var other = await orgs.FindForRulesAsync(joint, ct);
        var pair = other is not null && ((org.Kind == OrgKind.District && other.Kind == OrgKind.DevZone && other.ParentId == org.Id)
            || (org.Kind == OrgKind.DevZone && other.Kind == OrgKind.District && org.ParentId == other.Id));
        if (!pair)
        {
            throw DomainException.Invalid("jointOrgId", "同时计入的单位须是本区县所辖的开发区，或本开发区所在的区县。");
        }
    }

    /// <summary>
    /// The leads a trip took up: only a trip of the city's principal leaders (recorded at the city level: the city or a
    /// bureau or office directly under it) adopts leads, each reported on or before the trip.
    /// </summary>
    private async Task<List<Lead>> AdoptedLeadsAsync(ActivityInput input, Org org, CancellationToken ct)
    {
        var ids = (input.AdoptedLeadIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        if (input.Kind != ActivityKind.LeaderTrip || input.Leader != LeaderRank.Principal || !await orgs.IsCityLevelAsync(org, ct))
        {
            throw DomainException.Invalid("adoptedLeadIds", "只有市委、市政府主要领导外出招商考察（由市级单位登记、带队领导为党政主要领导）才能纳入报送的项目线索。");
        }
        var leads = await db.Set<Lead>().AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(ct);
        if (leads.Count != ids.Count)
        {
            throw DomainException.NotFound("项目线索不存在或不在您的数据范围内。");
        }
        if (leads.FirstOrDefault(l => l.Date > input.Date) is { } late)
        {
            throw DomainException.Invalid("adoptedLeadIds", "线索“{0}”报送于 {1:yyyy-MM-dd}，晚于本次考察，不能纳入。", late.Title, late.Date);
        }
        return leads;
    }

    private void AddParts(Activity activity, ActivityInput input, Valid valid)
    {
        db.ActivityOffices.AddRange((input.Offices ?? []).Select(o => new ActivityOffice { ActivityId = activity.Id, OrgId = o.OrgId, Role = o.Role }));
        db.Set<ActivityEnterprise>().AddRange(valid.Enterprises.Select(e => new ActivityEnterprise
        {
            ActivityId = activity.Id, EnterpriseId = e, Date = activity.Date, Kind = activity.Kind, OrgPath = activity.OrgPath,
        }));
        db.Set<ActivityLead>().AddRange(valid.Leads.Select(l => new ActivityLead { ActivityId = activity.Id, LeadId = l }));
    }

    private static void Apply(Activity a, ActivityInput input, Valid valid)
    {
        a.Kind = input.Kind;
        a.Date = input.Date;
        a.Title = valid.Title;
        a.People = Trim(input.People, 500);
        a.Participants = Trim(input.Participants, 500);
        a.ProjectId = input.ProjectId;
        a.Outcome = Trim(input.Outcome, 1000);
        a.Leader = input.Kind == ActivityKind.LeaderTrip ? input.Leader ?? LeaderRank.Other : null;
        a.JointOrgId = input.Kind == ActivityKind.LeaderTrip ? input.JointOrgId : null;
    }

    private static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length <= max ? text.Trim() : throw DomainException.Invalid("text", "内容过长（不超过 {0} 个字符）。", max);

    private async Task<List<ActivityRow>> RowsAsync(List<Activity> activities, CancellationToken ct)
    {
        var ids = activities.Select(a => a.Id).ToList();
        var offices = (await db.ActivityOffices.AsNoTracking().Where(o => ids.Contains(o.ActivityId)).ToListAsync(ct)).ToLookup(o => o.ActivityId);
        var enterprises = (await db.Set<ActivityEnterprise>().AsNoTracking().Where(x => ids.Contains(x.ActivityId))
            .Select(x => new { x.ActivityId, x.EnterpriseId }).ToListAsync(ct)).ToLookup(x => x.ActivityId, x => x.EnterpriseId);
        var leads = (await db.Set<ActivityLead>().AsNoTracking().Where(x => ids.Contains(x.ActivityId)).ToListAsync(ct)).ToLookup(x => x.ActivityId, x => x.LeadId);
        return activities.Select(a => new ActivityRow(a.Id, a.Kind, a.Date, a.Title, a.People, a.Participants, enterprises[a.Id].Order().ToList(), a.ProjectId,
            a.Outcome, a.OrgId, offices[a.Id].Select(o => new OfficePart(o.OrgId, o.Role)).ToList(), a.Leader, a.JointOrgId, leads[a.Id].Order().ToList(),
            a.Version)).ToList();
    }

    /// <summary>The names a list of activities shows: its enterprises, offices, units and projects (one query each).</summary>
    public async Task<ActivityNames> NamesAsync(IReadOnlyCollection<ActivityRow> rows, CancellationToken ct = default)
    {
        var enterpriseIds = rows.SelectMany(r => r.EnterpriseIds).Distinct().ToList();
        var orgIds = rows.SelectMany(r => r.Offices.Select(o => o.OrgId)).Concat(rows.Select(r => r.OrgId))
            .Concat(rows.Where(r => r.JointOrgId is not null).Select(r => r.JointOrgId!.Value)).Distinct().ToList();
        var projectIds = rows.Where(r => r.ProjectId is not null).Select(r => r.ProjectId!.Value).Distinct().ToList();
        // Org and enterprise names are shared registry data; a project is named only when the caller may see it.
        return new ActivityNames(
            await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct),
            await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct),
            await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct));
    }

    /// <summary>The enterprises a form names (full names or credit codes, 、-separated), each registered.</summary>
    public Task<Guid[]> ResolveEnterprisesAsync(string? text, CancellationToken ct = default) =>
        Enterprises.EnterpriseLookup.ResolveAsync(db, text, "enterpriseIds", ct);

    /// <summary>The resident offices an activity of the caller's city may name (its 驻外办事处), for the form and the import.</summary>
    public async Task<IReadOnlyList<Org>> OfficesAsync(CancellationToken ct = default)
    {
        // The city of the caller's unit: the first two levels of its path (/province/city/); a province-level user sees all.
        var segments = (currentUser.OrgPath ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var city = segments.Length >= 2 ? $"/{segments[0]}/{segments[1]}/" : "/";
        return await db.Orgs.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Kind == OrgKind.ResidentOffice && o.IsActive && o.Path.StartsWith(city)).OrderBy(o => o.SortOrder).ThenBy(o => o.Path).ToListAsync(ct);
    }

    private static DomainException NotFound() => DomainException.NotFound("活动记录不存在或不在您的数据范围内。");
}
