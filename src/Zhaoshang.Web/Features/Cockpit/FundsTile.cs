using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Assessment;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>
/// 到位资金: the scope's funds in place this year to date against the same months of last year and against the year's
/// target (the assessment's 产业到位资金 of the scope's own unit), the industrial share (工业资金占比), and the months side by side.
/// </summary>
public sealed class FundsTile(AssessmentFacts facts, AppDb db, TimeProvider time) : ICockpitTile
{
    public const string Indicator = "industryFunds";
    public const string Industrial = "industrialFunds";

    public string Key => "funds";
    public int Order => 8;

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        if (scope.OrgId is not { } org)
        {
            return new CockpitTile(Key, "到位资金", [], time.GetUtcNow().UtcDateTime, Note: "全部范围不计到位资金");
        }
        var period = scope.PeriodCode;
        string Page(int year, string indicator) => $"/Assessment/Facts?year={year}&period={period}&orgId={org}&indicator={indicator}";
        string Api(int year, string indicator) => $"/api/assessment/facts?year={year}&period={period}&orgId={org}&indicator={indicator}&limit=1";
        if (!await db.Indicators.AsNoTracking().AnyAsync(i => i.Code == Indicator, ct))
        {
            return new CockpitTile(Key, "到位资金", [], time.GetUtcNow().UtcDateTime, Note: "未定义“产业到位资金”考核指标");
        }
        var thisYear = await facts.FactsAsync(scope.Year, period, org, Indicator, 1, ct);
        var lastYear = await facts.FactsAsync(scope.Year - 1, period, org, Indicator, 1, ct);
        // The industrial share from its two parts (asking the assessment for the share would read this year's funds twice).
        var industrial = await facts.FactsAsync(scope.Year, period, org, Industrial, 1, ct);
        var figures = new List<CockpitFigure>
        {
            new("actual", "本年到位", thisYear.Actual, "亿元", Page(scope.Year, Indicator), Api(scope.Year, Indicator), "actual"),
            new("lastYear", "去年同期", lastYear.Actual, "亿元", Page(scope.Year - 1, Indicator), Api(scope.Year - 1, Indicator), "actual"),
            new("target", "年度目标", thisYear.Target, "亿元", Page(scope.Year, Indicator), Api(scope.Year, Indicator), "target"),
            new("industrial", "工业到位", industrial.Actual, "亿元", Page(scope.Year, Industrial), Api(scope.Year, Industrial), "actual"),
            new("industrialShare", "工业资金占比", thisYear.Actual is { } all and not 0 && industrial.Actual is { } part ? 100m * part / all : null, "%",
                $"/Assessment/Facts?year={scope.Year}&period={period}&orgId={org}&indicator=industrialShare", Of: ["industrial", "actual"]),
        };
        // The months of this year and last, as entered (a correction counts in its own month).
        var months = await db.FundEntries.AsNoTracking().Where(f => (f.Year == scope.Year || f.Year == scope.Year - 1) && f.Month <= scope.To.Month)
            .GroupBy(f => new { f.Year, f.Month }).Select(g => new { g.Key.Year, g.Key.Month, Yuan = g.Sum(f => f.AmountYuan) }).ToListAsync(ct);
        decimal? Month(int year, int month) => months.Where(m => m.Year == year && m.Month == month).Sum(m => m.Yuan) / 100_000_000m;
        var labels = Enumerable.Range(1, scope.To.Month).Select(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var chart = new CockpitChart("months", labels,
        [
            new(scope.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), [.. Enumerable.Range(1, scope.To.Month).Select(m => Month(scope.Year, m))]),
            new((scope.Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), [.. Enumerable.Range(1, scope.To.Month).Select(m => Month(scope.Year - 1, m))]),
        ]);
        return new CockpitTile(Key, "到位资金", figures, time.GetUtcNow().UtcDateTime, chart,
            Note: thisYear.Target is null ? "本单位本年度未下达到位资金目标" : null);
    }
}
