using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Bench;

/// <summary>
/// The ledger's Excel paths through the real app in its own process: importing 50,000 project rows (as a county
/// officer, into a copy of the 10,000-project dataset) and exporting 100,000 (as the province's leader, from a copy of
/// the Guizhou-scale dataset). Times are end to end over HTTP; memory is the app process's peak resident set (VmHWM)
/// during the operation, against the target of 400 MB for the import and "flat" (no growth with rows) for the export.
/// </summary>
public static class ExcelBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        var md = new StringBuilder();
        var load = await Report.WaitForQuietAsync();
        md.Append(Report.Heading("excel", options.Provider, "import 50,000 / export 100,000", load));
        md.Append(await ImportAsync(options));
        md.Append(await ExportAsync(options, 10_000));
        md.Append(await ExportAsync(options, 100_000));
        Report.Append("excel", options.Provider, md.ToString());
    }

    private static async Task<string> ImportAsync(BenchOptions options)
    {
        var cached = await Dataset.EnsureAsync(options.Provider, 10_000, options.Seed);
        var run = await cached.CopyForRunAsync("import");
        try
        {
            await using var app = await AppProcess.StartAsync(run);
            using var client = await ClientAsync(app, run, LedgerBench.Officer);
            // Two different files into the same app: the first right after start (its code still being compiled by the
            // JIT), the second as a running server would take it.
            var md = new StringBuilder("\n### Import of 50,000 project rows\n\n");
            var lines = new StringBuilder();
            foreach (var (label, batch) in new[] { ("first after start", "第一批"), ("second", "第二批") })
            {
                var bytes = Workbook(batch);
                app.ResetPeak();
                var before = app.ResidentMb;
                var watch = Stopwatch.StartNew();
                using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "projects.xlsx" } };
                var response = await client.PostAsync("/api/imports/projects", form);
                var seconds = watch.Elapsed.TotalSeconds;
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {body[..Math.Min(500, body.Length)]}");
                }
                var peak = app.PeakMb;
                Console.WriteLine($"  import ({label}): {seconds:F1} s, peak {peak} MB (resident before {before} MB)");
                if (lines.Length == 0)
                {
                    md.Append($"Dataset {cached.Key} (copy); {bytes.Length / 1024:N0} KB workbooks; officer.yunyan; `POST /api/imports/projects` → {body[..Math.Min(120, body.Length)]}…\n\n");
                }
                lines.Append($"| {label} | 50,000 | {seconds:F1} | {before} MB | {peak} MB | {(seconds <= 20 ? "yes" : "**no**")} | {(peak <= 400 ? "yes" : "**no**")} |\n");
            }
            return md.Append("| import | rows | seconds | app resident before | app peak during | ≤ 20 s | ≤ 400 MB |\n| --- | ---: | ---: | ---: | ---: | --- | --- |\n")
                .Append(lines).ToString();
        }
        finally
        {
            await run.DropRunCopyAsync();
        }
    }

    /// <summary>What a unit's ledger looks like in Excel: amounts written with units, Chinese dates, several stages.</summary>
    private static byte[] Workbook(string batch)
    {
        var stages = new[] { "线索", "储备", "洽谈", "签约", "开工", "投产" };
        using var file = new MemoryStream();
        Xlsx.Write(file, "项目", ["项目名称", "责任单位", "约定投资额（万元）", "项目阶段", "签约金额（万元）", "签约日期", "开工日期", "投产日期", "工业项目", "所属产业", "用地（亩）", "招商渠道"],
            Enumerable.Range(1, 50_000).Select(i =>
            {
                var stage = i % stages.Length;
                return new object?[]
                {
                    $"云岩区{LedgerGenerator.BrandFirst[i % 60]}{LedgerGenerator.BrandSecond[i / 60 % 60]}新材料{batch}第{i}号项目", "云岩区", (i % 3) switch { 0 => "1.2亿", 1 => "5000万元", _ => "3,000" },
                    stages[stage], stage >= 3 ? "8000" : null, stage >= 3 ? "2024年3月1日" : null, stage >= 4 ? "2024-06-01" : null, stage >= 5 ? 45500d : null,
                    i % 4 == 0 ? "否" : "是", "基础材料", 120, "以商招商",
                };
            }));
        return file.ToArray();
    }

    private static async Task<string> ExportAsync(BenchOptions options, int projects)
    {
        var cached = await Dataset.EnsureAsync(options.Provider, projects, options.Seed);
        var run = await cached.CopyForRunAsync("export");
        try
        {
            await using var app = await AppProcess.StartAsync(run);
            using var client = await ClientAsync(app, run, "leader.gz");
            // Warm the app (first query compilation, JIT) so the figure is the export's.
            (await client.GetAsync("/api/projects?pageSize=1")).EnsureSuccessStatusCode();
            app.ResetPeak();
            var before = app.ResidentMb;
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync("/api/projects/export", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            var path = Path.GetTempFileName();
            await using (var target = File.Create(path))
            {
                await stream.CopyToAsync(target);
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var peak = app.PeakMb;
            var rows = Xlsx.Read(File.OpenRead(path), 200_000).Single().Rows.Count - 1;
            var size = new FileInfo(path).Length;
            File.Delete(path);
            Console.WriteLine($"  export {rows:N0}: {seconds:F1} s, peak {peak} MB (resident before {before} MB)");
            return $"\n### Export of {rows:N0} rows\n\nDataset {cached.Key} (copy); leader.gz (the province); `GET /api/projects/export` (no filter), {size / 1024:N0} KB.\n\n"
                + "| rows | seconds | app resident before | app peak during | growth | ≤ 15 s |\n| ---: | ---: | ---: | ---: | ---: | --- |\n"
                + $"| {rows:N0} | {seconds:F1} | {before} MB | {peak} MB | {peak - before} MB | {(rows < 100_000 ? "—" : seconds <= 15 ? "yes" : "**no**")} |\n";
        }
        finally
        {
            await run.DropRunCopyAsync();
        }
    }

    private static async Task<HttpClient> ClientAsync(AppProcess app, Dataset run, string user)
    {
        var client = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromMinutes(5) };
        var password = File.ReadLines(Path.Combine(run.Directory, "initial-credentials.txt")).Select(l => l.Split('\t')).First(p => p[0] == user)[1];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await HttpBench.SignInAsync(client, user, password));
        return client;
    }
}
