using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>A code's printable card: the QR image, what it opens, and its PNG and SVG for print shops.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class CardModel(EntryCodeService codes) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public EntryCodeRow Code { get; private set; } = null!;
    public string Address => $"{Request.Scheme}://{Request.Host}{Code.Path}";

    public async Task OnGetAsync(CancellationToken ct) => Code = await codes.GetAsync(Id, ct);
}
