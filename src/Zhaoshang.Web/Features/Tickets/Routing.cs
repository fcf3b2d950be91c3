using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// Routing as data (seed 001): within an area (a city, the province…), a category of problem at a level goes to a
/// handling org, or onto the joint meeting's agenda, with its deadline in working days. A rule without a level applies
/// to every level; a rule without a handler leaves the choice to the dispatcher (a single-item problem: whichever
/// functional department the item belongs to).
/// </summary>
public sealed class RoutingRule : IVersioned
{
    public Guid Id { get; set; }
    public Guid AreaOrgId { get; set; }
    public TicketLevel? Level { get; set; }
    public TicketCategory Category { get; set; }
    public Guid? HandlerOrgId { get; set; }
    public bool ToJointMeeting { get; set; }
    public int SlaWorkingDays { get; set; }
    public long Version { get; set; }
}

/// <summary>The desk (受理单位) that accepts and dispatches an area's tickets at a level, e.g. 贵阳市 city-level → 市投资促进局.</summary>
public sealed class TicketDesk : IVersioned
{
    public Guid AreaOrgId { get; set; }
    public TicketLevel Level { get; set; }
    public Guid DeskOrgId { get; set; }
    public long Version { get; set; }
}

public sealed class RoutingConfiguration : IEntityTypeConfiguration<RoutingRule>, IEntityTypeConfiguration<TicketDesk>
{
    public void Configure(EntityTypeBuilder<RoutingRule> e)
    {
        e.ToTable("RoutingRules");
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.AreaOrgId, x.Category, x.Level }).IsUnique();
        e.HasIndex(x => x.HandlerOrgId);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.AreaOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.HandlerOrgId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<TicketDesk> e)
    {
        e.ToTable("TicketDesks");
        e.HasKey(x => new { x.AreaOrgId, x.Level });
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.DeskOrgId);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.AreaOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.DeskOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed record Route(Org? Handler, bool ToJointMeeting, int SlaWorkingDays, Phrase Note);

/// <summary>Finds the desk and the route of a ticket by walking up from its area to the nearest org with a matching rule.</summary>
public sealed class Router(AppDb db)
{
    /// <summary>A deadline when no rule gives one: 10 working days.</summary>
    public const int DefaultSlaWorkingDays = 10;

    /// <summary>The area's ancestors, nearest first (the area itself included). Read as the system: the tree is not secret.</summary>
    public async Task<List<Org>> AncestorsAsync(Org area, CancellationToken ct)
    {
        var codes = area.Path.Trim('/').Split('/');
        var list = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => codes.Contains(o.Code)).ToListAsync(ct);
        return [.. list.OrderByDescending(o => o.Depth)];
    }

    /// <summary>The level an area coordinates at by default: a district or zone (or below) is a county, a city's own units the city.</summary>
    public static TicketLevel DefaultLevel(IReadOnlyList<Org> ancestors) =>
        ancestors.FirstOrDefault(o => o.Kind is OrgKind.Province or OrgKind.City or OrgKind.District or OrgKind.DevZone)?.Kind switch
        {
            OrgKind.Province => TicketLevel.Province,
            OrgKind.City => TicketLevel.City,
            _ => TicketLevel.County,
        };

    /// <summary>The org that coordinates at a level: the nearest district/zone, city or the province.</summary>
    public static Org Coordinator(IReadOnlyList<Org> ancestors, TicketLevel level) =>
        ancestors.FirstOrDefault(o => level switch
        {
            TicketLevel.Province => o.Kind == OrgKind.Province,
            TicketLevel.City => o.Kind == OrgKind.City,
            _ => o.Kind is OrgKind.District or OrgKind.DevZone,
        }) ?? ancestors[^1];

    public async Task<Org> DeskAsync(IReadOnlyList<Org> ancestors, TicketLevel level, CancellationToken ct)
    {
        var ids = ancestors.Select(o => o.Id).ToList();
        var desks = await db.Set<TicketDesk>().AsNoTracking().Where(d => ids.Contains(d.AreaOrgId) && d.Level == level).ToListAsync(ct);
        var desk = ancestors.Select(a => desks.FirstOrDefault(d => d.AreaOrgId == a.Id)).FirstOrDefault(d => d is not null);
        return desk is null
            ? Coordinator(ancestors, level)
            : await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == desk.DeskOrgId, ct);
    }

    public async Task<Route> RouteAsync(IReadOnlyList<Org> ancestors, TicketCategory category, TicketLevel level, CancellationToken ct)
    {
        var ids = ancestors.Select(o => o.Id).ToList();
        var rules = await db.Set<RoutingRule>().AsNoTracking()
            .Where(r => ids.Contains(r.AreaOrgId) && r.Category == category && (r.Level == level || r.Level == null)).ToListAsync(ct);
        // The nearest area wins; within it, a rule for the level before one for every level.
        var rule = ancestors.Select(a => rules.Where(r => r.AreaOrgId == a.Id).OrderBy(r => r.Level is null).FirstOrDefault())
            .FirstOrDefault(r => r is not null);
        if (rule is null)
        {
            return new Route(null, category == TicketCategory.Comprehensive, DefaultSlaWorkingDays, new Phrase("无派单规则，由派单人选择承办单位"));
        }
        var handler = rule.HandlerOrgId is { } h ? await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == h, ct) : null;
        if (handler is null && rule.ToJointMeeting)
        {
            handler = await JointMeetingOfficeAsync(ancestors, level, ct);
        }
        var area = ancestors.First(a => a.Id == rule.AreaOrgId);
        return new Route(handler, rule.ToJointMeeting, rule.SlaWorkingDays,
            handler is null ? new Phrase("按{0}规则由派单人选择承办单位", area.Name) : new Phrase("按{0}派单规则", area.Name));
    }

    /// <summary>The leading-group office (领导小组办公室) beside the coordinating org: it holds the joint meetings.</summary>
    public async Task<Org?> JointMeetingOfficeAsync(IReadOnlyList<Org> ancestors, TicketLevel level, CancellationToken ct)
    {
        foreach (var org in ancestors.SkipWhile(a => a.Id != Coordinator(ancestors, level).Id))
        {
            var office = await db.Orgs.IgnoreQueryFilters().AsNoTracking()
                .Where(o => o.ParentId == org.Id && o.Kind == OrgKind.LeadingGroupOffice && o.IsActive).OrderBy(o => o.SortOrder).FirstOrDefaultAsync(ct);
            if (office is not null)
            {
                return office;
            }
        }
        return null;
    }
}
