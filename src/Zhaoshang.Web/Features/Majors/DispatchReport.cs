using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>A line of a breakdown: its label, the projects and their investment, and the rates of <see cref="ProjectRates"/>.</summary>
public sealed record ReportLine(string Label, int Projects, long AmountYuan, RateSet Rates);

/// <summary>A stage of the list: the projects in it now, their investment, and how many reached it in the period.</summary>
public sealed record StageLine(ProjectStage Stage, int Projects, long AmountYuan, int EnteredInPeriod);

public sealed record OverdueLine(Guid ProjectId, string Code, string Project, string OrgName, string Node, DateOnly Planned, int Days, Guid? TicketId);

public sealed record StalledLine(Guid ProjectId, string Code, string Project, string OrgName, ProjectStage Stage, DateOnly? Since, string Reason);

/// <summary>
/// The dispatch report (调度通报) of the major projects in the caller's scope over a period (by default the year to the end
/// of a month): counts and amounts by stage, the period's signings and starts, the rates overall and by coordination
/// group, industry, enterprise class, industrial or not and unit; overdue milestones, the supervised items (挂牌督办) with
/// their missing weeks, problems solved this year, stalled projects, and where the period's leads came from (谋划). The page, the .docx and the .xlsx are all this one record.
/// </summary>
public sealed record DispatchReport(string Title, string Scope, DateOnly From, DateOnly To, DateTime AsOf, MajorLevel? Level, int Projects, long AmountYuan,
    RateSet Rates, ReportLine Industrial, ReportLine Private, IReadOnlyList<StageLine> ByStage, IReadOnlyList<ReportLine> ByGroup,
    IReadOnlyList<ReportLine> ByIndustry, IReadOnlyList<ReportLine> ByEnterpriseClass, IReadOnlyList<ReportLine> ByIndustrialFlag,
    IReadOnlyList<ReportLine> ByUnit, int OverdueCount, IReadOnlyList<OverdueLine> Overdue, int ProblemsSolved, IReadOnlyList<StalledLine> Stalled,
    IReadOnlyList<SupervisionRow> Supervised, IReadOnlyList<Activities.ChannelLine> Channels);

/// <summary>Builds the dispatch report from the list, the plans, the problems and the ledger's stalled rule.</summary>
public sealed class DispatchReports(AppDb db, CurrentUser currentUser, ProjectRows projectRows, Supervisions supervisions, Activities.LeadService leads,
    TimeProvider time)
{
    /// <summary>The rows an overdue or stalled list shows at most (the count says how many there are).</summary>
    public const int ListLimit = 200;

    public static string OwnershipName(Ownership o) => o switch
    {
        Ownership.Private => "民营企业",
        Ownership.CentralSoe => "中央企业",
        Ownership.LocalSoe => "地方国有企业",
        Ownership.Foreign => "外资企业",
        Ownership.Unknown => "未填写",
    };

    /// <summary>The period of a month's report: 1 January to the month's last day; or the days asked for.</summary>
    public static (DateOnly From, DateOnly To) Period(int? year, int? month, DateOnly? from, DateOnly? to, DateOnly today)
    {
        if (from is not null || to is not null)
        {
            var (f, t) = (from ?? new DateOnly((to ?? today).Year, 1, 1), to ?? today);
            DayRange.Check(f, "from");
            DayRange.Check(t, "to");
            return f <= t ? (f, t) : throw DomainException.Invalid("from", "开始日期不能晚于结束日期。");
        }
        var y = year ?? today.Year;
        var m = month ?? (y == today.Year ? today.Month : 12);
        if (y is < 2000 or > 2100 || m is < 1 or > 12)
        {
            throw DomainException.Invalid("month", "年月无效。");
        }
        return (new DateOnly(y, 1, 1), new DateOnly(y, m, DateTime.DaysInMonth(y, m)));
    }

    /// <summary>A major project as the report reads it.</summary>
    private sealed class Fact
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public Guid OrgId { get; init; }
        public string OrgPath { get; init; } = "";
        public ProjectStage Stage { get; init; }
        public DateOnly? StageDate { get; init; }
        public bool IsIndustrial { get; init; }
        public string? Industry { get; init; }
        public DateOnly? ContractDate { get; init; }
        public DateOnly? StartDate { get; init; }
        public DateOnly? ProductionDate { get; init; }
        public long Amount { get; init; }
        public CoordinationGroup Group { get; init; }
        public Ownership Owner { get; set; }
        public RateDates Dates => new(ContractDate, StartDate, ProductionDate);
    }

    /// <summary>The milestones of these major projects still open past their planned date (the report's and the cockpit's).</summary>
    public static IQueryable<Milestone> OverdueMilestones(AppDb db, IQueryable<MajorProject> majors, DateOnly today) =>
        from n in db.Milestones.AsNoTracking()
        join m in majors on n.ProjectId equals m.ProjectId
        where n.ActualDate == null && n.PlannedDate < today
        select n;

    public async Task<DispatchReport> BuildAsync(DateOnly from, DateOnly to, MajorLevel? level, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var today = time.Today();
        var rootPath = currentUser.ReadPath ?? "/";
        var root = await db.Orgs.AsNoTracking().Where(o => o.Path == rootPath).Select(o => new { o.Id, o.Name, o.Depth }).FirstOrDefaultAsync(ct);
        var majors = db.MajorProjects.AsNoTracking().Where(m => level == null || m.Level == level);
        var rows = await (from m in majors
                          join p in db.Projects.AsNoTracking() on m.ProjectId equals p.Id
                          where p.Stage != ProjectStage.Terminated && p.Stage != ProjectStage.Lead
                          select new Fact
                          {
                              Id = p.Id, Code = p.Code, Name = p.Name, OrgId = p.OrgId, OrgPath = p.OrgPath, Stage = p.Stage, StageDate = p.StageDate,
                              IsIndustrial = p.IsIndustrial, Industry = p.Industry, ContractDate = p.ContractDate, StartDate = p.StartDate,
                              ProductionDate = p.ProductionDate, Amount = p.ContractAmountYuan ?? p.AgreedInvestmentYuan, Group = m.Group,
                          }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        // The enterprise class of a project is its (first) investor's ownership.
        var ownership = new Dictionary<Guid, Ownership>();
        foreach (var chunk in ids.Chunk(2000))
        {
            var owned = await (from i in db.ProjectInvestors.AsNoTracking()
                               join e in db.Enterprises.IgnoreQueryFilters().AsNoTracking() on i.EnterpriseId equals e.Id
                               where chunk.Contains(i.ProjectId)
                               select new { i.ProjectId, e.Ownership }).ToListAsync(ct);
            foreach (var o in owned)
            {
                ownership.TryAdd(o.ProjectId, o.Ownership);
            }
        }
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Select(o => new { o.Id, o.Name, o.Path, o.Depth }).ToListAsync(ct);
        var orgName = orgs.ToDictionary(o => o.Id, o => o.Name);
        var childDepth = (root?.Depth ?? 0) + 1;
        var children = orgs.Where(o => o.Depth == childDepth && o.Path.StartsWith(rootPath, StringComparison.Ordinal)).ToList();

        foreach (var r in rows)
        {
            r.Owner = ownership.GetValueOrDefault(r.Id);
        }
        var all = rows;
        ReportLine Part(string label, Func<Fact, bool> where)
        {
            var set = all.Where(where).ToList();
            return new ReportLine(label, set.Count, set.Sum(x => x.Amount), ProjectRates.Of(set.Select(x => x.Dates), from, to));
        }
        var byStage = Enum.GetValues<ProjectStage>().Where(s => s is not (ProjectStage.Lead or ProjectStage.Terminated))
            .Select(s => new StageLine(s, all.Count(x => x.Stage == s), all.Where(x => x.Stage == s).Sum(x => x.Amount),
                all.Count(x => x.Stage == s && x.StageDate >= from && x.StageDate <= to))).ToList();
        var byGroup = Enum.GetValues<CoordinationGroup>().Select(g => Part(MajorSearch.GroupName(g), x => x.Group == g)).ToList();
        var byIndustry = all.GroupBy(x => x.Industry ?? "").OrderByDescending(g => g.Sum(x => x.Amount))
            .Select(g => Part(g.Key.Length == 0 ? "未填写" : g.Key, x => (x.Industry ?? "") == g.Key)).ToList();
        var byClass = Enum.GetValues<Ownership>().Select(o => Part(OwnershipName(o), x => x.Owner == o)).Where(l => l.Projects > 0).ToList();
        var byFlag = new[] { Part("工业项目", x => x.IsIndustrial), Part("非工业项目", x => !x.IsIndustrial) }.ToList();
        var byUnit = children.Select(c => Part(c.Name, x => x.OrgPath.StartsWith(c.Path, StringComparison.Ordinal))).Where(l => l.Projects > 0)
            .OrderByDescending(l => l.AmountYuan).ToList();

        // Overdue milestones: open, past their planned date, the longest first.
        var overdueQuery = OverdueMilestones(db, majors, today);
        var overdueCount = await overdueQuery.CountAsync(ct);
        var overdue = await overdueQuery.OrderBy(n => n.PlannedDate).ThenBy(n => n.ProjectId).Take(ListLimit)
            .Select(n => new { n.ProjectId, n.Name, n.PlannedDate, n.TicketId }).ToListAsync(ct);
        var byId = all.ToDictionary(x => x.Id);
        var overdueLines = overdue.Where(n => byId.ContainsKey(n.ProjectId)).Select(n =>
        {
            var p = byId[n.ProjectId];
            return new OverdueLine(p.Id, p.Code, p.Name, orgName.GetValueOrDefault(p.OrgId) ?? "", n.Name, n.PlannedDate!.Value, today.DayNumber - n.PlannedDate!.Value.DayNumber, n.TicketId);
        }).ToList();

        // Problems (堵点) on the major projects solved (closed) this year, to the period's end.
        var (yearStart, end) = (ChinaTime.StartUtc(new DateOnly(to.Year, 1, 1)), ChinaTime.StartUtc(to.AddDays(1)));
        var solved = await (from t in db.Set<Tickets.Ticket>().AsNoTracking()
                            join m in majors on t.ProjectId equals m.ProjectId
                            where t.ClosedAt >= yearStart && t.ClosedAt < end && t.Kind == Tickets.TicketKind.Problem
                            select t.Id).CountAsync(ct);

        var (signedBefore, startedBefore) = projectRows.StalledCutoffs();
        var stalled = all.Where(x => (x.Stage == ProjectStage.Signed && x.ContractDate <= signedBefore) || (x.Stage == ProjectStage.Started && x.StartDate <= startedBefore))
            .OrderBy(x => x.Stage == ProjectStage.Signed ? x.ContractDate : x.StartDate).Take(ListLimit)
            .Select(x => new StalledLine(x.Id, x.Code, x.Name, orgName.GetValueOrDefault(x.OrgId) ?? "", x.Stage,
                x.Stage == ProjectStage.Signed ? x.ContractDate : x.StartDate, x.Stage == ProjectStage.Signed ? "签约后长期未开工" : "开工后长期未投产")).ToList();

        var scope = root?.Name ?? "";
        var title = to.Day == DateTime.DaysInMonth(to.Year, to.Month) && from == new DateOnly(to.Year, 1, 1)
            ? $"{scope}重大项目调度通报（{to.Year}年{to.Month}月）" : $"{scope}重大项目调度通报（{from:yyyy-MM-dd}至{to:yyyy-MM-dd}）";
        return new DispatchReport(title, scope, from, to, time.GetUtcNow().UtcDateTime, level, all.Count, all.Sum(x => x.Amount),
            ProjectRates.Of(all.Select(x => x.Dates), from, to), Part("工业项目", x => x.IsIndustrial), Part("民营企业项目", x => x.Owner == Ownership.Private),
            byStage, byGroup, byIndustry, byClass, byFlag, byUnit, overdueCount, overdueLines, solved, stalled, await supervisions.OpenAsync(ids, ct),
            await leads.ChannelsAsync(from, to, ct));
    }
}
