using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>
/// 分布图: the units one level below the reader's, each with the chosen figure (projects signed this year, under
/// construction, or all), drawn on the boundary map of the reader's unit where it has one (the province's prefectures,
/// a prefecture's counties) and listed beside it (zones and other units are not on a map). Each unit's number opens the
/// ledger filtered to it.
/// </summary>
public sealed class MapTile(AppDb db, CurrentUser currentUser, Boundaries boundaries, TimeProvider time) : ICockpitTile
{
    public string Key => "map";
    public int Order => 15;

    public static readonly (string Key, string Label)[] Measures = [("signedInYear", "本年度签约"), ("started", "在建项目"), ("all", "项目总数")];

    private static readonly OrgKind[] Mapped = [OrgKind.City, OrgKind.District, OrgKind.DevZone];

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var measure = Measures.Any(m => m.Key == scope.Map) ? scope.Map : Measures[0].Key;
        var label = Measures.First(m => m.Key == measure).Label;
        var root = currentUser.ScopeAll
            ? await db.Orgs.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).FirstOrDefaultAsync(ct)
            : await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Path == currentUser.ScopePath, ct);
        if (root is null)
        {
            return new CockpitTile(Key, "分布图", [], time.GetUtcNow().UtcDateTime);
        }
        var children = await db.Orgs.AsNoTracking().Where(o => o.ParentId == root.Id && o.IsActive && Mapped.Contains(o.Kind))
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Code).ToListAsync(ct);
        var projects = db.Projects.AsNoTracking();
        var (from, to) = (scope.From, scope.To);
        projects = measure switch
        {
            "signedInYear" => projects.Where(p => p.ContractDate >= from && p.ContractDate <= to),
            "started" => projects.Where(p => p.Stage == ProjectStage.Started),
            _ => projects,
        };
        // One pass over the reader's projects by unit, rolled up to the child units in memory.
        var byPath = await projects.GroupBy(p => p.OrgPath).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var (f, t) = (from.ToString("yyyy-MM-dd"), to.ToString("yyyy-MM-dd"));
        string Query(Guid org) => measure switch
        {
            "signedInYear" => $"orgId={org}&signedFrom={f}&signedTo={t}",
            "started" => $"orgId={org}&stage=started",
            _ => $"orgId={org}",
        };
        var figures = children.Select(c => new CockpitFigure(c.Code, c.Name, byPath.Where(x => x.Key.StartsWith(c.Path, StringComparison.Ordinal)).Sum(x => x.Count), "个",
            $"/Projects?{Query(c.Id)}", $"/api/projects?{Query(c.Id)}&pageSize=1")).ToList();
        var file = boundaries.Find(root.Code);
        var chart = file is null ? null : new CockpitChart("map", [.. figures.Select(x => x.Label)], [new CockpitSeries(label, [.. figures.Select(x => x.Value)])])
        {
            Map = $"/api/maps/{root.Code}",
        };
        return new CockpitTile(Key, "分布图", figures, time.GetUtcNow().UtcDateTime, chart, label);
    }
}
