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

/// <summary>
/// Keeps a run's figures in bench/results/&lt;bench&gt;-&lt;provider&gt;.md (committed): a history table with a line per
/// run, and the latest run in full. Each earlier run's full text goes to bench/results/archive/&lt;bench&gt;-&lt;provider&gt;.md.gz
/// (one gzip member per run, oldest first: <c>zcat</c> reads them all).
/// </summary>
public static partial class Report
{
    public static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    public static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);

    public static void Append(string bench, Provider provider, string markdown)
    {
        Directory.CreateDirectory(Paths.Results);
        var file = Path.Combine(Paths.Results, $"{bench}-{(provider == Provider.Sqlite ? "sqlite" : "postgres")}.md");
        var title = $"# {bench} bench — {(provider == Provider.Sqlite ? "SQLite" : "PostgreSQL")}";
        Write(file, title, File.Exists(file) ? File.ReadAllText(file) : "", markdown.TrimEnd());
        Console.WriteLine(markdown);
        Console.WriteLine($"(kept in {Path.GetRelativePath(Paths.Root, file)})");
    }

    /// <summary>Brings every results file to its short form (a history line per run, the latest in full), archiving the rest.</summary>
    public static void Compact()
    {
        foreach (var file in Directory.EnumerateFiles(Paths.Results, "*-*.md").Order())
        {
            var text = File.ReadAllText(file);
            var runs = Runs(text);
            if (runs.Count == 0)
            {
                continue;
            }
            var title = text.Split('\n')[0];
            Write(file, title, string.Join("\n\n", runs.SkipLast(1).Prepend(text[..text.IndexOf(runs[0], StringComparison.Ordinal)])), runs[^1]);
            Console.WriteLine($"{Path.GetRelativePath(Paths.Root, file)}: {runs.Count} runs, the latest kept in full");
        }
    }

    private const string Intro = "A line per run (newest last) and the latest run in full. Earlier runs in full: `archive/{0}.gz` "
        + "(`zcat bench/results/archive/{0}.gz`). Produced by `bench/Zhaoshang.Bench`; see bench/README.md.";

    /// <summary>The file with <paramref name="latest"/> in full: every run of <paramref name="before"/> moves to the archive and keeps its line.</summary>
    private static void Write(string file, string title, string before, string latest)
    {
        var history = HistoryLines(before);
        var archived = Runs(before);
        if (archived.Count > 0)
        {
            var archive = Path.Combine(Paths.Results, "archive", Path.GetFileName(file) + ".gz");
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
            using var stream = new FileStream(archive, FileMode.Append);
            using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.SmallestSize);
            gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n\n", archived) + "\n\n"));
        }
        foreach (var run in archived.Append(latest))
        {
            var line = HistoryLine(run);
            if (!history.Contains(line))
            {
                history.Add(line);
            }
        }
        var text = new StringBuilder()
            .Append(title).Append("\n\n")
            .Append(string.Format(CultureInfo.InvariantCulture, Intro, Path.GetFileName(file))).Append("\n\n")
            .Append("## History\n\n| run (UTC) | variant | commit | load before → after |\n| --- | --- | --- | --- |\n")
            .Append(string.Join("\n", history)).Append("\n\n")
            .Append(latest).Append('\n');
        File.WriteAllText(file, text.ToString());
    }

    /// <summary>The runs written in full: each from its "## bench · provider · label · date UTC" heading to the next.</summary>
    private static List<string> Runs(string text)
    {
        var starts = RunHeading().Matches(text).Select(m => m.Index).ToList();
        return [.. starts.Select((start, i) => text[start..(i + 1 < starts.Count ? starts[i + 1] : text.Length)].TrimEnd())];
    }

    private static List<string> HistoryLines(string text) => [.. HistoryRow().Matches(text).Select(m => m.Value.TrimEnd())];

    [System.Text.RegularExpressions.GeneratedRegex(@"^\| \d{4}-\d{2}-\d{2} \d{2}:\d{2} \|[^\n]*", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex HistoryRow();

    /// <summary>A run's line: its date, label (as is, or the variant), commit and the load around it.</summary>
    private static string HistoryLine(string run)
    {
        var heading = RunHeading().Match(run);
        var machine = MachineLine().Match(run);
        return $"| {heading.Groups["date"].Value} | {heading.Groups["label"].Value} | {(machine.Success ? machine.Groups["commit"].Value : "?")} | "
            + $"{(machine.Success ? machine.Groups["before"].Value + " → " + machine.Groups["after"].Value : "?")} |";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^## [^·\n]+ · [^·\n]+ · (?<label>[^·\n]+) · (?<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex RunHeading();

    [System.Text.RegularExpressions.GeneratedRegex(@"commit (?<commit>\w+)[^\n]*load average before the run (?<before>[\d.?]+), after (?<after>[\d.?]+)")]
    private static partial System.Text.RegularExpressions.Regex MachineLine();

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
