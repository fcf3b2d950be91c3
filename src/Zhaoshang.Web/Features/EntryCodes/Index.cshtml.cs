using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>一码投: the scope's entry codes with what each brought, and the conversion per channel for a period.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class IndexModel(EntryCodeService codes, TimeProvider time) : PageModel, IRefusalPage
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Active { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<EntryCodeRow> Codes { get; private set; } = null!;
    public ConversionView Conversion { get; private set; } = null!;
    public bool CanWrite => User.IsInRole(Roles.Officer);
    public string? Error { get; set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = time.Today();
        (From, To) = (From ?? new DateOnly(today.Year, 1, 1), To ?? today);
        Conversion = await codes.ConversionAsync(From.Value, To.Value, ct);
        Codes = await codes.SearchAsync(ApiEnum.Parse<EntryCodeKind>(Kind, "kind"), Active, PageNumber, 20, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, long version, CancellationToken ct)
    {
        await codes.RevokeAsync(id, version, ct);
        return RedirectToPage(new { Kind, Active });
    }

    public Task ReloadAsync(CancellationToken ct) => OnGetAsync(ct);

    public string Query(int page) =>
        $"kind={Kind}&active={Active}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&page={page}";
}
