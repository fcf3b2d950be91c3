using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Majors;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Tickets;
using Zhaoshang.Web.Shared;
using Zhaoshang.Web.Shared.Documents;

namespace Zhaoshang.Bench;

/// <summary>
/// The major projects over a copy of the 1,000,000-project ledger: the bands set so that about 50,000 projects in
/// reserve and after are major, listed by the app's own band sweep; each with its leader, a task force of two and its
/// group's plan (about 500,000 milestones), dated from its signing (or from its listing, before it signs), with the actual
/// dates a plan kept up to the day before would hold and the warnings and problems the sweeps up to then took. The
/// app's clock is Tuesday 2026-01-06 (its jobs taken out: the bench runs the sweeps). Measured: the list
/// (<see cref="MajorSearch.SearchAsync"/>) as the province's leader, a city's and a county officer, with filters; the
/// province's dispatch report of December 2025 (<see cref="DispatchReports.BuildAsync"/>) as JSON, .docx and .xlsx; the
/// round of <see cref="MajorJobs"/> — the band sweep and the milestone sweep — on the day, again with nothing to do,
/// and on the next day.
/// </summary>
public static class MajorBench
{
    public const int Majors = 50_000;
    /// <summary>Tuesday 2026-01-06, 10:00 in China.</summary>
    private static readonly DateTimeOffset Now = new(2026, 1, 6, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(5);

    private sealed record Query(string Label, string User, MajorQuery Filter);

    private sealed record Line(Query Query, int Total, Samples Samples, string? Breakdown = null);

    private sealed record Round(string Label, int Listed, MilestoneSweep.Result Plans, double BandSeconds, double PlanSeconds);

    public static async Task RunAsync(BenchOptions options)
    {
        var load = await Report.WaitForQuietAsync();
        var cached = await Dataset.EnsureAsync(options.Provider, options.Projects[0], options.Seed, options.Regenerate);
        var copying = Stopwatch.StartNew();
        var dataset = await cached.CopyForRunAsync("majors");
        Console.WriteLine($"  copied the dataset in {copying.Elapsed.TotalSeconds:F0} s");
        var clock = new BenchClock(Now);
        var md = new StringBuilder(Report.Heading("majors", options.Provider, options.Label(), load));
        try
        {
            await using var app = new BenchApp(dataset, configure: BenchApp.OnClock(clock));
            var loaded = await LoadAsync(app, options.Seed);
            md.Append($"\nDataset: {cached.Key} ({cached.Info!.Projects:N0} projects) plus {loaded}\n");

            GC.Collect();
            var lines = await ListAsync(app, options);
            md.Append($"\n### List (`MajorSearch.SearchAsync`: count + a page of 50 + names), {options.Iterations} runs each after {WarmupTime.TotalSeconds:0} s of warm-up\n\n")
                .Append("| caller | filter | matches | p50 ms | p99 ms | max ms | p99 ≤ 50 ms |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
            foreach (var l in lines)
            {
                md.Append($"| {l.Query.User} | {l.Query.Label} | {l.Total:N0} | {Report.Ms(l.Samples.P50)} | {Report.Ms(l.Samples.P99)} | {Report.Ms(l.Samples.Max)} | {(l.Samples.P99 <= 50 ? "yes" : "**no**")} |\n");
            }
            md.Append('\n').Append(Report.Details("Where a list call's time goes (each command's mean over 20 calls)", lines[0].Breakdown ?? ""));

            md.Append("\n### Dispatch report of December 2025 (`DispatchReports.BuildAsync(2025-01-01, 2025-12-31)` and its rendering), after one warm-up run\n\n")
                .Append("| caller | format | size KB | runs | p50 s | max s | ≤ 3 s |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
            foreach (var user in new[] { "leader.gz", "leader.gy" })
            {
                var principal = await app.PrincipalAsync(user, Roles.Leader);
                foreach (var format in new[] { "json", "docx", "xlsx" })
                {
                    var (size, times) = await ReportAsync(app, principal, format, Math.Max(3, Math.Min(options.Iterations, 7)));
                    var sorted = times.Order().ToList();
                    md.Append($"| {user} | {format} | {size / 1024:N0} | {times.Count} | {Report.F(sorted[sorted.Count / 2])} | {Report.F(sorted[^1])} | {(sorted[^1] <= 3 ? "yes" : "**no**")} |\n");
                    Console.WriteLine($"  report {user} {format}: p50 {sorted[sorted.Count / 2]:F2} s, max {sorted[^1]:F2} s, {size / 1024} KB");
                }
            }

            var rounds = new List<Round>
            {
                await RoundAsync(app, "Tue 2026-01-06: the day's warnings and problems"),
                await RoundAsync(app, "Tue again: nothing left to do"),
            };
            clock.Now = Now.AddDays(1);
            rounds.Add(await RoundAsync(app, "Wed 2026-01-07: the next day's"));
            md.Append("\n### The sweeps' round (`MajorJobs`: `MajorDesignation.SweepBandsAsync` over the 1,000,000 projects, then `MilestoneSweep.RunAsync` over the milestones)\n\n")
                .Append("| round | band sweep: listed or raised | s | nodes dated from stages | warned | problems opened | milestone sweep s | ≤ 5 s |\n")
                .Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            foreach (var r in rounds)
            {
                md.Append($"| {r.Label} | {r.Listed:N0} | {Report.F(r.BandSeconds)} | {r.Plans.Synced:N0} | {r.Plans.Warned:N0} | {r.Plans.Opened:N0} | {Report.F(r.PlanSeconds)} | {(r.PlanSeconds <= 5 ? "yes" : "**no**")} |\n");
            }
            var written = await app.WithDbAsync(async db => (await db.Set<Ticket>().CountAsync(), await db.Set<Notification>().CountAsync()));
            md.Append($"\nAfter the rounds: {written.Item1:N0} problems filed by the sweep, {written.Item2:N0} inbox messages.\n");
        }
        finally
        {
            if (options.Keep)
            {
                Console.WriteLine($"  kept the run's copy: {dataset.ConnectionString}");
            }
            else
            {
                await dataset.DropRunCopyAsync();
            }
        }
        Report.Append("majors", options.Provider, md.ToString());
    }

    private static async Task<List<Line>> ListAsync(BenchApp app, BenchOptions options)
    {
        var users = new Dictionary<string, ClaimsPrincipal>
        {
            ["leader.gz"] = await app.PrincipalAsync("leader.gz", Roles.Leader),
            ["leader.gy"] = await app.PrincipalAsync("leader.gy", Roles.Leader),
            ["officer.yunyan"] = await app.PrincipalAsync("officer.yunyan", Roles.Officer),
        };
        var (guiyang, term) = await app.WithDbAsync(async db =>
        {
            var id = await db.Orgs.AsNoTracking().Where(o => o.Code == GuizhouOrgs.GuiyangCode).Select(o => o.Id).FirstAsync();
            // The brand of a major project (its name's first two characters): a term a leader would type.
            var name = await db.Projects.AsNoTracking().Where(p => db.MajorProjects.Any(m => m.ProjectId == p.Id)).OrderBy(p => p.Code).Select(p => p.Name).FirstAsync();
            return (id, name[..2]);
        });
        Query[] queries =
        [
            new("all, first page", "leader.gz", new MajorQuery()),
            new("all, page 100", "leader.gz", new MajorQuery(Page: 100)),
            new("provincial list", "leader.gz", new MajorQuery(Level: "province")),
            new("industry group, started", "leader.gz", new MajorQuery(Group: "industry", Stage: ["started"])),
            new($"name contains «{term}»", "leader.gz", new MajorQuery(Q: term)),
            new("unit 贵阳市", "leader.gz", new MajorQuery(OrgId: guiyang)),
            new("all (its city)", "leader.gy", new MajorQuery()),
            new("all (its county)", "officer.yunyan", new MajorQuery()),
        ];
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < WarmupTime)
        {
            foreach (var q in queries)
            {
                await SearchAsync(app, users[q.User], q.Filter);
            }
        }
        var lines = queries.Select(q => new Line(q, 0, new Samples())).ToList();
        for (var i = 0; i < options.Iterations; i++)
        {
            for (var k = 0; k < lines.Count; k++)
            {
                var start = Stopwatch.GetTimestamp();
                var result = await SearchAsync(app, users[lines[k].Query.User], lines[k].Query.Filter);
                lines[k].Samples.Add(start);
                lines[k] = lines[k] with { Total = result.Total };
            }
        }
        foreach (var l in lines)
        {
            Console.WriteLine($"  list {l.Query.User} «{l.Query.Label}»: {l.Total:N0}, p50 {l.Samples.P50:F1} ms, p99 {l.Samples.P99:F1} ms");
        }
        // Where a call's time goes: each command's mean over 20 calls (execution to its rows read), against the call's.
        var breakdown = new StringBuilder();
        foreach (var q in queries)
        {
            var calls = new Samples();
            var perCommand = new List<double>[16];
            string[] texts = [];
            for (var i = 0; i < 20; i++)
            {
                app.Commands.Clear();
                app.Commands.Capture = true;
                var start = Stopwatch.GetTimestamp();
                await SearchAsync(app, users[q.User], q.Filter);
                calls.Add(start);
                app.Commands.Capture = false;
                texts = [.. app.Commands.Commands.Select(c => c.Sql.ReplaceLineEndings(" "))];
                for (var k = 0; k < Math.Min(16, app.Commands.Milliseconds.Count); k++)
                {
                    (perCommand[k] ??= []).Add(app.Commands.Milliseconds[k]);
                }
            }
            breakdown.Append($"{q.User} «{q.Label}»: call mean {calls.Mean:F1} ms; commands: "
                + string.Join("; ", texts.Select((t, k) => $"{perCommand[k]?.Average():F1} ms {(t.Length > 70 ? t[..70] : t)}")) + "\n");
        }
        lines[0] = lines[0] with { Breakdown = breakdown.ToString() };
        Console.Write(breakdown);
        return lines;
    }

    private static async Task<Paged<MajorRow>> SearchAsync(BenchApp app, ClaimsPrincipal user, MajorQuery filter)
    {
        await using var scope = app.UserScope(user);
        return await scope.ServiceProvider.GetRequiredService<MajorSearch>().SearchAsync(filter);
    }

    /// <summary>The report built and written as the API writes it, timed whole; one warm-up run first.</summary>
    private static async Task<(long Size, List<double> Seconds)> ReportAsync(BenchApp app, ClaimsPrincipal user, string format, int runs)
    {
        var json = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var heading = new DocumentHeading("贵州省产业大招商领导小组办公室", "黔招商调〔2026〕1号", new DateOnly(2026, 1, 6));
        var times = new List<double>();
        long size = 0;
        for (var i = 0; i <= runs; i++)
        {
            await using var scope = app.UserScope(user);
            var watch = Stopwatch.StartNew();
            var report = await scope.ServiceProvider.GetRequiredService<DispatchReports>().BuildAsync(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), null);
            using var output = new MemoryStream();
            switch (format)
            {
                case "json":
                    await JsonSerializer.SerializeAsync(output, report, json);
                    break;
                case "docx":
                    DispatchDocuments.WriteDocx(output, report, heading);
                    break;
                default:
                    DispatchDocuments.WriteXlsx(output, report);
                    break;
            }
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalSeconds);
            }
            size = output.Length;
        }
        return (size, times);
    }

    /// <summary>One round of the job: the band sweep, then the milestone sweep, each timed, with the SQL the latter sent.</summary>
    private static async Task<Round> RoundAsync(BenchApp app, string label)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var bands = Stopwatch.StartNew();
        var listed = await scope.ServiceProvider.GetRequiredService<MajorDesignation>().SweepBandsAsync();
        var bandSeconds = bands.Elapsed.TotalSeconds;
        app.Commands.Clear();
        app.Commands.Capture = true;
        var plans = Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<MilestoneSweep>().RunAsync();
        var planSeconds = plans.Elapsed.TotalSeconds;
        app.Commands.Capture = false;
        Console.WriteLine($"  round «{label}»: bands {listed} in {bandSeconds:F2} s; plans {result} in {planSeconds:F2} s; its commands:");
        foreach (var g in app.Commands.Commands.GroupBy(c => c.Sql.Length > 90 ? c.Sql[..90] : c.Sql).OrderByDescending(g => g.Count()).Take(8))
        {
            Console.WriteLine($"    {g.Count(),6} × {g.Key.ReplaceLineEndings(" ")}");
        }
        return new Round(label, listed, result, bandSeconds, planSeconds);
    }

    /// <summary>
    /// Bands at the amounts of the 50,000th, 10,000th and 2,000th largest listed projects; the app's band sweep lists
    /// them; then each gets its leader, task force and plan as the sweeps up to yesterday would have left them.
    /// </summary>
    private static async Task<string> LoadAsync(BenchApp app, int seed)
    {
        var random = new Random(seed);
        var total = Stopwatch.StartNew();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var amounts = await db.Projects.AsNoTracking().Where(p => MajorDesignation.Listed.Contains(p.Stage))
            .Select(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan).OrderByDescending(a => a).Take(Majors).ToListAsync();
        db.MajorBands.RemoveRange(await db.MajorBands.ToListAsync());
        db.MajorBands.AddRange(new MajorBand { Level = MajorLevel.County, MinAmountYuan = amounts[^1] },
            new MajorBand { Level = MajorLevel.City, MinAmountYuan = amounts[Majors / 5 - 1] }, new MajorBand { Level = MajorLevel.Province, MinAmountYuan = amounts[Majors / 25 - 1] });
        await db.SaveChangesAsync();
        var listing = Stopwatch.StartNew();
        var listed = await scope.ServiceProvider.GetRequiredService<MajorDesignation>().SweepBandsAsync();
        var listingSeconds = listing.Elapsed.TotalSeconds;
        Console.WriteLine($"  the band sweep listed {listed:N0} major projects in {listingSeconds:F1} s");

        var users = await db.Users.AsNoTracking().Where(u => u.UserName == "leader.gz" || u.UserName == "officer.tcj" || u.UserName == "officer.yunyan")
            .ToDictionaryAsync(u => u.UserName!, u => u.Id);
        var department = await db.Orgs.AsNoTracking().Where(o => o.Code == "520100-D05").Select(o => o.Id).FirstAsync();
        await db.MajorProjects.ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaderUserId, users["leader.gz"]).SetProperty(m => m.ResponsibleOrgId, department)
            .SetProperty(m => m.LeadOrgId, m => m.OrgId));
        // The demo's own major projects come with their task force and plan.
        var majors = await (from m in db.MajorProjects.AsNoTracking()
                            join p in db.Projects.AsNoTracking() on m.ProjectId equals p.Id
                            where !db.MajorMembers.Any(x => x.ProjectId == m.ProjectId) && !db.Milestones.Any(x => x.ProjectId == m.ProjectId)
                            orderby p.Code
                            select new { m.ProjectId, m.Group, m.OrgPath, m.DesignatedAt, p.ContractDate, p.StartDate, p.ProductionDate, p.CapacityDate }).ToListAsync();
        var templates = PlanTemplates.Defaults.ToDictionary(t => t.Key, t => PlanTemplates.Check(t.Value));
        var today = DateOnly.FromDateTime(Now.DateTime);
        var yesterday = today.AddDays(-1);
        var options = new MajorOptions();
        var members = new List<MajorMember>();
        var milestones = new List<Milestone>();
        var ticketed = 0;
        foreach (var m in majors)
        {
            members.Add(new MajorMember { ProjectId = m.ProjectId, UserId = users["officer.tcj"], OrgPath = m.OrgPath });
            members.Add(new MajorMember { ProjectId = m.ProjectId, UserId = users["officer.yunyan"], OrgPath = m.OrgPath });
            // A plan made at signing; before it, at its listing (some day of the year before).
            var nodes = templates[m.Group];
            var dates = PlanTemplates.Dates(nodes, m.ContractDate ?? today.AddDays(-random.Next(1, 366)));
            var passedStart = false;
            var order = 0;
            foreach (var template in nodes)
            {
                var code = template.Code!;
                var planned = dates[code];
                DateOnly? actual = code switch
                {
                    PlanTemplates.Start => m.StartDate,
                    PlanTemplates.Production => m.ProductionDate,
                    PlanTemplates.Capacity => m.CapacityDate,
                    _ => null,
                };
                if (code == PlanTemplates.Start)
                {
                    passedStart = true;
                }
                else if (code is not (PlanTemplates.Production or PlanTemplates.Capacity))
                {
                    // A node before the start is done by the start, one after it by production; a later one, if its day has come, often.
                    var by = passedStart ? m.ProductionDate : m.StartDate;
                    var done = planned.AddDays(random.Next(-10, 45));
                    actual = by is { } b ? (done < b ? done : b) : done < today && random.Next(10) < 6 ? done : null;
                }
                var node = new Milestone
                {
                    Id = Guid.CreateVersion7(), ProjectId = m.ProjectId, Code = code, Name = template.Name!, SortOrder = ++order, PlannedDate = planned,
                    ActualDate = actual, OrgPath = m.OrgPath,
                };
                if (actual is null)
                {
                    // What the sweeps up to yesterday did: warned past the first line, a problem past the second.
                    if (planned < yesterday.AddDays(-options.WarnAfterDays))
                    {
                        node.WarnedAt = Now.AddDays(-1).UtcDateTime;
                    }
                    if (planned < yesterday.AddDays(-options.TicketAfterDays))
                    {
                        node.TicketId = Guid.CreateVersion7();
                        ticketed++;
                    }
                }
                milestones.Add(node);
            }
        }
        var writing = Stopwatch.StartNew();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.CreateAsync(db, members, default);
            foreach (var chunk in milestones.Chunk(50_000))
            {
                await BulkInsert.CreateAsync(db, chunk, default);
            }
            await transaction.CommitAsync();
        }
        if (!db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
        var open = milestones.Count(n => n.ActualDate is null);
        var overdue = milestones.Count(n => n.ActualDate is null && n.PlannedDate < today);
        var byLevel = string.Join(", ", (await db.MajorProjects.AsNoTracking().GroupBy(m => m.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .OrderByDescending(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count:N0}"));
        var byGroup = string.Join(", ", majors.GroupBy(m => m.Group).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count():N0}"));
        return $"{majors.Count:N0} major projects ({byLevel}; {byGroup}; {majors.Count(m => m.ContractDate is not null):N0} signed), listed by the app's band sweep "
            + $"in {listingSeconds:F1} s at bands {amounts[^1] / (double)ChineseText.Yi:F2} / {amounts[Majors / 5 - 1] / (double)ChineseText.Yi:F2} / {amounts[Majors / 25 - 1] / (double)ChineseText.Yi:F2} 亿元; "
            + $"{members.Count:N0} task-force members; {milestones.Count:N0} milestones ({open:N0} open, {overdue:N0} of them overdue, {ticketed:N0} past the problem line "
            + $"with a problem of the days before — ids only, those problems are not loaded), written with their audit records in {writing.Elapsed.TotalSeconds:F1} s; "
            + $"{total.Elapsed.TotalSeconds:F0} s in all.";
    }
}
