using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Assessment;
using Zhaoshang.Web.Features.Cockpit;
using Zhaoshang.Web.Features.Majors;

namespace Zhaoshang.Bench;

/// <summary>
/// The cockpit over the 1,000,000-project dataset, given seed 002's 2023 targets and rules and the bands' major-project
/// list, on 29 December 2023 (the assessment's year, its facts all in): <see cref="CockpitService.GetAsync"/> as the
/// province's leader, the city's and a county officer — each read first (its tiles' store emptied before every read: what
/// the first reader after a restart waits for, with each tile's share), after a change (the slow tiles served as they
/// were while they are read again behind, and how long until they are) and warm (served again until a change) —
/// and every number's drill-down, the API answer it links to, through the app's HTTP pipeline in process.
/// </summary>
public static class CockpitBench
{
    private static readonly DateTimeOffset Now = new(2023, 12, 29, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly (string User, string Role)[] Readers = [("leader.gz", Roles.Leader), ("leader.gy", Roles.Leader), ("officer.yunyan", Roles.Officer)];

    public static async Task RunAsync(BenchOptions options)
    {
        var load = await Report.WaitForQuietAsync();
        var cached = await Dataset.EnsureAsync(options.Provider, options.Projects[0], options.Seed, options.Regenerate);
        var copying = Stopwatch.StartNew();
        var dataset = await cached.CopyForRunAsync("cockpit");
        Console.WriteLine($"  copied the dataset in {copying.Elapsed.TotalSeconds:F0} s");
        var clock = new BenchClock(Now);
        var md = new StringBuilder(Report.Heading("cockpit", options.Provider, options.Label(), load));
        try
        {
            await using var app = new BenchApp(dataset, configure: BenchApp.OnClock(clock));
            int majors;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await DemoTargets.SeedAsync(scope.ServiceProvider);
                majors = await scope.ServiceProvider.GetRequiredService<MajorDesignation>().SweepBandsAsync();
            }
            md.Append($"\nDataset: {cached.Key} ({cached.Info!.Projects:N0} projects), seed 002's 2023 targets and rules, {majors:N0} major projects listed by the bands' sweep; ")
                .Append("no tickets (the problem and appeal tiles read empty tables). The app's clock: 2023-12-29 10:00 (+08:00).\n");
            var cache = app.Services.GetRequiredService<CockpitCache>();
            var assessments = app.Services.GetRequiredService<AssessmentCache>();

            var signal = app.Services.GetRequiredService<Zhaoshang.Web.Data.ChangeSignal>();
            md.Append($"\n### The first screen (`CockpitService.GetAsync(2023)`)\n\n")
                .Append("First read: nothing kept (after a restart), every tile read. After a change: the change signal raised, the tiles kept stale; ")
                .Append("those that would take the screen over 300 ms are served as they were (marked) and read again behind; \"read again in\" is how long ")
                .Append("until all are fresh. Warm: nothing changed.\n\n")
                .Append("| reader | tiles | first read runs | first read p50 ms | first read max ms | after a change runs | after a change p50 ms | after a change max ms | tiles served as they were | read again in p50 s | warm runs | warm p50 ms | warm p99 ms | after a change and warm ≤ 300 ms | first read ≤ 300 ms |\n")
                .Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
            var breakdown = new StringBuilder();
            var views = new Dictionary<string, CockpitView>();
            var runs = Math.Max(2, Math.Min(options.Iterations / 30, 7));
            foreach (var (user, role) in Readers)
            {
                var principal = await app.PrincipalAsync(user, role);
                var cold = new Samples();
                for (var i = 0; i < runs + 1; i++)
                {
                    cache.Clear();
                    assessments.Clear();
                    await using var scope = app.UserScope(principal);
                    var start = Stopwatch.GetTimestamp();
                    views[user] = await scope.ServiceProvider.GetRequiredService<CockpitService>().GetAsync(2023);
                    if (i > 0)
                    {
                        cold.Add(start); // the first read warms EF's query cache and the connection pool
                    }
                }
                var changed = new Samples();
                var refreshed = new Samples();
                var behind = 0;
                for (var i = 0; i < runs; i++)
                {
                    signal.Changed();
                    await using (var scope = app.UserScope(principal))
                    {
                        var start = Stopwatch.GetTimestamp();
                        var served = await scope.ServiceProvider.GetRequiredService<CockpitService>().GetAsync(2023);
                        changed.Add(start);
                        behind = served.Tiles.Count(t => t.Refreshing);
                    }
                    var waiting = Stopwatch.GetTimestamp();
                    while (cache.Refreshing > 0)
                    {
                        await Task.Delay(20);
                    }
                    refreshed.Add(waiting);
                }
                var warm = new Samples();
                for (var i = 0; i < options.Iterations; i++)
                {
                    await using var scope = app.UserScope(principal);
                    var start = Stopwatch.GetTimestamp();
                    await scope.ServiceProvider.GetRequiredService<CockpitService>().GetAsync(2023);
                    warm.Add(start);
                }
                // Each tile's share of a cold read.
                var shares = new List<string>();
                await using (var scope = app.UserScope(principal))
                {
                    var scopeOf = new CockpitScope("", 2023, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 29), new DateOnly(2023, 12, 29),
                        OrgId: views[user].ScopeOrgId);
                    var currentUser = scope.ServiceProvider.GetRequiredService<Zhaoshang.Web.Data.CurrentUser>();
                    foreach (var tile in scope.ServiceProvider.GetServices<ICockpitTile>().Where(t => t.For(currentUser)).OrderBy(t => t.Order))
                    {
                        var start = Stopwatch.GetTimestamp();
                        await tile.BuildAsync(scopeOf, CancellationToken.None);
                        shares.Add($"{tile.Key} {Report.Ms(Stopwatch.GetElapsedTime(start).TotalMilliseconds)} ms");
                    }
                }
                breakdown.Append($"{user}: {string.Join("; ", shares)}\n");
                var view = views[user];
                Console.WriteLine($"  {user}: first read p50 {cold.P50:F0} ms (max {cold.Max:F0}), after a change max {changed.Max:F1} ms ({behind} tiles behind, fresh in {refreshed.P50 / 1000:F1} s), warm p99 {warm.P99:F2} ms; tiles: {string.Join("; ", shares)}");
                md.Append($"| {user} | {view.Tiles.Count} | {cold.Count} | {Report.Ms(cold.P50)} | {Report.Ms(cold.Max)} | {changed.Count} | {Report.Ms(changed.P50)} | {Report.Ms(changed.Max)} | {behind} | {refreshed.P50 / 1000:F1} | ")
                    .Append($"{warm.Count} | {Report.Ms(warm.P50)} | {Report.Ms(warm.P99)} | {(Math.Max(warm.P99, changed.Max) <= 300 ? "yes" : "**no**")} | {(cold.Max <= 300 ? "yes" : "**no**")} |\n");
            }
            md.Append('\n').Append(Report.Details("Each tile's time in a cold read", breakdown.ToString()));

            // The drill-downs: every figure's API answer, as its reader, through the app's pipeline.
            md.Append("\n### Every number's drill-down (the API answer it links to), through HTTP in process\n\n")
                .Append("| reader | figure | request | runs | p50 ms | p99 ms | p99 ≤ 100 ms |\n| --- | --- | --- | ---: | ---: | ---: | --- |\n");
            using var client = app.CreateClient();
            foreach (var (user, _) in Readers)
            {
                var password = File.ReadLines(Path.Combine(dataset.Directory, "initial-credentials.txt")).Select(l => l.Split('\t')).First(p => p[0] == user)[1];
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await HttpBench.SignInAsync(client, user, password));
                foreach (var (tile, figure) in views[user].Tiles.SelectMany(t => t.Figures.Where(f => f.ApiHref is not null).Select(f => (t, f)))
                    .DistinctBy(x => x.f.ApiHref))
                {
                    var samples = new Samples();
                    var drills = Math.Max(3, Math.Min(options.Iterations / 30, 10));
                    for (var i = 0; i < drills + 1; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        using var response = await client.GetAsync(figure.ApiHref);
                        await response.Content.ReadAsByteArrayAsync();
                        if (!response.IsSuccessStatusCode)
                        {
                            throw new InvalidOperationException($"{user} {figure.ApiHref}: {(int)response.StatusCode}");
                        }
                        if (i > 0)
                        {
                            samples.Add(start);
                        }
                    }
                    md.Append($"| {user} | {tile.Key}.{figure.Key} | `{figure.ApiHref}` | {samples.Count} | {Report.Ms(samples.P50)} | {Report.Ms(samples.P99)} | {(samples.P99 <= 100 ? "yes" : "**no**")} |\n");
                }
            }
            Report.Append("cockpit", options.Provider, md.ToString());
        }
        finally
        {
            await dataset.DropRunCopyAsync();
        }
    }
}
