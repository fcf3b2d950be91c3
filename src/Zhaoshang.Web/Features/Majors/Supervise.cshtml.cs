using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>A leader puts a project or a problem under supervision: the deadline, and the unit responsible (the project's department or the problem's handler by default).</summary>
[Authorize(Roles = Roles.Leader)]
public sealed class SuperviseModel(Supervisions supervisions, Orgs.OrgService orgs, TimeProvider time) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)] public Guid? ProjectId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? TicketId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public Guid? ResponsibleOrgId { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }

    public List<Orgs.Org> Orgs { get; private set; } = [];
    public Dictionary<string, string> FieldErrors { get; } = [];
    public string? Error { get; set; }
    public DateOnly Today => time.Today();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Deadline ??= Today.AddDays(30);
        await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await supervisions.CreateAsync(new SupervisionInput(ProjectId, TicketId, Title, ResponsibleOrgId, Deadline), ct);
        return Redirect("/Majors/Supervised?msg=" + Uri.EscapeDataString("已挂牌督办。"));
    }

    public async Task ReloadAsync(CancellationToken ct) => Orgs = await orgs.ListAsync(includeInactive: false, ct);
}
