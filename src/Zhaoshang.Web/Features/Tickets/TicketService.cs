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

/// <summary>
/// The tickets a caller may see and what they may do with them. Staff see a ticket when its area is in their scope
/// or their unit takes part in it (desk, handler, reviewer, escalated to); an enterprise account sees its own
/// enterprise's appeals and nothing else. Every change goes through <see cref="ActAsync"/> and the transition table.
/// </summary>
public sealed partial class TicketService(AppDb db, CurrentUser currentUser, TimeProvider time, Router router, Notifier notifier, AuditLog audit)
{
    private static readonly string[] Submitters = [Roles.Officer, Roles.Handler, Roles.Enterprise];

    private DateOnly Today => time.Today();

    private bool IsEnterprise => currentUser.IsInRole(Roles.Enterprise) && !Roles.Staff.Any(currentUser.IsInRole);

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
        var scopes = MyScopes();
        return all.Where(t => scopes.Select(s => s.TicketId).Contains(t.Id));
    }

    /// <summary>
    /// The caller's rows of <see cref="TicketScope"/>: the tickets whose area or one of whose parties lies in the caller's
    /// subtree, found by the caller's own path (the rows are kept for every ancestor), so no OR of two ranges.
    /// IgnoreQueryFilters lifts the filters of the whole query, subqueries included: the scope is stated here.
    /// </summary>
    private IQueryable<TicketScope> MyScopes()
    {
        currentUser.Require(Roles.Staff);
        var path = currentUser.ScopePath;
        return db.Set<TicketScope>().AsNoTracking().Where(s => s.Path == path);
    }

    public async Task<Paged<TicketRow>> SearchAsync(TicketFilter f, int page, int pageSize, CancellationToken ct = default)
    {
        (page, pageSize) = Paged<TicketRow>.Clamp(page, pageSize);
        if (currentUser.ScopeAll || IsEnterprise)
        {
            var q = Filter(await VisibleAsync(ct), f);
            var total = await q.CountAsync(ct);
            var rows = await q.OrderByDescending(t => t.SubmittedAt).ThenByDescending(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
            return new Paged<TicketRow>(await RowsAsync(rows, ct), total, page, pageSize);
        }
        // Staff: counted and paged on the scope rows' index alone; only the page's tickets are read.
        var scoped = ScopeFilter(MyScopes(), f);
        var count = await scoped.CountAsync(ct);
        var ids = await scoped.OrderByDescending(s => s.SubmittedAt).ThenByDescending(s => s.TicketId).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => s.TicketId).ToListAsync(ct);
        var tickets = await db.Set<Ticket>().IgnoreQueryFilters().AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return new Paged<TicketRow>(await RowsAsync([.. ids.Select(id => tickets[id])], ct), count, page, pageSize);
    }

    /// <summary>The list's filters on the scope rows' copies; those on other columns (department, project, title) through the tickets.</summary>
    private IQueryable<TicketScope> ScopeFilter(IQueryable<TicketScope> q, TicketFilter f)
    {
        var number = f.Q?.Trim().StartsWith("WT-", StringComparison.OrdinalIgnoreCase) == true;
        if (f.HandlerOrgId is not null || f.ProjectId is not null || number)
        {
            var matching = Filter(db.Set<Ticket>().IgnoreQueryFilters().AsNoTracking(), new TicketFilter(HandlerOrgId: f.HandlerOrgId, ProjectId: f.ProjectId, Q: number ? f.Q : null))
                .Select(t => t.Id);
            q = q.Where(s => matching.Contains(s.TicketId));
        }
        if (!number && !string.IsNullOrWhiteSpace(f.Q))
        {
            var (grams, text) = TitleTerms(f.Q);
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
        return ListFilter(q, f);
    }

    /// <summary>
    /// A title search as bigrams to look up, and the text to check on the rows that hold them all: none when the term is
    /// one bigram (every title holding it matches), the term itself when it is one character (no bigram to look up).
    /// </summary>
    private static (List<int> Grams, string? Check) TitleTerms(string q)
    {
        var text = q.Trim();
        var grams = Bigrams.Of(text);
        return (grams, grams.Count == 1 && Bigrams.Normalize(text) == text ? null : text);
    }

    /// <summary>
    /// Brings the tickets' scope rows in line with them before a save: a row for every ancestor path of the area and of
    /// each party (stored or being added), each carrying the ticket's state, kind, category, due date and submission time.
    /// </summary>
    internal static async Task SyncScopesAsync(AppDb db, IReadOnlyCollection<Ticket> tickets, CancellationToken ct)
    {
        if (tickets.Count == 0)
        {
            return;
        }
        var ids = tickets.Select(t => t.Id).ToList();
        var stored = (await db.Set<TicketScope>().Where(s => ids.Contains(s.TicketId)).ToListAsync(ct)).ToLookup(s => s.TicketId);
        var parties = (await db.Set<TicketParty>().IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.TicketId))
                .Select(p => new { p.TicketId, p.OrgPath }).ToListAsync(ct))
            .Select(p => (p.TicketId, p.OrgPath))
            .Concat(db.ChangeTracker.Entries<TicketParty>().Where(e => e.State == EntityState.Added).Select(e => (e.Entity.TicketId, e.Entity.OrgPath)))
            .ToLookup(p => p.TicketId, p => p.OrgPath);
        foreach (var t in tickets)
        {
            var rows = stored[t.Id].ToDictionary(s => s.Path);
            foreach (var path in parties[t.Id].Prepend(t.OrgPath).SelectMany(OrgPaths.AndAncestors).Distinct())
            {
                if (!rows.TryGetValue(path, out var row))
                {
                    rows[path] = row = new TicketScope { Path = path, TicketId = t.Id };
                    db.Set<TicketScope>().Add(row);
                }
                (row.SubmittedAt, row.State, row.Kind, row.Category, row.DueDate) = (t.SubmittedAt, t.State, t.Kind, t.Category, t.DueDate);
            }
        }
    }

    /// <summary>Every ticket the filter matches (up to 100,000), for the export.</summary>
    public async Task<List<TicketRow>> ListAsync(TicketFilter f, CancellationToken ct = default) =>
        await RowsAsync(await Filter(await VisibleAsync(ct), f).OrderByDescending(t => t.SubmittedAt).Take(100_000).ToListAsync(ct), ct);

    /// <summary>The filters on the columns a ticket and its scope rows both carry (kind, state, category, due date, submission).</summary>
    private IQueryable<T> ListFilter<T>(IQueryable<T> q, TicketFilter f) where T : class, ITicketListed
    {
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
        if (f.Overdue == true)
        {
            var today = Today;
            q = q.Where(t => t.DueDate < today && (t.State == TicketState.Dispatched || t.State == TicketState.InProgress));
        }
        var (from, to) = DayRange.ToUtc(f.From, f.To);
        if (from is { } start)
        {
            q = q.Where(t => t.SubmittedAt >= start);
        }
        if (to is { } end)
        {
            q = q.Where(t => t.SubmittedAt < end);
        }
        return q;
    }

    private IQueryable<Ticket> Filter(IQueryable<Ticket> q, TicketFilter f)
    {
        q = ListFilter(q, f);
        if (f.HandlerOrgId is { } handler)
        {
            q = q.Where(t => t.HandlerOrgId == handler);
        }
        if (f.ProjectId is { } project)
        {
            q = q.Where(t => t.ProjectId == project);
        }
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var text = f.Q.Trim();
            if (text.StartsWith("WT-", StringComparison.OrdinalIgnoreCase))
            {
                q = q.Where(t => t.Number == text.ToUpperInvariant());
            }
            else
            {
                var (grams, check) = TitleTerms(text);
                foreach (var gram in grams)
                {
                    var ids = db.Set<TicketTitleGram>().Where(g => g.Gram == gram).Select(g => g.TicketId);
                    q = q.Where(t => ids.Contains(t.Id));
                }
                if (check is not null)
                {
                    q = q.Where(t => t.Title.Contains(check));
                }
            }
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
                e.OrgId is { } o ? names.Names.GetValueOrDefault(o) : null, e.Note, e.NotePhrase)).ToList(),
            attachments, actions) { RoutingPhrase = ticket.RoutingPhrase };
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
        bool Covers(Guid org) => currentUser.CanWrite(paths.Paths.GetValueOrDefault(org, "\u0001")); // a coordinating bureau reads, it does not act for others
        if ((currentUser.IsInRole(Roles.Officer) || currentUser.IsInRole(Roles.Leader)) && Covers(t.DeskOrgId))
        {
            actors.Add(Actor.Desk);
        }
        var handles = currentUser.IsInRole(Roles.Handler) || currentUser.IsInRole(Roles.Officer);
        if (handles && !t.IsReview && t.HandlerOrgId is { } handler && Covers(handler))
        {
            actors.Add(Actor.Handler);
        }
        if (handles && t.IsReview && reviews.Any(r => r.State == ReviewState.Pending && Covers(r.OrgId)))
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
                throw DomainException.Invalid("projectId", "只有已签约的项目可以登记堵点问题（该项目处于“{0}”）。", new Word(StageMachine.Name(project.Stage)));
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
                db.Set<TicketTitleGram>().AddRange(TicketTitleGram.For(ticket));
                await SyncScopesAsync(db, [ticket], ct);
                await notifier.SendAsync(new Message(new Phrase("新{0}待受理：{1}", new Word(TicketWorkflow.KindName(ticket.Kind)), ticket.Number),
                    new Phrase("{0}（{1}，{2}）", title, area.Name, new Word(TicketWorkflow.CategoryName(ticket.Category))),
                    Link(ticket)), (await notifier.UsersAsync([desk.Id], [Roles.Officer], ct)).Where(u => u != currentUser.Id), ct);
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

    /// <summary>An event of the ticket's history; a note the system composed is kept as a phrase too, shown in the reader's language.</summary>
    private void AddEvent(Ticket t, string action, TicketState? from, TicketState? to, Guid? org, string? note, Phrase? phrase = null) =>
        db.Set<TicketEvent>().Add(new TicketEvent
        {
            Id = Guid.CreateVersion7(), TicketId = t.Id, At = time.GetUtcNow().UtcDateTime, UserId = currentUser.Id, UserName = currentUser.UserName ?? "系统",
            Action = action, From = from, To = to, OrgId = org, Note = note, NotePhrase = phrase?.ToJson(),
        });
}
