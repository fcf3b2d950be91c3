using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>One unit × indicator of a period: the target, what the ledger shows (with any hand-entered part), where the unit stands.</summary>
public sealed record AssessmentCell(Guid OrgId, string OrgName, string Table, string Indicator, string Unit, decimal? Target, decimal? Actual,
    decimal? Adjustment, decimal? Completion, decimal? Expected, string? Status, int? Rank, int GroupSize, decimal? Points);

/// <summary>Bonus points of one rule; <see cref="Indicator"/>: the figure whose facts make them (the signings, the amount above target).</summary>
public sealed record BonusPoints(string Kind, string? Description, decimal Points, string? Indicator = null);

/// <summary>A unit's score under the year's rules: indicator points, bonus points, the total and its rank in its table.</summary>
public sealed record UnitScore(Guid OrgId, string OrgName, string Table, decimal Points, IReadOnlyList<BonusPoints> Bonuses, decimal Total, int Rank, int GroupSize);

/// <summary>A fact entered after the month it belongs to was closed: not in that month's frozen figures, counted from the next open period.</summary>
public sealed record LateFact(string Kind, Guid Id, string OrgPath, DateOnly Date, decimal? AmountYuan, DateTime EnteredAt, int ClosedMonth);

public sealed record AssessmentView(int Year, string Period, DateOnly PeriodEnd, decimal TimeProgress, int? RuleVersion,
    IReadOnlyList<AssessmentCell> Cells, IReadOnlyList<UnitScore> Units)
{
    /// <summary>Set when the period is a closed month: the figures are its frozen snapshot.</summary>
    public DateTime? ClosedAt { get; init; }

    public IReadOnlyList<LateFact> Late { get; init; } = [];
}

public sealed record RuleSetView(int Year, int Version, Rules Rules, string? Note, string? CreatedBy, DateTime CreatedAt);

/// <summary>
/// The assessment of a year up to a period: every unit with targets, each of its indicators computed from the ledger
/// (<see cref="Actuals"/>) plus hand-entered adjustments, its completion (actual / target), the time-progress
/// expectation (target × elapsed months / 12; a percentage is expected at its target all year), a status, its rank
/// among the units of its table, and — under the year's latest rules — points, bonus points and a total score.
/// Ranks are over the whole table; the caller sees the rows of their own scope.
/// </summary>
public sealed partial class AssessmentService(AppDb db, CurrentUser currentUser, TimeProvider time)
{

    public async Task<AssessmentView> GetAsync(int year, string? periodCode, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        var period = AssessmentPeriod.Parse(year, periodCode);
        var visible = currentUser.ScopeAll ? null : currentUser.ScopePath;
        using var _ = currentUser.AsSystem(); // peers are ranked over the whole table; rows are filtered below
        bool Visible(string path) => visible is null || path.StartsWith(visible, StringComparison.Ordinal);
        var closed = await db.ClosedMonths.AsNoTracking().Where(c => c.Year == year).ToListAsync(ct);
        var late = (await LateFactsAsync(year, closed, ct)).Where(f => Visible(f.OrgPath)).ToList();
        if (period.Xun is null && period.Code.StartsWith('m') && closed.FirstOrDefault(c => c.Month == period.Month) is { } frozen)
        {
            var snapshot = JsonSerializer.Deserialize<AssessmentView>(frozen.SnapshotJson, AppJson.Options)!;
            var paths = await db.Orgs.AsNoTracking().Select(o => new { o.Id, o.Path }).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
            bool Mine(Guid org) => visible is null || (paths.TryGetValue(org, out var path) && Visible(path));
            return snapshot with
            {
                Cells = snapshot.Cells.Where(c => Mine(c.OrgId)).ToList(), Units = snapshot.Units.Where(u => Mine(u.OrgId)).ToList(),
                ClosedAt = DateTime.SpecifyKind(frozen.ClosedAt, DateTimeKind.Utc), Late = late.Where(f => f.ClosedMonth <= period.Month).ToList(),
            };
        }
        var view = await ComputeAsync(year, period, visible, ct);
        return view with { Late = late.Where(f => f.ClosedMonth < period.Month).ToList() };
    }

    /// <summary>The live assessment of a period (rows of the caller's scope, or all with <paramref name="visible"/> null).</summary>
    private async Task<AssessmentView> ComputeAsync(int year, AssessmentPeriod period, string? visible, CancellationToken ct)
    {
        var ruleSet = await db.RuleSets.AsNoTracking().Where(r => r.Year == year).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        var rules = ruleSet?.Rules ?? new Rules();
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);
        var sheets = await db.TargetSheets.AsNoTracking().Where(s => s.Year == year).OrderBy(s => s.Position).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Where(t => t.Year == year).ToListAsync(ct);
        var orgIds = targets.Select(t => t.OrgId).Distinct().ToList();
        var orgs = await db.Orgs.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var units = orgs.Values.Select(o => new AssessedUnit(o.Id, o.Path, o.Kind)).ToList();

        // What each table scores: its own columns, and indicators its rules set a target for (标房 usage rates).
        var scored = sheets.ToDictionary(s => s.Id, s =>
        {
            var own = targets.Where(t => t.SheetId == s.Id).ToList();
            var group = rules.Groups.FirstOrDefault(g => g.Table == s.Title);
            var extra = (group?.Indicators ?? []).Where(r => r.Target is not null && indicators.ContainsKey(r.Indicator) && !own.Any(t => t.IndicatorCode == r.Indicator))
                .SelectMany(r => own.Select(t => t.OrgId).Distinct().Select(org => new Target
                {
                    Year = year, SheetId = s.Id, OrgId = org, OrgPath = orgs[org].Path, IndicatorCode = r.Indicator, Value = r.Target,
                    Row = own.Where(t => t.OrgId == org).Min(t => t.Row),
                }));
            return own.Concat(extra).ToList();
        });
        var used = scored.Values.SelectMany(t => t).Select(t => t.IndicatorCode).Distinct().ToList();
        var needed = used.SelectMany(code => indicators[code].Definition is { Numerator: { } n, Denominator: { } d } ? new[] { code, n, d } : [code])
            .Distinct().Where(indicators.ContainsKey).Select(code => indicators[code]).ToList();
        var reader = new Actuals(db); // read once: the bonuses reuse its signings and the offices' parts
        var actuals = await reader.ComputeAsync(units, needed, period, rules.Attribution, ct);
        var adjusted = await AddAdjustmentsAsync(actuals, needed, year, period, orgIds, ct);
        Actuals.Ratios(actuals, units, needed); // again, over the adjusted parts

        var progress = period.ElapsedMonths / 12m * 100;
        var cells = new List<AssessmentCell>();
        var scores = new List<UnitScore>();
        foreach (var sheet in sheets)
        {
            var group = rules.Groups.FirstOrDefault(g => g.Table == sheet.Title);
            var tableCells = new List<AssessmentCell>();
            // In the table's column order (the rules' own indicators after them), as the table is printed.
            var order = JsonSerializer.Deserialize<List<TableColumn>>(sheet.ColumnsJson, AppJson.Options)!.Select(c => c.Indicator).ToList();
            foreach (var byIndicator in scored[sheet.Id].GroupBy(t => t.IndicatorCode)
                .OrderBy(g => order.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(g => indicators[g.Key].SortOrder))
            {
                var indicator = indicators[byIndicator.Key];
                var rule = group?.Indicators.FirstOrDefault(r => r.Indicator == indicator.Code);
                var rows = byIndicator.OrderBy(t => t.Row).ThenBy(t => orgs[t.OrgId].Path, StringComparer.Ordinal).Select(t =>
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
                    var org = orgs[row.Target.OrgId];
                    int? rank = row.Completion is { } c ? 1 + ranked.Count(r => r.Completion > c) : null;
                    tableCells.Add(new AssessmentCell(org.Id, org.Name, sheet.Title, indicator.Code, indicator.Unit, Numbers.Normal(row.Value),
                        Numbers.Normal(row.Actual is { } x ? Math.Round(x, 4) : null), Numbers.Normal(adjusted.GetValueOrDefault((org.Id, indicator.Code))),
                        Numbers.Normal(row.Completion), Numbers.Normal(row.Expected), row.Status, rank, ranked.Count, Numbers.Normal(row.Points)));
                }
            }
            if (group is not null)
            {
                scores.AddRange(await ScoreAsync(reader, sheet.Title, group, tableCells, orgs, units, period, rules, ct));
            }
            cells.AddRange(tableCells);
        }
        bool Visible(Guid org) => visible is null || orgs[org].Path.StartsWith(visible, StringComparison.Ordinal);
        return new AssessmentView(year, period.Code, period.End, Numbers.Normal(Math.Round(progress, 2)), ruleSet?.Version,
            cells.Where(c => Visible(c.OrgId)).ToList(), scores.Where(s => Visible(s.OrgId)).ToList());
    }

    /// <summary>
    /// Adds the hand-entered figures up to the period's month: a manual indicator takes the latest value entered, a
    /// computed one adds each correction. Returns the hand-entered part of each figure.
    /// </summary>
    private async Task<Dictionary<(Guid, string), decimal?>> AddAdjustmentsAsync(Dictionary<(Guid OrgId, string Code), decimal?> actuals, List<Indicator> indicators,
        int year, AssessmentPeriod period, List<Guid> orgIds, CancellationToken ct)
    {
        var codes = indicators.Select(i => i.Code).ToList();
        var entries = await db.Adjustments.AsNoTracking()
            .Where(a => a.Year == year && a.Month <= period.Month && orgIds.Contains(a.OrgId) && codes.Contains(a.IndicatorCode)).ToListAsync(ct);
        var parts = new Dictionary<(Guid, string), decimal?>();
        foreach (var group in entries.GroupBy(a => (a.OrgId, a.IndicatorCode)))
        {
            var manual = indicators.First(i => i.Code == group.Key.IndicatorCode).Definition.Fact == "manual";
            var part = manual ? group.OrderBy(a => a.Month).ThenBy(a => a.At).Last().Value : group.Sum(a => a.Value);
            actuals[group.Key] = manual ? part : (actuals.GetValueOrDefault(group.Key) ?? 0) + part;
            parts[group.Key] = part;
        }
        return parts;
    }

    private async Task<List<UnitScore>> ScoreAsync(Actuals actuals, string table, GroupRules group, List<AssessmentCell> cells, Dictionary<Guid, Org> orgs,
        List<AssessedUnit> units, AssessmentPeriod period, Rules rules, CancellationToken ct)
    {
        var members = cells.Select(c => c.OrgId).Distinct().ToList();
        Dictionary<Guid, List<Actuals.Credited>>? signings = null;
        Dictionary<Guid, int>? leads = null;
        var result = new List<(Guid OrgId, decimal Points, List<BonusPoints> Bonuses)>();
        foreach (var org in members)
        {
            var points = cells.Where(c => c.OrgId == org).Sum(c => c.Points ?? 0);
            var bonuses = new List<BonusPoints>();
            foreach (var bonus in group.Bonuses)
            {
                decimal value;
                switch (bonus.Kind)
                {
                    case "leadsAdopted":
                        leads ??= await LeadsAdoptedAsync(members, period, ct);
                        value = leads.GetValueOrDefault(org) * bonus.Points;
                        break;
                    case "aboveTarget":
                        var cell = cells.FirstOrDefault(c => c.OrgId == org && c.Indicator == bonus.Indicator);
                        value = cell is { Target: { } target, Actual: { } actual } && actual >= target && bonus.Per > 0
                            ? Math.Floor((actual - target) / bonus.Per) * bonus.Points : 0;
                        break;
                    case "signedProject":
                        signings ??= await actuals.SigningsOfAsync(units, period, rules.Attribution, ct); // all units, as the reader was first asked
                        value = signings.GetValueOrDefault(org, []).Sum(deal =>
                            (bonus.Tiers ?? []).Where(t => deal.ContractYuan >= t.MinYuan).Select(t => t.Points).DefaultIfEmpty(0).Max());
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown bonus kind {bonus.Kind}.");
                }
                bonuses.Add(new BonusPoints(bonus.Kind, bonus.Description, Numbers.Normal(value),
                    bonus.Kind switch { "aboveTarget" => bonus.Indicator, "signedProject" => "signedAmount", _ => null }));
            }
            result.Add((org, points, bonuses));
        }
        var totals = result.Select(r => (r.OrgId, Total: r.Points + r.Bonuses.Sum(b => b.Points))).ToList();
        return result.Select(r =>
        {
            var total = r.Points + r.Bonuses.Sum(b => b.Points);
            return new UnitScore(r.OrgId, orgs[r.OrgId].Name, table, Numbers.Normal(r.Points), r.Bonuses, Numbers.Normal(total),
                1 + totals.Count(t => t.Total > total), totals.Count);
        }).ToList();
    }

    /// <summary>
    /// Seed 002: "报送项目线索，纳入市委、市政府主要领导外出招商考察，每家企业加 1 分" — the enterprises of each unit's
    /// reported leads that a principal leaders' trip of the city took up from 1 January (each enterprise once).
    /// </summary>
    private async Task<Dictionary<Guid, int>> LeadsAdoptedAsync(List<Guid> members, AssessmentPeriod period, CancellationToken ct)
    {
        var start = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        var pairs = await (from x in db.Set<ActivityLead>().AsNoTracking()
                           join a in db.Activities.AsNoTracking() on x.ActivityId equals a.Id
                           join l in db.Set<Lead>().AsNoTracking() on x.LeadId equals l.Id
                           where members.Contains(l.OrgId) && a.Kind == ActivityKind.LeaderTrip && a.Leader == LeaderRank.Principal && a.Date >= start && a.Date <= end
                           select new { l.OrgId, l.EnterpriseId }).Distinct().ToListAsync(ct);
        return pairs.GroupBy(p => p.OrgId).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The month's bulletin: a closed month's frozen figures, or an open month's as the ledger stands.</summary>
    public async Task<Bulletin> BulletinAsync(int year, int month, CancellationToken ct = default, Microsoft.Extensions.Localization.IStringLocalizer? words = null)
    {
        var view = await GetAsync(year, $"m{month}", ct);
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);
        return Bulletin.From(view, month, indicators, words);
    }

    /// <summary>
    /// Closes a month: its assessment is computed once more and frozen. Later facts for it do not change it; they are
    /// listed as late and count from the next open period on. A month is closed once.
    /// </summary>
    public async Task<AssessmentView> CloseAsync(int year, int month, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Assessor);
        var period = AssessmentPeriod.Parse(year, $"m{month}");
        await RequireWholeYearAsync(year, "该年度有不在您数据范围内的考核单位：月度关账须由覆盖全部考核单位的领导小组办公室办理。", ct);
        var closedMonths = await db.ClosedMonths.Where(c => c.Year == year).Select(c => c.Month).ToListAsync(ct);
        if (closedMonths.Contains(month))
        {
            throw DomainException.Unprocessable("{0}年{1}月已关账，不能重复关账。", year, month);
        }
        AssessmentView view;
        using (currentUser.AsSystem())
        {
            view = await ComputeAsync(year, period, null, ct);
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.ClosedMonths.Add(new ClosedMonth
        {
            Year = year, Month = month, ClosedAt = now, ClosedBy = currentUser.UserName, RuleVersion = view.RuleVersion,
            SnapshotJson = JsonSerializer.Serialize(view, AppJson.Options),
        });
        await db.SaveChangesAsync(ct);
        return view with { ClosedAt = now };
    }

    /// <summary>Facts entered after the closed month they belong to was closed (each against the first such month).</summary>
    private async Task<List<LateFact>> LateFactsAsync(int year, List<ClosedMonth> closed, CancellationToken ct)
    {
        if (closed.Count == 0)
        {
            return [];
        }
        var start = new DateOnly(year, 1, 1);
        var last = closed.Max(c => c.Month);
        var end = new DateOnly(year, last, DateTime.DaysInMonth(year, last));
        var firstClose = closed.Min(c => c.ClosedAt);
        var funds = await db.FundEntries.AsNoTracking().Where(f => f.Year == year && f.Month <= last && f.At > firstClose)
            .Select(f => new { f.Id, f.OrgPath, f.Month, f.AmountYuan, f.At }).ToListAsync(ct);
        var signings = await db.ProjectStageChanges.AsNoTracking()
            .Where(s => s.To == Projects.ProjectStage.Signed && s.Date >= start && s.Date <= end && s.At > firstClose)
            .Select(s => new { s.ProjectId, s.OrgPath, s.Date, s.At }).ToListAsync(ct);
        var activities = await db.Activities.AsNoTracking().Where(a => a.Date >= start && a.Date <= end && a.CreatedAt > firstClose)
            .Select(a => new { a.Id, a.OrgPath, a.Date, a.CreatedAt }).ToListAsync(ct);
        int? Month(int factMonth, DateTime at) => closed.Where(c => c.Month >= factMonth && at > c.ClosedAt).Select(c => (int?)c.Month).Min();
        var late = new List<LateFact>();
        late.AddRange(funds.Select(f => (f, m: Month(f.Month, f.At))).Where(x => x.m is not null)
            .Select(x => new LateFact("fund", x.f.Id, x.f.OrgPath, new DateOnly(year, x.f.Month, 1), x.f.AmountYuan, DateTime.SpecifyKind(x.f.At, DateTimeKind.Utc), x.m!.Value)));
        late.AddRange(signings.Select(s => (s, m: Month(s.Date!.Value.Month, s.At))).Where(x => x.m is not null)
            .Select(x => new LateFact("signing", x.s.ProjectId, x.s.OrgPath, x.s.Date!.Value, null, DateTime.SpecifyKind(x.s.At, DateTimeKind.Utc), x.m!.Value)));
        late.AddRange(activities.Select(a => (a, m: Month(a.Date.Month, a.CreatedAt))).Where(x => x.m is not null)
            .Select(x => new LateFact("activity", x.a.Id, x.a.OrgPath, x.a.Date, null, DateTime.SpecifyKind(x.a.CreatedAt, DateTimeKind.Utc), x.m!.Value)));
        return late.OrderBy(f => f.ClosedMonth).ThenBy(f => f.EnteredAt).ToList();
    }

    private async Task RequireWholeYearAsync(int year, string refusal, CancellationToken ct)
    {
        var callerSeesAll = currentUser.ScopeAll;
        var scope = currentUser.ScopePath;
        using (currentUser.AsSystem())
        {
            var paths = await db.Targets.Where(t => t.Year == year).Select(t => t.OrgPath).Distinct().ToListAsync(ct);
            if (!callerSeesAll && paths.Any(p => !p.StartsWith(scope, StringComparison.Ordinal)))
            {
                throw DomainException.Forbidden(refusal);
            }
        }
    }

    public async Task<IReadOnlyList<RuleSetView>> RuleVersionsAsync(int year, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        var sets = await db.RuleSets.AsNoTracking().Where(r => r.Year == year).OrderByDescending(r => r.Version).ToListAsync(ct);
        return sets.Select(r => new RuleSetView(r.Year, r.Version, r.Rules, r.Note, r.CreatedBy, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc))).ToList();
    }

    /// <summary>Saves the year's rules as a new version (the earlier ones stay, for the results they computed).</summary>
    public async Task<RuleSetView> SaveRulesAsync(int year, Rules rules, string? note, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Assessor);
        AssessmentPeriod.Parse(year, "year");
        // The year's rules apply to every unit assessed that year: only an office whose scope covers them all sets them.
        await RequireWholeYearAsync(year, "该年度有不在您数据范围内的考核单位：考核规则须由覆盖全部考核单位的领导小组办公室制定。", ct);
        var codes = await db.Indicators.Select(i => i.Code).ToListAsync(ct);
        foreach (var group in rules.Groups ?? [])
        {
            if (string.IsNullOrWhiteSpace(group.Table))
            {
                throw DomainException.Invalid("groups", "每组规则须写明适用的表名。");
            }
            foreach (var rule in group.Indicators ?? [])
            {
                if (!codes.Contains(rule.Indicator) || rule.Weight < 0 || rule.Cap <= 0)
                {
                    throw DomainException.Invalid("indicators", "“{0}”的计分规则无效：指标须已定义，分值不能为负，封顶须大于 0。", rule.Indicator);
                }
            }
            foreach (var bonus in group.Bonuses ?? [])
            {
                if (bonus.Kind is not ("leadsAdopted" or "aboveTarget" or "signedProject")
                    || (bonus.Kind == "aboveTarget" && (bonus.Indicator is null || !codes.Contains(bonus.Indicator) || bonus.Per <= 0))
                    || (bonus.Kind == "signedProject" && bonus.Tiers is not { Count: > 0 }))
                {
                    throw DomainException.Invalid("bonuses", "加分规则“{0}”无效：可用 leadsAdopted、aboveTarget（须指明指标和每多少计分）、signedProject（须有金额档次）。", bonus.Kind);
                }
            }
        }
        var version = (await db.RuleSets.Where(r => r.Year == year).MaxAsync(r => (int?)r.Version, ct) ?? 0) + 1;
        var set = new RuleSet
        {
            Id = Guid.CreateVersion7(), Year = year, Version = version, RulesJson = JsonSerializer.Serialize(rules, AppJson.Options), Note = note,
            CreatedBy = currentUser.UserName, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.RuleSets.Add(set);
        await db.SaveChangesAsync(ct);
        return new RuleSetView(year, version, set.Rules, note, set.CreatedBy, set.CreatedAt);
    }

    /// <summary>A hand-entered figure for a unit in the caller's scope, with its reason (audited like every save).</summary>
    public async Task<Adjustment> AdjustAsync(int year, int month, Guid orgId, string indicator, decimal value, string? reason, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Assessor);
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            throw DomainException.Invalid("month", "年月无效。");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw DomainException.Invalid("reason", "手工调整必须写明原因。");
        }
        var org = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。");
        if (!await db.Indicators.AnyAsync(i => i.Code == indicator, ct))
        {
            throw DomainException.Invalid("indicator", "“{0}”不是已定义的考核指标。", indicator);
        }
        var adjustment = new Adjustment
        {
            Id = Guid.CreateVersion7(), Year = year, Month = month, OrgId = org.Id, OrgPath = org.Path, IndicatorCode = indicator, Value = value,
            Reason = reason.Trim(), UserName = currentUser.UserName, At = time.GetUtcNow().UtcDateTime,
        };
        db.Adjustments.Add(adjustment);
        await db.SaveChangesAsync(ct);
        return adjustment;
    }
}
