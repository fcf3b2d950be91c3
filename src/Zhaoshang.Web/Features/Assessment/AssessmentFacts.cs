using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>A part of a ratio: the figure of its numerator or denominator.</summary>
public sealed record FigurePart(string Indicator, string Name, string Unit, decimal? Actual, string? NameEn = null);

/// <summary>
/// Where one figure of the assessment comes from: the facts that add up to it (<see cref="Computed"/>), the hand-entered
/// adjustments, and the figure itself (<see cref="Actual"/>, as the assessment shows it); for a ratio, its two parts.
/// </summary>
public sealed record FactsView(int Year, string Period, DateOnly PeriodEnd, Guid OrgId, string OrgName, string Indicator, string IndicatorName, string Unit,
    FactKind Fact, decimal? Target, decimal? Computed, IReadOnlyList<Adjustment> Adjustments, decimal? Actual, IReadOnlyList<FigurePart> Parts, FactList Facts)
{
    /// <summary>Set when the period is a closed month: its bulletin shows the figures frozen then; late facts are marked.</summary>
    public DateTime? ClosedAt { get; init; }

    /// <summary>The indicator's English name, where it has one.</summary>
    public string? IndicatorNameEn { get; init; }
}

/// <summary>
/// The drill-down from a unit's figure to its facts, as the ledger stands: the same rules as the assessment (the
/// scorer's), so the facts' total plus the adjustments is the figure. A unit outside the caller's scope is not found.
/// </summary>
public sealed class AssessmentFacts(AppDb db, CurrentUser currentUser)
{
    public async Task<FactsView> FactsAsync(int year, string? periodCode, Guid orgId, string indicatorCode, int limit = 500, CancellationToken ct = default)
    {
        currentUser.Require(Accounts.Roles.Staff);
        var period = AssessmentPeriod.Parse(year, periodCode);
        var org = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) ?? throw Shared.DomainException.NotFound("单位不存在或不在您的数据范围内。");
        using var _ = currentUser.AsSystem(); // a resident office is credited with signings outside its own path
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);
        var indicator = indicators.GetValueOrDefault(indicatorCode ?? "")
            ?? throw Shared.DomainException.Invalid("indicator", "“{0}”不是已定义的考核指标。", indicatorCode);
        var rules = (await db.RuleSets.AsNoTracking().Where(r => r.Year == year).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct))?.Rules ?? new Rules();
        var unit = new AssessedUnit(org.Id, org.Path, org.Kind);
        var adjustments = await db.Adjustments.AsNoTracking().Where(a => a.Year == year && a.Month <= period.Month && a.OrgId == org.Id)
            .OrderBy(a => a.Month).ThenBy(a => a.At).ToListAsync(ct);
        var lists = new FactLists(db);
        var clamped = Math.Clamp(limit, 1, 5000);

        async Task<(decimal? Computed, decimal? Actual, FactList Facts)> FigureAsync(Indicator i)
        {
            var facts = await lists.FactsAsync(unit, i, period, rules.Attribution, clamped, ct);
            // Nothing is computed for a manual figure, nor a rate of no tickets (none, as the assessment shows it).
            decimal? computed = i.Definition.Fact == FactKind.Manual || (i.Definition.Fact is FactKind.Tickets or FactKind.Stages && facts.Count == 0) ? null : facts.Total;
            return (computed, Scorer.Adjusted(i.Definition.Fact, computed, adjustments.Where(a => a.IndicatorCode == i.Code).ToList()), facts);
        }

        decimal? computed;
        decimal? actual;
        FactList list;
        var parts = new List<FigurePart>();
        if (indicator.Definition is { Fact: FactKind.Ratio, Numerator: { } n, Denominator: { } d })
        {
            var numerator = await FigureAsync(indicators[n]);
            var denominator = await FigureAsync(indicators[d]);
            parts.Add(new FigurePart(n, indicators[n].Name, indicators[n].Unit, Round(numerator.Actual), indicators[n].NameEn));
            parts.Add(new FigurePart(d, indicators[d].Name, indicators[d].Unit, Round(denominator.Actual), indicators[d].NameEn));
            computed = null;
            actual = Scorer.Ratio(numerator.Actual, denominator.Actual);
            list = new FactList(0, 0, []);
        }
        else
        {
            (computed, actual, list) = await FigureAsync(indicator);
        }

        var target = await db.Targets.AsNoTracking().Where(t => t.Year == year && t.OrgId == org.Id && t.IndicatorCode == indicator.Code)
            .Select(t => t.Value).FirstOrDefaultAsync(ct);
        if (target is null)
        {
            // 标房 usage rates: the rules of the unit's table set the target.
            var tables = await db.Targets.AsNoTracking().Where(t => t.Year == year && t.OrgId == org.Id)
                .Join(db.TargetSheets.AsNoTracking(), t => t.SheetId, s => s.Id, (t, s) => s.Title).Distinct().ToListAsync(ct);
            target = rules.Groups.Where(g => tables.Contains(g.Table)).SelectMany(g => g.Indicators).FirstOrDefault(r => r.Indicator == indicator.Code)?.Target;
        }

        var closed = await db.ClosedMonths.AsNoTracking().Where(c => c.Year == year).ToListAsync(ct);
        var late = (await AssessmentService.LateFactsAsync(db, year, closed, ct)).Select(f => (f.Kind, f.Id)).ToHashSet();
        list = list with { Rows = list.Rows.Select(r => late.Contains((r.Kind, r.Id)) ? r with { Late = true } : r).ToList() };
        var closedMonth = period.Xun is null && period.Code.StartsWith('m') ? closed.FirstOrDefault(c => c.Month == period.Month) : null;
        return new FactsView(year, period.Code, period.End, org.Id, org.Name, indicator.Code, indicator.Name, indicator.Unit, indicator.Definition.Fact,
            Numbers.Normal(target), Round(computed), adjustments.Where(a => a.IndicatorCode == indicator.Code).ToList(), Round(actual), parts, list)
        {
            ClosedAt = closedMonth is null ? null : DateTime.SpecifyKind(closedMonth.ClosedAt, DateTimeKind.Utc),
            IndicatorNameEn = indicator.NameEn,
        };
    }

    private static decimal? Round(decimal? value) => Numbers.Normal(value is { } v ? Math.Round(v, 4) : null);
}
