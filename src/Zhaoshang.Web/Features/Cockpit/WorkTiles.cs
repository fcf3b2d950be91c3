using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Assessment;
using Zhaoshang.Web.Features.Majors;
using Zhaoshang.Web.Features.Tickets;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>年度目标: the year's assessment to the period, against time progress (时序进度): how many targets are ahead, on track, behind.</summary>
public sealed class TargetsTile(AssessmentService assessment, TimeProvider time) : ICockpitTile
{
    public string Key => "targets";
    public int Order => 5;

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var view = await assessment.GetAsync(scope.Year, scope.PeriodCode, ct);
        var page = $"/Assessment?year={scope.Year}&period={scope.PeriodCode}";
        var api = $"/api/assessment?year={scope.Year}&period={scope.PeriodCode}";
        int Count(string status) => view.Cells.Count(c => c.Status == status);
        var figures = new List<CockpitFigure>
        {
            new("timeProgress", "时序进度", view.TimeProgress, "%", page, api, "timeProgress"),
            new("ahead", "超序时", Count("ahead"), "项", page, api, "cells[status=ahead]", "success"),
            new("onTrack", "符合序时", Count("onTrack"), "项", page, api, "cells[status=onTrack]"),
            new("behind", "落后序时", Count("behind"), "项", page, api, "cells[status=behind]", Count("behind") > 0 ? "danger" : null),
        };
        return new CockpitTile(Key, "年度目标", figures, time.GetUtcNow().UtcDateTime,
            Note: view.Cells.Count == 0 ? "本年度尚无下达到本范围的目标" : null);
    }
}

/// <summary>重大项目: the 拟招重大项目库 of the scope by level, and its milestones overdue today.</summary>
public sealed class MajorsTile(MajorSearch majors, AppDb db, TimeProvider time) : ICockpitTile
{
    public string Key => "majors";
    public int Order => 40;

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        async Task<int> Count(string? level) => (await majors.SearchAsync(new MajorQuery(Level: level, PageSize: 1), ct)).Total;
        var overdue = await DispatchReports.OverdueMilestones(db, db.MajorProjects.AsNoTracking(), scope.Today).CountAsync(ct);
        var month = $"year={scope.Today.Year}&month={scope.Today.Month}";
        var figures = new List<CockpitFigure> { new("all", "重大项目", await Count(null), "个", "/Majors", "/api/majors?pageSize=1") };
        foreach (var level in new[] { MajorLevel.Province, MajorLevel.City, MajorLevel.County })
        {
            var name = ApiEnum.Name(level);
            figures.Add(new(name, MajorSearch.LevelName(level), await Count(name), "个", $"/Majors?level={name}", $"/api/majors?level={name}&pageSize=1"));
        }
        figures.Add(new("overdueMilestones", "逾期节点", overdue, "个", $"/Majors/Report?{month}", $"/api/majors/report?{month}", "overdueCount",
            overdue > 0 ? "danger" : null));
        return new CockpitTile(Key, "重大项目", figures, time.GetUtcNow().UtcDateTime);
    }
}

/// <summary>
/// Problems or appeals of the scope: open and overdue now, and the year's closure rate (closed / accepted, as the
/// dispatch statistics define it).
/// </summary>
public abstract class TicketsTile(TicketQueries tickets, TicketStatistics statistics, TimeProvider time) : ICockpitTile
{
    protected abstract TicketKind Kind { get; }
    public abstract string Key { get; }
    public abstract int Order { get; }

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var kind = ApiEnum.Name(Kind);
        var open = (await tickets.SearchAsync(new TicketFilter(Kind: Kind, Open: true), 1, 1, ct)).Total;
        var overdue = (await tickets.SearchAsync(new TicketFilter(Kind: Kind, Overdue: true), 1, 1, ct)).Total;
        var stats = await statistics.StatsAsync("kind", scope.From, scope.To, Kind, ct);
        var (from, to) = (scope.From.ToString("yyyy-MM-dd"), scope.To.ToString("yyyy-MM-dd"));
        var figures = new List<CockpitFigure>
        {
            new("open", "办理中", open, "件", $"/Tickets?kind={kind}&open=true", $"/api/tickets?kind={kind}&open=true&pageSize=1"),
            new("overdue", "已逾期", overdue, "件", $"/Tickets?kind={kind}&overdue=true", $"/api/tickets?kind={kind}&overdue=true&pageSize=1",
                Tone: overdue > 0 ? "danger" : null),
            new("submitted", "本年度受理", stats.Total.Total, "件", $"/Tickets/Stats?by=kind&kind={kind}&from={from}&to={to}",
                $"/api/tickets/stats?by=kind&kind={kind}&from={from}&to={to}", "total.total"),
            new("closureRate", "办结率", stats.Total.ClosureRate, "%", $"/Tickets/Stats?by=kind&kind={kind}&from={from}&to={to}",
                $"/api/tickets/stats?by=kind&kind={kind}&from={from}&to={to}", "total.closureRate"),
        };
        // 满意度: of the year's tickets the submitters rated, those rated 4 or 5 stars of 5.
        async Task<int> Rated(int stars) => (await tickets.SearchAsync(new TicketFilter(Kind: Kind, From: scope.From, To: scope.To, MinRating: stars), 1, 1, ct)).Total;
        var (rated, satisfied) = (await Rated(1), await Rated(4));
        string Rating(string path, int stars) => $"{path}?kind={kind}&minRating={stars}&from={from}&to={to}";
        figures.Add(new("rated", "已评价", rated, "件", Rating("/Tickets", 1), Rating("/api/tickets", 1) + "&pageSize=1"));
        figures.Add(new("satisfied", "满意（4–5 星）", satisfied, "件", Rating("/Tickets", 4), Rating("/api/tickets", 4) + "&pageSize=1"));
        figures.Add(new("satisfaction", "满意率", rated == 0 ? null : 100m * satisfied / rated, "%", Rating("/Tickets", 4), Of: ["satisfied", "rated"]));
        return new CockpitTile(Key, Kind == TicketKind.Problem ? "项目问题（堵点）" : "企业诉求", figures, time.GetUtcNow().UtcDateTime);
    }
}

public sealed class ProblemsTile(TicketQueries tickets, TicketStatistics statistics, TimeProvider time) : TicketsTile(tickets, statistics, time)
{
    protected override TicketKind Kind => TicketKind.Problem;
    public override string Key => "problems";
    public override int Order => 50;
}

public sealed class AppealsTile(TicketQueries tickets, TicketStatistics statistics, TimeProvider time) : TicketsTile(tickets, statistics, time)
{
    protected override TicketKind Kind => TicketKind.Appeal;
    public override string Key => "appeals";
    public override int Order => 60;
}
