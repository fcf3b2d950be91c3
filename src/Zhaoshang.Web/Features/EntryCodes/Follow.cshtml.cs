using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>
/// An investor follows an intention by its reference, without signing in: where it is, who handles it, and once the
/// project signed, the enterprise account offer and the enterprise's appeals (招商易's full-process service).
/// </summary>
[AllowAnonymous]
[RequestSizeLimit(16 * 1024)]
public sealed class FollowModel(Intake intake, PublicGuard guard) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }
    [BindProperty] public string? CreditCode { get; set; }

    public FollowView? View { get; private set; }
    public bool NotFoundReference { get; private set; }
    public string? Error { get; set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        EntryCodesApi.Admit(HttpContext, guard, null);
        if (!string.IsNullOrWhiteSpace(Reference))
        {
            await LoadAsync(ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAccountAsync(CancellationToken ct)
    {
        EntryCodesApi.Admit(HttpContext, guard, null);
        await intake.RequestAccountAsync(Reference, CreditCode, ct);
        return RedirectToPage(new { Reference });
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            View = await intake.FollowAsync(Reference, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            NotFoundReference = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
