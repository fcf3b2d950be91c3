using System.Text.Json;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>
/// What the scorer needs besides the year's tables: the ledger's facts as <see cref="Actuals"/> read them (one figure per
/// unit × indicator, ratios not yet), the hand-entered figures, and the facts the bonuses count.
/// </summary>
public sealed record FactSnapshot(Dictionary<(Guid OrgId, string Code), decimal?> Computed, IReadOnlyList<Adjustment> Adjustments,
    IReadOnlyDictionary<Guid, int> LeadsAdopted, IReadOnlyDictionary<Guid, List<Actuals.Credited>> Signings);

/// <summary>The year's tables as the scorer reads them: each sheet with the targets it scores (its own and its rules').</summary>
public sealed record ScoredTables(IReadOnlyList<TargetSheet> Sheets, IReadOnlyDictionary<Guid, List<Target>> Targets,
    IReadOnlyDictionary<string, Indicator> Indicators, IReadOnlyDictionary<Guid, Org> Orgs);

/// <summary>
/// Scores a period in one pass, without reading anything: each figure is the ledger's plus its hand-entered part (a
/// manual indicator takes the latest value entered), each ratio is then taken from its adjusted parts, and each cell's
/// completion, expectation, status, rank and points follow; then each unit's bonuses, total and rank in its table.
/// </summary>
public static class Scorer
{
    /// <summary>
    /// A figure from its computed part and the entries made by hand up to the period (in the order they were made): a
    /// manual indicator takes the latest; a computed one adds each correction.
    /// </summary>
    public static decimal? Adjusted(FactKind fact, decimal? computed, IReadOnlyList<Adjustment> entries) =>
        entries.Count == 0 ? computed : fact == FactKind.Manual ? entries[^1].Value : (computed ?? 0) + entries.Sum(a => a.Value);

    /// <summary>A ratio indicator, as a percentage; none where either part is missing or the denominator is 0.</summary>
    public static decimal? Ratio(decimal? numerator, decimal? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? n / d * 100 : null;

    public static (List<AssessmentCell> Cells, List<UnitScore> Scores) Score(ScoredTables tables, Rules rules, AssessmentPeriod period, FactSnapshot facts)
    {
        var (actuals, entered) = Figures(tables, facts);
        var progress = period.ElapsedMonths / 12m * 100;
        var cells = new List<AssessmentCell>();
        var scores = new List<UnitScore>();
        foreach (var sheet in tables.Sheets)
        {
            var group = rules.Groups.FirstOrDefault(g => g.Table == sheet.Title);
            var tableCells = new List<AssessmentCell>();
            // In the table's column order (the rules' own indicators after them), as the table is printed.
            var order = JsonSerializer.Deserialize<List<TableColumn>>(sheet.ColumnsJson, AppJson.Options)!.Select(c => c.Indicator).ToList();
            foreach (var byIndicator in tables.Targets[sheet.Id].GroupBy(t => t.IndicatorCode)
                .OrderBy(g => order.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(g => tables.Indicators[g.Key].SortOrder))
            {
                var indicator = tables.Indicators[byIndicator.Key];
                var rule = group?.Indicators.FirstOrDefault(r => r.Indicator == indicator.Code);
                var rows = byIndicator.OrderBy(t => t.Row).ThenBy(t => tables.Orgs[t.OrgId].Path, StringComparer.Ordinal).Select(t =>
                {
                    var target = t.Value ?? rule?.Target;
                    var actual = actuals.GetValueOrDefault((t.OrgId, t.IndicatorCode));
                    var completion = target is > 0 && actual is { } a ? Math.Round(a / target.Value * 100, 2) : (decimal?)null;
                    var expected = target is { } v ? indicator.IsRatio ? v : Math.Round(period.Expected(v), 4) : (decimal?)null;
                    var lead = completion - (indicator.IsRatio ? 100 : progress);
                    var status = lead is null ? null : lead >= rules.StatusMargin ? "ahead" : lead <= -rules.StatusMargin ? "behind" : "onTrack";
                    // Pro rata to the unrounded completion (24.5 of 30 at 20 points is 16.3333, not 20 × 81.67 %).
                    var share = target is > 0 && actual is { } y ? y / target.Value : 0;
                    var points = rule is null ? (decimal?)null : Math.Round(rule.Weight * Math.Min(share, rule.Cap), 4);
                    return (Target: t, Value: target, Actual: actual, Completion: completion, Expected: expected, Status: status, Points: points);
                }).ToList();
                var ranked = rows.Where(r => r.Completion is not null).ToList();
                foreach (var row in rows)
                {
                    var org = tables.Orgs[row.Target.OrgId];
                    int? rank = row.Completion is { } c ? 1 + ranked.Count(r => r.Completion > c) : null;
                    tableCells.Add(new AssessmentCell(org.Id, org.Name, sheet.Title, indicator.Code, indicator.Unit, Numbers.Normal(row.Value),
                        Numbers.Normal(row.Actual is { } x ? Math.Round(x, 4) : null), Numbers.Normal(entered.GetValueOrDefault((org.Id, indicator.Code))),
                        Numbers.Normal(row.Completion), Numbers.Normal(row.Expected), row.Status, rank, ranked.Count, Numbers.Normal(row.Points)));
                }
            }
            if (group is not null)
            {
                scores.AddRange(Units(sheet.Title, group, tableCells, tables.Orgs, facts));
            }
            cells.AddRange(tableCells);
        }
        return (cells, scores);
    }

    /// <summary>Every figure the tables need, adjusted, with the ratios from their adjusted parts; and the hand-entered part of each.</summary>
    private static (Dictionary<(Guid, string), decimal?> Actuals, Dictionary<(Guid, string), decimal?> Entered) Figures(ScoredTables tables, FactSnapshot facts)
    {
        var actuals = new Dictionary<(Guid, string), decimal?>(facts.Computed);
        var entered = new Dictionary<(Guid, string), decimal?>();
        foreach (var group in facts.Adjustments.GroupBy(a => (a.OrgId, a.IndicatorCode)))
        {
            var entries = group.OrderBy(a => a.Month).ThenBy(a => a.At).ToList();
            var fact = tables.Indicators[group.Key.IndicatorCode].Definition.Fact;
            actuals[group.Key] = Adjusted(fact, actuals.GetValueOrDefault(group.Key), entries);
            entered[group.Key] = fact == FactKind.Manual ? entries[^1].Value : entries.Sum(a => a.Value);
        }
        var codes = facts.Computed.Keys.Select(k => k.Code).ToHashSet();
        foreach (var indicator in tables.Indicators.Values.Where(i => i.Definition.Fact == FactKind.Ratio && codes.Contains(i.Code)))
        {
            var d = indicator.Definition;
            if (d.Numerator is not { } numerator || d.Denominator is not { } denominator || !codes.Contains(numerator) || !codes.Contains(denominator))
            {
                throw new InvalidOperationException($"The ratio {indicator.Code} needs {d.Numerator} and {d.Denominator} computed with it.");
            }
            foreach (var unit in tables.Orgs.Keys)
            {
                actuals[(unit, indicator.Code)] = Ratio(actuals.GetValueOrDefault((unit, numerator)), actuals.GetValueOrDefault((unit, denominator)));
            }
        }
        return (actuals, entered);
    }

    /// <summary>Each unit of a table: its indicator points, its bonuses under the table's rules, its total and rank.</summary>
    private static List<UnitScore> Units(string table, GroupRules group, List<AssessmentCell> cells, IReadOnlyDictionary<Guid, Org> orgs, FactSnapshot facts)
    {
        var result = cells.Select(c => c.OrgId).Distinct().Select(org =>
        {
            var points = cells.Where(c => c.OrgId == org).Sum(c => c.Points ?? 0);
            var bonuses = group.Bonuses.Select(bonus => new BonusPoints(bonus.Kind, bonus.Description, Numbers.Normal(Bonus(bonus, org, cells, facts)),
                bonus.Kind switch
                {
                    BonusKind.AboveTarget => bonus.Indicator,
                    BonusKind.SignedProject => "signedAmount",
                    BonusKind.LeadsAdopted => null,
                })).ToList();
            return (OrgId: org, Points: points, Bonuses: bonuses, Total: points + bonuses.Sum(b => b.Points));
        }).ToList();
        return result.Select(r => new UnitScore(r.OrgId, orgs[r.OrgId].Name, table, Numbers.Normal(r.Points), r.Bonuses, Numbers.Normal(r.Total),
            1 + result.Count(t => t.Total > r.Total), result.Count)).ToList();
    }

    private static decimal Bonus(BonusRule bonus, Guid org, List<AssessmentCell> cells, FactSnapshot facts) => bonus.Kind switch
    {
        BonusKind.LeadsAdopted => facts.LeadsAdopted.GetValueOrDefault(org) * bonus.Points,
        BonusKind.AboveTarget => cells.FirstOrDefault(c => c.OrgId == org && c.Indicator == bonus.Indicator) is { Target: { } target, Actual: { } actual }
            && actual >= target && bonus.Per > 0 ? Math.Floor((actual - target) / bonus.Per) * bonus.Points : 0,
        BonusKind.SignedProject => facts.Signings.GetValueOrDefault(org, []).Sum(deal =>
            (bonus.Tiers ?? []).Where(t => deal.ContractYuan >= t.MinYuan).Select(t => t.Points).DefaultIfEmpty(0).Max()),
    };
}
