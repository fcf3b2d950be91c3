using System.Globalization;

namespace Zhaoshang.Bench;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>The command line: a bench name, then --name value pairs.</summary>
public sealed record BenchOptions(string Bench, Provider Provider, int[] Projects, int Seed, int Iterations, int Warmup,
    int Seconds, int Concurrency, bool Regenerate, bool InProcess, string? PostgresAdmin, string[] Variants, bool Keep = false)
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/Zhaoshang.Bench -- <bench> [options]
          benches:  generate | ledger | http | excel | assessment | bulletin | tickets | majors | cockpit | landing | clean | results (compacts bench/results)
          --provider sqlite|postgres   (default sqlite)
          --projects N[,N...]          (generate: 100000; ledger: 10000,1000000; http, landing: 100000; assessment, majors, cockpit: 1000000; tickets: 10000)
          --seed N                     (default 42)
          --iterations N --warmup N    (ledger: 300 and 30)
          --seconds N --concurrency N  (http, landing: 30 and 64)
          --regenerate                 rebuild the cached dataset
          --in-process                 http: host the app in the bench process (implied by range-scope)
          --keep                       tickets, majors: keep the run's copy of the database to inspect
          --variant a[,b]              measure a proposed change: range-scope, stage-index, analyze (see Variants.cs)
          --postgres "Host=...;Username=..."  (default Host=127.0.0.1;Port=55433;Username=postgres, or ZS_BENCH_POSTGRES)
        """;

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }
        var bench = args[0].ToLowerInvariant();
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }
            var name = args[i][2..];
            if (name is "regenerate" or "in-process" or "keep")
            {
                flags.Add(name);
            }
            else if (i + 1 < args.Length)
            {
                values[name] = args[++i];
            }
            else
            {
                return null;
            }
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v.Replace("_", ""), CultureInfo.InvariantCulture) : fallback;
        var defaultProjects = bench switch { "ledger" => "10000,1000000", "assessment" or "majors" or "cockpit" => "1000000", "tickets" => "10000", _ => "100000" };
        return new BenchOptions(
            bench,
            values.GetValueOrDefault("provider", "sqlite").ToLowerInvariant() switch
            {
                "sqlite" => Provider.Sqlite,
                "postgres" or "postgresql" or "pg" => Provider.Postgres,
                var other => throw new ArgumentException($"Unknown provider '{other}'."),
            },
            values.GetValueOrDefault("projects", defaultProjects).Split(',').Select(p => int.Parse(p.Replace("_", ""), CultureInfo.InvariantCulture)).ToArray(),
            Int("seed", 42),
            Int("iterations", 300),
            Int("warmup", 30),
            Int("seconds", 30),
            Int("concurrency", 64),
            flags.Contains("regenerate"),
            flags.Contains("in-process"),
            values.GetValueOrDefault("postgres"),
            values.TryGetValue("variant", out var variants)
                ? variants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(v => Zhaoshang.Bench.Variants.Known.Contains(v) ? v : throw new ArgumentException($"Unknown variant '{v}'.")).ToArray()
                : [],
            flags.Contains("keep"));
    }
}
