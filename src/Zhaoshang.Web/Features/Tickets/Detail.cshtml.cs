using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>A ticket: its summary, the parallel review, attachments, the timeline and the actions the caller may take now.</summary>
[Authorize(Roles = TicketPages.Readers)]
[RequestSizeLimit(NewModel.UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = NewModel.UploadLimit)]
public sealed class DetailModel(TicketQueries tickets, TicketActions actions, TicketAttachments attachments, IStringLocalizer<SharedResource> L) : PageModel, IRefusalPage
{
    /// <summary>The actions that must say why (mirrors the service's rule, to mark the field required).</summary>
    public static readonly HashSet<string> NoteRequired = ["return", "decline", "answer", "sendBack", "reopen", "comment", "supplement", "requestMaterial", "escalate"];

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public TicketDetail Detail { get; private set; } = null!;
    public TicketRow Ticket => Detail.Ticket;
    public DispatchOptions? Dispatch { get; private set; }
    public string? Message { get; private set; }
    public string? ActionError { get; private set; }
    /// <summary>The action whose form failed, shown open with what the user wrote.</summary>
    public string? FailedAction { get; private set; }
    public string? PostedNote { get; private set; }
    public string? AttachError { get; private set; }
    public bool IsOpen => Ticket.State is not (TicketState.Closed or TicketState.Declined);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Message = TempData["ticket-message"] as string;
        AttachError = TempData["attach-error"] as string;
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostActAsync(string? action, string? note, Guid[]? orgIds, Guid? orgId, ReviewState? decision, int? rating, bool? review,
        long? version, CancellationToken ct)
    {
        // Kept for the page shown again on a refusal: the action's form open with what the user wrote.
        (FailedAction, PostedNote) = (action, note);
        var ids = orgIds is { Length: > 0 } ? orgIds.Where(g => g != Guid.Empty).ToArray() : null;
        await actions.ActAsync(Id, new TicketAction(action, note, ids is { Length: > 0 } ? ids : null, orgId, decision, rating, review, version), ct);
        var name = TicketWorkflow.Table.FirstOrDefault(t => string.Equals(t.Action, action?.Trim(), StringComparison.OrdinalIgnoreCase))?.Name ?? action ?? "";
        TempData["ticket-message"] = L["已完成“{0}”。", L[name].Value].Value;
        return Redirect($"/Tickets/Detail/{Id}");
    }

    /// <summary>A refused action is said in its own form (kept open), whatever field it names.</summary>
    string? IRefusalPage.Error { get => ActionError; set => ActionError = value; }
    public async Task ReloadAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAttachAsync(List<IFormFile> files, CancellationToken ct)
    {
        files = [.. files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))];
        if (files.Count == 0)
        {
            AttachError = L["请选择文件（文件名不超过 200 个字符）。"];
            return await LoadAsync(ct);
        }
        var errors = new List<string>();
        var saved = 0;
        foreach (var file in files)
        {
            try
            {
                await using var stream = file.OpenReadStream();
                await attachments.AttachAsync(Id, file.FileName, stream, file.Length, ct);
                saved++;
            }
            catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Unprocessable or DomainErrorKind.Forbidden)
            {
                errors.Add(e.Localize(L));
            }
        }
        if (errors.Count == 0)
        {
            TempData["ticket-message"] = L["已上传 {0} 个附件。", saved].Value;
            return Redirect($"/Tickets/Detail/{Id}#attachments");
        }
        AttachError = string.Join(" ", errors);
        if (saved > 0)
        {
            Message = L["已上传 {0} 个附件。", saved];
        }
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        Detail = await tickets.GetAsync(Id, ct);
        if (Detail.Actions.Contains("dispatch"))
        {
            Dispatch = await tickets.DispatchOptionsAsync(Id, ct);
        }
        return Page();
    }

    /// <summary>The reviewing departments an action may name: those still to answer (review, request: a given answer stands) or those that asked for material (supplement).</summary>
    public IReadOnlyList<ReviewRow> ReviewParts(string action) => action switch
    {
        "supplement" => [.. Detail.Reviews.Where(r => r.State == ReviewState.MaterialRequested)],
        _ => [.. Detail.Reviews.Where(r => r.State == ReviewState.Pending)],
    };
}
