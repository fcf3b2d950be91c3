using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Account;

public sealed class LoginModel(LoginService login) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UserName))
        {
            FieldErrors["UserName"] = "请输入用户名。";
        }
        if (string.IsNullOrEmpty(Password))
        {
            FieldErrors["Password"] = "请输入密码。";
        }
        if (FieldErrors.Count > 0)
        {
            return Page();
        }
        var result = await login.SignInAsync(UserName!, Password!, bearer: false, ct);
        if (!result.Succeeded)
        {
            Error = result.Message;
            if (result.Outcome == LoginOutcome.RateLimited)
            {
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
            }
            return Page();
        }
        await HttpContext.SignInAsync(AccountsSetup.CookieScheme, result.Session!.ToPrincipal(AccountsSetup.CookieScheme));
        return result.Session.MustChangePassword
            ? Redirect("/Account/ChangePassword" + (SafeReturnUrl == "/" ? "" : "?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl)))
            : Redirect(SafeReturnUrl);
    }

    private string SafeReturnUrl => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
