using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>
/// Record or edit an activity: the enterprises it met, each resident office's part, who led a trip (and the unit it
/// also counts for), the leads a principal leaders' trip took up. Every error is shown next to its field and nothing
/// typed is lost.
/// </summary>
[Authorize(Roles = Roles.Officer)]
public sealed class EditModel(ActivityService activities, LeadService leads, ProjectSearch projects, ProjectEditing editing, OrgService orgs, CurrentUser currentUser,
    IStringLocalizer<SharedResource> L) : PageModel, IFormPage
{
    public sealed class Form
    {
        public ActivityKind Kind { get; set; } = ActivityKind.Visit;
        public DateOnly? Date { get; set; }
        public string? Title { get; set; }
        public string? People { get; set; }
        public string? Participants { get; set; }
        public string? Enterprises { get; set; }
        public string? Project { get; set; }
        public string? Outcome { get; set; }
        /// <summary>Each resident office's part, by its id; absent or empty: it took no part.</summary>
        public Dictionary<Guid, OfficeRole?> Offices { get; set; } = [];
        public LeaderRank? Leader { get; set; }
        public Guid? JointOrgId { get; set; }
        public List<Guid> Leads { get; set; } = [];
        public long Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public Form Input { get; set; } = new();

    public Dictionary<string, string> FieldErrors { get; } = [];
    public string? Error { get; set; }
    public IReadOnlyList<Org> Offices { get; private set; } = [];
    /// <summary>The unit a principal leader's trip may also count for: the district's provincial zones, or the zone's district.</summary>
    public IReadOnlyList<Org> JointCandidates { get; private set; } = [];
    public IReadOnlyList<LeadRow> OpenLeads { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            var a = await activities.GetAsync(id, ct);
            var names = await activities.NamesAsync([a], ct);
            var code = a.ProjectId is { } p ? (await editing.GetAsync(p, ct)).Project.Code : null;
            Input = new Form
            {
                Kind = a.Kind, Date = a.Date, Title = a.Title, People = a.People, Participants = a.Participants, Outcome = a.Outcome,
                Enterprises = string.Join("、", a.EnterpriseIds.Select(e => names.Enterprises.GetValueOrDefault(e))), Project = code,
                Offices = a.Offices.ToDictionary(o => o.OrgId, o => (OfficeRole?)o.Role), Leader = a.Leader, JointOrgId = a.JointOrgId,
                Leads = [.. a.AdoptedLeadIds], Version = a.Version,
            };
        }
        await ReloadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Every field is checked before the rules: the form shows all its errors at once.
        if (Input.Date is null)
        {
            FieldErrors["date"] = L["请填写活动日期。"];
        }
        if (string.IsNullOrWhiteSpace(Input.Title))
        {
            FieldErrors["title"] = L["请填写活动名称。"];
        }
        Guid[] enterprises = [];
        try
        {
            enterprises = await activities.ResolveEnterprisesAsync(Input.Enterprises, ct);
        }
        catch (DomainException e)
        {
            FormErrorFilter.Show(this, e, L);
        }
        Guid? project = null;
        if (!string.IsNullOrWhiteSpace(Input.Project))
        {
            var text = Input.Project.Trim();
            var found = await projects.SearchAsync(new ProjectFilter(Q: text, PageSize: 20), ct);
            project = found.Items.FirstOrDefault(p => string.Equals(p.Code, text, StringComparison.OrdinalIgnoreCase))?.Id;
            if (project is null)
            {
                FieldErrors["projectId"] = L["未找到编码为“{0}”的项目，请填写项目编码或从项目页面登记。", text];
            }
        }
        if (FieldErrors.Count == 0)
        {
            var input = new ActivityInput(Input.Kind, Input.Date!.Value, Input.Title, Input.People, Input.Participants, enterprises, project, Input.Outcome,
                [.. Input.Offices.Where(o => o.Value is not null).Select(o => new OfficePart(o.Key, o.Value!.Value))],
                Input.Kind == ActivityKind.LeaderTrip ? Input.Leader : null, Input.Kind == ActivityKind.LeaderTrip ? Input.JointOrgId : null,
                Input.Kind == ActivityKind.LeaderTrip ? [.. Input.Leads] : null);
            if (Id is { } id)
            {
                await activities.UpdateAsync(id, input, Input.Version, ct);
            }
            else
            {
                await activities.CreateAsync(input, ct);
            }
            return Redirect("/Activities?msg=" + Uri.EscapeDataString(Id is null ? "已登记。" : "已保存。"));
        }
        await ReloadAsync(ct);
        return Page();
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        Offices = await activities.OfficesAsync(ct);
        var mine = (await orgs.FindForRulesAsync(currentUser.OrgId ?? Guid.Empty, ct))!;
        JointCandidates = (await orgs.ListAsync(includeInactive: false, ct))
            .Where(o => (mine.Kind == OrgKind.District && o.Kind == OrgKind.DevZone && o.ParentId == mine.Id)
                || (mine.Kind == OrgKind.DevZone && o.Kind == OrgKind.District && o.Id == mine.ParentId)).ToList();
        // A city-level unit's principal leaders' trip may take up reported leads not yet adopted (and those it already has).
        if (await orgs.IsCityLevelAsync(mine, ct))
        {
            OpenLeads = (await leads.SearchAsync(null, null, null, Input.Date, 1, 200, ct)).Items
                .Where(l => l.AdoptedBy.Count == 0 || Input.Leads.Contains(l.Id)).ToList();
        }
    }

    public string Invalid(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";
}
