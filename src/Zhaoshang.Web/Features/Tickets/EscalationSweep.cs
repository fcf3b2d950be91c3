using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public sealed class TicketOptions
{
    /// <summary>How often a node tries to run the sweep (one node at a time holds its lease).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>The handler is reminded this many working days before the deadline.</summary>
    public int RemindWorkingDays { get; set; } = 1;
    /// <summary>
    /// The ladder: working days past the deadline at which each step is taken — 1: the handler's leader, 2: the desk
    /// that dispatched it, 3: the joint meeting. One step per sweep, each step once.
    /// </summary>
    public int[] EscalateAfterWorkingDays { get; set; } = [1, 3, 5];
    /// <summary>A project's needs (并联会审) are answered by every department within this many working days (seed 004: "不到一个月").</summary>
    public int NeedsReviewWorkingDays { get; set; } = 20;
}

/// <summary>
/// Reminders before the deadline and the escalation ladder after it, over every open ticket. Each step is a row keyed by
/// (ticket, level), written with the ticket's version check, so a step is taken once even if two nodes ever ran at once.
/// </summary>
public sealed class EscalationSweep(AppDb db, Router router, Notifier notifier, TimeProvider time, IOptions<TicketOptions> options)
{
    public const int TopLevel = 3;
    private const int Batch = 500;

    public sealed record Result(int Reminded, int Escalated);

    private sealed record Candidate(Guid Id, DateOnly Due, int Level, bool Reminded);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = ChinaTime.Day(now.UtcDateTime);
        var o = options.Value;
        var calendar = await WorkCalendar.LoadAsync(db, ct);
        var horizon = calendar.AddWorkingDays(today, o.RemindWorkingDays);
        var ladder = o.EscalateAfterWorkingDays;
        var candidates = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.DueDate <= horizon && (t.State == TicketState.Dispatched || t.State == TicketState.InProgress)
                && ((t.RemindedAt == null && t.DueDate >= today) || (t.DueDate < today && t.EscalationLevel < TopLevel)))
            .Select(t => new Candidate(t.Id, t.DueDate!.Value, t.EscalationLevel, t.RemindedAt != null)).ToListAsync(ct);
        var work = new List<(Guid Id, bool Remind, bool Escalate)>();
        foreach (var c in candidates)
        {
            var overdueDays = c.Due < today ? calendar.WorkingDaysBetween(c.Due, today) : 0;
            var step = ladder.Count(d => overdueDays >= d);
            var escalate = c.Due < today && c.Level < Math.Min(step, TopLevel);
            var remind = !c.Reminded && c.Due >= today;
            if (escalate || remind)
            {
                work.Add((c.Id, remind, escalate));
            }
        }
        var cache = new Lookups();
        int reminded = 0, escalated = 0;
        foreach (var chunk in work.Chunk(Batch))
        {
            var ids = chunk.Select(w => w.Id).ToList();
            var tickets = await db.Set<Ticket>().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
            await cache.LoadPartiesAsync(db, ids, ct);
            foreach (var (id, remind, escalate) in chunk)
            {
                var t = tickets[id];
                if (remind)
                {
                    t.RemindedAt = now.UtcDateTime;
                    var handlers = await cache.UsersAsync(notifier, [t.HandlerOrgId!.Value], [Roles.Handler, Roles.Officer], ct);
                    await notifier.SendAsync(new Message(new Phrase("{0}「{1}」临近办理期限", t.Number, t.Title),
                        new Phrase("办理期限 {0:yyyy-MM-dd}，请抓紧办理。", t.DueDate), TicketRecords.Link(t)), handlers, ct);
                    reminded++;
                }
                if (escalate)
                {
                    await EscalateAsync(db, router, notifier, t, now.UtcDateTime, null, null, ct, cache);
                    escalated++;
                }
            }
            await TicketRecords.SyncScopesAsync(db, [.. chunk.Where(w => w.Escalate).Select(w => tickets[w.Id])], ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Someone changed these tickets (or took the step) meanwhile: the next sweep looks at them again.
            }
            db.ChangeTracker.Clear();
        }
        return new Result(reminded, escalated);
    }

    /// <summary>Per-sweep memory of the org tree and its users, so 10,000 escalations do not each ask again.</summary>
    public sealed class Lookups
    {
        private readonly Dictionary<Guid, List<Org>> _ancestors = [];
        private readonly Dictionary<string, List<Guid>> _users = [];
        private readonly Dictionary<Guid, Org?> _orgs = [];
        private readonly Dictionary<(Guid, TicketLevel), Org?> _offices = [];
        private readonly Dictionary<(Guid, DateOnly), Guid?> _meetings = [];
        private readonly HashSet<Guid> _partiesLoaded = [];
        private readonly HashSet<(Guid TicketId, Guid OrgId)> _parties = [];

        public async Task<Guid?> NextMeetingAsync(AppDb db, Guid officeId, DateOnly from, CancellationToken ct)
        {
            if (!_meetings.TryGetValue((officeId, from), out var meeting))
            {
                _meetings[(officeId, from)] = meeting = await TicketActions.NextMeetingAsync(db, officeId, from, ct);
            }
            return meeting;
        }

        /// <summary>Reads the parties of a batch of tickets at once, so that each escalation need not ask whether its org is one.</summary>
        public async Task LoadPartiesAsync(AppDb db, List<Guid> ticketIds, CancellationToken ct)
        {
            var rows = await db.Set<TicketParty>().IgnoreQueryFilters().AsNoTracking().Where(p => ticketIds.Contains(p.TicketId))
                .Select(p => new { p.TicketId, p.OrgId }).ToListAsync(ct);
            _partiesLoaded.UnionWith(ticketIds);
            _parties.UnionWith(rows.Select(r => (r.TicketId, r.OrgId)));
        }

        /// <summary>Whether the org is already a party of the ticket; if not, it is recorded as one (the caller adds the row).</summary>
        public async Task<bool> IsPartyAsync(AppDb db, Guid ticketId, Guid orgId, CancellationToken ct)
        {
            if (!_partiesLoaded.Contains(ticketId))
            {
                await LoadPartiesAsync(db, [ticketId], ct);
            }
            return !_parties.Add((ticketId, orgId));
        }

        public async Task<List<Org>> AncestorsAsync(AppDb db, Router router, Guid orgId, CancellationToken ct)
        {
            if (!_ancestors.TryGetValue(orgId, out var list))
            {
                var org = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
                _ancestors[orgId] = list = await router.AncestorsAsync(org, ct);
            }
            return list;
        }

        public async Task<Org?> OrgAsync(AppDb db, Guid id, CancellationToken ct)
        {
            if (!_orgs.TryGetValue(id, out var org))
            {
                _orgs[id] = org = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
            }
            return org;
        }

        public async Task<Org?> OfficeAsync(Router router, List<Org> ancestors, TicketLevel level, CancellationToken ct)
        {
            var key = (ancestors[0].Id, level);
            if (!_offices.TryGetValue(key, out var office))
            {
                _offices[key] = office = await router.JointMeetingOfficeAsync(ancestors, level, ct);
            }
            return office;
        }

        public async Task<List<Guid>> UsersAsync(Notifier notifier, Guid[] orgs, string[] roles, CancellationToken ct)
        {
            var key = string.Join(",", orgs) + "|" + string.Join(",", roles);
            if (!_users.TryGetValue(key, out var users))
            {
                _users[key] = users = await notifier.UsersAsync(orgs, roles, ct);
            }
            return users;
        }
    }

    /// <summary>
    /// Takes the next step of the ladder on one ticket: 1 the handler's leader (the handling unit's leaders, else its
    /// parent's), 2 the desk, 3 the joint meeting's office and agenda. Added to the caller's unit of work.
    /// </summary>
    public static async Task EscalateAsync(AppDb db, Router router, Notifier notifier, Ticket t, DateTime now, CurrentUser? by, string? note,
        CancellationToken ct, Lookups? cache = null)
    {
        cache ??= new Lookups();
        var level = t.EscalationLevel + 1;
        if (level > TopLevel)
        {
            throw DomainException.Unprocessable("该工单已升级至联席会议，不能再升级。");
        }
        Org? to;
        List<Guid> users;
        Phrase where;
        switch (level)
        {
            case 1:
                var handler = t.HandlerOrgId is { } h ? await cache.OrgAsync(db, h, ct) : null;
                to = handler;
                users = handler is null ? [] : await cache.UsersAsync(notifier, [handler.Id], [Roles.Leader], ct);
                if (users.Count == 0 && handler?.ParentId is { } parent)
                {
                    to = await cache.OrgAsync(db, parent, ct);
                    users = await cache.UsersAsync(notifier, [parent], [Roles.Leader], ct);
                }
                where = new Phrase("承办单位分管领导（{0}）", to?.Name);
                break;
            case 2:
                to = await cache.OrgAsync(db, t.DeskOrgId, ct);
                users = await cache.UsersAsync(notifier, [t.DeskOrgId], [Roles.Officer, Roles.Leader], ct);
                where = new Phrase("派单单位（{0}）", to?.Name);
                break;
            default:
                var ancestors = await cache.AncestorsAsync(db, router, t.OrgId, ct);
                to = await cache.OfficeAsync(router, ancestors, t.Level, ct);
                users = to is null ? [] : await cache.UsersAsync(notifier, [to.Id], [Roles.Assessor, Roles.Officer, Roles.Leader], ct);
                if (to is not null)
                {
                    t.JointMeetingId ??= await cache.NextMeetingAsync(db, to.Id, ChinaTime.Day(now), ct);
                }
                where = to is null ? new Phrase("联席会议（未设置领导小组办公室）") : new Phrase("联席会议（{0}）", to.Name);
                break;
        }
        t.EscalationLevel = level;
        db.Set<TicketEscalation>().Add(new TicketEscalation { TicketId = t.Id, Level = level, At = now, ToOrgId = to?.Id });
        if (to is not null && to.Path != t.OrgPath)
        {
            if (!await cache.IsPartyAsync(db, t.Id, to.Id, ct))
            {
                db.Set<TicketParty>().Add(new TicketParty { TicketId = t.Id, OrgId = to.Id, OrgPath = to.Path, Role = level == TopLevel ? PartyRole.JointMeeting : PartyRole.Leader });
            }
        }
        var said = string.IsNullOrEmpty(note) ? new Phrase("第{0}级督办：升级至{1}", level, where) : new Phrase("第{0}级督办：升级至{1}。{2}", level, where, note);
        db.Set<TicketEvent>().Add(new TicketEvent
        {
            Id = Guid.CreateVersion7(), TicketId = t.Id, At = now, UserId = by?.Id, UserName = by?.UserName ?? "系统", Action = "escalate",
            OrgId = to?.Id, Note = said.ToString(), NotePhrase = said.ToJson(),
        });
        await notifier.SendAsync(new Message(new Phrase("督办：{0}「{1}」已逾期，第{2}级升级", t.Number, t.Title, level),
            new Phrase("办理期限 {0:yyyy-MM-dd}，已升级至{1}。", t.DueDate, where), TicketRecords.Link(t)), users, ct);
    }
}

/// <summary>Runs the sweep on one node at a time: whichever holds the database lease.</summary>
public sealed class TicketJobs(IServiceScopeFactory scopes, DbLease lease, IOptions<TicketOptions> options, ILogger<TicketJobs> log)
    : LeasedJob(scopes, lease, log)
{
    public const string Name = "tickets.sweep";

    protected override string LeaseName => Name;
    protected override TimeSpan Interval => options.Value.SweepInterval;
    protected override TimeSpan LeaseTime => options.Value.LeaseTime;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var result = await services.GetRequiredService<EscalationSweep>().RunAsync(ct);
        if (result.Escalated + result.Reminded > 0)
        {
            log.LogInformation("Ticket sweep: {Reminded} reminded, {Escalated} escalated.", result.Reminded, result.Escalated);
        }
    }
}
