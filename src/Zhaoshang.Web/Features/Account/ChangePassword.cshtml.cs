using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Account;

public sealed class ChangePasswordModel(PasswordService passwords) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool Required => User.HasClaim(SessionPrincipal.MustChangePasswordClaim, "true");
    [BindProperty(SupportsGet = true, Name = "done")]
    public bool Done { get; set; }
    /// <summary>Where the user was going when the change was required: the change continues there.</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (NewPassword != ConfirmPassword)
        {
            Errors["confirmPassword"] = ["两次输入的新密码不一致。"];
            return Page();
        }
        try
        {
            await passwords.ChangeOwnAsync(CurrentPassword ?? "", NewPassword ?? "", ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation)
        {
            Errors = e.Errors;
            return Page();
        }
        // The session is read again on the next request, so the forced-change flag is gone from then on.
        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/Account", StringComparison.OrdinalIgnoreCase))
        {
            return LocalRedirect(ReturnUrl);
        }
        return RedirectToPage(new { done = true });
    }
}
