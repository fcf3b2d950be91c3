using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zhaoshang.Web.Features.Assessment;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Bench;

/// <summary>
/// Recomputing every indicator of seed 002 for every Guiyang unit over a generated year (2023) through the real
/// <see cref="Actuals"/> in process, against the same figures computed by hand: one GROUP BY per fact table with
/// conditional sums, distinct pairs for the distinct counts, the resident offices' parts, rolled up per unit the
/// same way. Both results must agree to the digit.
/// </summary>
public static class AssessmentBench
{
    private const int Year = 2023;
    private const decimal Yi = 100_000_000m;

    public static async Task RunAsync(BenchOptions options)
    {
        var load = await Report.WaitForQuietAsync();
        var md = new StringBuilder(Report.Heading("assessment", options.Provider, options.Label(), load));
        md.Append("\n| projects | fact rows of 2023 | units × indicators | EF p50 s | EF max s | hand p50 s | EF/hand p50 | ≤ 2 s | ≤ 2× |\n")
            .Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        foreach (var projects in options.Projects)
        {
            var dataset = await Dataset.EnsureAsync(options.Provider, projects, options.Seed, options.Regenerate);
            await using var app = new BenchApp(dataset);
            var units = await app.WithDbAsync(d => d.Orgs.AsNoTracking().Where(o => o.Path.StartsWith("/520000/520100/") && o.Kind != OrgKind.LeadingGroupOffice)
                .Select(o => new AssessedUnit(o.Id, o.Path, o.Kind)).ToListAsync());
            var indicators = Indicator.Guiyang2023();
            var period = AssessmentPeriod.Parse(Year, "year");
            var facts = await app.WithDbAsync(async d =>
                await d.FundEntries.CountAsync(f => f.Year == Year)
                + await d.Projects.CountAsync(p => p.ContractDate >= new DateOnly(Year, 1, 1) && p.ContractDate <= new DateOnly(Year, 12, 31))
                + await d.Activities.CountAsync(a => a.Date >= new DateOnly(Year, 1, 1) && a.Date <= new DateOnly(Year, 12, 31)));
            var hand = new HandAssessment(dataset);

            // The ledger's facts as the engine reads them, then each ratio from its parts as the scorer takes it (no hand-entered figures here).
            Task<Dictionary<(Guid OrgId, string Code), decimal?>> Ef() => app.WithDbAsync(async d =>
            {
                var figures = await new Actuals(d).ComputeAsync(units, indicators, period, OfficeAttribution.Seed002, CancellationToken.None);
                foreach (var ratio in indicators.Where(i => i.Definition.Fact == FactKind.Ratio))
                {
                    foreach (var unit in units)
                    {
                        figures[(unit.OrgId, ratio.Code)] = Scorer.Ratio(figures.GetValueOrDefault((unit.OrgId, ratio.Definition.Numerator!)),
                            figures.GetValueOrDefault((unit.OrgId, ratio.Definition.Denominator!)));
                    }
                }
                return figures;
            });

            // Warm both once, and check they agree.
            var ef = await Ef();
            var byHand = await hand.ComputeAsync(units);
            var differences = byHand.Where(h => ef.GetValueOrDefault(h.Key) is var e && (e is null ? h.Value != 0 : Math.Round(e.Value, 6) != Math.Round(h.Value, 6)))
                .Select(h => $"{h.Key.Code}@{units.First(u => u.OrgId == h.Key.OrgId).Path}: EF {ef.GetValueOrDefault(h.Key)} hand {h.Value}").ToList();
            if (differences.Count > 0)
            {
                throw new InvalidOperationException("EF and the hand-written SQL disagree:\n" + string.Join("\n", differences.Take(20)));
            }
            Console.WriteLine($"  {dataset.Key}: {facts:N0} fact rows; EF and hand agree on {byHand.Count:N0} figures");

            var efTimes = new List<double>();
            var handTimes = new List<double>();
            for (var i = 0; i < Math.Max(3, Math.Min(options.Iterations, 7)); i++)
            {
                foreach (var first in new[] { i % 2 == 0, i % 2 != 0 })
                {
                    var watch = Stopwatch.StartNew();
                    if (first)
                    {
                        await Ef();
                        efTimes.Add(watch.Elapsed.TotalSeconds);
                    }
                    else
                    {
                        await hand.ComputeAsync(units);
                        handTimes.Add(watch.Elapsed.TotalSeconds);
                    }
                }
            }
            var efP50 = Median(efTimes);
            var handP50 = Median(handTimes);
            Console.WriteLine($"  EF p50 {efP50:F2} s (max {efTimes.Max():F2}), hand p50 {handP50:F2} s");
            md.Append($"| {projects:N0} | {facts:N0} | {units.Count} × {indicators.Count} | {efP50:F2} | {efTimes.Max():F2} | {handP50:F2} | {Report.F(efP50 / handP50)}× | ")
                .Append($"{(efTimes.Max() <= 2 ? "yes" : "**no**")} | {(efP50 / handP50 <= 2 ? "yes" : "**no**")} |\n");
        }
        md.Append($"\nEach run: every indicator of seed 002 (sixteen, and the three manual standard-factory rates) for every unit under 贵阳市, year {Year} up to 31 December; runs alternate which goes first.\n");
        Report.Append("assessment", options.Provider, md.ToString());
    }

    /// <summary>
    /// The monthly bulletin for 50 units in all three formats, on a copy of the dataset given seed 002's 2023 targets
    /// and rules (as the demo loads them): December, open, so its figures are computed live — the slow case (a closed
    /// month's come from its snapshot).
    /// </summary>
    public static async Task RunBulletinAsync(BenchOptions options)
    {
        var load = await Report.WaitForQuietAsync();
        var md = new StringBuilder(Report.Heading("bulletin", options.Provider, options.Label(), load));
        md.Append("\n| projects | units | html KB | docx KB | xlsx KB | p50 s (all three) | max s | ≤ 3 s |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var projects in options.Projects)
        {
            var cached = await Dataset.EnsureAsync(options.Provider, projects, options.Seed, options.Regenerate);
            var run = await cached.CopyForRunAsync("bulletin");
            try
            {
                await using var app = new BenchApp(run);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await DemoTargets.SeedAsync(scope.ServiceProvider);
                }
                var times = new List<double>();
                (int Units, long Html, long Docx, long Xlsx) sizes = default;
                for (var i = 0; i < Math.Max(3, Math.Min(options.Iterations, 7)); i++)
                {
                    app.Services.GetRequiredService<AssessmentCache>().Clear(); // computed live each run, as after a change
                    await using var scope = app.Services.CreateAsyncScope();
                    var watch = Stopwatch.StartNew();
                    var bulletin = await scope.ServiceProvider.GetRequiredService<AssessmentService>().BulletinAsync(Year, 12);
                    var html = bulletin.ToHtml();
                    using var docx = new MemoryStream();
                    bulletin.WriteDocx(docx, new Zhaoshang.Web.Shared.Documents.DocumentHeading("贵阳市产业大招商领导小组办公室", "筑招商通〔2024〕1号", new DateOnly(2024, 1, 5)));
                    using var xlsx = new MemoryStream();
                    bulletin.WriteXlsx(xlsx);
                    times.Add(watch.Elapsed.TotalSeconds);
                    sizes = (bulletin.Tables.Sum(t => t.Rows.Count), Encoding.UTF8.GetByteCount(html), docx.Length, xlsx.Length);
                }
                Console.WriteLine($"  {cached.Key}: bulletin of {sizes.Units} units, p50 {Median(times):F2} s (max {times.Max():F2})");
                md.Append($"| {projects:N0} | {sizes.Units} | {sizes.Html / 1024} | {sizes.Docx / 1024} | {sizes.Xlsx / 1024} | {Median(times):F2} | {times.Max():F2} | {(times.Max() <= 3 ? "yes" : "**no**")} |\n");
            }
            finally
            {
                await run.DropRunCopyAsync();
            }
        }
        md.Append($"\nEach run: `AssessmentService.BulletinAsync({Year}, 12)` (the assessment computed live, scored under the rules) and the page, the .docx and the .xlsx written.\n");
        Report.Append("bulletin", options.Provider, md.ToString());
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>The same figures by hand: three scans and the pairs, rolled up per unit in memory.</summary>
    private sealed class HandAssessment(Dataset dataset)
    {
        private bool Sqlite => dataset.Provider == Provider.Sqlite;

        private DbConnection Connection() => Sqlite ? new SqliteConnection(dataset.ConnectionString) : new NpgsqlConnection(dataset.ConnectionString);

        private object Date(DateOnly d) => Sqlite ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d;

        private async Task<List<object?[]>> SqliteFundsAsync(DbConnection connection) => await RowsAsync(connection, """
            SELECT g."OrgPath", SUM(g."Sum"), SUM(CASE WHEN g."ProjectId" IN (SELECT p."Id" FROM "Projects" p WHERE p."IsIndustrial") THEN g."Sum" ELSE 0 END)
            FROM (SELECT f."OrgPath", f."ProjectId", SUM(f."AmountYuan") AS "Sum" FROM "FundEntries" f WHERE f."Year" = @year AND f."Month" <= 12
                  GROUP BY f."OrgPath", f."ProjectId") g
            GROUP BY g."OrgPath"
            """, ("year", Year));

        public async Task<Dictionary<(Guid OrgId, string Code), decimal>> ComputeAsync(List<AssessedUnit> units)
        {
            await using var connection = Connection();
            await connection.OpenAsync();
            var from = new DateOnly(Year, 1, 1);
            var end = new DateOnly(Year, 12, 31);
            var result = new Dictionary<(Guid, string), decimal>();

            // SQLite, without statistics, looks each entry's project up by its primary key in a join: the entries are
            // summed per unit and project, and each project tested against the list of industrial ones.
            var funds = Sqlite
                ? await SqliteFundsAsync(connection)
                : await RowsAsync(connection, """
                    SELECT f."OrgPath", SUM(f."AmountYuan"), SUM(CASE WHEN p."IsIndustrial" THEN f."AmountYuan" ELSE 0 END)
                    FROM "FundEntries" f JOIN "Projects" p ON p."Id" = f."ProjectId"
                    WHERE f."Year" = @year AND f."Month" <= 12
                    GROUP BY f."OrgPath"
                    """, ("year", Year));
            var signings = await RowsAsync(connection, """
                SELECT p."OrgPath",
                    SUM(COALESCE(p."ContractAmountYuan", 0)),
                    SUM(CASE WHEN p."IsIndustrial" THEN COALESCE(p."ContractAmountYuan", 0) ELSE 0 END),
                    SUM(CASE WHEN p."IsCentralSoeProject" THEN COALESCE(p."ContractAmountYuan", 0) ELSE 0 END),
                    SUM(CASE WHEN p."IsHqEconomy" THEN 1 ELSE 0 END),
                    SUM(CASE WHEN p."IsDigitalEconomy" THEN 1 ELSE 0 END),
                    SUM(CASE WHEN ind."IsManufacturing" AND COALESCE(p."ContractAmountYuan", p."AgreedInvestmentYuan") >= 300000000 THEN 1 ELSE 0 END),
                    SUM(COALESCE(p."FactoryAreaM2", 0))
                FROM "Projects" p LEFT JOIN "Industries" ind ON ind."Name" = p."Industry"
                WHERE p."ContractDate" >= @from AND p."ContractDate" <= @end
                GROUP BY p."OrgPath"
                """, ("from", Date(from)), ("end", Date(end)));
            // A leader's trip counts for the unit whose leader made it, and the district or zone one principal leader heads too.
            var trips = await RowsAsync(connection, """
                SELECT a."OrgId", a."JointOrgId", COUNT(*) FROM "Activities" a
                WHERE a."Date" >= @from AND a."Date" <= @end AND a."Kind" = 'LeaderTrip'
                GROUP BY a."OrgId", a."JointOrgId"
                """, ("from", Date(from)), ("end", Date(end)));
            var investors = await RowsAsync(connection, """
                SELECT DISTINCT p."OrgPath", i."EnterpriseId"
                FROM "Projects" p JOIN "ProjectInvestors" i ON i."ProjectId" = p."Id" JOIN "Enterprises" e ON e."Id" = i."EnterpriseId"
                WHERE p."ContractDate" >= @from AND p."ContractDate" <= @end AND e."IsStrong"
                """, ("from", Date(from)), ("end", Date(end)));
            var met = await RowsAsync(connection, """
                SELECT DISTINCT a."OrgPath", a."Kind", a."EnterpriseId", e."IsStrong"
                FROM "ActivityEnterprises" a JOIN "Enterprises" e ON e."Id" = a."EnterpriseId"
                WHERE a."Date" >= @from AND a."Date" <= @end AND a."Kind" IN ('Visit', 'Inspection')
                """, ("from", Date(from)), ("end", Date(end)));
            // The offices' parts that can count: the year's, and earlier ones about a project signed in the year or one of its investors.
            const string part = """
                SELECT o."OrgId", o."Role", ae."EnterpriseId", a."ProjectId", a."Kind", a."Date", e."IsStrong", o."ActivityId"
                FROM "Activities" a JOIN "ActivityOffices" o ON o."ActivityId" = a."Id"
                LEFT JOIN "ActivityEnterprises" ae ON ae."ActivityId" = a."Id" LEFT JOIN "Enterprises" e ON e."Id" = ae."EnterpriseId"
                """;
            var parts = (await RowsAsync(connection, part + """ WHERE a."Date" >= @from AND a."Date" <= @end""", ("from", Date(from)), ("end", Date(end))))
                .Concat(await RowsAsync(connection, part + """
                     WHERE a."Date" < @from AND a."ProjectId" IN (SELECT p."Id" FROM "Projects" p WHERE p."ContractDate" >= @from AND p."ContractDate" <= @end)
                    """, ("from", Date(from)), ("end", Date(end))))
                .Concat(await RowsAsync(connection, part + """
                     WHERE a."Date" < @from AND ae."EnterpriseId" IN (SELECT i."EnterpriseId" FROM "ProjectInvestors" i JOIN "Projects" p ON p."Id" = i."ProjectId"
                        WHERE p."ContractDate" >= @from AND p."ContractDate" <= @end)
                    """, ("from", Date(from)), ("end", Date(end))))
                .DistinctBy(r => (Id(r[7]), Id(r[0]), r[2] is null ? Guid.Empty : Id(r[2]))).ToList();
            // Only the earliest first visit to an enterprise (or about a project) is one: another office's claim is taking part.
            Dictionary<Guid, Guid> First(int key) => parts.Where(r => r[key] is not null && (string)r[1]! == "FirstVisit").GroupBy(r => Id(r[key]))
                .ToDictionary(g => g.Key, g => Id(g.OrderBy(r => Day(r[5])).ThenBy(r => Id(r[7])).First()[0]));
            var firstOfEnterprise = First(2);
            var firstOfProject = First(3);
            var deals = await RowsAsync(connection, """
                SELECT p."Id", COALESCE(p."ContractAmountYuan", 0), p."IsIndustrial", p."IsCentralSoeProject", p."IsHqEconomy", p."IsDigitalEconomy",
                    COALESCE(p."ContractAmountYuan", p."AgreedInvestmentYuan"), COALESCE(p."FactoryAreaM2", 0), COALESCE(ind."IsManufacturing", FALSE)
                FROM "Projects" p LEFT JOIN "Industries" ind ON ind."Name" = p."Industry" WHERE p."ContractDate" >= @from AND p."ContractDate" <= @end
                """, ("from", Date(from)), ("end", Date(end)));
            var dealIds = deals.Select(d => Id(d[0])).ToHashSet();
            var dealInvestors = (await RowsAsync(connection, """
                SELECT i."ProjectId", i."EnterpriseId" FROM "ProjectInvestors" i JOIN "Projects" p ON p."Id" = i."ProjectId"
                WHERE p."ContractDate" >= @from AND p."ContractDate" <= @end
                """, ("from", Date(from)), ("end", Date(end)))).Where(r => dealIds.Contains(Id(r[0]))).ToLookup(r => Id(r[0]), r => Id(r[1]));

            decimal Under(List<object?[]> rows, string path, int column) => rows.Where(r => ((string)r[0]!).StartsWith(path, StringComparison.Ordinal)).Sum(r => Num(r[column]));
            foreach (var unit in units)
            {
                var p = unit.Path;
                result[(unit.OrgId, "industryFunds")] = Under(funds, p, 1) / Yi;
                result[(unit.OrgId, "industrialFunds")] = Under(funds, p, 2) / Yi;
                result[(unit.OrgId, "signedAmount")] = Under(signings, p, 1) / Yi;
                result[(unit.OrgId, "industrialSignedAmount")] = Under(signings, p, 2) / Yi;
                result[(unit.OrgId, "centralSoeSigned")] = Under(signings, p, 3) / Yi;
                result[(unit.OrgId, "hqProjects")] = Under(signings, p, 4);
                result[(unit.OrgId, "digitalProjects")] = Under(signings, p, 5);
                result[(unit.OrgId, "strongProjects")] = Under(signings, p, 6);
                result[(unit.OrgId, "factoryArea")] = Under(signings, p, 7) / 10_000m;
                result[(unit.OrgId, "leaderTrips")] = trips.Where(r => Id(r[0]) == unit.OrgId || (r[1] is not null && Id(r[1]) == unit.OrgId)).Sum(r => Num(r[2]));
                result[(unit.OrgId, "strongEnterprises")] = investors.Where(r => ((string)r[0]!).StartsWith(p, StringComparison.Ordinal)).Select(r => Id(r[1])).Distinct().Count();
                var mine = met.Where(r => ((string)r[0]!).StartsWith(p, StringComparison.Ordinal)).ToList();
                result[(unit.OrgId, "enterprisesVisited")] = mine.Where(r => (string)r[1]! == "Visit").Select(r => Id(r[2])).Distinct().Count();
                result[(unit.OrgId, "enterprisesInvited")] = mine.Where(r => (string)r[1]! == "Inspection").Select(r => Id(r[2])).Distinct().Count();
                result[(unit.OrgId, "strongEnterprisesInvited")] = mine.Where(r => (string)r[1]! == "Inspection" && Bool(r[3])).Select(r => Id(r[2])).Distinct().Count();
                if (unit.Kind != OrgKind.ResidentOffice)
                {
                    continue;
                }
                // A resident office: its part in activities, and the signings of what it took part in (100 % / 50 %).
                var own = parts.Where(r => Id(r[0]) == unit.OrgId).ToList();
                var inYear = own.Where(r => Day(r[5]) >= from).ToList();
                result[(unit.OrgId, "enterprisesVisited")] = inYear.Where(r => (string)r[4]! == "Visit" && r[2] is not null and not DBNull).Select(r => Id(r[2])).Distinct().Count();
                result[(unit.OrgId, "enterprisesInvited")] = inYear.Where(r => (string)r[4]! == "Inspection" && r[2] is not null and not DBNull).Select(r => Id(r[2])).Distinct().Count();
                result[(unit.OrgId, "strongEnterprisesInvited")] = inYear.Where(r => (string)r[4]! == "Inspection" && r[2] is not null and not DBNull && Bool(r[6])).Select(r => Id(r[2])).Distinct().Count();
                decimal Weight(object?[] r, Dictionary<Guid, Guid> first, Guid key) => (string)r[1]! switch
                {
                    "FirstVisit" => first.GetValueOrDefault(key) == unit.OrgId ? 1m : 0m,
                    "Accompanied" => 0.5m,
                    _ => 0m,
                };
                var byProject = own.Where(r => r[3] is not null).GroupBy(r => Id(r[3])).ToDictionary(g => g.Key, g => g.Max(r => Weight(r, firstOfProject, g.Key)));
                var byEnterprise = own.Where(r => r[2] is not null).GroupBy(r => Id(r[2])).ToDictionary(g => g.Key, g => g.Max(r => Weight(r, firstOfEnterprise, g.Key)));
                // 100 % / 50 % is the standard for signed amounts: a count or an area is the office's whole or nothing.
                decimal Credit(Func<object?[], bool> match, Func<object?[], decimal> measure, bool amount = false) => deals.Where(match).Sum(deal =>
                {
                    var id = Id(deal[0]);
                    var weight = Math.Max(byProject.GetValueOrDefault(id), dealInvestors[id].Select(e => byEnterprise.GetValueOrDefault(e)).DefaultIfEmpty(0).Max());
                    return measure(deal) * (amount ? weight : weight > 0 ? 1 : 0);
                });
                result[(unit.OrgId, "signedAmount")] = Credit(_ => true, d => Num(d[1]), amount: true) / Yi;
                result[(unit.OrgId, "industrialSignedAmount")] = Credit(d => Bool(d[2]), d => Num(d[1]), amount: true) / Yi;
                result[(unit.OrgId, "centralSoeSigned")] = Credit(d => Bool(d[3]), d => Num(d[1]), amount: true) / Yi;
                result[(unit.OrgId, "hqProjects")] = Credit(d => Bool(d[4]), _ => 1);
                result[(unit.OrgId, "digitalProjects")] = Credit(d => Bool(d[5]), _ => 1);
                result[(unit.OrgId, "strongProjects")] = Credit(d => Bool(d[8]) && Num(d[6]) >= 300_000_000, _ => 1);
                result[(unit.OrgId, "factoryArea")] = Credit(_ => true, d => Num(d[7])) / 10_000m;
            }
            foreach (var unit in units)
            {
                var all = result[(unit.OrgId, "industryFunds")];
                if (all != 0)
                {
                    result[(unit.OrgId, "industrialShare")] = result[(unit.OrgId, "industrialFunds")] / all * 100;
                }
            }
            return result;
        }

        private static DateOnly Day(object? value) => value switch
        {
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            _ => DateOnly.Parse(((string)value!)[..10], CultureInfo.InvariantCulture),
        };

        private static Guid Id(object? value) => value is Guid g ? g : Guid.Parse((string)value!);

        private static bool Bool(object? value) => value is bool b ? b : value is long l && l != 0;

        private static decimal Num(object? value) => value switch
        {
            null or DBNull => 0,
            decimal d => d,
            long l => l,
            double x => (decimal)x,
            string s => decimal.Parse(s, CultureInfo.InvariantCulture),
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant statements; values are parameters.")]
        private static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            var rows = new List<object?[]>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new object[reader.FieldCount];
                reader.GetValues(row);
                rows.Add(row.Select(v => v is DBNull ? null : v).ToArray());
            }
            return rows;
        }
    }
}
