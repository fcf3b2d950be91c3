using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Zhaoshang.Bench;

/// <summary>
/// The investor's front door (一码投) under load: the real app on Kestrel, a park's code made through the API, its public
/// page opened by N concurrent loops for a fixed time, then intentions sent at 100 a second (paced, not as fast as
/// possible) and every one checked afterwards: answered 201, stored, and a lead; the scans counted equal the pages served.
/// All requests come from 127.0.0.1, so the per-address limits (300 pages a minute, 20 intentions an hour) are raised
/// for the run: the limiter still runs on every request, it just never refuses.
/// </summary>
public static class LandingBench
{
    private const int IntentionsPerSecond = 100;
    private const int PacedRate = 1000;
    private const int PacedSeconds = 20;
    private const int IntentionSeconds = 10;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchOptions options)
    {
        var cached = await Dataset.EnsureAsync(options.Provider, options.Projects[0], options.Seed, options.Regenerate);
        var load = await Report.WaitForQuietAsync();
        var run = await cached.CopyForRunAsync("landing");
        try
        {
            var limits = new Dictionary<string, string>
            {
                ["EntryCodes:ScansPerAddressPerMinute"] = "100000000", ["EntryCodes:ScansPerCodePerMinute"] = "100000000",
                ["EntryCodes:IntentionsPerAddressPerHour"] = "100000000", ["EntryCodes:IntentionsPerCodePerMinute"] = "100000000",
                ["EntryCodes:ChallengeAfter"] = "100000000",
            };
            await using var app = await AppProcess.StartAsync(run, limits);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, UseCookies = false, AllowAutoRedirect = false })
            {
                BaseAddress = app.Url,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var password = File.ReadLines(Path.Combine(run.Directory, "initial-credentials.txt")).Select(l => l.Split('\t')).First(p => p[0] == LedgerBench.Officer)[1];
            using var officer = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromSeconds(60) };
            officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await HttpBench.SignInAsync(officer, LedgerBench.Officer, password));
            var made = await officer.PostAsJsonAsync("/api/entry-codes", new
            {
                kind = "park", title = "云岩区大数据产业园", introduction = "位于贵阳市中心城区，标准厂房 12 万平方米。", industries = "大数据电子信息、现代服务业",
                contactName = "招商服务中心", contactPhone = "0851-86881234", expiresOn = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(90).ToString("yyyy-MM-dd"),
            });
            made.EnsureSuccessStatusCode();
            var code = await made.Content.ReadFromJsonAsync<JsonElement>();
            var path = code.GetProperty("path").GetString()!;
            var id = code.GetProperty("id").GetGuid();

            Console.WriteLine($"  warm-up {Warmup.TotalSeconds:F0} s…");
            var warm = await PagesAsync(client, path, options.Concurrency, Warmup);
            Console.WriteLine($"  {options.Concurrency} loops on {path} for {options.Seconds} s…");
            var serverCpu = app.CpuTime;
            var pages = await PagesAsync(client, path, options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
            serverCpu = app.CpuTime - serverCpu;
            var rps = pages.Samples.Count / pages.Elapsed.TotalSeconds;

            // The target as a service level: 1,000 requests a second offered on a fixed schedule (not as fast as the loops can
            // go), each request's time counted from when it was due, so a stall shows in every request it delays.
            Console.WriteLine($"  paced: {PacedRate} requests a second for {PacedSeconds} s…");
            var paced = await PacedAsync(client, path);

            Console.WriteLine($"  {IntentionsPerSecond} intentions a second for {IntentionSeconds} s…");
            var (intentions, refused, late) = await IntentionsAsync(client, path);
            // Every one stored and a lead of the unit: the officer's list and the code's own counts.
            await Task.Delay(TimeSpan.FromSeconds(7)); // the scan counter's round (5 s)
            var row = await officer.GetFromJsonAsync<JsonElement>($"/api/entry-codes/{id}");
            var stored = row.GetProperty("intentions").GetInt32();
            var leads = row.GetProperty("leads").GetInt32();
            var scans = row.GetProperty("scans").GetInt32();
            var served = warm.Samples.Count + pages.Samples.Count + paced.Samples.Count;
            var sent = IntentionsPerSecond * IntentionSeconds;

            var md = new StringBuilder(Report.Heading("landing", options.Provider, options.Label(), load));
            md.Append($"\nDataset: {cached.Key}: {Dataset.Describe(cached.Info!)}\n\n")
                .Append($"The app (Release, Production environment, its own process) on Kestrel at 127.0.0.1; a park's code made through the API as {LedgerBench.Officer}; ")
                .Append($"its public page `GET /i/{{code}}` (no sign-in: the address's signature and expiry checked, the scan counted, the form with its antiforgery token) ")
                .Append($"by {options.Concurrency} concurrent HttpClient loops for {options.Seconds} s after a {Warmup.TotalSeconds:F0} s warm-up; client and server share the machine. ")
                .Append("The per-address limits are raised for the run (every request comes from 127.0.0.1); the limiter still runs.\n\n")
                .Append("| page requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU | ≥ 1,000 req/s | p99 ≤ 50 ms |\n")
                .Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n")
                .Append($"| {pages.Samples.Count:N0} | {rps:F0} | {Report.Ms(pages.Samples.P50)} | {Report.Ms(pages.Samples.Percentile(90))} | {Report.Ms(pages.Samples.P99)} | ")
                .Append($"{Report.Ms(pages.Samples.Max)} | {pages.Errors} | {Report.F(serverCpu.TotalSeconds / pages.Elapsed.TotalSeconds, "F2")} cores | ")
                .Append($"{(rps >= 1000 ? "yes" : "**no**")} | {(pages.Samples.P99 <= 50 ? "yes" : "**no**")} |\n\n")
                .Append($"The same page offered at a fixed {PacedRate:N0} requests a second for {PacedSeconds} s (each request timed from when it was due):\n\n")
                .Append("| offered | answered 200 | achieved req/s | p50 ms | p90 ms | p99 ms | max ms | errors | p99 ≤ 50 ms |\n")
                .Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
                .Append($"| {PacedRate * PacedSeconds:N0} | {paced.Samples.Count:N0} | {paced.Samples.Count / paced.Elapsed.TotalSeconds:F0} | {Report.Ms(paced.Samples.P50)} | ")
                .Append($"{Report.Ms(paced.Samples.Percentile(90))} | {Report.Ms(paced.Samples.P99)} | {Report.Ms(paced.Samples.Max)} | {paced.Errors} | ")
                .Append($"{(paced.Samples.P99 <= 50 && paced.Errors == 0 ? "yes" : "**no**")} |\n\n")
                .Append($"Intentions: {sent:N0} sent through `POST /api/public/codes/{{code}}/intentions` at {IntentionsPerSecond} a second for {IntentionSeconds} s ")
                .Append("(each a new enterprise, so each a new project, lead and enterprise row).\n\n")
                .Append("| sent | 201 | refused | stored | leads | p50 ms | p99 ms | max ms | sent late (> 50 ms behind the pace) | none lost |\n")
                .Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
                .Append($"| {sent:N0} | {intentions.Count:N0} | {refused} | {stored:N0} | {leads:N0} | {Report.Ms(intentions.P50)} | {Report.Ms(intentions.P99)} | {Report.Ms(intentions.Max)} | {late} | ")
                .Append($"{(intentions.Count == sent && stored == sent && leads == sent ? "yes" : "**no**")} |\n\n")
                .Append($"Scans counted for the code: {scans:N0}; pages served with 200 (warm-up and run): {served:N0} ({(scans == served ? "equal" : "**differ**")}).\n");
            if (pages.Errors > 0)
            {
                md.Append($"\nPage errors: {string.Join(", ", pages.ErrorKinds.Select(e => $"{e.Key} × {e.Value}"))}\n");
            }
            Report.Append("landing", options.Provider, md.ToString());
        }
        finally
        {
            await run.DropRunCopyAsync();
        }
    }

    private sealed record PageLoad(Samples Samples, int Errors, Dictionary<string, int> ErrorKinds, TimeSpan Elapsed);

    private static async Task<PageLoad> PagesAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        var errorKinds = new Dictionary<string, int>();
        var started = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new Samples();
            var buffer = new byte[64 * 1024];
            while (started.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                    error = response.StatusCode == HttpStatusCode.OK ? null : ((int)response.StatusCode).ToString();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    error = e.GetType().Name;
                }
                if (error is null)
                {
                    mine.Add(start);
                    continue;
                }
                lock (errorKinds)
                {
                    errorKinds[error] = errorKinds.GetValueOrDefault(error) + 1;
                }
            }
            return mine;
        })).ToList();
        var all = new Samples();
        foreach (var mine in await Task.WhenAll(loops))
        {
            all.AddRange(mine);
        }
        return new PageLoad(all, errorKinds.Values.Sum(), errorKinds, started.Elapsed);
    }

    /// <summary>The page requested on a fixed schedule: every millisecond, whatever is due is sent; each timed from its due time.</summary>
    private static async Task<PageLoad> PacedAsync(HttpClient client, string path)
    {
        var samples = new Samples();
        var errors = new Dictionary<string, int>();
        var total = PacedRate * PacedSeconds;
        var origin = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(total);
        var next = 0;
        while (next < total)
        {
            var dueCount = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * PacedRate) + 1);
            for (; next < dueCount; next++)
            {
                var due = origin + (long)(next * (double)Stopwatch.Frequency / PacedRate);
                sends.Add(Task.Run(async () =>
                {
                    string? error;
                    try
                    {
                        using var response = await client.GetAsync(path);
                        error = response.StatusCode == HttpStatusCode.OK ? null : ((int)response.StatusCode).ToString();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        error = e.GetType().Name;
                    }
                    lock (samples)
                    {
                        if (error is null)
                        {
                            samples.Add(due);
                        }
                        else
                        {
                            errors[error] = errors.GetValueOrDefault(error) + 1;
                        }
                    }
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(sends);
        return new PageLoad(samples, errors.Values.Sum(), errors, clock.Elapsed);
    }

    /// <summary>Sends the intentions on a fixed pace (one every 10 ms), each on its own task; counts the 201s and times each.</summary>
    private static async Task<(Samples Accepted, int Refused, int Late)> IntentionsAsync(HttpClient client, string path)
    {
        var accepted = new Samples();
        var refused = 0;
        var late = 0;
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / IntentionsPerSecond);
        var sends = new List<Task>();
        for (var i = 0; i < IntentionsPerSecond * IntentionSeconds; i++)
        {
            var due = interval * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            if (clock.Elapsed - due > TimeSpan.FromMilliseconds(50))
            {
                Interlocked.Increment(ref late);
            }
            var n = i;
            sends.Add(Task.Run(async () =>
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsJsonAsync($"/api/public/codes/{path["/i/".Length..]}/intentions", new
                    {
                        company = $"压测意向企业{n:D4}有限公司", contactName = "压测联系人", phone = $"139{n:D8}", industry = "大数据电子信息", amountWan = 1000 + n,
                        needs = "标准厂房", consent = true,
                    });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        lock (accepted)
                        {
                            accepted.Add(start);
                        }
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                Interlocked.Increment(ref refused);
            }));
        }
        await Task.WhenAll(sends);
        return (accepted, refused, late);
    }
}
