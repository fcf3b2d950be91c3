using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Bench;

/// <summary>
/// GET /api/projects under load: the real app on Kestrel over a copy of the Guizhou-scale dataset, a bearer token
/// obtained the way a client does, and N concurrent loops of varied ledger requests for a fixed time.
/// </summary>
public static class HttpBench
{
    private const string User = LedgerBench.Officer;

    private sealed record TokenBody(string AccessToken, string TokenType, long ExpiresIn, bool PasswordChangeRequired);

    private sealed record Request(string Label, string Path);

    public static async Task RunAsync(BenchOptions options)
    {
        var cached = await Dataset.EnsureAsync(options.Provider, options.Projects[0], options.Seed, options.Regenerate);
        var load = await Report.WaitForQuietAsync();
        var run = await cached.CopyForRunAsync("http");
        try
        {
            await Variants.ApplyAsync(run, options);
            var inProcess = options.InProcess || options.NeedsInProcess();
            await using IAppServer app = inProcess ? InProcessServer.Start(run, options.Variants) : await AppProcess.StartAsync(run);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, UseCookies = false })
            {
                BaseAddress = app.Url,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var password = File.ReadLines(Path.Combine(run.Directory, "initial-credentials.txt")).Select(l => l.Split('\t'))
                .First(p => p[0] == User)[1];
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(client, User, password));
            var county = await CountyIdAsync(client);
            var requests = Requests(county);

            // A server's steady state: the first minute after start runs code the tiered JIT has not optimised yet. Under
            // this load its background compiler still took 12 % of the app's CPU 22-34 s after start (perf), and none
            // after 70 s; the app's CPU per request was then half what it was at 20 s.
            Console.WriteLine($"  warm-up {Warmup.TotalSeconds:F0} s…");
            await LoadAsync(client, requests, options.Concurrency, Warmup);
            // The ceiling of this machine for any request (HTTP stack, client and server on the same cores, no database).
            var floor = await LoadAsync(client, [new Request("healthz", "/healthz")], options.Concurrency, TimeSpan.FromSeconds(5));
            var floorRps = floor.ByLabel["healthz"].Count / floor.Elapsed.TotalSeconds;
            Console.WriteLine($"  GET /healthz: {floorRps:F0} req/s; then {options.Concurrency} loops for {options.Seconds} s…");
            var serverCpu = app.CpuTime;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await LoadAsync(client, requests, options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
            serverCpu = app.CpuTime - serverCpu;
            clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;

            var all = new Samples();
            foreach (var s in result.ByLabel.Values)
            {
                all.AddRange(s);
            }
            var rps = all.Count / result.Elapsed.TotalSeconds;
            var md = new StringBuilder(Report.Heading("http", options.Provider, options.Label(), load));
            md.Append($"\nDataset: {cached.Key}: {Dataset.Describe(cached.Info!)}\n\n")
                .Append($"The app (Release, Production environment, {(inProcess ? "in the bench's process: server CPU = whole process" : "its own process")}) ")
                .Append($"on Kestrel at 127.0.0.1; {options.Concurrency} concurrent ")
                .Append($"HttpClient loops, bearer token of {User} (scope 云岩区), {options.Seconds} s after a {Warmup.TotalSeconds:F0} s warm-up; client and server share the machine.\n\n")
                .Append("| requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU | client CPU | ≥ 1500 rps | p99 ≤ 100 ms |\n")
                .Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n")
                .Append($"| {all.Count:N0} | {rps:F0} | {Report.Ms(all.P50)} | {Report.Ms(all.Percentile(90))} | {Report.Ms(all.P99)} | {Report.Ms(all.Max)} | ")
                .Append($"{result.Errors} | {Report.F(serverCpu.TotalSeconds / result.Elapsed.TotalSeconds, "F2")} cores | ")
                .Append($"{Report.F(clientCpu.TotalSeconds / result.Elapsed.TotalSeconds, "F2")} cores | {(rps >= 1500 ? "yes" : "**no**")} | {(all.P99 <= 100 ? "yes" : "**no**")} |\n\n")
                .Append($"For scale: GET /healthz (no database, no auth) reached {floorRps:F0} req/s, p50 {Report.Ms(floor.ByLabel["healthz"].P50)} ms, with the same client on this machine. ")
                .Append($"Server CPU per ledger request: {Report.F(serverCpu.TotalMilliseconds / Math.Max(1, all.Count), "F2")} ms.\n\n")
                .Append("| request | share | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |\n");
            foreach (var r in requests.DistinctBy(r => r.Label))
            {
                var s = result.ByLabel[r.Label];
                md.Append($"| {r.Label}: `{r.Path}` | {Report.F(100.0 * s.Count / all.Count, "F0")} % | {Report.Ms(s.P50)} | {Report.Ms(s.P99)} |\n");
            }
            if (result.Errors > 0)
            {
                md.Append($"\nErrors: {string.Join(", ", result.ErrorKinds.Select(e => $"{e.Key} × {e.Value}"))}\n");
            }
            Report.Append("http", options.Provider, md.ToString());
        }
        finally
        {
            await run.DropRunCopyAsync();
        }
    }

    /// <summary>POST /api/auth/token; if the account must change its password first, change it and sign in again.</summary>
    internal static async Task<string> SignInAsync(HttpClient client, string user, string password)
    {
        var token = await TokenAsync(client, user, password);
        if (!token.PasswordChangeRequired)
        {
            return token.AccessToken;
        }
        var changed = "Bench#" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/password")
        {
            Content = JsonContent.Create(new { currentPassword = password, newPassword = changed }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
        Console.WriteLine($"  {user}: initial password changed through POST /api/auth/password");
        return (await TokenAsync(client, user, changed)).AccessToken;
    }

    private static async Task<TokenBody> TokenAsync(HttpClient client, string user, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = user, password });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in of {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!;
    }

    private sealed record MeBody(MeOrg Org);

    private sealed record MeOrg(Guid Id);

    private static async Task<Guid> CountyIdAsync(HttpClient client) => (await client.GetFromJsonAsync<MeBody>("/api/me"))!.Org.Id;

    /// <summary>What a county officer's ledger page asks for: pages, stage tabs, a search, sorts, the usual filters.</summary>
    private static Request[] Requests(Guid county)
    {
        var brand = $"{LedgerGenerator.BrandFirst[0]}{LedgerGenerator.BrandSecond[0]}";
        return
        [
            new("list", "/api/projects?page=1"), new("list", "/api/projects?page=2"), new("list", "/api/projects?page=5"),
            new("stage", "/api/projects?stage=started"), new("stage", "/api/projects?stage=signed&stage=started&sort=contractDate"),
            new("search", $"/api/projects?q={Uri.EscapeDataString(brand)}"),
            new("ledger query", $"/api/projects?orgId={county}&stage=started&q={Uri.EscapeDataString(brand)}"),
            new("view", "/api/projects?view=underConstruction&page=2"),
            new("filters", "/api/projects?industrial=true&minAmountYuan=100000000&sort=name"),
            new("stalled", "/api/projects?stalled=true"),
        ];
    }

    private sealed record LoadResult(Dictionary<string, Samples> ByLabel, int Errors, Dictionary<string, int> ErrorKinds, TimeSpan Elapsed);

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(60);

    private static async Task<LoadResult> LoadAsync(HttpClient client, Request[] requests, int concurrency, TimeSpan duration)
    {
        var byLabel = requests.Select(r => r.Label).Distinct().ToDictionary(l => l, _ => new Samples());
        var errorKinds = new Dictionary<string, int>();
        var errors = 0;
        var started = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(loop => Task.Run(async () =>
        {
            var random = new Random(loop);
            var mine = requests.Select(r => r.Label).Distinct().ToDictionary(l => l, _ => new Samples());
            var buffer = new byte[64 * 1024];
            while (started.Elapsed < duration)
            {
                var request = requests[random.Next(requests.Length)];
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var response = await client.GetAsync(request.Path, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                    error = response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {request.Label}";
                }
                catch (HttpRequestException e)
                {
                    error = e.GetType().Name;
                }
                catch (TaskCanceledException)
                {
                    error = "timeout";
                }
                if (error is null)
                {
                    mine[request.Label].Add(start);
                    continue;
                }
                lock (errorKinds)
                {
                    errors++;
                    errorKinds[error] = errorKinds.GetValueOrDefault(error) + 1;
                }
            }
            return mine;
        })).ToList();
        foreach (var mine in await Task.WhenAll(loops))
        {
            foreach (var (label, samples) in mine)
            {
                byLabel[label].AddRange(samples);
            }
        }
        return new LoadResult(byLabel, errors, errorKinds, started.Elapsed);
    }
}
