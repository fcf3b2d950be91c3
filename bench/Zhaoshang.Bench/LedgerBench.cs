using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Bench;

/// <summary>
/// The ledger page's query — a county officer's subtree, one stage, a Chinese term, sorted by amount, 50 rows —
/// through the real ProjectSearch in process, against the same query written by hand over ADO.NET.
/// </summary>
public static class LedgerBench
{
    public const string CountyCode = "520103"; // 云岩区: about 1 % of the generated projects
    public const string Officer = "officer.yunyan";
    public const ProjectStage Stage = ProjectStage.Started;
    public const string FrequentTerm = "项目";
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SteadyTime = TimeSpan.FromSeconds(15);

    private sealed record Query(string Label, string Term, int Iterations);

    private sealed record Line(int Projects, Query Query, int Total, Samples Ef, Samples Hand);

    public static async Task RunAsync(BenchOptions options)
    {
        var load = await Report.WaitForQuietAsync();
        var lines = new List<Line>();
        var details = new StringBuilder();
        var datasets = new List<string>();
        foreach (var projects in options.Projects)
        {
            var cached = await Dataset.EnsureAsync(options.Provider, projects, options.Seed, options.Regenerate);
            datasets.Add($"- {cached.Key}: {Dataset.Describe(cached.Info!)}");
            var dataset = options.ChangesDatabase() ? await cached.CopyForRunAsync("ledger") : cached;
            try
            {
                if (dataset != cached)
                {
                    await Variants.ApplyAsync(dataset, options);
                }
                lines.AddRange(await MeasureAsync(dataset, options, details));
            }
            finally
            {
                if (dataset != cached)
                {
                    await dataset.DropRunCopyAsync();
                }
            }
        }

        var md = new StringBuilder(Report.Heading("ledger", options.Provider, options.Label(), load));
        md.Append($"\nDatasets:\n{string.Join("\n", datasets)}\n\n")
            .Append($"Query: {Officer} (scope 云岩区), `ProjectFilter(Q: term, Stages: [{Stage}], OrgId: 云岩区, Sort: default = amount desc, Page 1, PageSize 50)`; ")
            .Append($"{SteadyTime.TotalSeconds:0} s of all three queries, then per query {options.Warmup} warm-up runs (at least {WarmupTime.TotalSeconds:0} s), then EF and hand-written SQL interleaved. Latency = count + page, in ms.\n\n")
            .Append("| projects | query | matches | EF p50 | EF p99 | hand p50 | hand p99 | EF/hand p99 | p99 ≤ 50 ms |\n")
            .Append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var l in lines)
        {
            md.Append($"| {l.Projects:N0} | {l.Query.Label} «{l.Query.Term}» | {l.Total:N0} | {Report.Ms(l.Ef.P50)} | {Report.Ms(l.Ef.P99)} | ")
                .Append($"{Report.Ms(l.Hand.P50)} | {Report.Ms(l.Hand.P99)} | {Report.F(l.Ef.P99 / l.Hand.P99)}× | {(l.Ef.P99 <= 50 ? "yes" : "**no**")} |\n");
        }
        if (options.Projects.Length >= 2)
        {
            var (small, large) = (options.Projects.Min(), options.Projects.Max());
            md.Append($"\nScale ratio {large:N0}/{small:N0} (target ≤ 2×):\n\n");
            foreach (var label in lines.Select(l => l.Query.Label).Distinct())
            {
                var s = lines.First(l => l.Projects == small && l.Query.Label == label);
                var g = lines.First(l => l.Projects == large && l.Query.Label == label);
                md.Append($"- {label}: EF p99 {Report.F(g.Ef.P99 / s.Ef.P99)}×, EF p50 {Report.F(g.Ef.P50 / s.Ef.P50)}×, hand p99 {Report.F(g.Hand.P99 / s.Hand.P99)}×\n");
            }
        }
        md.Append('\n').Append(details);
        Report.Append("ledger", options.Provider, md.ToString());
    }

    private static async Task<List<Line>> MeasureAsync(Dataset dataset, BenchOptions options, StringBuilder details)
    {
        await using var app = new BenchApp(dataset, options.Variants);
        var county = await app.WithDbAsync(db => db.Orgs.AsNoTracking().FirstAsync(o => o.Code == CountyCode));
        var officer = await app.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.UserName == Officer));
        var user = new SessionPrincipal(Guid.CreateVersion7(), officer.Id, Officer, officer.DisplayName, county.Id, county.Code, county.Name,
            county.Path, county.Path, [Roles.Officer], false, DateTime.MaxValue, TimeSpan.FromMinutes(30)).ToPrincipal(AccountsSetup.BearerScheme);

        // The brand of the first project of this stage in the county (by code): a term an officer would type.
        var names = await app.WithDbAsync(db => db.Projects.AsNoTracking().Where(p => p.OrgPath == county.Path && p.Stage == Stage)
            .OrderBy(p => p.Code).Select(p => p.Name).Take(50).ToListAsync());
        var brand = names.Select(BrandAt).First(b => b is not null)!;
        Query[] queries =
        [
            new("brand, 2 chars", brand[..2], options.Iterations),
            new("brand, 3 chars", brand, options.Iterations),
            new("frequent term", FrequentTerm, Math.Max(50, options.Iterations / 3)),
        ];
        var inCounty = await app.WithDbAsync(db => db.Projects.CountAsync(p => p.OrgPath == county.Path));
        details.Append($"\n### {dataset.Key}\n\n云岩区 holds {inCounty:N0} of {dataset.Projects:N0} projects ({Report.F(100.0 * inCounty / dataset.Projects, "F2")} %).\n\n");

        var hand = new HandQuery(dataset, county.Path);
        // The app's steady state first: every query's code, EF's and the hand-written, tiered by the JIT (at 3 s per query
        // alone, the first query measured still ran on code the background compiler had not finished).
        var steady = Stopwatch.StartNew();
        while (steady.Elapsed < SteadyTime)
        {
            foreach (var query in queries)
            {
                await EfAsync(app, user, new ProjectFilter(Q: query.Term, Stages: [Stage], OrgId: county.Id));
                await hand.RunAsync(query.Term, Stage);
            }
        }
        var lines = new List<Line>();
        foreach (var query in queries)
        {
            var filter = new ProjectFilter(Q: query.Term, Stages: [Stage], OrgId: county.Id);
            app.Commands.Commands.Clear();
            app.Commands.Capture = true;
            var efResult = await EfAsync(app, user, filter);
            app.Commands.Capture = false;
            var handResult = await hand.RunAsync(query.Term, Stage);
            if (efResult.Total != handResult.Total || !efResult.Items.Select(r => r.Id).SequenceEqual(handResult.Ids))
            {
                throw new InvalidOperationException($"{query.Label}: EF found {efResult.Total} ({efResult.Items.Count} rows), the hand-written SQL {handResult.Total} ({handResult.Ids.Count}).");
            }
            if (query == queries[0] || query == queries[^1])
            {
                var efCommands = app.Commands.Commands.ToList();
                details.Append(Report.Details($"EF SQL ({query.Label})", string.Join("\n\n", efCommands)));
                details.Append(Report.Details($"Plans of EF's count and page queries ({query.Label})", await hand.ExplainAsync(efCommands.Skip(1))));
                details.Append(Report.Details($"Plans of the hand-written count and page queries ({query.Label})", await hand.ExplainAsync(query.Term, Stage)));
            }
            // At least the asked runs and three seconds: the JIT's tiering needs time as well as calls to reach steady code.
            var warm = Stopwatch.StartNew();
            for (var i = 0; i < options.Warmup || warm.Elapsed < WarmupTime; i++)
            {
                await EfAsync(app, user, filter);
                await hand.RunAsync(query.Term, Stage);
            }
            var ef = new Samples();
            var raw = new Samples();
            var compilations = app.Compilations.Count;
            for (var i = 0; i < query.Iterations; i++)
            {
                // Alternate which goes first, so neither always runs on a cache the other just warmed.
                for (var k = 0; k < 2; k++)
                {
                    var start = Stopwatch.GetTimestamp();
                    if ((i + k) % 2 == 0)
                    {
                        await EfAsync(app, user, filter);
                        ef.Add(start);
                    }
                    else
                    {
                        await hand.RunAsync(query.Term, Stage);
                        raw.Add(start);
                    }
                }
            }
            compilations = app.Compilations.Count - compilations;
            Console.WriteLine($"  {dataset.Key} {query.Label} «{query.Term}»: {efResult.Total} matches; EF p50 {Report.Ms(ef.P50)} p99 {Report.Ms(ef.P99)}; hand p50 {Report.Ms(raw.P50)} p99 {Report.Ms(raw.P99)} ms");
            details.Append($"{query.Label}: {query.Iterations} runs each; EF p50/p99/max {Report.Ms(ef.P50)}/{Report.Ms(ef.P99)}/{Report.Ms(ef.Max)} ms, ")
                .Append($"hand {Report.Ms(raw.P50)}/{Report.Ms(raw.P99)}/{Report.Ms(raw.Max)} ms; EF query compilations while measuring: {compilations}.\n\n");
            lines.Add(new Line(dataset.Projects, query, efResult.Total, ef, raw));
        }
        return lines;
    }

    /// <summary>One request's worth of work: a scope (DbContext, CurrentUser) with the officer as HttpContext.User.</summary>
    private static async Task<Paged<ProjectRow>> EfAsync(BenchApp app, ClaimsPrincipal user, ProjectFilter filter)
    {
        await using var scope = app.UserScope(user);
        return await scope.ServiceProvider.GetRequiredService<ProjectSearch>().SearchAsync(filter);
    }

    /// <summary>The brand in a generated name: a character of the first list followed by one of the second (plus the next one).</summary>
    private static string? BrandAt(string name)
    {
        for (var i = 0; i + 2 < name.Length; i++)
        {
            if (LedgerGenerator.BrandFirst.Contains(name[i]) && LedgerGenerator.BrandSecond.Contains(name[i + 1]))
            {
                return name.Substring(i, 3);
            }
        }
        return null;
    }
}
