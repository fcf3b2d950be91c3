using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>A lead as the page and the API give it (the API's body is this record; <see cref="Version"/> for an edit).</summary>
public sealed record LeadInput(Guid EnterpriseId, DateOnly Date, string? Title, string? Content, Guid? ProjectId, long Version = 0,
    LeadChannel? Channel = null, Guid? SourceOrgId = null, Guid? SourceEnterpriseId = null);

/// <summary>A channel's leads over a period: how many, how many became a project, how many of those were signed (the conversion).</summary>
public sealed record ChannelLine(LeadChannel Channel, int Leads, int WithProject, int Signed, decimal? Conversion);

/// <summary>A trip that took the lead up: the principal leaders' trip, its date and title.</summary>
public sealed record LeadAdoption(Guid ActivityId, DateOnly Date, string Title);

public sealed record LeadRow(Guid Id, Guid EnterpriseId, string Enterprise, DateOnly Date, string Title, string? Content, Guid? ProjectId, Guid OrgId,
    string OrgName, IReadOnlyList<LeadAdoption> AdoptedBy, long Version, LeadChannel Channel = LeadChannel.Other, string? SourceOrgName = null,
    string? SourceEnterpriseName = null);

/// <summary>
/// Project leads a unit reports (报送项目线索); a principal leaders' trip takes them up (<see cref="ActivityService"/>). A
/// lead's unit sees the trip that took it up even when the city recorded the trip outside the unit's own subtree.
/// </summary>
public sealed class LeadService(AppDb db, CurrentUser currentUser, TimeProvider time)
{

    public async Task<Paged<LeadRow>> SearchAsync(Guid? orgId, bool? adopted, DateOnly? from, DateOnly? to, int page, int pageSize, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        (page, pageSize) = Paged<LeadRow>.Clamp(page, pageSize);
        var q = db.Set<Lead>().AsNoTracking();
        if (orgId is { } org)
        {
            q = q.Where(l => l.OrgId == org);
        }
        if (adopted is { } a)
        {
            q = q.Where(l => db.Set<ActivityLead>().Any(x => x.LeadId == l.Id) == a);
        }
        if (from is { } f)
        {
            q = q.Where(l => l.Date >= f);
        }
        if (to is { } t)
        {
            q = q.Where(l => l.Date <= t);
        }
        var total = await q.CountAsync(ct);
        var leads = await q.OrderByDescending(l => l.Date).ThenByDescending(l => l.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<LeadRow>(await RowsAsync(leads, ct), total, page, pageSize);
    }

    /// <summary>
    /// The caller's leads reported in a period by channel (谋划): how many, how many became a project, how many of those
    /// were signed by the period's end, and the conversion (signed / leads).
    /// </summary>
    public async Task<IReadOnlyList<ChannelLine>> ChannelsAsync(DateOnly start, DateOnly end, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        // Two reads: IgnoreQueryFilters would lift the leads' scope too if it sat in the same query.
        var leads = await db.Set<Lead>().AsNoTracking().Where(l => l.Date >= start && l.Date <= end).Select(l => new { l.Channel, l.ProjectId }).ToListAsync(ct);
        var projectIds = leads.Where(l => l.ProjectId != null).Select(l => l.ProjectId!.Value).Distinct().ToList();
        var signedIds = new HashSet<Guid>();
        foreach (var chunk in projectIds.Chunk(1000)) // a period's leads may name more projects than a statement may carry
        {
            signedIds.UnionWith(await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => chunk.Contains(p.Id) && p.ContractDate != null && p.ContractDate <= end)
                .Select(p => p.Id).ToListAsync(ct));
        }
        var rows = leads.Select(l => new { l.Channel, HasProject = l.ProjectId != null, Signed = l.ProjectId is { } p && signedIds.Contains(p) }).ToList();
        return [.. rows.GroupBy(r => r.Channel).OrderBy(g => g.Key).Select(g =>
        {
            var (leads, signed) = (g.Count(), g.Count(r => r.Signed));
            return new ChannelLine(g.Key, leads, g.Count(r => r.HasProject), signed, leads == 0 ? null : 100m * signed / leads);
        })];
    }

    public static string ChannelName(LeadChannel channel) => channel switch
    {
        LeadChannel.ResidentOffice => "驻外办事处",
        LeadChannel.Chamber => "商协会",
        LeadChannel.LeadingEnterprise => "龙头企业",
        LeadChannel.Fund => "基金招商",
        LeadChannel.Soe => "国有企业",
        LeadChannel.CentralSoe => "中央企业",
        LeadChannel.Hometown => "乡友网络",
        LeadChannel.Event => "会展活动",
        LeadChannel.EntryCode => "一码投扫码",
        LeadChannel.Other => "其他",
    };

    public async Task<LeadRow> GetAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        var lead = await db.Set<Lead>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw NotFound();
        return (await RowsAsync([lead], ct))[0];
    }

    public async Task<LeadRow> CreateAsync(LeadInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        var lead = new Lead { Id = Guid.CreateVersion7(), Title = "", OrgId = org.Id, OrgPath = org.Path, CreatedAt = time.GetUtcNow().UtcDateTime };
        await ApplyAsync(lead, input, ct);
        db.Add(lead);
        await db.SaveChangesAsync(ct);
        return await GetAsync(lead.Id, ct);
    }

    public async Task<LeadRow> UpdateAsync(Guid id, LeadInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var lead = await db.Set<Lead>().FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw NotFound();
        db.Entry(lead).Property(l => l.Version).OriginalValue = version;
        await ApplyAsync(lead, input, ct);
        var adoptedOn = await (from x in db.Set<ActivityLead>()
                               join a in db.Activities.AsNoTracking().IgnoreQueryFilters() on x.ActivityId equals a.Id
                               where x.LeadId == id
                               select (DateOnly?)a.Date).MinAsync(ct);
        if (adoptedOn is { } trip && lead.Date > trip)
        {
            throw DomainException.Invalid("date", "该线索已于 {0:yyyy-MM-dd} 纳入主要领导外出招商考察，报送日期不能晚于该日。", trip);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is Lead))
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("该线索已被他人修改，请查看最新内容后再保存。", await GetAsync(id, ct));
        }
        return await GetAsync(id, ct);
    }

    private async Task ApplyAsync(Lead lead, LeadInput input, CancellationToken ct)
    {
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            throw DomainException.Invalid("title", "线索名称不能为空，且不超过 200 个字符。");
        }
        var content = string.IsNullOrWhiteSpace(input.Content) ? null : input.Content.Trim();
        if (content is { Length: > 2000 })
        {
            throw DomainException.Invalid("content", "线索内容不超过 2000 个字符。");
        }
        var today = time.Today();
        if (input.Date > today || input.Date.Year < 2000)
        {
            throw DomainException.Invalid("date", "报送日期须在 2000 年至今天之间。");
        }
        if (!await db.Enterprises.AnyAsync(e => e.Id == input.EnterpriseId, ct))
        {
            throw DomainException.Invalid("enterpriseId", "企业不存在，请先登记企业。");
        }
        if (input.ProjectId is { } project && !await db.Projects.AnyAsync(p => p.Id == project, ct))
        {
            throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
        }
        if (input.Channel is { } channel && !Enum.IsDefined(channel))
        {
            throw DomainException.Invalid("channel", "线索的信息渠道无效。");
        }
        if (input.SourceOrgId is { } sourceOrg && !await db.Orgs.IgnoreQueryFilters().AnyAsync(o => o.Id == sourceOrg, ct))
        {
            throw DomainException.Invalid("sourceOrgId", "带来线索的单位不存在。");
        }
        if (input.SourceEnterpriseId is { } sourceFirm && !await db.Enterprises.AnyAsync(e => e.Id == sourceFirm, ct))
        {
            throw DomainException.Invalid("sourceEnterpriseId", "带来线索的企业不存在，请先登记企业。");
        }
        // Without a channel named, a resident office's lead came through the office; another unit's through "other".
        lead.Channel = input.Channel ?? (await db.Orgs.IgnoreQueryFilters().AnyAsync(o => o.Id == lead.OrgId && o.Kind == Orgs.OrgKind.ResidentOffice, ct)
            ? LeadChannel.ResidentOffice : LeadChannel.Other);
        (lead.SourceOrgId, lead.SourceEnterpriseId) = (input.SourceOrgId, input.SourceEnterpriseId);
        lead.EnterpriseId = input.EnterpriseId;
        lead.Date = input.Date;
        lead.Title = title;
        lead.Content = content;
        lead.ProjectId = input.ProjectId;
    }

    private async Task<List<LeadRow>> RowsAsync(List<Lead> leads, CancellationToken ct)
    {
        var ids = leads.Select(l => l.Id).ToList();
        var adoptions = (await (from x in db.Set<ActivityLead>()
                                join a in db.Activities.AsNoTracking().IgnoreQueryFilters() on x.ActivityId equals a.Id
                                where ids.Contains(x.LeadId)
                                select new { x.LeadId, a.Id, a.Date, a.Title }).ToListAsync(ct)).ToLookup(x => x.LeadId);
        var enterpriseIds = leads.Select(l => l.EnterpriseId).Distinct().ToList();
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var orgIds = leads.Select(l => l.OrgId).Distinct().ToList();
        var orgs = await db.Orgs.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var sourceOrgIds = leads.Where(l => l.SourceOrgId != null).Select(l => l.SourceOrgId!.Value).Distinct().ToList();
        var sourceOrgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => sourceOrgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var sourceFirmIds = leads.Where(l => l.SourceEnterpriseId != null).Select(l => l.SourceEnterpriseId!.Value).Distinct().ToList();
        var sourceFirms = await db.Enterprises.AsNoTracking().Where(e => sourceFirmIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return leads.Select(l => new LeadRow(l.Id, l.EnterpriseId, enterprises.GetValueOrDefault(l.EnterpriseId, ""), l.Date, l.Title, l.Content, l.ProjectId,
            l.OrgId, orgs.GetValueOrDefault(l.OrgId, ""), adoptions[l.Id].OrderBy(a => a.Date).Select(a => new LeadAdoption(a.Id, a.Date, a.Title)).ToList(),
            l.Version, l.Channel, l.SourceOrgId is { } so ? sourceOrgs.GetValueOrDefault(so) : null,
            l.SourceEnterpriseId is { } se ? sourceFirms.GetValueOrDefault(se) : null)).ToList();
    }

    private static DomainException NotFound() => DomainException.NotFound("项目线索不存在或不在您的数据范围内。");
}
