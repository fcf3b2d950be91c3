namespace Zhaoshang.Web.Features.Projects;

/// <summary>A project's dates the rates read: its signing, its start and its production (any may be missing).</summary>
public sealed record RateDates(DateOnly? ContractDate, DateOnly? StartDate, DateOnly? ProductionDate);

/// <summary>
/// The rates of a set of projects over a period, as <see cref="ProjectRates"/> defines them: counts, the three rates in
/// per cent (none without projects to divide by), and the mean days from signing to start and from start to production.
/// </summary>
public sealed record RateSet(int Signed, int Started, int Operating, int SignedInPeriod, int StartedInPeriod, int NewSignedStarted,
    decimal? StartRate, decimal? ProductionRate, decimal? NewSigningStartRate, decimal? DaysToStart, decimal? DaysToProduction)
{
    public static readonly RateSet Empty = new(0, 0, 0, 0, 0, 0, null, null, null, null, null);
}

/// <summary>
/// 开工率, 投产率 and the new-signing start rate, defined once for the assessment, the dispatch report and the cockpit
/// (DOMAIN.md; seed 001: 71.3 % and 23.4 %; seed 004: 2025's 797 signed, 696 started, new signings started 65 %):
/// <list type="bullet">
/// <item>signed: projects signed by the period's end; started and operating: of those, started (in production) by then;</item>
/// <item>开工率 = started / signed; 投产率 = operating / signed;</item>
/// <item>signed in the period, started in the period (whenever signed), and 新签约项目开工率 = of the period's signings, those
/// started by its end / the period's signings;</item>
/// <item>days from signing to start: the mean over the projects started in the period; from start to production: over those
/// that went into production in it.</item>
/// </list>
/// </summary>
public static class ProjectRates
{
    public static RateSet Of(IEnumerable<RateDates> projects, DateOnly from, DateOnly to)
    {
        int signed = 0, started = 0, operating = 0, signedIn = 0, startedIn = 0, newStarted = 0;
        long toStartDays = 0, toProductionDays = 0;
        int toStartCount = 0, toProductionCount = 0;
        foreach (var p in projects)
        {
            if (p.StartDate is { } s && s >= from && s <= to)
            {
                startedIn++;
                if (p.ContractDate is { } c0 && c0 <= s)
                {
                    toStartDays += s.DayNumber - c0.DayNumber;
                    toStartCount++;
                }
            }
            if (p.ProductionDate is { } pd && pd >= from && pd <= to && p.StartDate is { } s0 && s0 <= pd)
            {
                toProductionDays += pd.DayNumber - s0.DayNumber;
                toProductionCount++;
            }
            if (p.ContractDate is not { } c || c > to)
            {
                continue;
            }
            signed++;
            var hasStarted = p.StartDate <= to;
            started += hasStarted ? 1 : 0;
            operating += p.ProductionDate <= to ? 1 : 0;
            if (c >= from)
            {
                signedIn++;
                newStarted += hasStarted ? 1 : 0;
            }
        }
        return new RateSet(signed, started, operating, signedIn, startedIn, newStarted, Percent(started, signed), Percent(operating, signed),
            Percent(newStarted, signedIn), Mean(toStartDays, toStartCount), Mean(toProductionDays, toProductionCount));
    }

    /// <summary>A share in per cent, exact (a report prints it to one decimal: 65.0 %); none of nothing.</summary>
    public static decimal? Percent(int part, int whole) => whole == 0 ? null : 100m * part / whole;

    private static decimal? Mean(long days, int count) => count == 0 ? null : Math.Round((decimal)days / count, 1, MidpointRounding.AwayFromZero);
}
