using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>What a leader gives to supervise a project or a problem: one of them, the deadline, and (by default the project's department or the problem's handler) the unit responsible.</summary>
public sealed record SupervisionInput(Guid? ProjectId = null, Guid? TicketId = null, string? Title = null, Guid? ResponsibleOrgId = null, DateOnly? Deadline = null);

public sealed record WeekLine(DateOnly WeekStart, string? Text, DateTime? At);

/// <summary>A supervised item with its weeks: each ended week with its line or missing, and the current week's line if written.</summary>
public sealed record SupervisionRow(Guid Id, string Title, Guid? ProjectId, Guid? TicketId, string LeaderName, Guid ResponsibleOrgId, string ResponsibleOrgName,
    DateOnly StartedOn, DateOnly Deadline, bool PastDeadline, DateTime? LiftedAt, int MissingWeeks, IReadOnlyList<WeekLine> Weeks, long Version);

/// <summary>
/// 挂牌督办: a leader supervises a project or a problem with a deadline; the responsible unit writes a line each week (a
/// week runs Monday to Sunday; a line for a week not yet begun is refused); a week that ended without a line is missing,
/// and the leader's own list shows every item with its missing weeks.
/// </summary>
public sealed class Supervisions(AppDb db, CurrentUser currentUser, TimeProvider time, Tickets.TicketQueries tickets, Notifier notifier)
{
    private DateOnly Today => time.Today();

    /// <summary>The Monday that starts a day's week.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public async Task<SupervisionRow> CreateAsync(SupervisionInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Leader);
        if ((input.ProjectId is null) == (input.TicketId is null))
        {
            throw DomainException.Invalid("projectId", "请指定督办的项目或问题（二选一）。");
        }
        if (input.Deadline is not { } deadline || deadline <= Today || deadline.Year > 2100)
        {
            throw DomainException.Invalid("deadline", "督办期限须晚于今天。");
        }
        string title;
        Guid responsible;
        if (input.ProjectId is { } projectId)
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                ?? throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
            var major = await db.MajorProjects.AsNoTracking().FirstOrDefaultAsync(m => m.ProjectId == projectId, ct);
            (title, responsible) = ($"{project.Name}（{project.Code}）", major?.ResponsibleOrgId ?? project.OrgId);
        }
        else
        {
            var detail = await tickets.GetAsync(input.TicketId!.Value, ct); // not found unless the leader sees it
            (title, responsible) = ($"{detail.Ticket.Number} {detail.Ticket.Title}", detail.Ticket.HandlerOrgId ?? detail.DeskOrgId);
        }
        responsible = input.ResponsibleOrgId ?? responsible;
        var org = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == responsible && o.IsActive, ct)
            ?? throw DomainException.Invalid("responsibleOrgId", "单位不存在或已停用。");
        if (!string.IsNullOrWhiteSpace(input.Title))
        {
            title = input.Title.Trim().Length <= 200 ? input.Title.Trim() : throw DomainException.Invalid("title", "标题不超过 200 个字符。");
        }
        if (await db.Supervisions.IgnoreQueryFilters().AnyAsync(s => s.LiftedAt == null
                && ((input.ProjectId != null && s.ProjectId == input.ProjectId) || (input.TicketId != null && s.TicketId == input.TicketId)), ct))
        {
            throw DomainException.Unprocessable("该事项已在挂牌督办中。");
        }
        var supervision = new Supervision
        {
            Id = Guid.CreateVersion7(), ProjectId = input.ProjectId, TicketId = input.TicketId, Title = title, LeaderUserId = currentUser.Id!.Value,
            ResponsibleOrgId = org.Id, StartedOn = Today, Deadline = deadline, OrgPath = org.Path,
        };
        using (currentUser.AsSystem()) // the responsible unit may sit outside the leader's own subtree
        {
            db.Supervisions.Add(supervision);
            await notifier.SendAsync(new Message(new Phrase("挂牌督办：{0}", title), new Phrase("督办期限 {0:yyyy-MM-dd}；请每周报送进展。", deadline), "/Majors/Supervised"),
                await notifier.UsersAsync([org.Id], [Roles.Officer, Roles.Handler], ct), ct);
            await db.SaveChangesAsync(ct);
        }
        return (await RowsAsync([supervision], ct))[0];
    }

    /// <summary>The responsible unit's line for a week (Monday to Sunday): from the week it began to the current one, never a week not yet begun.</summary>
    public async Task<SupervisionRow> WriteWeekAsync(Guid id, DateOnly weekStart, string? text, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer, Roles.Handler);
        var s = await db.Supervisions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound("督办事项不存在，或不由您的单位负责。");
        if (!currentUser.CanWrite(s.OrgPath))
        {
            throw DomainException.Forbidden("只有责任单位可以报送督办进展。");
        }
        if (weekStart != WeekOf(weekStart))
        {
            throw DomainException.Invalid("weekStart", "周次以星期一的日期表示（{0:yyyy-MM-dd} 不是星期一）。", weekStart);
        }
        if (weekStart > WeekOf(Today))
        {
            throw DomainException.Invalid("weekStart", "{0:yyyy-MM-dd} 起的一周尚未开始，不能报送。", weekStart);
        }
        if (weekStart < WeekOf(s.StartedOn))
        {
            throw DomainException.Invalid("weekStart", "该事项自 {0:yyyy-MM-dd} 起督办，之前的周次无需报送。", s.StartedOn);
        }
        var line = text?.Trim() ?? "";
        if (line.Length is 0 or > 1000)
        {
            throw DomainException.Invalid("text", "进展不能为空，且不超过 1000 个字符。");
        }
        var week = await db.SupervisionWeeks.FirstOrDefaultAsync(w => w.SupervisionId == id && w.WeekStart == weekStart, ct);
        if (week is null)
        {
            db.SupervisionWeeks.Add(new SupervisionWeek { SupervisionId = id, WeekStart = weekStart, Text = line, UserId = currentUser.Id!.Value, At = time.GetUtcNow().UtcDateTime, OrgPath = s.OrgPath });
        }
        else
        {
            (week.Text, week.UserId, week.At) = (line, currentUser.Id!.Value, time.GetUtcNow().UtcDateTime);
        }
        await db.SaveChangesAsync(ct);
        return (await RowsAsync([s], ct))[0];
    }

    /// <summary>Lifts a supervision (the leader who set it): its weeks stop counting from then.</summary>
    public async Task<SupervisionRow> LiftAsync(Guid id, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Leader);
        var s = await db.Supervisions.IgnoreQueryFilters().FirstOrDefaultAsync(x => x.Id == id && x.LeaderUserId == currentUser.Id, ct)
            ?? throw DomainException.NotFound("督办事项不存在，或不是您挂牌的。");
        db.Entry(s).Property(x => x.Version).OriginalValue = version;
        s.LiftedAt ??= time.GetUtcNow().UtcDateTime;
        using (currentUser.AsSystem())
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictException("该督办事项已被修改，请刷新后再试。", (await RowsAsync([await db.Supervisions.IgnoreQueryFilters().AsNoTracking().FirstAsync(x => x.Id == id, ct)], ct))[0]);
            }
        }
        return (await RowsAsync([s], ct))[0];
    }

    /// <summary>A leader's own supervised items (wherever their responsible units sit), or the items the caller's unit answers for.</summary>
    public async Task<IReadOnlyList<SupervisionRow>> ListAsync(bool mine, bool includeLifted, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var q = mine ? db.Supervisions.IgnoreQueryFilters().Where(s => s.LeaderUserId == currentUser.Id) : db.Supervisions.AsQueryable();
        var rows = await q.AsNoTracking().Where(s => includeLifted || s.LiftedAt == null).OrderBy(s => s.Deadline).Take(500).ToListAsync(ct);
        return await RowsAsync(rows, ct);
    }

    /// <summary>The supervised items open in a scope (the dispatch report's section), each with its missing weeks.</summary>
    internal async Task<IReadOnlyList<SupervisionRow>> OpenAsync(IReadOnlyCollection<Guid> projectIds, CancellationToken ct)
    {
        // The open items are few and the projects may be tens of thousands (more than a statement may carry): matched here.
        var open = await db.Supervisions.IgnoreQueryFilters().AsNoTracking().Where(s => s.LiftedAt == null)
            .Select(s => new { s.Id, s.ProjectId, s.Deadline, TicketProject = db.Set<Tickets.Ticket>().Where(t => t.Id == s.TicketId).Select(t => t.ProjectId).FirstOrDefault() })
            .ToListAsync(ct);
        var projects = projectIds as IReadOnlySet<Guid> ?? projectIds.ToHashSet();
        var ids = open.Where(s => (s.ProjectId is { } p && projects.Contains(p)) || (s.TicketProject is { } t && projects.Contains(t)))
            .OrderBy(s => s.Deadline).Take(200).Select(s => s.Id).ToList();
        var rows = await db.Supervisions.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        return await RowsAsync([.. rows.OrderBy(s => s.Deadline)], ct);
    }

    private async Task<List<SupervisionRow>> RowsAsync(IReadOnlyList<Supervision> items, CancellationToken ct)
    {
        var ids = items.Select(s => s.Id).ToList();
        var weeks = (await db.SupervisionWeeks.IgnoreQueryFilters().AsNoTracking().Where(w => ids.Contains(w.SupervisionId)).ToListAsync(ct)).ToLookup(w => w.SupervisionId);
        var leaderIds = items.Select(s => s.LeaderUserId).Distinct().ToList();
        var leaders = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => leaderIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var orgIds = items.Select(s => s.ResponsibleOrgId).Distinct().ToList();
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var today = Today;
        return [.. items.Select(s =>
        {
            var written = weeks[s.Id].ToDictionary(w => w.WeekStart);
            var until = s.LiftedAt is { } lifted ? ChinaTime.Day(lifted) : today;
            var lines = new List<WeekLine>();
            var missing = 0;
            for (var week = WeekOf(s.StartedOn); week <= WeekOf(until); week = week.AddDays(7))
            {
                var line = written.GetValueOrDefault(week);
                var ended = week.AddDays(7) <= until;
                missing += line is null && ended ? 1 : 0;
                lines.Add(new WeekLine(week, line?.Text, line?.At));
            }
            return new SupervisionRow(s.Id, s.Title, s.ProjectId, s.TicketId, leaders.GetValueOrDefault(s.LeaderUserId) ?? "", s.ResponsibleOrgId,
                orgs.GetValueOrDefault(s.ResponsibleOrgId) ?? "", s.StartedOn, s.Deadline, s.LiftedAt is null && s.Deadline < today, s.LiftedAt, missing,
                [.. lines.OrderByDescending(l => l.WeekStart)], s.Version);
        })];
    }
}
