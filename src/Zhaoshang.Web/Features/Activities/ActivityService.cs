using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

public sealed record OfficePart(Guid OrgId, OfficeRole Role);

public sealed record ActivityInput(ActivityKind Kind, DateOnly Date, string? Title, string? People, string? Participants,
    Guid? EnterpriseId, Guid? ProjectId, string? Outcome, OfficePart[]? Offices);

public sealed record ActivityRow(Guid Id, ActivityKind Kind, DateOnly Date, string Title, string? People, string? Participants,
    Guid? EnterpriseId, Guid? ProjectId, string? Outcome, Guid OrgId, IReadOnlyList<OfficePart> Offices, long Version);

/// <summary>Visits, inspections, negotiations and events: officers record them in their unit; leaders and handlers read.</summary>
public sealed class ActivityService(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    private static readonly string[] Readers = [Roles.Leader, Roles.Officer, Roles.Handler];

    public async Task<Paged<ActivityRow>> SearchAsync(ActivityKind? kind, DateOnly? from, DateOnly? to, Guid? enterpriseId, Guid? projectId,
        int page, int pageSize, CancellationToken ct = default)
    {
        currentUser.Require(Readers);
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
            q = q.Where(a => a.EnterpriseId == e);
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
        currentUser.Require(Readers);
        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw NotFound();
        return (await RowsAsync([activity], ct))[0];
    }

    public async Task<ActivityRow> CreateAsync(ActivityInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var title = await ValidateAsync(input, ct);
        var org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        var activity = new Activity { Id = Guid.CreateVersion7(), Title = title, OrgId = org.Id, OrgPath = org.Path, CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(activity, input, title);
        db.Activities.Add(activity);
        db.ActivityOffices.AddRange((input.Offices ?? []).Select(o => new ActivityOffice { ActivityId = activity.Id, OrgId = o.OrgId, Role = o.Role }));
        await db.SaveChangesAsync(ct);
        return await GetAsync(activity.Id, ct);
    }

    public async Task<ActivityRow> UpdateAsync(Guid id, ActivityInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var title = await ValidateAsync(input, ct);
        var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw NotFound();
        db.Entry(activity).Property(a => a.Version).OriginalValue = version;
        Apply(activity, input, title);
        db.ActivityOffices.RemoveRange(await db.ActivityOffices.Where(o => o.ActivityId == id).ToListAsync(ct));
        db.ActivityOffices.AddRange((input.Offices ?? []).Select(o => new ActivityOffice { ActivityId = id, OrgId = o.OrgId, Role = o.Role }));
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

    private async Task<string> ValidateAsync(ActivityInput input, CancellationToken ct)
    {
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            throw DomainException.Invalid("title", "活动名称不能为空，且不超过 200 个字符。");
        }
        if (input.Date > DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), AuditQuery.China).DateTime))
        {
            throw DomainException.Invalid("date", "活动日期不能晚于今天。");
        }
        if (input.EnterpriseId is { } enterprise && !await db.Enterprises.AnyAsync(e => e.Id == enterprise, ct))
        {
            throw DomainException.Invalid("enterpriseId", "企业不存在，请先登记企业。");
        }
        if (input.ProjectId is { } project && !await db.Projects.AnyAsync(p => p.Id == project, ct))
        {
            throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
        }
        var offices = input.Offices ?? [];
        if (offices.Select(o => o.OrgId).Distinct().Count() != offices.Length)
        {
            throw DomainException.Invalid("offices", "同一驻外办事处只能出现一次。");
        }
        if (offices.Count(o => o.Role == OfficeRole.FirstVisit) > 1)
        {
            throw DomainException.Invalid("offices", "首次拜访只能记在一个驻外办事处名下，其余为陪同。");
        }
        var ids = offices.Select(o => o.OrgId).ToList();
        if (ids.Count > 0 && await db.Orgs.CountAsync(o => ids.Contains(o.Id) && o.Kind == OrgKind.ResidentOffice, ct) != ids.Count)
        {
            throw DomainException.NotFound("驻外办事处不存在或不在您的数据范围内。");
        }
        return title;
    }

    private static void Apply(Activity a, ActivityInput input, string title)
    {
        a.Kind = input.Kind;
        a.Date = input.Date;
        a.Title = title;
        a.People = Trim(input.People, 500);
        a.Participants = Trim(input.Participants, 500);
        a.EnterpriseId = input.EnterpriseId;
        a.ProjectId = input.ProjectId;
        a.Outcome = Trim(input.Outcome, 1000);
    }

    private static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length <= max ? text.Trim() : throw DomainException.Invalid("text", "内容过长（不超过 {0} 个字符）。", max);

    private async Task<List<ActivityRow>> RowsAsync(List<Activity> activities, CancellationToken ct)
    {
        var ids = activities.Select(a => a.Id).ToList();
        var offices = (await db.ActivityOffices.AsNoTracking().Where(o => ids.Contains(o.ActivityId)).ToListAsync(ct)).ToLookup(o => o.ActivityId);
        return activities.Select(a => new ActivityRow(a.Id, a.Kind, a.Date, a.Title, a.People, a.Participants, a.EnterpriseId, a.ProjectId,
            a.Outcome, a.OrgId, offices[a.Id].Select(o => new OfficePart(o.OrgId, o.Role)).ToList(), a.Version)).ToList();
    }

    private static DomainException NotFound() => DomainException.NotFound("活动记录不存在或不在您的数据范围内。");
}
