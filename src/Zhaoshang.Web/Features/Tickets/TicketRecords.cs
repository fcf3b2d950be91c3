using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>How a ticket's records are written beside it: its parties, its history, the scope rows it is listed by, its link.</summary>
public static class TicketRecords
{
    /// <summary>
    /// Brings the tickets' scope rows in line with them before a save: a row for every ancestor path of the area and of
    /// each party (stored or being added), each carrying the ticket's state, kind, category, due date and submission time.
    /// </summary>
    public static async Task SyncScopesAsync(AppDb db, IReadOnlyCollection<Ticket> tickets, CancellationToken ct)
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


    public static string Link(Ticket t) => $"/Tickets/Detail/{t.Id}";

    /// <summary>A party of the ticket (desk, handler, reviewer), unless its unit is the ticket's area or already a party.</summary>
    public static void AddParty(AppDb db, Ticket t, Org org, PartyRole role)
    {
        if (org.Path == t.OrgPath || db.ChangeTracker.Entries<TicketParty>().Any(e => e.Entity.TicketId == t.Id && e.Entity.OrgId == org.Id))
        {
            return;
        }
        db.Set<TicketParty>().Add(new TicketParty { TicketId = t.Id, OrgId = org.Id, OrgPath = org.Path, Role = role });
    }


    /// <summary>An event of the ticket's history; a note the system composed is kept as a phrase too, shown in the reader's language.</summary>
    public static void AddEvent(AppDb db, CurrentUser currentUser, TimeProvider time, Ticket t, string action, TicketState? from, TicketState? to, Guid? org,
        string? note, Phrase? phrase = null) =>
        db.Set<TicketEvent>().Add(new TicketEvent
        {
            Id = Guid.CreateVersion7(), TicketId = t.Id, At = time.GetUtcNow().UtcDateTime, UserId = currentUser.Id, UserName = currentUser.UserName ?? "系统",
            Action = action, From = from, To = to, OrgId = org, Note = note, NotePhrase = phrase?.ToJson(),
        });
}
