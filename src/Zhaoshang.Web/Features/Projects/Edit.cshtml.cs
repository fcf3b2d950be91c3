using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>Create and edit a project; errors next to their fields; a stale save shows the stored values to choose from.</summary>
public sealed class EditModel(ProjectEditing projects, ProjectSearch search, EnterpriseService enterprises, OrgService orgs, CurrentUser currentUser, IStringLocalizer<SharedResource> L)
    : PageModel, IFormPage, IShowsConflict
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    /// <summary>The project's input as the API takes it; the amount (with its unit) and the investors (by name or code) as typed beside it.</summary>
    [BindProperty] public ProjectInput Input { get; set; } = new();
    [BindProperty(Name = "Input.Amount")] public decimal? Amount { get; set; }
    [BindProperty(Name = "Input.Unit")] public string Unit { get; set; } = "wan";
    [BindProperty(Name = "Input.Investors")] public string? Investors { get; set; }

    public Dictionary<string, string> FieldErrors { get; } = [];
    public string? Error { get; set; }
    public ProjectRow? Current { get; private set; }
    object? IShowsConflict.Current { set => Current = value as ProjectRow; }
    public List<Org> Orgs { get; private set; } = [];
    public IReadOnlyList<Industry> Industries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            var detail = await projects.GetAsync(id, ct);
            var p = detail.Project;
            var names = new List<string>();
            foreach (var e in detail.InvestorIds)
            {
                names.Add((await enterprises.GetAsync(e, ct)).Enterprise.Name);
            }
            Input = new ProjectInput(p.Name, p.OrgId, p.LocationOrgId, p.Industry, p.AgreedInvestmentYuan, p.PlannedStartDate, p.LandMu,
                p.PlannedJobs, p.IsIndustrial, p.IsHqEconomy, p.IsDigitalEconomy, p.IsCentralSoeProject, p.Channel, p.FactoryAreaM2,
                [.. detail.InvestorIds], p.Version);
            (Amount, Investors) = (p.AgreedInvestmentYuan / (decimal)ChineseText.Wan, string.Join("、", names));
        }
        else
        {
            Input = Input with { OrgId = currentUser.OrgId };
        }
        await ReloadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Every field is checked before the save: the form shows all its errors at once, each next to its field.
        long yuan = 0;
        if (Amount is null or < 0)
        {
            FieldErrors["agreedInvestmentYuan"] = L["请填写约定投资额（不能为负数）。"];
        }
        else
        {
            try
            {
                yuan = ChineseText.FormYuan(Amount.Value, Unit == "yi" ? ChineseText.Yi : ChineseText.Wan, "agreedInvestmentYuan");
            }
            catch (DomainException e)
            {
                FieldErrors["agreedInvestmentYuan"] = e.Localize(L);
            }
        }
        Guid[] investors = [];
        try
        {
            investors = await projects.ResolveInvestorsAsync(Investors, ct);
        }
        catch (DomainException e)
        {
            FieldErrors["investorIds"] = e.Localize(L);
        }
        var input = Input with { AgreedInvestmentYuan = yuan, InvestorIds = investors };
        foreach (var (field, message) in ProjectRules.Problems(input))
        {
            FieldErrors.TryAdd(field, message.Localize(L));
        }
        if (FieldErrors.Count > 0)
        {
            await ReloadAsync(ct);
            return Page();
        }
        var row = Id is { } id ? await projects.UpdateAsync(id, input, Input.Version, ct) : await projects.CreateAsync(input, ct);
        return Redirect($"/Projects/Detail?id={row.Id}&msg=" + Uri.EscapeDataString(Id is null ? "已创建。" : "已保存。"));
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        // The units the user may file a project for: their own subtree (a coordinating bureau reads further, writes its own).
        Orgs = (await orgs.ListAsync(includeInactive: false, ct)).Where(o => currentUser.CanWrite(o.Path)).ToList();
        Industries = await search.IndustriesAsync(ct);
    }

    public string Invalid(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";
}
