using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Tickets;

public sealed record DispatchCandidate(Guid Id, string Name, string Group);

/// <summary>What the dispatch form offers: the routing rule's handler (if any) and the departments beside the ticket's area and its ancestors.</summary>
public sealed record DispatchOptions(Guid? DefaultHandlerId, string? DefaultHandlerName, string RouteNote, int SlaWorkingDays, IReadOnlyList<DispatchCandidate> Orgs);

public sealed partial class TicketService
{
    private static readonly OrgKind[] HandlerKinds = [OrgKind.Department, OrgKind.LeadingGroupOffice, OrgKind.TaskForce];

    /// <summary>
    /// Read-only, for the dispatch form: the default route and the units a desk may pick (the functional departments,
    /// leading-group offices and task forces under the area and each of its ancestors; the tree is not secret).
    /// </summary>
    public async Task<DispatchOptions> DispatchOptionsAsync(Guid id, CancellationToken ct = default)
    {
        var ticket = await (await VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw NotFound();
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
        return new DispatchOptions(route.Handler?.Id, route.Handler?.Name, route.Note.ToString(), route.SlaWorkingDays, candidates);
    }
}
