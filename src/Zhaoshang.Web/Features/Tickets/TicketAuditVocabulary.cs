using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>Tickets as the audit log reads them: their fields, states as words, a ticket by its title.</summary>
public sealed class TicketAuditVocabulary : IAuditVocabulary
{
    public IReadOnlyDictionary<string, AuditField> Fields { get; } = new Dictionary<string, AuditField>
    {
        ["Ticket.State"] = new("状态", AuditValue.Words, v => Enum.IsDefined((TicketState)v) ? [TicketWorkflow.StateName((TicketState)v)] : []),
        ["Ticket.Title"] = new("标题", AuditValue.Text), ["Ticket.DueDate"] = new("办理期限", AuditValue.Date),
        ["Ticket.HandlerOrgId"] = new("承办单位", AuditValue.Org),
    };

    public IReadOnlyCollection<string> Named { get; } = ["Ticket"];

    public Task<Dictionary<Guid, string>> NamesAsync(AppDb db, string objectType, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        db.Set<Ticket>().IgnoreQueryFilters().AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
}
