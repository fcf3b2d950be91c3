using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Tickets;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// The plans' daily round: the project's own start, production and capacity dates become its nodes' actual dates; a
/// node past its planned date by <see cref="MajorOptions.WarnAfterDays"/> warns the project's leader and task force; past
/// <see cref="MajorOptions.TicketAfterDays"/> it opens a problem (堵点) through the dispatch — routing, deadlines and
/// escalation as any problem — linked to the node. Each warning and each problem once per node.
/// </summary>
public sealed class MilestoneSweep(AppDb db, CurrentUser currentUser, Notifier notifier, TicketSubmission tickets, TimeProvider time, IOptions<MajorOptions> options)
{
    private const int Batch = 1000;

    public sealed record Result(int Synced, int Warned, int Opened);

    public async Task<Result> RunAsync(CancellationToken ct = default)
    {
        using var system = currentUser.AsSystem();
        var today = time.Today();
        var synced = await SyncStageDatesAsync(ct);
        var warned = await WarnAsync(today.AddDays(-options.Value.WarnAfterDays), today, ct);
        var opened = await OpenProblemsAsync(today.AddDays(-options.Value.TicketAfterDays), today, ct);
        return new Result(synced, warned, opened);
    }

    private async Task<int> SyncStageDatesAsync(CancellationToken ct)
    {
        string[] stageNodes = [PlanTemplates.Start, PlanTemplates.Production, PlanTemplates.Capacity];
        var rows = await (from m in db.Milestones
                          join p in db.Projects on m.ProjectId equals p.Id
                          where m.ActualDate == null && stageNodes.Contains(m.Code)
                              && ((m.Code == PlanTemplates.Start && p.StartDate != null) || (m.Code == PlanTemplates.Production && p.ProductionDate != null)
                                  || (m.Code == PlanTemplates.Capacity && p.CapacityDate != null))
                          select new { m.Id, m.Code, p.StartDate, p.ProductionDate, p.CapacityDate }).AsNoTracking().ToListAsync(ct);
        foreach (var chunk in rows.Chunk(Batch))
        {
            var ids = chunk.Select(r => r.Id).ToList();
            var nodes = await db.Milestones.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
            foreach (var r in chunk)
            {
                nodes[r.Id].ActualDate = r.Code switch { PlanTemplates.Start => r.StartDate, PlanTemplates.Production => r.ProductionDate, _ => r.CapacityDate };
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return rows.Count;
    }

    /// <summary>One message per project to its leader and task force, naming every node newly past the warning line.</summary>
    private async Task<int> WarnAsync(DateOnly plannedBefore, DateOnly today, CancellationToken ct)
    {
        var due = await db.Milestones.AsNoTracking()
            .Where(m => m.ActualDate == null && m.PlannedDate < plannedBefore && m.WarnedAt == null)
            .Select(m => new { m.Id, m.ProjectId, m.Name, m.PlannedDate }).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var chunk in due.GroupBy(d => d.ProjectId).Chunk(Batch / 10))
        {
            var projectIds = chunk.Select(g => g.Key).ToList();
            var majors = await db.MajorProjects.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId))
                .Select(m => new { m.ProjectId, m.LeaderUserId }).ToDictionaryAsync(m => m.ProjectId, m => m.LeaderUserId, ct);
            var members = (await db.MajorMembers.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId)).Select(m => new { m.ProjectId, m.UserId }).ToListAsync(ct))
                .ToLookup(m => m.ProjectId, m => m.UserId);
            var names = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
            foreach (var project in chunk)
            {
                var people = members[project.Key].Concat(majors.GetValueOrDefault(project.Key) is { } leader ? [leader] : []).Distinct().ToList();
                var nodes = string.Join("、", project.OrderBy(n => n.PlannedDate).Select(n => $"{n.Name}（{n.PlannedDate:yyyy-MM-dd}）"));
                await notifier.SendAsync(new Message(new Phrase("重大项目「{0}」有节点逾期", names.GetValueOrDefault(project.Key) ?? ""),
                    new Phrase("{0} 已过计划日期，尚未完成。请督促责任部门推进。", nodes), Link(project.Key)), people, ct);
            }
            var ids = chunk.SelectMany(g => g.Select(n => n.Id)).ToList();
            foreach (var node in await db.Milestones.Where(m => ids.Contains(m.Id)).ToListAsync(ct))
            {
                node.WarnedAt = now;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return due.Count;
    }

    /// <summary>A problem per node past the second line, filed as the system on the project, the node then pointing to it.</summary>
    private async Task<int> OpenProblemsAsync(DateOnly plannedBefore, DateOnly today, CancellationToken ct)
    {
        var due = await db.Milestones.AsNoTracking()
            .Where(m => m.ActualDate == null && m.PlannedDate < plannedBefore && m.TicketId == null)
            .OrderBy(m => m.PlannedDate).Select(m => new { m.Id, m.ProjectId, m.Code, m.Name, m.PlannedDate }).ToListAsync(ct);
        var opened = 0;
        foreach (var node in due)
        {
            var name = await db.Projects.AsNoTracking().Where(p => p.Id == node.ProjectId).Select(p => p.Name).FirstAsync(ct);
            var late = today.DayNumber - node.PlannedDate!.Value.DayNumber;
            var category = PlanTemplates.CategoryOf(node.Code);
            var title = $"重大项目节点逾期：{name}·{node.Name}";
            // The node points to its problem in the same save as the problem itself: a node opens one problem, once.
            var ticketId = Guid.CreateVersion7();
            (await db.Milestones.FirstAsync(m => m.Id == node.Id, ct)).TicketId = ticketId;
            await tickets.FileForProjectAsync(ticketId, node.ProjectId, category, title.Length > 200 ? title[..200] : title,
                $"计划 {node.PlannedDate:yyyy-MM-dd} 完成的“{node.Name}”已逾期 {late} 天，尚未完成（由重大项目计划表自动提交）。", ct);
            db.ChangeTracker.Clear();
            if (!await db.Milestones.AnyAsync(m => m.Id == node.Id && m.TicketId == ticketId, ct))
            {
                // The submission retried its number and dropped the node's change: point it again.
                (await db.Milestones.FirstAsync(m => m.Id == node.Id, ct)).TicketId = ticketId;
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            opened++;
        }
        return opened;
    }

    public static string Link(Guid projectId) => $"/Majors/Detail?id={projectId}#plan";
}
