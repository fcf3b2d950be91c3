using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>项目阶段: the ledger's projects by their stage now, as a funnel from lead to full production.</summary>
public sealed class StagesTile(AppDb db, TimeProvider time) : ICockpitTile
{
    public string Key => "stages";
    public int Order => 10;

    public static readonly ProjectStage[] Funnel =
    [
        ProjectStage.Lead, ProjectStage.Reserve, ProjectStage.Negotiating, ProjectStage.Signed, ProjectStage.Started, ProjectStage.Operating,
        ProjectStage.AtCapacity, ProjectStage.OnHold,
    ];

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var counts = await db.Projects.AsNoTracking().GroupBy(p => p.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var figures = Funnel.Select(stage =>
        {
            var name = ApiEnum.Name(stage);
            return new CockpitFigure(name, StageMachine.Name(stage), counts.GetValueOrDefault(stage), "个", $"/Projects?stage={name}",
                $"/api/projects?stage={name}&pageSize=1");
        }).ToList();
        var chart = new CockpitChart("funnel", [.. Funnel.Take(7).Select(StageMachine.Name)],
            [new CockpitSeries("项目数", [.. Funnel.Take(7).Select(s => (decimal?)counts.GetValueOrDefault(s))])]);
        return new CockpitTile(Key, "项目阶段", figures, time.GetUtcNow().UtcDateTime, chart);
    }
}

/// <summary>
/// 开工率 and 投产率 at the period's end (<see cref="ProjectRates"/>: of the projects signed by then, those started, and
/// those in production, by then), each count the ledger filtered by those dates.
/// </summary>
public sealed class RatesTile(ProjectSearch projects, TimeProvider time) : ICockpitTile
{
    public string Key => "rates";
    public int Order => 20;

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var to = scope.To.ToString("yyyy-MM-dd");
        var from = scope.From.ToString("yyyy-MM-dd");
        async Task<int> Count(ProjectFilter f) => (await projects.SearchAsync(f with { PageSize = 1 }, ct)).Total;
        var signed = await Count(new ProjectFilter(SignedTo: scope.To));
        var started = await Count(new ProjectFilter(SignedTo: scope.To, StartedTo: scope.To));
        var operating = await Count(new ProjectFilter(SignedTo: scope.To, ProducedTo: scope.To));
        var signedInYear = await Count(new ProjectFilter(SignedFrom: scope.From, SignedTo: scope.To));
        var figures = new List<CockpitFigure>
        {
            new("signed", "累计签约", signed, "个", $"/Projects?signedTo={to}", $"/api/projects?signedTo={to}&pageSize=1"),
            new("started", "已开工", started, "个", $"/Projects?signedTo={to}&startedTo={to}", $"/api/projects?signedTo={to}&startedTo={to}&pageSize=1"),
            new("operating", "已投产", operating, "个", $"/Projects?signedTo={to}&producedTo={to}", $"/api/projects?signedTo={to}&producedTo={to}&pageSize=1"),
            new("startRate", "开工率", ProjectRates.Percent(started, signed), "%", $"/Projects?signedTo={to}&startedTo={to}", Of: ["started", "signed"]),
            new("productionRate", "投产率", ProjectRates.Percent(operating, signed), "%", $"/Projects?signedTo={to}&producedTo={to}", Of: ["operating", "signed"]),
            new("signedInYear", "本年度签约", signedInYear, "个", $"/Projects?signedFrom={from}&signedTo={to}", $"/api/projects?signedFrom={from}&signedTo={to}&pageSize=1"),
        };
        return new CockpitTile(Key, "开工率 · 投产率", figures, time.GetUtcNow().UtcDateTime);
    }
}

/// <summary>闲置低效: projects signed but not started, or started but not in production, longer than the rules allow.</summary>
public sealed class StalledTile(ProjectSearch projects, TimeProvider time) : ICockpitTile
{
    public string Key => "stalled";
    public int Order => 30;

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var stalled = (await projects.SearchAsync(new ProjectFilter(Stalled: true, PageSize: 1), ct)).Total;
        return new CockpitTile(Key, "停滞项目", [new CockpitFigure("stalled", "签约未开工、开工未投产", stalled, "个", "/Projects?stalled=true",
            "/api/projects?stalled=true&pageSize=1", Tone: stalled > 0 ? "warning" : null)], time.GetUtcNow().UtcDateTime);
    }
}

/// <summary>本年度签约: the year's signings by amount band (the assessment's bands) and the industrial ones among them.</summary>
public sealed class SigningsTile(ProjectSearch projects, TimeProvider time) : ICockpitTile
{
    public string Key => "signings";
    public int Order => 25;

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var period = $"signedFrom={scope.From:yyyy-MM-dd}&signedTo={scope.To:yyyy-MM-dd}";
        async Task<int> Count(ProjectFilter f) => (await projects.SearchAsync(f with { SignedFrom = scope.From, SignedTo = scope.To, PageSize = 1 }, ct)).Total;
        var all = await Count(new ProjectFilter());
        var figures = new List<CockpitFigure> { new("all", "本年度签约", all, "个", $"/Projects?{period}", $"/api/projects?{period}&pageSize=1") };
        foreach (var (key, label, min, max) in ProjectQuery.Bands)
        {
            figures.Add(new(key, label, await Count(new ProjectFilter(MinAmountYuan: min, MaxAmountYuan: max)), "个", $"/Projects?{period}&band={key}", $"/api/projects?{period}&band={key}&pageSize=1"));
        }
        var industrial = await Count(new ProjectFilter(Industrial: true));
        figures.Add(new("industrial", "工业项目", industrial, "个", $"/Projects?{period}&industrial=true", $"/api/projects?{period}&industrial=true&pageSize=1"));
        figures.Add(new("industrialShare", "工业项目占比", ProjectRates.Percent(industrial, all), "%", $"/Projects?{period}&industrial=true", Of: ["industrial", "all"]));
        return new CockpitTile(Key, "本年度签约（按金额档次）", figures, time.GetUtcNow().UtcDateTime);
    }
}
