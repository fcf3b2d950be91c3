using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>A unit the assessment computes for: its org (path and kind decide which facts are its own).</summary>
public sealed record AssessedUnit(Guid OrgId, string Path, OrgKind Kind);

/// <summary>
/// How much of a signing a resident office is credited with (seed 002): the first visit to the investor 100 %, an
/// accompanied inspection 50 %; taking part otherwise, nothing of the signed amount. The yearly rules carry it
/// (<see cref="Rules.Attribution"/>).
/// </summary>
public sealed record OfficeAttribution(decimal FirstVisit, decimal Accompanied)
{
    public static readonly OfficeAttribution Seed002 = new(1m, 0.5m);

    public decimal Weight(OfficeRole role) => role switch
    {
        OfficeRole.FirstVisit => FirstVisit,
        OfficeRole.Accompanied => Accompanied,
        OfficeRole.Participated => 0,
    };
}

/// <summary>
/// Computes indicators from the ledger's facts for a set of units, from 1 January to the end of a period. Each fact
/// table is read once, whatever the number of indicators: funds in place added up by the database per org path and
/// project flags; the period's signings, one row each; activities counted per org path and kind, and the distinct
/// enterprises they met. Each indicator is then its filter over those, and a unit's figure the sum over its subtree
/// (distinct enterprises counted once per unit: an enterprise met by two subunits is one of their parent's).
/// Resident offices are credited through their part in activities, not by path: the activities they took part in,
/// and the signings of enterprises (or projects) they visited first (100 %) or accompanied (50 %). An instance reads
/// for one period and one set of units, its first call's, and keeps what it read for the calls after it.
/// </summary>
public sealed class Actuals(AppDb db)
{
    internal sealed record FundGroup(string Path, bool Industrial, bool Hq, bool Digital, bool CentralSoe, long Sum);

    internal sealed record Signed(Guid Id, string Path, long Contract, long Investment, decimal Area, bool Industrial, bool Manufacturing, bool Hq, bool Digital,
        bool CentralSoe, DateOnly Date);

    internal sealed record Met(string Path, ActivityKind Kind, Guid EnterpriseId, bool Strong);

    internal sealed record Part(Guid ActivityId, Guid OrgId, OfficeRole Role, Guid? EnterpriseId, Guid? ProjectId, ActivityKind Kind, DateOnly Date, bool Strong);

    /// <summary>
    /// A signing credited to a unit, with the share of its signed amount (1 for its own; a resident office's 100 % or 50 %).
    /// Seed 002's 100 % / 50 % is the standard for signed amounts only: a count or an area is the office's whole or nothing.
    /// </summary>
    public sealed record Credited(Guid ProjectId, decimal ContractYuan, decimal FactoryAreaM2, decimal Weight)
    {
        public decimal Share(IndicatorDefinition d) => d.Aggregation == Aggregation.Sum && d.Measure == Measure.Amount ? Weight : 1;
    }

    /// <summary>
    /// A fact table, every unit's rows. The assessment ranks a unit among all its peers and credits a resident office
    /// with signings outside its own path, so its callers (<see cref="AssessmentService"/>, as the system) read all of
    /// them and show the caller only their scope's rows. Without the scope's path range in the SQL, SQLite (which has
    /// no statistics) picks the year's covering indexes instead of the path indexes: 1.9 s against 0.15 s for a year's
    /// funds on the 325,000-project dataset.
    /// </summary>
    internal IQueryable<T> Facts<T>() where T : class => db.Set<T>().IgnoreQueryFilters().AsNoTracking();

    internal sealed record Handled(Guid Id, string Path, DateTime? ClosedAt, DateTime? AnsweredAt, bool? OnTime);

    private List<FundGroup>? _funds;
    private List<Handled>? _handled;
    private List<Signed>? _signed;
    private ILookup<Guid, (Guid EnterpriseId, bool Strong)>? _investors;
    private List<(string Path, ActivityKind Kind, int Count)>? _activities;
    private List<(Guid OrgId, Guid? JointOrgId, ActivityKind Kind, int Count)>? _own;
    private List<Met>? _met;
    private List<Part>? _parts;
    private Dictionary<Guid, List<Credited>>? _officeSignings;

    public async Task<Dictionary<(Guid OrgId, string Code), decimal?>> ComputeAsync(IReadOnlyList<AssessedUnit> units, IReadOnlyList<Indicator> indicators,
        AssessmentPeriod period, OfficeAttribution offices, CancellationToken ct)
    {
        var result = new Dictionary<(Guid, string), decimal?>();
        foreach (var indicator in indicators)
        {
            var d = indicator.Definition;
            switch (d.Fact)
            {
                case FactKind.Funds:
                    var onlyIndustrial = indicators.Where(i => i.Definition.Fact == FactKind.Funds).All(i => i.Definition.Projects is null
                        || i.Definition.Projects is { HqEconomy: null, DigitalEconomy: null, CentralSoe: null });
                    await FundsAsync(units, indicator, period, onlyIndustrial, result, ct);
                    break;
                case FactKind.Signings:
                    await SigningsAsync(units, indicator, period, offices, result, ct);
                    break;
                case FactKind.Activities:
                    await ActivitiesAsync(units, indicator, period, result, ct);
                    break;
                case FactKind.Tickets:
                    var handled = await HandledAsync(period, ct);
                    foreach (var unit in units)
                    {
                        result[(unit.OrgId, indicator.Code)] = TicketRate(handled.Where(h => h.Path.StartsWith(unit.Path, StringComparison.Ordinal)), d, period).Rate;
                    }
                    break;
                case FactKind.Stages:
                    var staged = await StagedAsync(period, ct);
                    foreach (var unit in units)
                    {
                        result[(unit.OrgId, indicator.Code)] = StageRate(staged.Where(s => s.Path.StartsWith(unit.Path, StringComparison.Ordinal)), d, period).Rate;
                    }
                    break;
                case FactKind.Manual: // entered by hand, not computed
                case FactKind.Ratio: // from its parts, once they are adjusted (the scorer)
                    foreach (var unit in units)
                    {
                        result[(unit.OrgId, indicator.Code)] = null;
                    }
                    break;
            }
        }
        return result;
    }

    /// <summary>
    /// The tickets (problems and appeals) dispatched to a handling unit from 1 January to the end of the period, not
    /// declined, with the path of the unit they went to: a unit's rates are over its own and its subunits' tickets.
    /// </summary>
    internal async Task<List<Handled>> HandledAsync(AssessmentPeriod period, CancellationToken ct)
    {
        var (start, end) = TicketWindow(period);
        return _handled ??= await (from t in Facts<Tickets.Ticket>()
                                   where t.HandlerOrgId != null && t.DispatchedAt >= start && t.DispatchedAt < end && t.State != Tickets.TicketState.Declined
                                   join o in Facts<Org>() on t.HandlerOrgId equals o.Id
                                   select new Handled(t.Id, o.Path, t.ClosedAt, t.AnsweredAt, t.OnTime)).ToListAsync(ct);
    }

    /// <summary>A signed project as the stage rates read it: its unit's path and its dates.</summary>
    internal sealed record Staged(Guid Id, string Path, RateDates Dates);

    /// <summary>The projects signed by the period's end (the rates' population), each with the path of its unit.</summary>
    internal async Task<List<Staged>> StagedAsync(AssessmentPeriod period, CancellationToken ct)
    {
        var end = period.End;
        return _staged ??= (await Facts<Project>().Where(p => p.ContractDate != null && p.ContractDate <= end)
            .Select(p => new { p.Id, p.OrgPath, p.ContractDate, p.StartDate, p.ProductionDate }).ToListAsync(ct))
            .Select(p => new Staged(p.Id, p.OrgPath, new RateDates(p.ContractDate, p.StartDate, p.ProductionDate))).ToList();
    }

    private List<Staged>? _staged;

    /// <summary>
    /// A unit's stage rate over the year to the period's end, by <see cref="ProjectRates"/>: which projects it divides
    /// by, and which of them it counts.
    /// </summary>
    internal static (decimal? Rate, IReadOnlyList<Staged> Of, Func<Staged, bool> Counts) StageRate(IEnumerable<Staged> projects, IndicatorDefinition d,
        AssessmentPeriod period)
    {
        var (from, to) = (new DateOnly(period.Year, 1, 1), period.End);
        var list = projects.ToList();
        var rates = ProjectRates.Of(list.Select(s => s.Dates), from, to);
        return d.Measure switch
        {
            Measure.StartRate => (rates.StartRate, list, s => s.Dates.StartDate <= to),
            Measure.ProductionRate => (rates.ProductionRate, list, s => s.Dates.ProductionDate <= to),
            Measure.NewSigningStartRate => (rates.NewSigningStartRate, [.. list.Where(s => s.Dates.ContractDate >= from)], s => s.Dates.StartDate <= to),
            Measure.Amount or Measure.FactoryArea or Measure.ClosureRate or Measure.OnTimeRate =>
                throw new NotSupportedException($"Stages are measured by startRate, productionRate or newSigningStartRate, not {d.Measure}."),
        };
    }

    /// <summary>1 January to the day after the period's end, in China time, as UTC instants.</summary>
    internal static (DateTime Start, DateTime End) TicketWindow(AssessmentPeriod period) =>
        (ChinaTime.StartUtc(new DateOnly(period.Year, 1, 1)),
         ChinaTime.StartUtc(period.End.AddDays(1)));

    /// <summary>
    /// A handling unit's rate, as the ticket statistics define it: closureRate = closed by the period's end / dispatched;
    /// onTimeRate = answered within the deadline / answered by the period's end. None without tickets.
    /// </summary>
    internal static (decimal? Rate, int Counted, int Of, Func<Handled, bool> Counts) TicketRate(IEnumerable<Handled> tickets, IndicatorDefinition d,
        AssessmentPeriod period)
    {
        var end = TicketWindow(period).End;
        var (of, counts) = d.Measure switch
        {
            Measure.ClosureRate => (tickets.ToList(), (Func<Handled, bool>)(h => h.ClosedAt < end)),
            Measure.OnTimeRate => (tickets.Where(h => h.AnsweredAt < end && h.OnTime != null).ToList(), h => h.OnTime == true),
            Measure.Amount or Measure.FactoryArea or Measure.StartRate or Measure.ProductionRate or Measure.NewSigningStartRate =>
                throw new NotSupportedException($"Tickets are measured by closureRate or onTimeRate, not {d.Measure}."),
        };
        var counted = of.Count(counts);
        return (of.Count == 0 ? null : 100m * counted / of.Count, counted, of.Count, counts);
    }

    internal static bool Matches(ProjectCriteria? c, bool industrial, bool manufacturing, bool hq, bool digital, bool centralSoe, long investment) =>
        c is null || ((c.Industrial is null || c.Industrial == industrial) && (c.Manufacturing is null || c.Manufacturing == manufacturing)
            && (c.HqEconomy is null || c.HqEconomy == hq)
            && (c.DigitalEconomy is null || c.DigitalEconomy == digital) && (c.CentralSoe is null || c.CentralSoe == centralSoe)
            && (c.MinInvestmentYuan is null || investment >= c.MinInvestmentYuan));

    private async Task FundsAsync(IReadOnlyList<AssessedUnit> units, Indicator indicator, AssessmentPeriod period, bool onlyIndustrial,
        Dictionary<(Guid, string), decimal?> result, CancellationToken ct)
    {
        var d = indicator.Definition;
        if (d.Projects?.MinInvestmentYuan is not null || d.Projects?.Manufacturing is not null)
        {
            throw new NotSupportedException($"Indicator {indicator.Code}: funds are filtered by the project's flags, not by its amount or industry.");
        }
        // Funds in place by the database: summed per org path and the project's flags, the one large scan. Grouped by
        // the industrial flag alone when no indicator asks for another (seed 002's: 产业 and 工业到位资金).
        _funds ??= onlyIndustrial && db.Database.IsSqlite()
            ? await IndustrialFundsSqliteAsync(period, ct)
            : onlyIndustrial
            ? (await (from f in Facts<FundEntry>()
                      where f.Year == period.Year && f.Month <= period.Month
                      join p in Facts<Project>() on f.ProjectId equals p.Id
                      group f.AmountYuan by new { f.OrgPath, p.IsIndustrial } into g
                      select new { g.Key, Sum = g.Sum() }).ToListAsync(ct))
                .Select(x => new FundGroup(x.Key.OrgPath, x.Key.IsIndustrial, false, false, false, x.Sum)).ToList()
            : (await (from f in Facts<FundEntry>()
                      where f.Year == period.Year && f.Month <= period.Month
                      join p in Facts<Project>() on f.ProjectId equals p.Id
                      group f.AmountYuan by new { f.OrgPath, p.IsIndustrial, p.IsHqEconomy, p.IsDigitalEconomy, p.IsCentralSoeProject } into g
                      select new { g.Key, Sum = g.Sum() }).ToListAsync(ct))
                .Select(x => new FundGroup(x.Key.OrgPath, x.Key.IsIndustrial, x.Key.IsHqEconomy, x.Key.IsDigitalEconomy, x.Key.IsCentralSoeProject, x.Sum)).ToList();
        Spread(units, indicator, _funds.Where(f => Matches(d.Projects, f.Industrial, false, f.Hq, f.Digital, f.CentralSoe, 0)).Select(f => (f.Path, (decimal)f.Sum)), result);
    }

    /// <summary>
    /// SQLite, grouped by the industrial flag: the year's entries summed per unit and project in the order of their
    /// covering index, then per unit, all and those of industrial projects (a list of their ids from the flags index).
    /// A join would look each entry's project up by its primary key (SQLite has no statistics to prefer the flags
    /// index); testing each entry against the list, 1,000,000 probes instead of one per project (82,627), took 0.9 s
    /// against 0.35 s on the 325,000-project dataset.
    /// </summary>
    private async Task<List<FundGroup>> IndustrialFundsSqliteAsync(AssessmentPeriod period, CancellationToken ct)
    {
        var industrialIds = Facts<Project>().Where(p => p.IsIndustrial).Select(p => p.Id);
        var perProject = Facts<FundEntry>().Where(f => f.Year == period.Year && f.Month <= period.Month)
            .GroupBy(f => new { f.OrgPath, f.ProjectId }).Select(g => new { g.Key.OrgPath, g.Key.ProjectId, Sum = g.Sum(f => f.AmountYuan) });
        var sums = await perProject.GroupBy(x => x.OrgPath)
            .Select(g => new { Path = g.Key, All = g.Sum(x => x.Sum), Industrial = g.Sum(x => industrialIds.Contains(x.ProjectId) ? x.Sum : 0) })
            .ToListAsync(ct);
        return sums.SelectMany(x => new[]
        {
            new FundGroup(x.Path, true, false, false, false, x.Industrial),
            new FundGroup(x.Path, false, false, false, false, x.All - x.Industrial),
        }).ToList();
    }

    internal async Task<List<Signed>> SignedAsync(AssessmentPeriod period, CancellationToken ct)
    {
        var start = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        if (_signed is not null)
        {
            return _signed;
        }
        var manufacturing = (await Facts<Industry>().Where(i => i.IsManufacturing).Select(i => i.Name).ToListAsync(ct)).ToHashSet();
        return _signed = (await Facts<Project>().Where(p => p.ContractDate >= start && p.ContractDate <= end)
            .Select(p => new { p.Id, p.OrgPath, p.ContractAmountYuan, p.AgreedInvestmentYuan, p.FactoryAreaM2, p.IsIndustrial, p.Industry, p.IsHqEconomy, p.IsDigitalEconomy, p.IsCentralSoeProject, p.ContractDate })
            .ToListAsync(ct))
            .Select(p => new Signed(p.Id, p.OrgPath, p.ContractAmountYuan ?? 0, p.ContractAmountYuan ?? p.AgreedInvestmentYuan, p.FactoryAreaM2 ?? 0,
                p.IsIndustrial, p.Industry is { } industry && manufacturing.Contains(industry), p.IsHqEconomy, p.IsDigitalEconomy, p.IsCentralSoeProject,
                p.ContractDate!.Value)).ToList();
    }

    internal async Task<ILookup<Guid, (Guid EnterpriseId, bool Strong)>> InvestorsAsync(AssessmentPeriod period, CancellationToken ct)
    {
        var start = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        return _investors ??= (await (from p in Facts<Project>()
                                      where p.ContractDate >= start && p.ContractDate <= end
                                      join i in Facts<ProjectInvestor>() on p.Id equals i.ProjectId
                                      join e in Facts<Enterprise>() on i.EnterpriseId equals e.Id
                                      select new { i.ProjectId, i.EnterpriseId, e.IsStrong }).ToListAsync(ct))
            .ToLookup(x => x.ProjectId, x => (x.EnterpriseId, x.IsStrong));
    }

    internal static decimal Measured(Signed s, IndicatorDefinition d) =>
        d.Aggregation == Aggregation.Count ? 1 : d.Measure == Measure.FactoryArea ? s.Area : s.Contract;

    private async Task SigningsAsync(IReadOnlyList<AssessedUnit> units, Indicator indicator, AssessmentPeriod period, OfficeAttribution offices,
        Dictionary<(Guid, string), decimal?> result, CancellationToken ct)
    {
        var d = indicator.Definition;
        var signed = (await SignedAsync(period, ct)).Where(s => Matches(d.Projects, s.Industrial, s.Manufacturing, s.Hq, s.Digital, s.CentralSoe, s.Investment)).ToList();
        if (d.Aggregation == Aggregation.DistinctEnterprises)
        {
            var investors = await InvestorsAsync(period, ct);
            var pairs = signed.SelectMany(s => investors[s.Id].Where(i => d.StrongEnterprise != true || i.Strong).Select(i => (s.Path, i.EnterpriseId))).Distinct().ToList();
            foreach (var unit in units)
            {
                result[(unit.OrgId, indicator.Code)] = pairs.Where(x => x.Path.StartsWith(unit.Path, StringComparison.Ordinal)).Select(x => x.EnterpriseId).Distinct().Count();
            }
            return;
        }
        Spread(units, indicator, signed.GroupBy(s => s.Path).Select(g => (g.Key, g.Sum(s => Measured(s, d)))), result);
        var byId = signed.ToDictionary(s => s.Id);
        foreach (var (office, deals) in await OfficeSigningsAsync(units, period, offices, ct))
        {
            result[(office, indicator.Code)] = deals.Where(deal => byId.ContainsKey(deal.ProjectId)).Sum(deal => deal.Share(d) * Measured(byId[deal.ProjectId], d)) / d.Scale;
        }
    }

    /// <summary>Every signing of the period credited to each unit: its subtree's, or for a resident office those of its part.</summary>
    public async Task<Dictionary<Guid, List<Credited>>> SigningsOfAsync(IReadOnlyList<AssessedUnit> units, AssessmentPeriod period, OfficeAttribution offices,
        CancellationToken ct)
    {
        var signed = await SignedAsync(period, ct);
        var result = units.Where(u => u.Kind != OrgKind.ResidentOffice).ToDictionary(u => u.OrgId,
            u => signed.Where(p => p.Path.StartsWith(u.Path, StringComparison.Ordinal)).Select(p => new Credited(p.Id, p.Contract, p.Area, 1m)).ToList());
        foreach (var (office, deals) in await OfficeSigningsAsync(units, period, offices, ct))
        {
            result[office] = deals;
        }
        return result;
    }

    /// <summary>
    /// Every part of the units that are resident offices, in activities up to the period's end (a first visit may be
    /// years before the signing): one row per enterprise the activity met (or one without an enterprise).
    /// </summary>
    internal async Task<List<Part>> PartsAsync(IReadOnlyList<AssessedUnit> units, AssessmentPeriod period, CancellationToken ct)
    {
        if (_parts is not null)
        {
            return _parts;
        }
        if (!units.Any(u => u.Kind == OrgKind.ResidentOffice))
        {
            return _parts = [];
        }
        var end = period.End;
        // Only the parts that can count: activities of the period (visits, inspections, trips), and earlier ones about
        // a project signed in the period or one of its investors (a first visit may be years before the signing). Each
        // is read from the activities' side, through an index that carries what is needed: by date, and by project or
        // enterprise with the date (the signings' ids as one parameter). From the offices' side, every part of every
        // year would be read: 3.3 s on SQLite for the 325,000-project dataset, against 0.5 s.
        var start = new DateOnly(period.Year, 1, 1);
        var signedIds = (await SignedAsync(period, ct)).Select(p => p.Id).ToList();
        var investorIds = (await InvestorsAsync(period, ct)).SelectMany(g => g.Select(i => i.EnterpriseId)).Distinct().ToList();
        var parts = from a in Facts<Activity>()
                    join o in Facts<ActivityOffice>() on a.Id equals o.ActivityId
                    select new { o.ActivityId, o.OrgId, o.Role, a.ProjectId, a.Kind, a.Date };
        var inPeriod = await parts.Where(x => x.Date >= start && x.Date <= end).ToListAsync(ct);
        var aboutProjects = signedIds.Count == 0 ? [] : await parts
            .Where(x => x.Date < start && x.ProjectId != null && EF.Parameter(signedIds).Contains(x.ProjectId.Value)).ToListAsync(ct);
        var aboutInvestors = investorIds.Count == 0 ? [] : await (from e in Facts<ActivityEnterprise>()
                                                                  where e.Date < start && EF.Parameter(investorIds).Contains(e.EnterpriseId)
                                                                  join x in parts on e.ActivityId equals x.ActivityId
                                                                  select x).ToListAsync(ct);
        // Every office's parts, assessed or not: only one of them made the first visit to an enterprise.
        var rows = inPeriod.Concat(aboutProjects).Concat(aboutInvestors).DistinctBy(x => (x.ActivityId, x.OrgId))
            .Select(x => new PartRow(x.ActivityId, x.OrgId, x.Role, x.ProjectId, x.Kind, x.Date)).ToList();
        // The enterprises each of those activities met, in batches of ids (a year's activities with an office's part).
        var activityIds = rows.Select(x => x.ActivityId).Distinct().ToList();
        var met = new List<(Guid ActivityId, Guid EnterpriseId)>();
        foreach (var batch in activityIds.Chunk(5_000))
        {
            met.AddRange((await Facts<ActivityEnterprise>().Where(e => EF.Parameter(batch).Contains(e.ActivityId))
                .Select(e => new { e.ActivityId, e.EnterpriseId }).ToListAsync(ct)).Select(e => (e.ActivityId, e.EnterpriseId)));
        }
        var enterprisesOf = met.ToLookup(x => x.ActivityId, x => x.EnterpriseId);
        var enterpriseIds = met.Select(x => x.EnterpriseId).Distinct().ToList();
        var strong = new HashSet<Guid>();
        foreach (var batch in enterpriseIds.Chunk(5_000))
        {
            strong.UnionWith(await Facts<Enterprise>().Where(e => e.IsStrong && EF.Parameter(batch).Contains(e.Id)).Select(e => e.Id).ToListAsync(ct));
        }
        _parts = rows.SelectMany(x => enterprisesOf[x.ActivityId].Select(e => (Guid?)e).DefaultIfEmpty(null)
            .Select(e => new Part(x.ActivityId, x.OrgId, x.Role, e, x.ProjectId, x.Kind, x.Date, e is { } id && strong.Contains(id)))).ToList();
        return _parts;
    }

    private sealed record PartRow(Guid ActivityId, Guid OrgId, OfficeRole Role, Guid? ProjectId, ActivityKind Kind, DateOnly Date);

    /// <summary>
    /// Every signing of the period each resident office among the units is credited with, at its weight (worked out once;
    /// indicators filter it). Only one office made the first visit to an enterprise (or about a project): the earliest
    /// first visit recorded; another office's claim to it counts as taking part.
    /// </summary>
    internal async Task<Dictionary<Guid, List<Credited>>> OfficeSigningsAsync(IReadOnlyList<AssessedUnit> units, AssessmentPeriod period,
        OfficeAttribution offices, CancellationToken ct)
    {
        if (_officeSignings is not null)
        {
            return _officeSignings;
        }
        if (!units.Any(u => u.Kind == OrgKind.ResidentOffice))
        {
            return _officeSignings = [];
        }
        var signed = await SignedAsync(period, ct);
        var parts = await PartsAsync(units, period, ct);
        var investors = await InvestorsAsync(period, ct);
        var firstOfEnterprise = FirstVisits.Earliest(parts, p => p.EnterpriseId, p => p.OrgId, p => p.Date, p => p.ActivityId, p => p.Role == OfficeRole.FirstVisit);
        var firstOfProject = FirstVisits.Earliest(parts, p => p.ProjectId, p => p.OrgId, p => p.Date, p => p.ActivityId, p => p.Role == OfficeRole.FirstVisit);
        decimal Weight(Part x, Guid key, Dictionary<Guid, Guid> first) =>
            x.Role == OfficeRole.FirstVisit && first.GetValueOrDefault(key) != x.OrgId ? 0 : offices.Weight(x.Role);
        var result = new Dictionary<Guid, List<Credited>>();
        foreach (var office in units.Where(u => u.Kind == OrgKind.ResidentOffice).Select(u => u.OrgId))
        {
            // The office's best part per project and per enterprise, then each signing at the best part it reaches.
            var mine = parts.Where(x => x.OrgId == office).ToList();
            var byProject = mine.Where(x => x.ProjectId is not null).GroupBy(x => x.ProjectId!.Value)
                .ToDictionary(g => g.Key, g => g.Max(x => Weight(x, g.Key, firstOfProject)));
            var byEnterprise = mine.Where(x => x.EnterpriseId is not null).GroupBy(x => x.EnterpriseId!.Value)
                .ToDictionary(g => g.Key, g => g.Max(x => Weight(x, g.Key, firstOfEnterprise)));
            result[office] = signed.Select(deal =>
            {
                var weight = Math.Max(byProject.GetValueOrDefault(deal.Id), investors[deal.Id].Select(i => byEnterprise.GetValueOrDefault(i.EnterpriseId)).DefaultIfEmpty(0).Max());
                return new Credited(deal.Id, deal.Contract, deal.Area, weight);
            }).Where(x => x.Weight > 0).ToList();
        }
        return _officeSignings = result;
    }

    private async Task ActivitiesAsync(IReadOnlyList<AssessedUnit> units, Indicator indicator, AssessmentPeriod period,
        Dictionary<(Guid, string), decimal?> result, CancellationToken ct)
    {
        var d = indicator.Definition;
        var kinds = (d.ActivityKinds ?? []).Select(k => Enum.Parse<ActivityKind>(k, ignoreCase: true)).ToHashSet();
        var start = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        var offices = d.Attribution == Attribution.Offices ? (await PartsAsync(units, period, ct)).Where(p => p.Date >= start && kinds.Contains(p.Kind)).ToList() : [];
        if (d.Aggregation == Aggregation.DistinctEnterprises)
        {
            _met ??= (await Facts<ActivityEnterprise>().Where(a => a.Date >= start && a.Date <= end)
                .Select(a => new { a.OrgPath, a.Kind, a.EnterpriseId, Strong = db.Enterprises.Any(e => e.Id == a.EnterpriseId && e.IsStrong) })
                .Distinct().ToListAsync(ct)).Select(x => new Met(x.OrgPath, x.Kind, x.EnterpriseId, x.Strong)).ToList();
            var met = _met.Where(m => kinds.Contains(m.Kind) && (d.StrongEnterprise != true || m.Strong)).ToList();
            foreach (var unit in units)
            {
                result[(unit.OrgId, indicator.Code)] = unit.Kind == OrgKind.ResidentOffice && d.Attribution == Attribution.Offices
                    ? offices.Where(x => x.OrgId == unit.OrgId && x.EnterpriseId is not null && (d.StrongEnterprise != true || x.Strong)).Select(x => x.EnterpriseId).Distinct().Count()
                    : met.Where(x => x.Path.StartsWith(unit.Path, StringComparison.Ordinal)).Select(x => x.EnterpriseId).Distinct().Count();
            }
            return;
        }
        if (d.StrongEnterprise == true)
        {
            throw new NotSupportedException($"Indicator {indicator.Code}: a count of activities with strong enterprises only is not supported; count the distinct enterprises.");
        }
        if (d.Attribution == Attribution.Own)
        {
            // The unit's own activities (a leader's trip is its leader's), and those a principal leader heading it too counts for it.
            _own ??= (await Facts<Activity>().Where(a => a.Date >= start && a.Date <= end)
                .GroupBy(a => new { a.OrgId, a.JointOrgId, a.Kind }).Select(g => new { g.Key.OrgId, g.Key.JointOrgId, g.Key.Kind, Count = g.Count() }).ToListAsync(ct))
                .Select(x => (x.OrgId, x.JointOrgId, x.Kind, x.Count)).ToList();
            foreach (var unit in units)
            {
                result[(unit.OrgId, indicator.Code)] = _own.Where(a => kinds.Contains(a.Kind) && (a.OrgId == unit.OrgId || a.JointOrgId == unit.OrgId)).Sum(a => a.Count);
            }
            return;
        }
        _activities ??= (await Facts<Activity>().Where(a => a.Date >= start && a.Date <= end)
            .GroupBy(a => new { a.OrgPath, a.Kind }).Select(g => new { g.Key.OrgPath, g.Key.Kind, Count = g.Count() }).ToListAsync(ct))
            .Select(x => (x.OrgPath, x.Kind, x.Count)).ToList();
        Spread(units, indicator, _activities.Where(a => kinds.Contains(a.Kind)).Select(a => (a.Path, (decimal)a.Count)), result);
        foreach (var unit in units.Where(u => u.Kind == OrgKind.ResidentOffice && d.Attribution == Attribution.Offices))
        {
            result[(unit.OrgId, indicator.Code)] = offices.Where(x => x.OrgId == unit.OrgId).Select(x => x.ActivityId).Distinct().Count();
        }
    }

    /// <summary>Each unit gets the sum of the groups under its path, in the indicator's unit.</summary>
    private static void Spread(IReadOnlyList<AssessedUnit> units, Indicator indicator, IEnumerable<(string Path, decimal Sum)> groups,
        Dictionary<(Guid, string), decimal?> result)
    {
        var d = indicator.Definition;
        var list = groups.ToList();
        foreach (var unit in units)
        {
            result[(unit.OrgId, indicator.Code)] = list.Where(g => g.Path.StartsWith(unit.Path, StringComparison.Ordinal)).Sum(g => g.Sum) / d.Scale;
        }
    }

    /// <summary>
    /// Seed 002: "报送项目线索，纳入市委、市政府主要领导外出招商考察，每家企业加 1 分" — the enterprises of each unit's
    /// reported leads that a principal leaders' trip of the city took up from 1 January (each enterprise once).
    /// </summary>
    public async Task<Dictionary<Guid, int>> LeadsAdoptedAsync(IReadOnlyList<AssessedUnit> units, AssessmentPeriod period, CancellationToken ct)
    {
        var members = units.Select(u => u.OrgId).ToList();
        var start = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        var pairs = await (from x in Facts<ActivityLead>()
                           join a in Facts<Activity>() on x.ActivityId equals a.Id
                           join l in Facts<Lead>() on x.LeadId equals l.Id
                           where members.Contains(l.OrgId) && a.Kind == ActivityKind.LeaderTrip && a.Leader == LeaderRank.Principal && a.Date >= start && a.Date <= end
                           select new { l.OrgId, l.EnterpriseId }).Distinct().ToListAsync(ct);
        return pairs.GroupBy(p => p.OrgId).ToDictionary(g => g.Key, g => g.Count());
    }
}
