using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>One unit × indicator of a period: the target, what the ledger shows, and where the unit stands against time.</summary>
public sealed record AssessmentCell(Guid OrgId, string OrgName, string Table, string Indicator, string Unit, decimal? Target, decimal? Actual,
    decimal? Completion, decimal? Expected, string? Status, int? Rank, int GroupSize);

public sealed record AssessmentView(int Year, string Period, DateOnly PeriodEnd, decimal TimeProgress, IReadOnlyList<AssessmentCell> Cells);

/// <summary>
/// The assessment of a year up to a period: every unit with targets, each of its indicators computed from the ledger
/// (<see cref="Actuals"/>), its completion (actual / target), the time-progress expectation (target × elapsed months /
/// 12; a ratio is expected at its target all year), a status, and its rank among the units of its table (its peers).
/// Ranks are over the whole table; the caller sees the rows of their own scope.
/// </summary>
public sealed class AssessmentService(AppDb db, CurrentUser currentUser)
{
    private static readonly string[] Readers = [Roles.Leader, Roles.Officer, Roles.Handler, Roles.Assessor];

    /// <summary>Completion this many percentage points ahead of (or behind) the time progress is ahead (behind); between, on track.</summary>
    public const decimal StatusMargin = 5m;

    public async Task<AssessmentView> GetAsync(int year, string? periodCode, CancellationToken ct = default)
    {
        currentUser.Require(Readers);
        var period = AssessmentPeriod.Parse(year, periodCode);
        var visible = currentUser.ScopeAll ? null : currentUser.ScopePath;
        using var _ = currentUser.AsSystem(); // peers are ranked over the whole table; rows are filtered below
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);
        var sheets = await db.TargetSheets.AsNoTracking().Where(s => s.Year == year).OrderBy(s => s.Position).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Where(t => t.Year == year).ToListAsync(ct);
        var orgIds = targets.Select(t => t.OrgId).Distinct().ToList();
        var orgs = await db.Orgs.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var units = orgs.Values.Select(o => new AssessedUnit(o.Id, o.Path, o.Kind)).ToList();
        var used = targets.Select(t => t.IndicatorCode).Distinct().ToList();
        // A ratio needs its two parts computed too.
        var needed = used.SelectMany(code => indicators[code].Definition is { Numerator: { } n, Denominator: { } d } ? new[] { code, n, d } : [code])
            .Distinct().Where(indicators.ContainsKey).Select(code => indicators[code]).ToList();
        var actuals = await new Actuals(db).ComputeAsync(units, needed, period, OfficeAttribution.Seed002, ct);

        var progress = period.ElapsedMonths / 12m * 100;
        var cells = new List<AssessmentCell>();
        foreach (var sheet in sheets)
        {
            foreach (var byIndicator in targets.Where(t => t.SheetId == sheet.Id).GroupBy(t => t.IndicatorCode))
            {
                var indicator = indicators[byIndicator.Key];
                var rows = byIndicator.Select(t =>
                {
                    var actual = actuals.GetValueOrDefault((t.OrgId, t.IndicatorCode));
                    var completion = t.Value is > 0 && actual is { } a ? Math.Round(a / t.Value.Value * 100, 2) : (decimal?)null;
                    var expected = t.Value is { } v ? indicator.IsRatio ? v : Math.Round(period.Expected(v), 4) : (decimal?)null;
                    var lead = completion - (indicator.IsRatio ? 100 : progress);
                    var status = lead is null ? null : lead >= StatusMargin ? "ahead" : lead <= -StatusMargin ? "behind" : "onTrack";
                    return (Target: t, Actual: actual is { } x ? Math.Round(x, 4) : (decimal?)null, Completion: completion, Expected: expected, Status: status);
                }).ToList();
                var ranked = rows.Where(r => r.Completion is not null).ToList();
                foreach (var row in rows)
                {
                    var org = orgs[row.Target.OrgId];
                    if (visible is not null && !org.Path.StartsWith(visible, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    int? rank = row.Completion is { } c ? 1 + ranked.Count(r => r.Completion > c) : null;
                    cells.Add(new AssessmentCell(org.Id, org.Name, sheet.Title, indicator.Code, indicator.Unit, TargetTables.Normal(row.Target.Value),
                        TargetTables.Normal(row.Actual), TargetTables.Normal(row.Completion), TargetTables.Normal(row.Expected), row.Status, rank, ranked.Count));
                }
            }
        }
        return new AssessmentView(year, period.Code, period.End, TargetTables.Normal(Math.Round(progress, 2)), cells);
    }
}
