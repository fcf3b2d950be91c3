using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Home;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features;

/// <summary>The home page: what this person must do now, by role (<see cref="ToDo"/>), and the account's own actions.</summary>
public sealed class IndexModel(AppDb db, SessionService sessions, CurrentUser currentUser, ToDo todo) : PageModel
{
    public SessionPrincipal Me { get; private set; } = null!;
    public int OrgCount { get; private set; }
    public string SessionExpiresLocal { get; private set; } = "";

    public ToDoList<ProjectToDo>? Stalled { get; private set; }
    public ToDoList<ProjectToDo>? MissingFunds { get; private set; }
    public ToDoList<TicketToDo>? Awaiting { get; private set; }
    public ToDoList<TicketToDo>? Appeals { get; private set; }
    public AssessmentToDo? Assessment { get; private set; }

    /// <summary>A leader's home is the cockpit; this asks for the to-do page instead.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public bool Todo { get; set; }

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(CancellationToken ct)
    {
        var me = await sessions.ValidateAsync(currentUser.SessionId ?? Guid.Empty, ct);
        if (me is null)
        {
            return Redirect("/Account/Login"); // revoked between the cookie check and here
        }
        if (User.IsInRole(Roles.Leader) && !Todo)
        {
            return Redirect("/Cockpit");
        }
        Me = me;
        OrgCount = await db.Orgs.CountAsync(o => o.IsActive, ct);
        SessionExpiresLocal = ChinaTime.Format(Me.ExpiresAt, "yyyy-MM-dd HH:mm");
        if (Tickets.TicketPages.IsEnterprise(User))
        {
            Appeals = await todo.MyAppealsAsync(ct);
            return Page();
        }
        if (User.IsInRole(Roles.Officer) || User.IsInRole(Roles.Leader))
        {
            Stalled = await todo.StalledAsync(ct);
            MissingFunds = await todo.MissingFundsAsync(ct);
        }
        if (User.IsInRole(Roles.Officer) || User.IsInRole(Roles.Handler) || User.IsInRole(Roles.Leader))
        {
            Awaiting = await todo.AwaitingMeAsync(ct);
        }
        if (User.IsInRole(Roles.Assessor))
        {
            Assessment = await todo.AssessmentAsync(ct);
        }
        return Page();
    }
}
