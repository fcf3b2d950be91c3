using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>
/// The first visit to an enterprise (or about a project) is a fact, not a claim (seed 002: 办事处首次拜访企业投资项目按签约
/// 金额 100% 计入): only one resident office can have made it, the earliest recorded visit. A visit is checked against
/// every office's visits, whoever recorded them, and a clash is refused with the date and office of the other visit.
/// </summary>
public static class FirstVisits
{
    private sealed record Visit(Guid ActivityId, Guid OfficeId, OfficeRole Role, DateOnly Date, Guid Key);

    public static async Task CheckAsync(AppDb db, Guid activityId, DateOnly date, IReadOnlyCollection<Guid> enterprises, Guid? projectId,
        IReadOnlyCollection<OfficePart> offices, CancellationToken ct)
    {
        if (offices.Count == 0 || (enterprises.Count == 0 && projectId is null))
        {
            return;
        }
        var visits = new List<Visit>();
        if (enterprises.Count > 0)
        {
            visits.AddRange(await (from e in db.Set<ActivityEnterprise>().IgnoreQueryFilters()
                                   join o in db.ActivityOffices on e.ActivityId equals o.ActivityId
                                   where enterprises.Contains(e.EnterpriseId) && e.ActivityId != activityId
                                       && (o.Role == OfficeRole.FirstVisit || e.Kind == ActivityKind.Visit || e.Kind == ActivityKind.Intention)
                                   select new Visit(e.ActivityId, o.OrgId, o.Role, e.Date, e.EnterpriseId)).ToListAsync(ct));
        }
        if (projectId is { } project)
        {
            visits.AddRange(await (from a in db.Activities.IgnoreQueryFilters()
                                   join o in db.ActivityOffices on a.Id equals o.ActivityId
                                   where a.ProjectId == project && a.Id != activityId && (o.Role == OfficeRole.FirstVisit || a.Kind == ActivityKind.Visit || a.Kind == ActivityKind.Intention)
                                   select new Visit(a.Id, o.OrgId, o.Role, a.Date, project)).ToListAsync(ct));
        }
        var claimant = offices.FirstOrDefault(o => o.Role == OfficeRole.FirstVisit)?.OrgId;
        Visit? clash = null;
        string? template = null;
        if (claimant is { } mine)
        {
            // Another office made the first visit, or visited before (or on) this day.
            clash = visits.Where(v => v.OfficeId != mine && (v.Role == OfficeRole.FirstVisit || v.Date <= date)).OrderBy(v => v.Date).FirstOrDefault();
            template = "首次拜访只能有一个驻外办事处：{0}已于 {1:yyyy-MM-dd} 拜访{2}，本次只能记为参与。";
        }
        if (clash is null)
        {
            // A visit before another office's first visit would make that one not the first.
            var here = offices.Select(o => o.OrgId).ToHashSet();
            clash = visits.Where(v => v.Role == OfficeRole.FirstVisit && !here.Contains(v.OfficeId) && v.Date > date).OrderBy(v => v.Date).FirstOrDefault();
            template = "{2}的首次拜访已记在{0}名下（{1:yyyy-MM-dd}），本次拜访早于该日期：请先与该办事处核实，更正首次拜访记录后再登记。";
        }
        if (clash is null)
        {
            return;
        }
        var office = await db.Orgs.IgnoreQueryFilters().Where(o => o.Id == clash.OfficeId).Select(o => o.Name).FirstAsync(ct);
        var what = clash.Key == projectId ? "该项目"
            : "“" + await db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == clash.Key).Select(e => e.Name).FirstAsync(ct) + "”";
        throw DomainException.Invalid("offices", template!, office, clash.Date, what);
    }

    /// <summary>
    /// For the assessment, over facts that may predate this rule: per enterprise (or project), the office whose first
    /// visit is the earliest; another office's claim to it counts as taking part.
    /// </summary>
    public static Dictionary<Guid, Guid> Earliest<T>(IEnumerable<T> parts, Func<T, Guid?> key, Func<T, Guid> office, Func<T, DateOnly> date,
        Func<T, Guid> activity, Func<T, bool> isFirstVisit) =>
        parts.Where(p => isFirstVisit(p) && key(p) is not null).GroupBy(p => key(p)!.Value)
            .ToDictionary(g => g.Key, g => office(g.OrderBy(date).ThenBy(activity).First()));
}
