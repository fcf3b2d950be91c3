using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Zhaoshang.Bench;

/// <summary>Latency samples in milliseconds, and their percentiles (nearest rank).</summary>
public sealed class Samples
{
    private readonly List<double> _ms = [];

    public int Count => _ms.Count;

    public void Add(long startTimestamp) => _ms.Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void AddMs(double ms) => _ms.Add(ms);

    public void AddRange(Samples other) => _ms.AddRange(other._ms);

    public double Percentile(double p)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }
        var sorted = _ms.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double P50 => Percentile(50);
    public double P99 => Percentile(99);
    public double Max => _ms.Count == 0 ? double.NaN : _ms.Max();
    public double Mean => _ms.Count == 0 ? double.NaN : _ms.Average();
}

/// <summary>Appends a run's figures to bench/results/&lt;bench&gt;-&lt;provider&gt;.md (committed), and echoes them.</summary>
public static class Report
{
    public static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    public static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);

    public static void Append(string bench, Provider provider, string markdown)
    {
        Directory.CreateDirectory(Paths.Results);
        var file = Path.Combine(Paths.Results, $"{bench}-{(provider == Provider.Sqlite ? "sqlite" : "postgres")}.md");
        var text = new StringBuilder();
        if (!File.Exists(file))
        {
            text.Append($"# {bench} bench — {(provider == Provider.Sqlite ? "SQLite" : "PostgreSQL")}\n\n")
                .Append("Each run appends a section (newest last). Produced by `bench/Zhaoshang.Bench`; see bench/README.md.\n\n");
        }
        text.Append(markdown.TrimEnd()).Append("\n\n");
        File.AppendAllText(file, text.ToString());
        Console.WriteLine(markdown);
        Console.WriteLine($"(appended to {Path.GetRelativePath(Paths.Root, file)})");
    }

    public static string Heading(string bench, Provider provider, string label, string loadBefore) =>
        $"## {bench} · {provider} · {label} · {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC\n\n"
        + $"Machine: {Paths.Machine()}; 1-min load average before the run {loadBefore}, after {LoadAverage()}\n";

    /// <summary>
    /// Waits (up to five minutes) until the 1-minute load average is under 1.5, since on two cores anything else
    /// running skews the figures; returns the load average the run starts with.
    /// </summary>
    public static async Task<string> WaitForQuietAsync()
    {
        var waited = Stopwatch.StartNew();
        while (double.TryParse(LoadAverage(), CultureInfo.InvariantCulture, out var load) && load >= 1.5 && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (waited.Elapsed.TotalSeconds < 1)
            {
                Console.WriteLine($"  load average {load}: waiting (up to 5 min) for the machine to quieten…");
            }
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        return LoadAverage();
    }

    /// <summary>The 1-minute load average, to show whether something else was running (on two cores it matters).</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static string Details(string summary, string body) => $"<details><summary>{summary}</summary>\n\n```\n{body.Trim()}\n```\n</details>\n";
}
