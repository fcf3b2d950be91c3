using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>One unit × indicator of a period: the target, what the ledger shows (with any hand-entered part), where the unit stands.</summary>
public sealed record AssessmentCell(Guid OrgId, string OrgName, string Table, string Indicator, string Unit, decimal? Target, decimal? Actual,
    decimal? Adjustment, decimal? Completion, decimal? Expected, string? Status, int? Rank, int GroupSize, decimal? Points);

/// <summary>Bonus points of one rule; <see cref="Indicator"/>: the figure whose facts make them (the signings, the amount above target).</summary>
public sealed record BonusPoints(BonusKind Kind, string? Description, decimal Points, string? Indicator = null);

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

/// <summary>
/// The assessment of a year up to a period: every unit with targets, each of its indicators computed from the ledger
/// (<see cref="Actuals"/>) plus hand-entered adjustments, its completion (actual / target), the time-progress
/// expectation (target × elapsed months / 12; a percentage is expected at its target all year), a status, its rank
/// among the units of its table, and — under the year's latest rules — points, bonus points and a total score.
/// Ranks are over the whole table; the caller sees the rows of their own scope.
/// </summary>
public sealed class AssessmentService(AppDb db, CurrentUser currentUser, TimeProvider time, AssessmentCache cache, ChangeSignal signal)
{
    public async Task<AssessmentView> GetAsync(int year, string? periodCode, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        var period = AssessmentPeriod.Parse(year, periodCode);
        var visible = currentUser.ScopeAll ? null : currentUser.ScopePath;
        using var _ = currentUser.AsSystem(); // peers are ranked over the whole table; rows are filtered below
        bool Visible(string path) => visible is null || path.StartsWith(visible, StringComparison.Ordinal);
        var closed = await db.ClosedMonths.AsNoTracking().Where(c => c.Year == year).ToListAsync(ct);
        var late = (await LateFactsAsync(db, year, closed, ct)).Where(f => Visible(f.OrgPath)).ToList();
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

    /// <summary>
    /// The live assessment of a period (rows of the caller's scope, or all with <paramref name="visible"/> null): every
    /// unit's is computed once for all readers and kept until a fact changes (<see cref="AssessmentCache"/>); never
    /// inside a transaction, nor while changes cannot be heard (PostgreSQL's listener not connected).
    /// </summary>
    private async Task<AssessmentView> ComputeAsync(int year, AssessmentPeriod period, string? visible, CancellationToken ct)
    {
        var all = db.Database.CurrentTransaction is null && (signal.Reliable || db.Database.IsSqlite())
            ? await cache.GetAsync($"{year}|{period.Code}|{period.End:yyyyMMdd}", (service, stopping) => service.ComputeAllAsync(year, period, stopping), ct)
            : await ComputeAllAsync(year, period, ct);
        bool Visible(Guid org) => visible is null || all.Paths[org].StartsWith(visible, StringComparison.Ordinal);
        return all.View with { Cells = all.View.Cells.Where(c => Visible(c.OrgId)).ToList(), Units = all.View.Units.Where(u => Visible(u.OrgId)).ToList() };
    }

    /// <summary>A period's assessment of every unit, and each unit's path (to show a reader their rows).</summary>
    internal sealed record Computed(AssessmentView View, IReadOnlyDictionary<Guid, string> Paths);

    internal async Task<Computed> ComputeAllAsync(int year, AssessmentPeriod period, CancellationToken ct)
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

        // The facts, each table read once: the bonuses reuse the reader's signings and the offices' parts.
        var reader = new Actuals(db);
        var computed = await reader.ComputeAsync(units, needed, period, rules.Attribution, ct);
        var codes = needed.Select(i => i.Code).ToList();
        var adjustments = await db.Adjustments.AsNoTracking()
            .Where(a => a.Year == year && a.Month <= period.Month && orgIds.Contains(a.OrgId) && codes.Contains(a.IndicatorCode)).ToListAsync(ct);
        var bonuses = rules.Groups.Where(g => sheets.Any(s => s.Title == g.Table)).SelectMany(g => g.Bonuses).Select(b => b.Kind).ToHashSet();
        var facts = new FactSnapshot(computed, adjustments,
            bonuses.Contains(BonusKind.LeadsAdopted) ? await reader.LeadsAdoptedAsync(units, period, ct) : new Dictionary<Guid, int>(),
            bonuses.Contains(BonusKind.SignedProject) ? await reader.SigningsOfAsync(units, period, rules.Attribution, ct) : new Dictionary<Guid, List<Actuals.Credited>>());

        var (cells, scores) = Scorer.Score(new ScoredTables(sheets, scored, indicators, orgs), rules, period, facts);
        return new Computed(new AssessmentView(year, period.Code, period.End, Numbers.Normal(Math.Round(period.ElapsedMonths / 12m * 100, 2)), ruleSet?.Version,
            cells, scores), orgs.ToDictionary(o => o.Key, o => o.Value.Path));
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
        await RequireWholeYearAsync(db, currentUser, year, "该年度有不在您数据范围内的考核单位：月度关账须由覆盖全部考核单位的领导小组办公室办理。", ct);
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
    internal static async Task<List<LateFact>> LateFactsAsync(AppDb db, int year, List<ClosedMonth> closed, CancellationToken ct)
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

    /// <summary>Refuses a caller whose scope does not cover every unit assessed in the year (the year's rules and closing are the whole table's).</summary>
    internal static async Task RequireWholeYearAsync(AppDb db, CurrentUser currentUser, int year, string refusal, CancellationToken ct)
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
}

/// <summary>
/// The live assessment of each year's period, every unit's, computed once for all readers (each is shown the rows of
/// their scope) and kept until a table it is computed from changes: the <see cref="ChangeSignal"/>'s version it was
/// computed at (taken before, so a change during the computation makes it stale). Readers who come while it is
/// computed wait for that one computation, which runs in a scope of its own (the first reader leaving does not stop it).
/// </summary>
public sealed class AssessmentCache(ChangeSignal signal, IServiceScopeFactory scopes, IHostApplicationLifetime life)
{
    private const int Capacity = 64;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Version, Task<AssessmentService.Computed> Task)> _kept = new(StringComparer.Ordinal);

    internal Task<AssessmentService.Computed> GetAsync(string key, Func<AssessmentService, CancellationToken, Task<AssessmentService.Computed>> compute,
        CancellationToken ct)
    {
        Task<AssessmentService.Computed> task;
        lock (_gate)
        {
            var version = signal.Version;
            if (_kept.TryGetValue(key, out var kept) && kept.Version == version && !kept.Task.IsFaulted && !kept.Task.IsCanceled)
            {
                task = kept.Task;
            }
            else
            {
                // Not in the reader's flow: the computation is everyone's (no reader's scope), in a scope of its own.
                using (ExecutionContext.SuppressFlow())
                {
                    task = Task.Run(async () =>
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        return await compute(scope.ServiceProvider.GetRequiredService<AssessmentService>(), life.ApplicationStopping);
                    });
                }
                if (_kept.Count >= Capacity)
                {
                    _kept.Clear();
                }
                _kept[key] = (version, task);
            }
        }
        return task.WaitAsync(ct);
    }

    /// <summary>How many computations are kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _kept.Count;
            }
        }
    }

    /// <summary>Forgets every assessment kept (the benches' computations from cold).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _kept.Clear();
        }
    }
}
