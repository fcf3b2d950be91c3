using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>The ledger list (台账): filters in the address, sort, paging, saved filters, export of exactly what is filtered.</summary>
public sealed class IndexModel(ProjectSearch projects, ProjectExport export, SavedFilters saved, OrgService orgs, CurrentUser currentUser, Tickets.TicketStatistics tickets,
    IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>The filters in the address (the API's query, but amounts by band), the page number apart.</summary>
    [BindProperty(SupportsGet = true, Name = "")] public ProjectQuery Filter { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Paged<ProjectRow> Projects { get; private set; } = new([], 0, 1, 50);
    /// <summary>The open problems of the projects on this page (one query for the page).</summary>
    public Dictionary<Guid, Tickets.ProjectRisk> Risks { get; private set; } = [];
    public List<Org> Orgs { get; private set; } = [];
    public IReadOnlyList<Industry> Industries { get; private set; } = [];
    public IReadOnlyList<SavedFilter> Saved { get; private set; } = [];
    public string? Error { get; private set; }
    public bool CanEdit => User.IsInRole(Accounts.Roles.Officer);
    public string ScopeName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Projects = await projects.SearchAsync(Filter.ToFilter() with { Page = PageNumber, PageSize = 50 }, ct);
            Risks = await tickets.RisksAsync([.. Projects.Items.Select(p => p.Id)], ct);
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.NotFound or DomainErrorKind.Unprocessable)
        {
            Error = e.Localize(L);
        }
        Orgs = await orgs.ListAsync(includeInactive: false, ct);
        Industries = await projects.IndustriesAsync(ct);
        Saved = await saved.ListAsync(ct);
        ScopeName = Orgs.FirstOrDefault(o => o.Id == currentUser.OrgId)?.Name ?? "";
    }

    /// <summary>The list's total row (htmx, once the list is shown): the number of projects and their investment in 亿元.</summary>
    public async Task<IActionResult> OnGetTotalAsync(CancellationToken ct)
    {
        try
        {
            Totals = await projects.TotalsAsync(Filter.ToFilter(), ct);
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.NotFound or DomainErrorKind.Unprocessable)
        {
            Totals = null;
        }
        return Partial("_LedgerTotal", this);
    }

    public (int Count, long AmountYuan)? Totals { get; private set; }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var file = ProjectsApi.TempFile();
        await export.ExportAsync(file, Filter.ToFilter(), ct);
        file.Position = 0;
        return File(file, Xlsx.ContentType, "项目台账.xlsx");
    }

    public async Task<IActionResult> OnPostSaveFilterAsync(string? name, string? query, CancellationToken ct)
    {
        try
        {
            await saved.SaveAsync(name, query, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation)
        {
            TempData["filter-error"] = e.Localize(L);
        }
        return Redirect("/Projects?" + (query ?? "").TrimStart('?'));
    }

    public async Task<IActionResult> OnPostDeleteFilterAsync(Guid id, CancellationToken ct)
    {
        await saved.DeleteAsync(id, ct);
        return Redirect("/Projects" + Request.QueryString);
    }

    /// <summary>The current filter as a query string (without paging), for links, export and saving.</summary>
    public string Query(string? sort = null, int? page = null) => Filter.ToQueryString(sort, page);

    /// <summary>Amount sorts largest first by default and toggles to smallest first; the other columns sort ascending.</summary>
    public string SortUrl(string key) => "/Projects?" + Query(sort: key == "amountDesc" ? (Filter.Sort is null or "amountDesc" ? "amount" : "amountDesc") : key);
}
