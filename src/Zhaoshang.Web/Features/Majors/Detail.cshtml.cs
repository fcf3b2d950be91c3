using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>A major project: its level and group, its "五个一", and (for an officer) listing it or changing them.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class DetailModel(MajorSearch majors, MajorDesignation designation, ProjectEditing projects, OrgService orgs) : PageModel, IFormPage, IShowsConflict
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public MajorInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "msg")] public string? MessageKey { get; set; }

    private static readonly string[] Messages = ["已列为重大项目。", "已保存。"];
    public string? Message => MessageKey is not null && Messages.Contains(MessageKey) ? MessageKey : null;

    public Project Project { get; private set; } = null!;
    /// <summary>The project's major-project record; null while it is not (yet) one.</summary>
    public MajorDetail? Major { get; private set; }
    public List<MajorPerson> People { get; private set; } = [];
    public List<Org> Orgs { get; private set; } = [];
    public Dictionary<string, string> FieldErrors { get; } = [];
    public string? Error { get; set; }
    public MajorProject? Current { get; private set; }
    object? IShowsConflict.Current { set => Current = value as MajorProject; }

    public bool CanEdit => User.IsInRole(Roles.Officer) && MajorDesignation.Listed.Contains(Project.Stage);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        if (Major?.Major is { } m)
        {
            Input = new MajorInput(m.Level, m.Group, m.LeadOrgId, m.LeaderUserId, m.ResponsibleOrgId, [.. Major.TaskForce.Select(p => p.Id)], m.Version);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var wasMajor = await majors.IsMajorAsync(Id, ct);
        await designation.SaveAsync(Id, Input, ct);
        return Redirect($"/Majors/Detail?id={Id}&msg=" + Uri.EscapeDataString(wasMajor ? "已保存。" : "已列为重大项目。"));
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        Project = (await projects.GetAsync(Id, ct)).Project;
        Major = await majors.IsMajorAsync(Id, ct) ? await majors.GetAsync(Id, ct) : null;
        if (User.IsInRole(Roles.Officer))
        {
            People = await designation.PeopleAsync(Project.OrgPath, ct: ct);
            Orgs = await orgs.ListAsync(includeInactive: false, ct);
        }
    }

    public string Invalid(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";
}
