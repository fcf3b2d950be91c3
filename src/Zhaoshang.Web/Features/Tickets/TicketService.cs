using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public sealed record TicketInput(TicketKind Kind, TicketCategory Category, string? Title, string? Description, Guid? ProjectId, Guid? EnterpriseId,
    TicketLevel? Level);

public sealed record TicketFilter(TicketKind? Kind = null, TicketState? State = null, bool? Open = null, TicketCategory? Category = null,
    Guid? HandlerOrgId = null, Guid? ProjectId = null, bool? Overdue = null, string? Q = null, DateOnly? From = null, DateOnly? To = null);

public sealed record TicketRow(Guid Id, string Number, TicketKind Kind, TicketCategory Category, TicketLevel Level, string Title, TicketState State,
    Guid OrgId, string OrgName, Guid? HandlerOrgId, string? HandlerOrgName, DateOnly? DueDate, bool Overdue, int EscalationLevel,
    DateTime SubmittedAt, int? Rating, Guid? ProjectId, long Version);

public sealed record ReviewRow(Guid OrgId, string OrgName, ReviewState State, string? Comment, DateTime? AnsweredAt);

public sealed record EventRow(DateTime At, string? UserName, string Action, TicketState? From, TicketState? To, string? OrgName, string? Note);

public sealed record AttachmentRow(Guid Id, string FileName, string ContentType, long Size, DateTime At);

public sealed record TicketDetail(TicketRow Ticket, string? Description, string SubmitterName, Guid? EnterpriseId, string? EnterpriseName,
    string? ProjectCode, string? ProjectName, Guid DeskOrgId, string DeskOrgName, string? RoutingNote, int SlaWorkingDays, bool IsReview,
    string? ReviewResult, IReadOnlyList<ReviewRow> Reviews, string? Answer, bool? OnTime, string? RatingComment, DateOnly? MeetingDate,
    IReadOnlyList<EventRow> Events, IReadOnlyList<AttachmentRow> Attachments, IReadOnlyList<string> Actions);

/// <summary>
/// The tickets a caller may see and what they may do with them. Staff see a ticket when its area is in their scope
/// or their unit takes part in it (desk, handler, reviewer, escalated to); an enterprise account sees its own
/// enterprise's appeals and nothing else. Every change goes through <see cref="ActAsync"/> and the transition table.
/// </summary>
public sealed partial class TicketService(AppDb db, CurrentUser currentUser, TimeProvider time, Router router, Notifier notifier, AuditLog audit)
{
    private static readonly string[] Staff = [Roles.Leader, Roles.Officer, Roles.Handler, Roles.Assessor];
    private static readonly string[] Submitters = [Roles.Officer, Roles.Handler, Roles.Enterprise];

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), AuditQuery.China).DateTime);

    private bool IsEnterprise => currentUser.IsInRole(Roles.Enterprise) && !Staff.Any(currentUser.IsInRole);

    private Guid? _enterpriseId;

    /// <summary>The enterprise an enterprise account belongs to; an account not tied to one may do nothing.</summary>
    private async Task<Guid> MyEnterpriseAsync(CancellationToken ct)
    {
        if (_enterpriseId is { } known)
        {
            return known;
        }
        var me = currentUser.Id;
        _enterpriseId = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.EnterpriseId).FirstOrDefaultAsync(ct)
            ?? throw DomainException.Forbidden("该企业账号尚未关联企业，请联系系统管理员。");
        return _enterpriseId.Value;
    }

    /// <summary>The tickets this caller may see (the scope rule of tickets: the area's, or a party's, subtree).</summary>
    public async Task<IQueryable<Ticket>> VisibleAsync(CancellationToken ct)
    {
        var all = db.Set<Ticket>().IgnoreQueryFilters().AsNoTracking();
        if (currentUser.ScopeAll)
        {
            return all;
        }
        if (IsEnterprise)
        {
            var enterprise = await MyEnterpriseAsync(ct);
            return all.Where(t => t.EnterpriseId == enterprise && t.Kind == TicketKind.Appeal);
        }
        currentUser.Require(Staff);
        var start = currentUser.ScopePath;
        var end = OrgPaths.End(start);
        // IgnoreQueryFilters lifts the filters of the whole query, subqueries included: both ranges are stated here.
        var parties = db.Set<TicketParty>().Where(p => string.Compare(p.OrgPath, start) >= 0 && string.Compare(p.OrgPath, end) < 0).Select(p => p.TicketId);
        return all.Where(t => (string.Compare(t.OrgPath, start) >= 0 && string.Compare(t.OrgPath, end) < 0) || parties.Contains(t.Id));
    }

    public async Task<Paged<TicketRow>> SearchAsync(TicketFilter f, int page, int pageSize, CancellationToken ct = default)
    {
        (page, pageSize) = Paged<TicketRow>.Clamp(page, pageSize);
        var q = Filter(await VisibleAsync(ct), f);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(t => t.SubmittedAt).ThenByDescending(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<TicketRow>(await RowsAsync(rows, ct), total, page, pageSize);
    }

    /// <summary>Every ticket the filter matches (up to 100,000), for the export.</summary>
    public async Task<List<TicketRow>> ListAsync(TicketFilter f, CancellationToken ct = default) =>
        await RowsAsync(await Filter(await VisibleAsync(ct), f).OrderByDescending(t => t.SubmittedAt).Take(100_000).ToListAsync(ct), ct);

    private IQueryable<Ticket> Filter(IQueryable<Ticket> q, TicketFilter f)
    {
        var today = Today;
        if (f.Kind is { } kind)
        {
            q = q.Where(t => t.Kind == kind);
        }
        if (f.State is { } state)
        {
            q = q.Where(t => t.State == state);
        }
        if (f.Open is { } open)
        {
            q = open ? q.Where(t => t.State != TicketState.Closed && t.State != TicketState.Declined)
                : q.Where(t => t.State == TicketState.Closed || t.State == TicketState.Declined);
        }
        if (f.Category is { } category)
        {
            q = q.Where(t => t.Category == category);
        }
        if (f.HandlerOrgId is { } handler)
        {
            q = q.Where(t => t.HandlerOrgId == handler);
        }
        if (f.ProjectId is { } project)
        {
            q = q.Where(t => t.ProjectId == project);
        }
        if (f.Overdue == true)
        {
            q = q.Where(t => t.DueDate < today && (t.State == TicketState.Dispatched || t.State == TicketState.InProgress));
        }
        if (f.From is { } from)
        {
            var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), AuditQuery.China);
            q = q.Where(t => t.SubmittedAt >= start);
        }
        if (f.To is { } to)
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), AuditQuery.China);
            q = q.Where(t => t.SubmittedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var text = f.Q.Trim();
            q = text.StartsWith("WT-", StringComparison.OrdinalIgnoreCase) ? q.Where(t => t.Number == text.ToUpperInvariant()) : q.Where(t => t.Title.Contains(text));
        }
        return q;
    }

    public async Task<TicketDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var ticket = await (await VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw NotFound();
        var row = (await RowsAsync([ticket], ct))[0];
        var reviews = await db.Set<TicketReview>().AsNoTracking().Where(r => r.TicketId == id).ToListAsync(ct);
        var events = await db.Set<TicketEvent>().AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var names = await OrgNamesAsync(reviews.Select(r => r.OrgId).Concat(events.Where(e => e.OrgId != null).Select(e => e.OrgId!.Value)).Append(ticket.DeskOrgId), ct);
        var attachments = await db.Set<TicketAttachment>().AsNoTracking().Where(a => a.TicketId == id).OrderBy(a => a.At)
            .Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.At)).ToListAsync(ct);
        var project = ticket.ProjectId is { } pid
            ? await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == pid).Select(p => new { p.Code, p.Name }).FirstOrDefaultAsync(ct) : null;
        var enterprise = ticket.EnterpriseId is { } eid
            ? await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => e.Id == eid).Select(e => e.Name).FirstOrDefaultAsync(ct) : null;
        var meeting = ticket.JointMeetingId is { } mid
            ? await db.Set<JointMeeting>().IgnoreQueryFilters().AsNoTracking().Where(m => m.Id == mid).Select(m => (DateOnly?)m.Date).FirstOrDefaultAsync(ct) : null;
        var actors = await ActorsAsync(ticket, reviews, ct);
        var actions = TicketWorkflow.Allowed(ticket.State, actors, ticket.IsReview)
            .Where(t => t.Action != "supplement" || ticket.State == TicketState.Returned || reviews.Any(r => r.State == ReviewState.MaterialRequested))
            .Select(t => t.Action).ToList();
        return new TicketDetail(row, ticket.Description, ticket.SubmitterName, ticket.EnterpriseId, enterprise, project?.Code, project?.Name,
            ticket.DeskOrgId, names.Names.GetValueOrDefault(ticket.DeskOrgId, ""), ticket.RoutingNote, ticket.SlaWorkingDays, ticket.IsReview,
            ticket.IsReview ? TicketWorkflow.Combined(reviews.Select(r => r.State).ToList()) : null,
            reviews.Select(r => new ReviewRow(r.OrgId, names.Names.GetValueOrDefault(r.OrgId, ""), r.State, r.Comment, r.AnsweredAt)).ToList(),
            ticket.Answer, ticket.OnTime, ticket.RatingComment, meeting,
            events.Select(e => new EventRow(DateTime.SpecifyKind(e.At, DateTimeKind.Utc), e.UserName, e.Action, e.From, e.To,
                e.OrgId is { } o ? names.Names.GetValueOrDefault(o) : null, e.Note)).ToList(),
            attachments, actions);
    }

    /// <summary>The roles the caller plays in this ticket.</summary>
    private async Task<HashSet<Actor>> ActorsAsync(Ticket t, IReadOnlyList<TicketReview> reviews, CancellationToken ct)
    {
        var actors = new HashSet<Actor>();
        if (IsEnterprise)
        {
            if (t.EnterpriseId == await MyEnterpriseAsync(ct))
            {
                actors.Add(Actor.Submitter);
            }
            return actors;
        }
        if (t.SubmitterId == currentUser.Id)
        {
            actors.Add(Actor.Submitter);
        }
        var paths = await OrgNamesAsync([t.DeskOrgId, .. t.HandlerOrgId is { } h ? new[] { h } : [], .. reviews.Select(r => r.OrgId)], ct);
        bool Covers(Guid org) => currentUser.CanSee(paths.Paths.GetValueOrDefault(org, "\u0001"));
        if ((currentUser.IsInRole(Roles.Officer) || currentUser.IsInRole(Roles.Leader)) && Covers(t.DeskOrgId))
        {
            actors.Add(Actor.Desk);
        }
        var handles = currentUser.IsInRole(Roles.Handler) || currentUser.IsInRole(Roles.Officer);
        if (handles && !t.IsReview && t.HandlerOrgId is { } handler && Covers(handler))
        {
            actors.Add(Actor.Handler);
        }
        if (handles && t.IsReview && reviews.Any(r => Covers(r.OrgId)))
        {
            actors.Add(Actor.Reviewer);
        }
        actors.Add(Actor.Party); // a staff member who sees the ticket may comment on it
        return actors;
    }

    private sealed record OrgLookup(Dictionary<Guid, string> Names, Dictionary<Guid, string> Paths);

    /// <summary>Names and paths of the orgs a ticket names: the handling department may lie outside the caller's scope.</summary>
    private async Task<OrgLookup> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct);
        return new OrgLookup(orgs.ToDictionary(o => o.Id, o => o.Name), orgs.ToDictionary(o => o.Id, o => o.Path));
    }

    private async Task<List<TicketRow>> RowsAsync(IReadOnlyList<Ticket> tickets, CancellationToken ct)
    {
        var names = (await OrgNamesAsync(tickets.Select(t => t.OrgId).Concat(tickets.Where(t => t.HandlerOrgId != null).Select(t => t.HandlerOrgId!.Value)), ct)).Names;
        var today = Today;
        return tickets.Select(t => new TicketRow(t.Id, t.Number, t.Kind, t.Category, t.Level, t.Title, t.State, t.OrgId, names.GetValueOrDefault(t.OrgId, ""),
            t.HandlerOrgId, t.HandlerOrgId is { } h ? names.GetValueOrDefault(h) : null, t.DueDate, IsOverdue(t, today), t.EscalationLevel,
            DateTime.SpecifyKind(t.SubmittedAt, DateTimeKind.Utc), t.Rating, t.ProjectId, t.Version)).ToList();
    }

    public static bool IsOverdue(Ticket t, DateOnly today) => t.DueDate < today && t.State is TicketState.Dispatched or TicketState.InProgress;

    private static DomainException NotFound() => DomainException.NotFound("工单不存在或不在您的数据范围内。");

    public async Task<TicketDetail> CreateAsync(TicketInput input, CancellationToken ct = default)
    {
        currentUser.Require(Submitters);
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            throw DomainException.Invalid("title", "标题不能为空，且不超过 200 个字符。");
        }
        if (input.Description?.Length > 4000)
        {
            throw DomainException.Invalid("description", "描述不超过 4000 个字符。");
        }
        if (!Enum.IsDefined(input.Kind) || !Enum.IsDefined(input.Category) || input.Level is { } l && !Enum.IsDefined(l))
        {
            throw DomainException.Invalid("category", "问题类型无效。");
        }
        Org area;
        Guid? enterpriseId = input.EnterpriseId;
        if (IsEnterprise)
        {
            enterpriseId = await MyEnterpriseAsync(ct);
            if (input.Kind != TicketKind.Appeal || input.ProjectId is not null)
            {
                throw DomainException.Invalid("kind", "企业账号只能提交企业诉求。");
            }
            area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        }
        else if (input.Kind == TicketKind.Problem)
        {
            var pid = input.ProjectId ?? throw DomainException.Invalid("projectId", "项目堵点须选择项目。");
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct)
                ?? throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
            if (project.Stage is not (ProjectStage.Signed or ProjectStage.Started or ProjectStage.Operating or ProjectStage.AtCapacity or ProjectStage.OnHold))
            {
                throw DomainException.Invalid("projectId", "只有已签约的项目可以登记堵点问题（该项目处于“{0}”）。", StageMachine.Name(project.Stage));
            }
            area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == project.OrgId, ct);
            enterpriseId ??= await db.ProjectInvestors.AsNoTracking().Where(i => i.ProjectId == pid).Select(i => (Guid?)i.EnterpriseId).FirstOrDefaultAsync(ct);
        }
        else
        {
            if (enterpriseId is not { } e || !await db.Enterprises.AnyAsync(x => x.Id == e, ct))
            {
                throw DomainException.Invalid("enterpriseId", "企业诉求须选择提出诉求的企业。");
            }
            area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        }
        var ancestors = await router.AncestorsAsync(area, ct);
        var level = input.Level ?? Router.DefaultLevel(ancestors);
        var desk = await router.DeskAsync(ancestors, level, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var ticket = new Ticket
        {
            Id = Guid.CreateVersion7(), Number = "", Kind = input.Kind, Category = input.Category, Level = level, Title = title,
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(), ProjectId = input.Kind == TicketKind.Problem ? input.ProjectId : null,
            EnterpriseId = enterpriseId, SubmitterId = currentUser.Id!.Value, SubmitterName = currentUser.UserName ?? "", OrgId = area.Id, OrgPath = area.Path,
            DeskOrgId = desk.Id, State = TicketState.Submitted, SubmittedAt = now,
        };
        using (currentUser.AsSystem())
        {
            for (var attempt = 0; ; attempt++)
            {
                ticket.Number = await NextNumberAsync(ct);
                db.Set<Ticket>().Add(ticket);
                AddParty(ticket, desk, PartyRole.Desk);
                AddEvent(ticket, "submit", null, TicketState.Submitted, area.Id, title);
                await notifier.SendAsync(new Message($"新{TicketWorkflow.KindName(ticket.Kind)}待受理：{ticket.Number}", $"{title}（{area.Name}，{TicketWorkflow.CategoryName(ticket.Category)}）",
                    Link(ticket)), await notifier.UsersAsync([desk.Id], [Roles.Officer], ct), ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    db.ChangeTracker.Clear(); // another submission took the number
                }
            }
        }
        return await GetAsync(ticket.Id, ct);
    }

    private async Task<string> NextNumberAsync(CancellationToken ct)
    {
        var prefix = $"WT-{Today.Year}-";
        var end = OrgPaths.End(prefix);
        var last = await db.Set<Ticket>().IgnoreQueryFilters().Where(t => string.Compare(t.Number, prefix) >= 0 && string.Compare(t.Number, end) < 0)
            .MaxAsync(t => (string?)t.Number, ct);
        var next = last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
        return prefix + next.ToString("D6", CultureInfo.InvariantCulture);
    }

    internal static string Link(Ticket t) => $"/Tickets/Detail/{t.Id}";

    private void AddParty(Ticket t, Org org, PartyRole role)
    {
        if (org.Path == t.OrgPath || db.ChangeTracker.Entries<TicketParty>().Any(e => e.Entity.TicketId == t.Id && e.Entity.OrgId == org.Id))
        {
            return;
        }
        db.Set<TicketParty>().Add(new TicketParty { TicketId = t.Id, OrgId = org.Id, OrgPath = org.Path, Role = role });
    }

    private void AddEvent(Ticket t, string action, TicketState? from, TicketState? to, Guid? org, string? note) =>
        db.Set<TicketEvent>().Add(new TicketEvent
        {
            Id = Guid.CreateVersion7(), TicketId = t.Id, At = time.GetUtcNow().UtcDateTime, UserId = currentUser.Id, UserName = currentUser.UserName ?? "系统",
            Action = action, From = from, To = to, OrgId = org, Note = note,
        });
}
