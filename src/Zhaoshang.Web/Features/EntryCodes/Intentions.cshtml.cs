using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>The intentions the scope's codes received, each with the lead it became; the account requests to verify.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class IntentionsModel(EntryCodeService codes) : PageModel, IRefusalPage
{
    [BindProperty(SupportsGet = true)] public Guid? CodeId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Account { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<IntentionRow> Items { get; private set; } = null!;
    public bool CanWrite => User.IsInRole(Roles.Officer);
    public string? Error { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await codes.IntentionsAsync(CodeId, Account == "requested" ? true : null, PageNumber, 20, ct);

    public async Task<IActionResult> OnPostVerifyAsync(Guid id, CancellationToken ct)
    {
        await codes.VerifyAccountAsync(id, ct);
        return RedirectToPage(new { CodeId, Account });
    }

    public Task ReloadAsync(CancellationToken ct) => OnGetAsync(ct);

    public string Query(int page) => $"codeId={CodeId}&account={Account}&page={page}";
}
