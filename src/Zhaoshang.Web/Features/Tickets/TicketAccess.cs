using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// What a caller may see of tickets and the part they play in one. Staff see a ticket when its area is in their scope
/// or their unit takes part in it (desk, handler, reviewer, escalated to); an enterprise account sees its own
/// enterprise's appeals and nothing else. The list filters and the rows every ticket use case answers with are here too.
/// </summary>
public sealed class TicketAccess(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    internal DateOnly Today => time.Today();

    public bool IsEnterprise => currentUser.IsInRole(Roles.Enterprise) && !Roles.Staff.Any(currentUser.IsInRole);

    private Guid? _enterpriseId;

    /// <summary>The enterprise an enterprise account belongs to; an account not tied to one may do nothing.</summary>
    internal async Task<Guid> MyEnterpriseAsync(CancellationToken ct)
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
            return all.Where(t => t.EnterpriseId == enterprise && (t.Kind == TicketKind.Appeal || t.Kind == TicketKind.Needs));
        }
        var scopes = MyScopes();
        return all.Where(t => scopes.Select(s => s.TicketId).Contains(t.Id));
    }

    /// <summary>
    /// The caller's rows of <see cref="TicketScope"/>: the tickets whose area or one of whose parties lies in the caller's
    /// subtree, found by the caller's own path (the rows are kept for every ancestor), so no OR of two ranges.
    /// IgnoreQueryFilters lifts the filters of the whole query, subqueries included: the scope is stated here.
    /// </summary>
    internal IQueryable<TicketScope> MyScopes()
    {
        currentUser.Require(Roles.Staff);
        var path = currentUser.ScopePath;
        return db.Set<TicketScope>().AsNoTracking().Where(s => s.Path == path);
    }

    /// <summary>
    /// A title search as bigrams to look up, and the text to check on the rows that hold them all: none when the term is
    /// one bigram (every title holding it matches), the term itself when it is one character (no bigram to look up).
    /// </summary>
    internal static (List<int> Grams, string? Check) TitleTerms(string q)
    {
        var text = q.Trim();
        var grams = Bigrams.Of(text);
        return (grams, grams.Count == 1 && Bigrams.Normalize(text) == text ? null : text);
    }

    /// <summary>The filters on the columns a ticket and its scope rows both carry (kind, state, category, due date, submission).</summary>
    internal IQueryable<T> ListFilter<T>(IQueryable<T> q, TicketFilter f) where T : class, ITicketListed
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

    internal IQueryable<Ticket> Filter(IQueryable<Ticket> q, TicketFilter f)
    {
        q = ListFilter(q, f);
        if (f.MinRating is { } rating)
        {
            // Rated by the submitter, at this many stars or more (满意度: 4–5 of 5).
            q = q.Where(t => t.Rating >= rating);
        }
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
                var (grams, check) = TicketAccess.TitleTerms(text);
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


    /// <summary>The roles the caller plays in this ticket.</summary>
    internal async Task<HashSet<Actor>> ActorsAsync(Ticket t, IReadOnlyList<TicketReview> reviews, CancellationToken ct)
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

    internal sealed record OrgLookup(Dictionary<Guid, string> Names, Dictionary<Guid, string> Paths);

    /// <summary>Names and paths of the orgs a ticket names: the handling department may lie outside the caller's scope.</summary>
    internal async Task<OrgLookup> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct);
        return new OrgLookup(orgs.ToDictionary(o => o.Id, o => o.Name), orgs.ToDictionary(o => o.Id, o => o.Path));
    }

    internal async Task<List<TicketRow>> RowsAsync(IReadOnlyList<Ticket> tickets, CancellationToken ct)
    {
        var names = (await OrgNamesAsync(tickets.Select(t => t.OrgId).Concat(tickets.Where(t => t.HandlerOrgId != null).Select(t => t.HandlerOrgId!.Value)), ct)).Names;
        var today = Today;
        return tickets.Select(t => new TicketRow(t.Id, t.Number, t.Kind, t.Category, t.Level, t.Title, t.State, t.OrgId, names.GetValueOrDefault(t.OrgId, ""),
            t.HandlerOrgId, t.HandlerOrgId is { } h ? names.GetValueOrDefault(h) : null, t.DueDate, IsOverdue(t, today), t.EscalationLevel,
            DateTime.SpecifyKind(t.SubmittedAt, DateTimeKind.Utc), t.Rating, t.ProjectId, t.Version)).ToList();
    }

    public static bool IsOverdue(Ticket t, DateOnly today) => t.DueDate < today && t.State is TicketState.Dispatched or TicketState.InProgress;

    internal static DomainException NotFound() => DomainException.NotFound("工单不存在或不在您的数据范围内。");
}
