using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features;

public sealed class IndexModel(AppDb db, SessionService sessions, CurrentUser currentUser) : PageModel
{
    public SessionPrincipal Me { get; private set; } = null!;
    public int OrgCount { get; private set; }
    public string SessionExpiresLocal { get; private set; } = "";

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(CancellationToken ct)
    {
        var me = await sessions.ValidateAsync(currentUser.SessionId ?? Guid.Empty, ct);
        if (me is null)
        {
            return Redirect("/Account/Login"); // revoked between the cookie check and here
        }
        Me = me;
        OrgCount = await db.Orgs.CountAsync(o => o.IsActive, ct);
        SessionExpiresLocal = TimeZoneInfo.ConvertTimeFromUtc(Me.ExpiresAt, AuditQuery.China).ToString("yyyy-MM-dd HH:mm");
        return Page();
    }
}
