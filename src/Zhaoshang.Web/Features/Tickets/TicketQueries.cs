using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public sealed record TicketFilter(TicketKind? Kind = null, TicketState? State = null, bool? Open = null, TicketCategory? Category = null,
    Guid? HandlerOrgId = null, Guid? ProjectId = null, bool? Overdue = null, string? Q = null, DateOnly? From = null, DateOnly? To = null,
    int? MinRating = null);

public sealed record TicketRow(Guid Id, string Number, TicketKind Kind, TicketCategory Category, TicketLevel Level, string Title, TicketState State,
    Guid OrgId, string OrgName, Guid? HandlerOrgId, string? HandlerOrgName, DateOnly? DueDate, bool Overdue, int EscalationLevel,
    DateTime SubmittedAt, int? Rating, Guid? ProjectId, long Version);

public sealed record ReviewRow(Guid OrgId, string OrgName, ReviewState State, string? Comment, DateTime? AnsweredAt);

public sealed record EventRow(DateTime At, string? UserName, string Action, TicketState? From, TicketState? To, string? OrgName, string? Note,
    [property: System.Text.Json.Serialization.JsonIgnore] string? NotePhrase = null);

public sealed record AttachmentRow(Guid Id, string FileName, string ContentType, long Size, DateTime At);

public sealed record TicketDetail(TicketRow Ticket, string? Description, string SubmitterName, Guid? EnterpriseId, string? EnterpriseName,
    string? ProjectCode, string? ProjectName, Guid DeskOrgId, string DeskOrgName, string? RoutingNote, int SlaWorkingDays, bool IsReview,
    string? ReviewResult, IReadOnlyList<ReviewRow> Reviews, string? Answer, bool? OnTime, string? RatingComment, DateOnly? MeetingDate,
    IReadOnlyList<EventRow> Events, IReadOnlyList<AttachmentRow> Attachments, IReadOnlyList<string> Actions)
{
    /// <summary>The routing note as a phrase, for the page to show in the reader's language.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? RoutingPhrase { get; init; }
}

public sealed record DispatchCandidate(Guid Id, string Name, string Group);

/// <summary>What the dispatch form offers: the routing rule's handler (if any) and the departments beside the ticket's area and its ancestors.</summary>
public sealed record DispatchOptions(Guid? DefaultHandlerId, string? DefaultHandlerName, string RouteNote, int SlaWorkingDays, IReadOnlyList<DispatchCandidate> Orgs);

/// <summary>Reading tickets: the caller's list (paged, or all of it for the export), one ticket with all it holds, the dispatch form's choices.</summary>
public sealed class TicketQueries(AppDb db, CurrentUser currentUser, TicketAccess access, Router router,
    Microsoft.Extensions.Options.IOptions<TicketOptions> options)
{
    public async Task<Paged<TicketRow>> SearchAsync(TicketFilter f, int page, int pageSize, CancellationToken ct = default)
    {
        (page, pageSize) = Paged<TicketRow>.Clamp(page, pageSize);
        if (currentUser.ScopeAll || access.IsEnterprise)
        {
            var q = access.Filter(await access.VisibleAsync(ct), f);
            var total = await q.CountAsync(ct);
            var rows = await q.OrderByDescending(t => t.SubmittedAt).ThenByDescending(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
            return new Paged<TicketRow>(await access.RowsAsync(rows, ct), total, page, pageSize);
        }
        // Staff: counted and paged on the scope rows' index alone; only the page's tickets are read.
        var scoped = ScopeFilter(access.MyScopes(), f);
        var count = await scoped.CountAsync(ct);
        var ids = await scoped.OrderByDescending(s => s.SubmittedAt).ThenByDescending(s => s.TicketId).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => s.TicketId).ToListAsync(ct);
        var tickets = await db.Set<Ticket>().IgnoreQueryFilters().AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return new Paged<TicketRow>(await access.RowsAsync([.. ids.Select(id => tickets[id])], ct), count, page, pageSize);
    }

    /// <summary>The list's filters on the scope rows' copies; those on other columns (department, project, title) through the tickets.</summary>
    private IQueryable<TicketScope> ScopeFilter(IQueryable<TicketScope> q, TicketFilter f)
    {
        var number = f.Q?.Trim().StartsWith("WT-", StringComparison.OrdinalIgnoreCase) == true;
        if (f.HandlerOrgId is not null || f.ProjectId is not null || number || f.MinRating is not null)
        {
            var matching = access.Filter(db.Set<Ticket>().IgnoreQueryFilters().AsNoTracking(),
                    new TicketFilter(HandlerOrgId: f.HandlerOrgId, ProjectId: f.ProjectId, Q: number ? f.Q : null, MinRating: f.MinRating))
                .Select(t => t.Id);
            q = q.Where(s => matching.Contains(s.TicketId));
        }
        if (!number && !string.IsNullOrWhiteSpace(f.Q))
        {
            var (grams, text) = TicketAccess.TitleTerms(f.Q);
            foreach (var gram in grams)
            {
                var ids = db.Set<TicketTitleGram>().Where(g => g.Gram == gram).Select(g => g.TicketId);
                q = q.Where(s => ids.Contains(s.TicketId));
            }
            if (text is not null)
            {
                var tickets = db.Set<Ticket>().IgnoreQueryFilters();
                q = q.Where(s => tickets.Any(t => t.Id == s.TicketId && t.Title.Contains(text)));
            }
        }
        return access.ListFilter(q, f);
    }

    /// <summary>Every ticket the filter matches (up to 100,000), for the export.</summary>
    public async Task<List<TicketRow>> ListAsync(TicketFilter f, CancellationToken ct = default) =>
        await access.RowsAsync(await access.Filter(await access.VisibleAsync(ct), f).OrderByDescending(t => t.SubmittedAt).Take(100_000).ToListAsync(ct), ct);

    public async Task<TicketDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var ticket = await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw TicketAccess.NotFound();
        var row = (await access.RowsAsync([ticket], ct))[0];
        var reviews = await db.Set<TicketReview>().AsNoTracking().Where(r => r.TicketId == id).ToListAsync(ct);
        var events = await db.Set<TicketEvent>().AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var names = await access.OrgNamesAsync(reviews.Select(r => r.OrgId).Concat(events.Where(e => e.OrgId != null).Select(e => e.OrgId!.Value)).Append(ticket.DeskOrgId), ct);
        var attachments = await db.Set<TicketAttachment>().AsNoTracking().Where(a => a.TicketId == id).OrderBy(a => a.At)
            .Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.At)).ToListAsync(ct);
        var project = ticket.ProjectId is { } pid
            ? await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == pid).Select(p => new { p.Code, p.Name }).FirstOrDefaultAsync(ct) : null;
        var enterprise = ticket.EnterpriseId is { } eid
            ? await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => e.Id == eid).Select(e => e.Name).FirstOrDefaultAsync(ct) : null;
        var meeting = ticket.JointMeetingId is { } mid
            ? await db.Set<JointMeeting>().IgnoreQueryFilters().AsNoTracking().Where(m => m.Id == mid).Select(m => (DateOnly?)m.Date).FirstOrDefaultAsync(ct) : null;
        var actors = await access.ActorsAsync(ticket, reviews, ct);
        var actions = TicketWorkflow.Allowed(ticket.State, actors, ticket.IsReview)
            .Where(t => t.Action != "supplement" || ticket.State == TicketState.Returned || reviews.Any(r => r.State == ReviewState.MaterialRequested))
            .Select(t => t.Action).ToList();
        return new TicketDetail(row, ticket.Description, ticket.SubmitterName, ticket.EnterpriseId, enterprise, project?.Code, project?.Name,
            ticket.DeskOrgId, names.Names.GetValueOrDefault(ticket.DeskOrgId, ""), ticket.RoutingNote, ticket.SlaWorkingDays, ticket.IsReview,
            ticket.IsReview ? TicketWorkflow.Combined(reviews.Select(r => r.State).ToList()) : null,
            reviews.Select(r => new ReviewRow(r.OrgId, names.Names.GetValueOrDefault(r.OrgId, ""), r.State, r.Comment, r.AnsweredAt)).ToList(),
            ticket.Answer, ticket.OnTime, ticket.RatingComment, meeting,
            events.Select(e => new EventRow(DateTime.SpecifyKind(e.At, DateTimeKind.Utc), e.UserName, e.Action, e.From, e.To,
                e.OrgId is { } o ? names.Names.GetValueOrDefault(o) : null, e.Note, e.NotePhrase)).ToList(),
            attachments, actions) { RoutingPhrase = ticket.RoutingPhrase };
    }

    private static readonly OrgKind[] HandlerKinds = [OrgKind.Department, OrgKind.LeadingGroupOffice, OrgKind.TaskForce];

    /// <summary>
    /// Read-only, for the dispatch form: the default route and the units a desk may pick (the functional departments,
    /// leading-group offices and task forces under the area and each of its ancestors; the tree is not secret).
    /// </summary>
    public async Task<DispatchOptions> DispatchOptionsAsync(Guid id, CancellationToken ct = default)
    {
        var ticket = await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw TicketAccess.NotFound();
        var area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == ticket.OrgId, ct);
        var ancestors = await router.AncestorsAsync(area, ct);
        var route = await router.RouteAsync(ancestors, ticket.Category, ticket.Level, ct);
        var parents = ancestors.Select(a => a.Id).ToList();
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.IsActive && o.ParentId != null && parents.Contains(o.ParentId.Value) && HandlerKinds.Contains(o.Kind))
            .Select(o => new { o.Id, o.Name, ParentId = o.ParentId!.Value, o.SortOrder, o.Code }).ToListAsync(ct);
        var candidates = orgs.OrderBy(o => parents.IndexOf(o.ParentId)).ThenBy(o => o.SortOrder).ThenBy(o => o.Code, StringComparer.Ordinal)
            .Select(o => new DispatchCandidate(o.Id, o.Name, ancestors.First(a => a.Id == o.ParentId).Name)).ToList();
        if (route.Handler is { } h && candidates.All(c => c.Id != h.Id))
        {
            candidates.Insert(0, new DispatchCandidate(h.Id, h.Name, ""));
        }
        return new DispatchOptions(route.Handler?.Id, route.Handler?.Name, route.Note.ToString(),
            ticket.Kind == TicketKind.Needs ? options.Value.NeedsReviewWorkingDays : route.SlaWorkingDays, candidates);
    }
}
