using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Features.Tickets;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Bench;

/// <summary>
/// 贵阳市 with 100,000 open tickets (dispatched or in progress) and 40,000 more in every other state, loaded into a copy
/// of a ledger dataset: the ticket list as a city leader, a county officer and a department sees it, with filters,
/// through the real TicketQueries; and the escalation sweep over those 100,000 open tickets on a working day, with the
/// reminders and ladder steps of the days before already taken (the state a sweep every minute keeps), so each sweep
/// does one day's work — then once more with nothing left to do, and on the next working day. The open tickets were
/// submitted in the 90 days before, the others in the 150.
/// </summary>
public static class TicketBench
{
    public const int OpenTickets = 100_000;
    public const int OtherTickets = 40_000;
    /// <summary>Tuesday 2026-11-24, 10:00 in China: the day the sweep is measured on (the day before is a working day).</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(5);

    private sealed record Query(string Label, string User, TicketFilter Filter);

    private sealed record Line(Query Query, int Total, Samples Samples);

    private sealed record Sweep(string Label, int Candidates, EscalationSweep.Result Result, double Seconds);

    public static async Task RunAsync(BenchOptions options)
    {
        var load = await Report.WaitForQuietAsync();
        var cached = await Dataset.EnsureAsync(options.Provider, options.Projects[0], options.Seed, options.Regenerate);
        var dataset = await cached.CopyForRunAsync("tickets");
        var clock = new BenchClock(Now);
        var md = new StringBuilder(Report.Heading("tickets", options.Provider, options.Label(), load));
        try
        {
            await using var app = new BenchApp(dataset, configure: BenchApp.OnClock(clock));
            var seed = Stopwatch.StartNew();
            var loaded = await LoadAsync(app, options.Seed);
            md.Append($"\nDataset: {cached.Key} ({cached.Info!.Projects:N0} projects) plus {loaded}; loaded in {seed.Elapsed.TotalSeconds:F1} s "
                + "(tickets through BulkInsert with their audit records, parties, events and past escalations by COPY / prepared INSERT).\n");

            GC.Collect(); // the loader's lists, not the list's own garbage
            var lines = await ListAsync(app, options);
            md.Append($"\n### List (`TicketQueries.SearchAsync`: count + first page of 50 + names), {options.Iterations} runs each after {WarmupTime.TotalSeconds:0} s of warm-up\n\n")
                .Append("| caller | filter | matches | p50 ms | p99 ms | max ms | p99 ≤ 50 ms |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
            foreach (var l in lines)
            {
                md.Append($"| {l.Query.User} | {l.Query.Label} | {l.Total:N0} | {Report.Ms(l.Samples.P50)} | {Report.Ms(l.Samples.P99)} | {Report.Ms(l.Samples.Max)} | {(l.Samples.P99 <= 50 ? "yes" : "**no**")} |\n");
            }

            var sweeps = new List<Sweep>
            {
                await SweepAsync(app, "Tue 2026-11-24: the day's reminders and steps"),
                await SweepAsync(app, "Tue again: nothing left to do"),
            };
            clock.Now = Now.AddDays(1);
            sweeps.Add(await SweepAsync(app, "Wed 2026-11-25: the next day's work"));
            md.Append($"\n### Escalation sweep (`EscalationSweep.RunAsync`) over {OpenTickets:N0} open tickets\n\n")
                .Append("| sweep | candidates its query reads | reminded | escalated | seconds | ≤ 5 s |\n| --- | ---: | ---: | ---: | ---: | --- |\n");
            foreach (var s in sweeps)
            {
                md.Append($"| {s.Label} | {s.Candidates:N0} | {s.Result.Reminded:N0} | {s.Result.Escalated:N0} | {Report.F(s.Seconds)} | {(s.Seconds <= 5 ? "yes" : "**no**")} |\n");
            }
            var written = await app.WithDbAsync(async db => (await db.Set<TicketEscalation>().CountAsync(e => e.At >= Now.UtcDateTime),
                await db.Set<Notification>().CountAsync()));
            md.Append($"\nAfter the sweeps: {written.Item1:N0} escalation rows dated from the first sweep on, {written.Item2:N0} inbox messages.\n");
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
        Report.Append("tickets", options.Provider, md.ToString());
    }

    private static async Task<List<Line>> ListAsync(BenchApp app, BenchOptions options)
    {
        var users = new Dictionary<string, ClaimsPrincipal>
        {
            ["leader.gy"] = await app.PrincipalAsync("leader.gy", Roles.Leader),
            ["officer.yunyan"] = await app.PrincipalAsync("officer.yunyan", Roles.Officer),
            ["handler.zrzy"] = await app.PrincipalAsync("handler.zrzy", Roles.Handler),
        };
        Query[] queries =
        [
            new("open, land", "leader.gy", new TicketFilter(Open: true, Category: TicketCategory.Land)),
            new("overdue", "leader.gy", new TicketFilter(Overdue: true)),
            new("title contains 用地", "leader.gy", new TicketFilter(Q: "用地")),
            new("in progress, submitted in October", "leader.gy", new TicketFilter(State: TicketState.InProgress, From: new DateOnly(2026, 10, 1), To: new DateOnly(2026, 10, 31))),
            new("open", "officer.yunyan", new TicketFilter(Open: true)),
            new("open (its parties' queue)", "handler.zrzy", new TicketFilter(Open: true)),
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
        return lines;
    }

    private static async Task<Paged<TicketRow>> SearchAsync(BenchApp app, ClaimsPrincipal user, TicketFilter filter)
    {
        await using var scope = app.UserScope(user);
        return await scope.ServiceProvider.GetRequiredService<TicketQueries>().SearchAsync(filter, 1, 50);
    }

    private static async Task<Sweep> SweepAsync(BenchApp app, string label)
    {
        // How many open tickets the sweep's query reads (as it selects them: due for a reminder, or overdue below the top level).
        var candidates = await app.WithDbAsync(async db =>
        {
            var today = Zhaoshang.Web.Shared.ChinaTime.Today(app.Services.GetRequiredService<TimeProvider>());
            var horizon = (await WorkCalendar.LoadAsync(db, default)).AddWorkingDays(today, 1);
            return await db.Set<Ticket>().CountAsync(t => t.DueDate <= horizon && (t.State == TicketState.Dispatched || t.State == TicketState.InProgress)
                && ((t.RemindedAt == null && t.DueDate >= today) || (t.DueDate < today && t.EscalationLevel < EscalationSweep.TopLevel)));
        });
        await using var scope = app.Services.CreateAsyncScope();
        var sweep = scope.ServiceProvider.GetRequiredService<EscalationSweep>();
        app.Commands.Commands.Clear();
        app.Commands.Capture = true;
        var clock = Stopwatch.StartNew();
        var result = await sweep.RunAsync(CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        app.Commands.Capture = false;
        Console.WriteLine($"  sweep «{label}»: {result.Reminded} reminded, {result.Escalated} escalated in {seconds:F2} s; its commands:");
        foreach (var g in app.Commands.Commands.GroupBy(c => c.Sql.Length > 90 ? c.Sql[..90] : c.Sql).OrderByDescending(g => g.Count()).Take(8))
        {
            Console.WriteLine($"    {g.Count(),6} × {g.Key.ReplaceLineEndings(" ")}");
        }
        return new Sweep(label, candidates, result, seconds);
    }

    /// <summary>
    /// Generates the tickets of 贵阳市's districts, routed by the demo's rules, submitted over the 150 days before the
    /// measured day; the open ones carry the reminders and escalation steps a sweep would have taken by the day before.
    /// </summary>
    private static async Task<string> LoadAsync(BenchApp app, int seed)
    {
        var random = new Random(seed);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var orgs = await db.Orgs.AsNoTracking().ToListAsync();
        var guiyang = orgs.Single(o => o.Code == GuizhouOrgs.GuiyangCode);
        var byId = orgs.ToDictionary(o => o.Id);
        var areas = orgs.Where(o => o.ParentId == guiyang.Id && o.Kind is OrgKind.District or OrgKind.DevZone && o.IsActive).ToList();
        var rules = await db.Set<RoutingRule>().AsNoTracking().Where(r => r.AreaOrgId == guiyang.Id).ToListAsync();
        if (rules.Count == 0)
        {
            throw new InvalidOperationException("The dataset has no routing rules for 贵阳市 (it predates them): run the bench with --regenerate.");
        }
        var lgo = orgs.Single(o => o.Code == "520100-LGO");
        var desk = orgs.Single(o => o.Code == "520100-D01");
        var ruleOf = rules.ToDictionary(r => r.Category);
        var projects = (await db.Projects.AsNoTracking()
                .Where(p => p.Stage == ProjectStage.Signed || p.Stage == ProjectStage.Started || p.Stage == ProjectStage.Operating)
                .Select(p => new { p.Id, p.OrgId, p.Name }).ToListAsync())
            .Where(p => areas.Any(a => a.Id == p.OrgId)).GroupBy(p => p.OrgId).ToDictionary(g => g.Key, g => g.ToList());
        var submitter = await db.Users.AsNoTracking().FirstAsync(u => u.UserName == "officer.yunyan");
        var calendar = await WorkCalendar.LoadAsync(db, default);
        var ladder = new TicketOptions().EscalateAfterWorkingDays;
        var today = DateOnly.FromDateTime(Now.DateTime);
        var yesterday = calendar.AddWorkingDays(today, -1);
        var yesterdayHorizon = calendar.AddWorkingDays(yesterday, 1);
        var categories = Enum.GetValues<TicketCategory>();

        var tickets = new List<Ticket>(OpenTickets + OtherTickets);
        var parties = new List<TicketParty>();
        var scopes = new List<TicketScope>();
        var events = new List<TicketEvent>();
        var escalations = new List<TicketEscalation>();
        TicketState[] closedStates = [TicketState.Closed, TicketState.Closed, TicketState.Closed, TicketState.Closed, TicketState.Declined,
            TicketState.Submitted, TicketState.Accepted, TicketState.Returned, TicketState.Answered, TicketState.AwaitingRating];
        for (var i = 0; i < OpenTickets + OtherTickets; i++)
        {
            var open = i < OpenTickets;
            var area = areas[random.Next(areas.Count)];
            var category = categories[random.Next(categories.Length)];
            var rule = ruleOf[category];
            var handler = rule.ToJointMeeting ? lgo : rule.HandlerOrgId is { } h ? byId[h] : orgs.First(o => o.Code == "520100-D05");
            var kind = random.Next(3) == 0 ? TicketKind.Appeal : TicketKind.Problem;
            var project = kind == TicketKind.Problem && projects.TryGetValue(area.Id, out var list) ? list[random.Next(list.Count)] : null;
            // The open ones were submitted in the last 90 days, the rest over 150.
            var submitted = Now.AddDays(-random.NextDouble() * (open ? 90 : 150)).UtcDateTime;
            var state = open ? (random.Next(3) == 0 ? TicketState.Dispatched : TicketState.InProgress) : closedStates[random.Next(closedStates.Length)];
            var dispatched = state is TicketState.Submitted or TicketState.Accepted or TicketState.Returned or TicketState.Declined ? (DateTime?)null : submitted.AddHours(random.Next(2, 72));
            var dispatchDay = dispatched is { } d ? DateOnly.FromDateTime(d.AddHours(8)) : (DateOnly?)null;
            var due = dispatchDay is { } day ? calendar.AddWorkingDays(day, rule.SlaWorkingDays) : (DateOnly?)null;
            var t = new Ticket
            {
                Id = Guid.CreateVersion7(),
                Number = $"WT-{submitted.AddHours(8).Year}-{i + 1:D6}",
                Kind = kind,
                Category = category,
                Level = TicketLevel.City,
                Title = (project?.Name ?? area.Name + "某企业") + "：" + Issue(category, random),
                Description = "现状、已做的工作和需要协调解决的事项。",
                ProjectId = project?.Id,
                SubmitterId = submitter.Id,
                SubmitterName = submitter.DisplayName,
                OrgId = area.Id,
                OrgPath = area.Path,
                DeskOrgId = desk.Id,
                HandlerOrgId = dispatched is null ? null : handler.Id,
                RoutingNote = dispatched is null ? null : "按规则派单",
                State = state,
                SlaWorkingDays = rule.SlaWorkingDays,
                SubmittedAt = submitted,
                DispatchedAt = dispatched,
                DueDate = due,
                Version = 1,
            };
            if (state is TicketState.Answered or TicketState.AwaitingRating or TicketState.Closed)
            {
                t.AnsweredAt = dispatched!.Value.AddDays(random.Next(1, 20));
                t.Answer = "已协调解决。";
                if (state == TicketState.Closed)
                {
                    t.ClosedAt = t.AnsweredAt.Value.AddDays(random.Next(0, 5));
                    t.OnTime = DateOnly.FromDateTime(t.AnsweredAt.Value.AddHours(8)) <= due;
                    t.Rating = random.Next(3, 6);
                }
            }
            if (open && due is { } dueDate)
            {
                // What the sweeps up to yesterday did: the reminder once inside the horizon, then the ladder's steps.
                if (dueDate <= yesterdayHorizon)
                {
                    t.RemindedAt = Now.AddDays(-1).UtcDateTime;
                }
                var overdue = dueDate < yesterday ? calendar.WorkingDaysBetween(dueDate, yesterday) : 0;
                t.EscalationLevel = Math.Min(ladder.Count(x => overdue >= x), EscalationSweep.TopLevel);
                for (var level = 1; level <= t.EscalationLevel; level++)
                {
                    escalations.Add(new TicketEscalation { TicketId = t.Id, Level = level, At = Now.AddDays(-1).UtcDateTime, ToOrgId = level == 2 ? desk.Id : handler.Id });
                }
            }
            tickets.Add(t);
            parties.Add(new TicketParty { TicketId = t.Id, OrgId = desk.Id, OrgPath = desk.Path, Role = PartyRole.Desk });
            if (t.HandlerOrgId is not null)
            {
                parties.Add(new TicketParty { TicketId = t.Id, OrgId = handler.Id, OrgPath = handler.Path, Role = PartyRole.Handler });
            }
            string[] sees = t.HandlerOrgId is null ? [t.OrgPath, desk.Path] : [t.OrgPath, desk.Path, handler.Path];
            scopes.AddRange(sees.SelectMany(OrgPaths.AndAncestors).Distinct().Select(path => new TicketScope
            {
                Path = path, TicketId = t.Id, SubmittedAt = t.SubmittedAt, State = t.State, Kind = t.Kind, Category = t.Category, DueDate = t.DueDate,
            }));
            events.Add(new TicketEvent { Id = Guid.CreateVersion7(), TicketId = t.Id, At = submitted, UserId = submitter.Id, UserName = submitter.UserName, Action = "submit", To = TicketState.Submitted, OrgId = area.Id });
            if (dispatched is { } at)
            {
                events.Add(new TicketEvent { Id = Guid.CreateVersion7(), TicketId = t.Id, At = at, UserName = "officer.tcj", Action = "dispatch", From = TicketState.Accepted, To = TicketState.Dispatched, OrgId = handler.Id });
            }
        }
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            foreach (var chunk in tickets.Chunk(20_000))
            {
                await BulkInsert.CreateAsync(db, chunk, default);
            }
            await BulkInsert.WriteAsync(db, parties, default);
            await BulkInsert.WriteAsync(db, scopes, default);
            await BulkInsert.WriteAsync(db, tickets.SelectMany(TicketTitleGram.For).ToList(), default);
            await BulkInsert.WriteAsync(db, events, default);
            await BulkInsert.WriteAsync(db, escalations, default);
            await transaction.CommitAsync();
        }
        if (!db.Database.IsSqlite())
        {
            // What autovacuum does to a live database after a load: statistics, and the visibility map index-only scans need.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
        var openCount = tickets.Count(t => t.State is TicketState.Dispatched or TicketState.InProgress);
        var overdueCount = tickets.Count(t => t.State is TicketState.Dispatched or TicketState.InProgress && t.DueDate < today);
        return $"{tickets.Count:N0} tickets of 贵阳市's {areas.Count} districts and zones ({openCount:N0} open, {overdueCount:N0} of them overdue; "
            + $"{parties.Count:N0} parties, {scopes.Count:N0} scope rows, {events.Count:N0} events, {escalations.Count:N0} past escalations)";
    }

    private static string Issue(TicketCategory category, Random random)
    {
        string[] issues = category switch
        {
            TicketCategory.Land => ["用地指标未落实", "土地证办理受阻", "用地报批进度缓慢"],
            TicketCategory.Power => ["专线供电接入延迟", "变电站扩容"],
            TicketCategory.Water => ["供水管网未接通", "工业用水指标"],
            TicketCategory.Gas => ["天然气管道接入", "用气价格协调"],
            TicketCategory.Financing => ["流动资金贷款对接", "融资担保"],
            TicketCategory.Labour => ["技术工人招聘困难", "员工子女入学"],
            TicketCategory.Approvals => ["环评审批进度", "施工许可办理", "消防验收"],
            TicketCategory.Comprehensive => ["项目综合协调", "多部门联合推进"],
            _ => ["道路配套未完成", "厂房交付延期"],
        };
        return issues[random.Next(issues.Length)];
    }
}
