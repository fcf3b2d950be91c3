using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>A unit the assessment computes for: its org (path and kind decide which facts are its own).</summary>
public sealed record AssessedUnit(Guid OrgId, string Path, OrgKind Kind);

/// <summary>
/// How much of a signing a resident office is credited with (seed 002): the first visit to the investor 100 %, an
/// accompanied inspection 50 %. The 2023 rule; yearly rule versions carry it as data.
/// </summary>
public sealed record OfficeAttribution(decimal FirstVisit, decimal Accompanied)
{
    public static readonly OfficeAttribution Seed002 = new(1m, 0.5m);

    public decimal Weight(OfficeRole role) => role == OfficeRole.FirstVisit ? FirstVisit : Accompanied;
}

/// <summary>
/// Computes indicators from the ledger's facts for a set of units, from 1 January to the end of a period. Each fact
/// family is one grouped query per distinct filter (the database adds up, by org path); a unit's figure is then the
/// sum over its subtree. Distinct counts (enterprises) are kept as pairs and counted per unit, since an enterprise
/// seen by two subunits is one enterprise of their parent. Resident offices are credited through their part in
/// activities, not by path: activities they took part in, and signings of the enterprises they visited first (100 %)
/// or accompanied (50 %).
/// </summary>
public sealed class Actuals(AppDb db)
{
    public async Task<Dictionary<(Guid OrgId, string Code), decimal?>> ComputeAsync(IReadOnlyList<AssessedUnit> units, IReadOnlyList<Indicator> indicators,
        AssessmentPeriod period, OfficeAttribution offices, CancellationToken ct)
    {
        var from = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        var result = new Dictionary<(Guid, string), decimal?>();
        foreach (var indicator in indicators.Where(i => i.Definition.Fact != "ratio"))
        {
            var d = indicator.Definition;
            switch (d.Fact)
            {
                case "funds":
                    var funds = await Funds(period, d.Projects).GroupBy(f => f.OrgPath).Select(g => new { g.Key, Sum = g.Sum(f => f.AmountYuan) }).ToListAsync(ct);
                    Spread(units, indicator, funds.Select(f => (f.Key, (decimal)f.Sum)), d, result);
                    break;
                case "signings":
                    await SigningsAsync(units, indicator, from, end, offices, result, ct);
                    break;
                case "activities":
                    await ActivitiesAsync(units, indicator, from, end, result, ct);
                    break;
                default: // manual: entered by hand, not computed
                    foreach (var unit in units)
                    {
                        result[(unit.OrgId, indicator.Code)] = null;
                    }
                    break;
            }
        }
        Ratios(result, units, indicators);
        return result;
    }

    /// <summary>Each ratio indicator from its two parts (computed first), as a percentage; none where the denominator is 0.</summary>
    public static void Ratios(Dictionary<(Guid OrgId, string Code), decimal?> result, IReadOnlyList<AssessedUnit> units, IReadOnlyList<Indicator> indicators)
    {
        var codes = indicators.Select(i => i.Code).ToHashSet();
        foreach (var indicator in indicators.Where(i => i.Definition.Fact == "ratio"))
        {
            var d = indicator.Definition;
            if (d.Numerator is not { } numerator || d.Denominator is not { } denominator || !codes.Contains(numerator) || !codes.Contains(denominator))
            {
                throw new InvalidOperationException($"The ratio {indicator.Code} needs {d.Numerator} and {d.Denominator} computed with it.");
            }
            foreach (var unit in units)
            {
                result[(unit.OrgId, indicator.Code)] = result.GetValueOrDefault((unit.OrgId, numerator)) is { } n
                    && result.GetValueOrDefault((unit.OrgId, denominator)) is { } den && den != 0 ? n / den * 100 : null;
            }
        }
    }

    private IQueryable<FundEntry> Funds(AssessmentPeriod period, ProjectCriteria? criteria)
    {
        var funds = db.FundEntries.AsNoTracking().Where(f => f.Year == period.Year && f.Month <= period.Month);
        if (criteria is null)
        {
            return funds;
        }
        var projects = Matching(db.Projects.AsNoTracking(), criteria);
        return funds.Where(f => projects.Any(p => p.Id == f.ProjectId));
    }

    private static IQueryable<Project> Matching(IQueryable<Project> projects, ProjectCriteria? c)
    {
        if (c is null)
        {
            return projects;
        }
        if (c.Industrial is { } industrial)
        {
            projects = projects.Where(p => p.IsIndustrial == industrial);
        }
        if (c.HqEconomy is { } hq)
        {
            projects = projects.Where(p => p.IsHqEconomy == hq);
        }
        if (c.DigitalEconomy is { } digital)
        {
            projects = projects.Where(p => p.IsDigitalEconomy == digital);
        }
        if (c.CentralSoe is { } soe)
        {
            projects = projects.Where(p => p.IsCentralSoeProject == soe);
        }
        if (c.MinInvestmentYuan is { } min)
        {
            projects = projects.Where(p => (p.ContractAmountYuan ?? p.AgreedInvestmentYuan) >= min);
        }
        return projects;
    }

    private async Task SigningsAsync(IReadOnlyList<AssessedUnit> units, Indicator indicator, DateOnly from, DateOnly end, OfficeAttribution offices,
        Dictionary<(Guid, string), decimal?> result, CancellationToken ct)
    {
        var d = indicator.Definition;
        var signed = Matching(db.Projects.AsNoTracking(), d.Projects).Where(p => p.ContractDate >= from && p.ContractDate <= end);
        if (d.Aggregation == "distinctEnterprises")
        {
            var investors = db.ProjectInvestors.AsNoTracking();
            var enterprises = db.Enterprises.AsNoTracking().Where(e => d.StrongEnterprise != true || e.IsStrong);
            var pairs = await (from p in signed
                               join i in investors on p.Id equals i.ProjectId
                               join e in enterprises on i.EnterpriseId equals e.Id
                               select new { p.OrgPath, i.EnterpriseId }).Distinct().ToListAsync(ct);
            foreach (var unit in units)
            {
                result[(unit.OrgId, indicator.Code)] = pairs.Where(x => x.OrgPath.StartsWith(unit.Path, StringComparison.Ordinal))
                    .Select(x => x.EnterpriseId).Distinct().Count();
            }
            return;
        }
        var sums = d.Aggregation == "count"
            ? await signed.GroupBy(p => p.OrgPath).Select(g => new { g.Key, Sum = (decimal)g.Count() }).ToListAsync(ct)
            : d.Measure == "factoryArea"
                ? await signed.GroupBy(p => p.OrgPath).Select(g => new { g.Key, Sum = g.Sum(p => p.FactoryAreaM2 ?? 0) }).ToListAsync(ct)
                : await signed.GroupBy(p => p.OrgPath).Select(g => new { g.Key, Sum = (decimal)g.Sum(p => p.ContractAmountYuan ?? 0) }).ToListAsync(ct);
        Spread(units, indicator, sums.Select(s => (s.Key, s.Sum)), d, result);
        if (!units.Any(u => u.Kind == OrgKind.ResidentOffice))
        {
            return;
        }

        // Resident offices: each signing of an enterprise (or project) they took part in, at the weight of their part.
        var credited = await OfficeSigningsAsync(units, signed, end, offices, ct);
        foreach (var (office, deals) in credited)
        {
            var credit = deals.Sum(deal => deal.Weight * (d.Aggregation == "count" ? 1m : d.Measure == "factoryArea" ? deal.FactoryAreaM2 : deal.ContractYuan));
            result[(office, indicator.Code)] = credit / d.Scale;
        }
    }

    /// <summary>A signing credited to a unit, at a weight (1 for its own; a resident office's part otherwise).</summary>
    public sealed record Credited(Guid ProjectId, decimal ContractYuan, decimal FactoryAreaM2, decimal Weight);

    /// <summary>Every signing of the period credited to each unit: its subtree's, or for a resident office those of its part.</summary>
    public async Task<Dictionary<Guid, List<Credited>>> SigningsOfAsync(IReadOnlyList<AssessedUnit> units, AssessmentPeriod period, OfficeAttribution offices,
        CancellationToken ct)
    {
        var from = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        var signed = db.Projects.AsNoTracking().Where(p => p.ContractDate >= from && p.ContractDate <= end);
        var own = await signed.Select(p => new { p.Id, p.OrgPath, Amount = p.ContractAmountYuan ?? 0, Area = p.FactoryAreaM2 ?? 0 }).ToListAsync(ct);
        var result = units.Where(u => u.Kind != OrgKind.ResidentOffice).ToDictionary(u => u.OrgId,
            u => own.Where(p => p.OrgPath.StartsWith(u.Path, StringComparison.Ordinal)).Select(p => new Credited(p.Id, p.Amount, p.Area, 1m)).ToList());
        foreach (var (office, deals) in await OfficeSigningsAsync(units, signed, end, offices, ct))
        {
            result[office] = deals;
        }
        return result;
    }

    private async Task<Dictionary<Guid, List<Credited>>> OfficeSigningsAsync(IReadOnlyList<AssessedUnit> units, IQueryable<Project> signed, DateOnly end,
        OfficeAttribution offices, CancellationToken ct)
    {
        var officeIds = units.Where(u => u.Kind == OrgKind.ResidentOffice).Select(u => u.OrgId).ToList();
        if (officeIds.Count == 0)
        {
            return [];
        }
        // A first visit may be years before the signing: every part up to the period's end counts.
        var parts = await (from o in db.ActivityOffices.AsNoTracking()
                           join a in db.Activities.AsNoTracking() on o.ActivityId equals a.Id
                           where officeIds.Contains(o.OrgId) && a.Date <= end
                           select new { o.OrgId, o.Role, a.EnterpriseId, a.ProjectId }).ToListAsync(ct);
        var deals = await signed.Select(p => new { p.Id, Amount = p.ContractAmountYuan ?? 0, Area = p.FactoryAreaM2 ?? 0 }).ToListAsync(ct);
        var dealIds = deals.Select(x => x.Id).ToList();
        var investorsOf = (await db.ProjectInvestors.AsNoTracking().Where(i => dealIds.Contains(i.ProjectId)).ToListAsync(ct))
            .ToLookup(i => i.ProjectId, i => i.EnterpriseId);
        var result = new Dictionary<Guid, List<Credited>>();
        foreach (var office in officeIds)
        {
            var mine = parts.Where(x => x.OrgId == office).ToList();
            result[office] = deals.Select(deal =>
            {
                var roles = mine.Where(x => x.ProjectId == deal.Id || (x.EnterpriseId is { } e && investorsOf[deal.Id].Contains(e))).Select(x => x.Role).ToList();
                return new Credited(deal.Id, deal.Amount, deal.Area, roles.Count == 0 ? 0 : roles.Max(offices.Weight));
            }).Where(x => x.Weight > 0).ToList();
        }
        return result;
    }

    private async Task ActivitiesAsync(IReadOnlyList<AssessedUnit> units, Indicator indicator, DateOnly from, DateOnly end,
        Dictionary<(Guid, string), decimal?> result, CancellationToken ct)
    {
        var d = indicator.Definition;
        var kinds = (d.ActivityKinds ?? []).Select(k => Enum.Parse<ActivityKind>(k, ignoreCase: true)).ToList();
        var activities = db.Activities.AsNoTracking().Where(a => a.Date >= from && a.Date <= end && kinds.Contains(a.Kind));
        if (d.StrongEnterprise == true)
        {
            activities = activities.Where(a => db.Enterprises.Any(e => e.Id == a.EnterpriseId && e.IsStrong));
        }
        var offices = db.ActivityOffices.AsNoTracking();
        if (d.Aggregation == "distinctEnterprises")
        {
            var byPath = await activities.Where(a => a.EnterpriseId != null).Select(a => new { a.OrgPath, a.EnterpriseId }).Distinct().ToListAsync(ct);
            var byOffice = await (from a in activities.Where(a => a.EnterpriseId != null) join o in offices on a.Id equals o.ActivityId
                                  select new { o.OrgId, a.EnterpriseId }).Distinct().ToListAsync(ct);
            foreach (var unit in units)
            {
                result[(unit.OrgId, indicator.Code)] = unit.Kind == OrgKind.ResidentOffice && d.Attribution == "offices"
                    ? byOffice.Where(x => x.OrgId == unit.OrgId).Select(x => x.EnterpriseId).Distinct().Count()
                    : byPath.Where(x => x.OrgPath.StartsWith(unit.Path, StringComparison.Ordinal)).Select(x => x.EnterpriseId).Distinct().Count();
            }
            return;
        }
        var counts = await activities.GroupBy(a => a.OrgPath).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Spread(units, indicator, counts.Select(c => (c.Key, (decimal)c.Count)), d, result);
        if (d.Attribution == "offices")
        {
            var byOffice = await (from a in activities join o in offices on a.Id equals o.ActivityId group a by o.OrgId into g select new { g.Key, Count = g.Count() })
                .ToListAsync(ct);
            foreach (var unit in units.Where(u => u.Kind == OrgKind.ResidentOffice))
            {
                result[(unit.OrgId, indicator.Code)] = byOffice.Where(x => x.Key == unit.OrgId).Sum(x => x.Count);
            }
        }
    }

    /// <summary>Each unit gets the sum of the groups under its path, in the indicator's unit.</summary>
    private static void Spread(IReadOnlyList<AssessedUnit> units, Indicator indicator, IEnumerable<(string Path, decimal Sum)> groups, IndicatorDefinition d,
        Dictionary<(Guid, string), decimal?> result)
    {
        var list = groups.ToList();
        foreach (var unit in units)
        {
            result[(unit.OrgId, indicator.Code)] = list.Where(g => g.Path.StartsWith(unit.Path, StringComparison.Ordinal)).Sum(g => g.Sum) / d.Scale;
        }
    }
}
