using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Account;

public sealed class LogoutModel(LoginService login) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await login.SignOutAsync(ct);
        await HttpContext.SignOutAsync(AccountsSetup.CookieScheme);
        return Redirect("/Account/Login");
    }
}
