using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Tickets;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>What one day brought in a leader's scope: new signings, funds entered, milestones that fell overdue, problems escalated to the leader's unit.</summary>
public sealed record DigestFigures(int Signings, long SignedYuan, IReadOnlyList<string> Largest, int Funds, long FundsYuan, int MissedMilestones, int Escalated)
{
    public bool IsEmpty => Signings + Funds + MissedMilestones + Escalated == 0;
}

/// <summary>
/// The leaders' daily digest (每日简报): each morning, what changed yesterday in each leader's scope, to their inbox
/// (a day with nothing in it sends nothing). The group robots get the province's digest, once, when the operator turns
/// it on (<see cref="CockpitOptions.DigestToRobots"/>): a robot is shared by a group, not one leader's. Each digest's
/// link names its day, so a day is sent once however often the job runs and on however many nodes.
/// </summary>
public sealed class DailyDigest(AppDb db, Notifier notifier, CurrentUser currentUser, IOptions<CockpitOptions> options)
{
    public static string Link(DateOnly day) => $"/Cockpit?digest={day:yyyy-MM-dd}";

    /// <summary>Sends the digest of <paramref name="day"/> to every active leader who has not had it; returns how many were sent.</summary>
    public async Task<int> SendAsync(DateOnly day, CancellationToken ct)
    {
        using var system = currentUser.AsSystem();
        var leaders = await (from u in db.Users
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             join o in db.Orgs on u.OrgId equals o.Id
                             from parent in db.Orgs.Where(p => p.Id == o.ParentId).DefaultIfEmpty()
                             where r.Name == Roles.Leader && !u.IsDisabled
                             select new { u.Id, OrgId = o.Id, o.Name, o.Path, o.Kind, o.Coordinates, ParentKind = (OrgKind?)parent.Kind, ParentPath = parent.Path, ParentName = parent.Name })
            .ToListAsync(ct);
        var link = Link(day);
        var done = (await db.Set<Notification>().Where(n => n.Link == link).Select(n => n.UserId).ToListAsync(ct)).ToHashSet();
        var sent = 0;
        foreach (var leader in leaders.Where(l => !done.Contains(l.Id)))
        {
            // A leader of a unit that coordinates its level reads the level (as the session does).
            var coordinates = leader.Coordinates && Org.CanCoordinate(leader.Kind, leader.ParentKind);
            var (path, scope) = coordinates ? (leader.ParentPath!, leader.ParentName!) : (leader.Path, leader.Name);
            var figures = await FiguresAsync(path, leader.OrgId, day, ct);
            if (figures.IsEmpty)
            {
                continue;
            }
            var top = path.Count(c => c == '/') == 2; // "/520000/": the province
            await notifier.SendAsync(Compose(scope, day, figures), [leader.Id], ct, robots: top && options.Value.DigestToRobots);
            sent++;
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }

    public static Message Compose(string scope, DateOnly day, DigestFigures f) => new(
        new Phrase("每日简报（{0:yyyy-MM-dd}）：{1}", day, scope),
        new Phrase("新签约 {0} 个，合同金额 {1:0.##} 亿元{2}；资金到位录入 {3} 笔，{4:0.##} 亿元；逾期未完成的节点 {5} 个；升级至本单位的问题 {6} 件。",
            f.Signings, f.SignedYuan / 100_000_000m, f.Largest.Count == 0 ? "" : "（" + string.Join("、", f.Largest) + "）", f.Funds, f.FundsYuan / 100_000_000m,
            f.MissedMilestones, f.Escalated),
        Link(day));

    public async Task<DigestFigures> FiguresAsync(string path, Guid orgId, DateOnly day, CancellationToken ct)
    {
        using var system = currentUser.AsSystem();
        var signed = await db.Projects.AsNoTracking().Under(p => p.OrgPath, path).Where(p => p.ContractDate == day)
            .Select(p => new { p.Name, Amount = p.ContractAmountYuan ?? 0 }).ToListAsync(ct);
        var (from, to) = (ChinaTime.StartUtc(day), ChinaTime.StartUtc(day.AddDays(1)));
        var funds = await db.FundEntries.AsNoTracking().Under(f => f.OrgPath, path).Where(f => f.At >= from && f.At < to).Select(f => f.AmountYuan).ToListAsync(ct);
        // Planned for the day and not done by its end: overdue since this morning.
        var missed = await db.Milestones.AsNoTracking().Under(m => m.OrgPath, path).CountAsync(m => m.PlannedDate == day && m.ActualDate == null, ct);
        var escalated = await db.Set<TicketEscalation>().AsNoTracking().CountAsync(e => e.ToOrgId == orgId && e.At >= from && e.At < to, ct);
        return new DigestFigures(signed.Count, signed.Sum(s => s.Amount), [.. signed.OrderByDescending(s => s.Amount).Take(3).Select(s => s.Name)],
            funds.Count, funds.Sum(), missed, escalated);
    }
}

/// <summary>Sends yesterday's digest once the morning comes (<see cref="CockpitOptions.DigestHour"/>, China time), on one node at a time.</summary>
public sealed class DigestJob(IServiceScopeFactory scopes, DbLease lease, TimeProvider time, IOptions<CockpitOptions> options, ILogger<DigestJob> log)
    : LeasedJob(scopes, lease, log)
{
    protected override string LeaseName => "cockpit.digest";
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);
    protected override TimeSpan LeaseTime => TimeSpan.FromMinutes(9);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = ChinaTime.Local(time.GetUtcNow().UtcDateTime);
        if (now.Hour < options.Value.DigestHour)
        {
            return;
        }
        var sent = await services.GetRequiredService<DailyDigest>().SendAsync(DateOnly.FromDateTime(now).AddDays(-1), ct);
        if (sent > 0)
        {
            log.LogInformation("Daily digest: {Sent} leaders told of yesterday.", sent);
        }
    }
}
