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
    /// <summary>Amount bands (亿元) as the assessment's bonus rules draw them.</summary>
    public static readonly (string Key, string Label, long? Min, long? Max)[] Bands =
    [
        ("lt1", "1亿元以下", null, ChineseText.Yi),
        ("1to10", "1–10亿元", ChineseText.Yi, 10 * ChineseText.Yi),
        ("10to20", "10–20亿元", 10 * ChineseText.Yi, 20 * ChineseText.Yi),
        ("ge20", "20亿元及以上", 20 * ChineseText.Yi, null),
    ];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string[] Stage { get; set; } = [];
    [BindProperty(SupportsGet = true)] public Guid? OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public string? Band { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Industrial { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Stalled { get; set; }
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? SignedFrom { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? SignedTo { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
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
        Stage = [.. Stage.Where(s => !string.IsNullOrWhiteSpace(s))];
        try
        {
            Projects = await projects.SearchAsync(Filter() with { Page = PageNumber, PageSize = 50 }, ct);
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
        Stage = [.. Stage.Where(s => !string.IsNullOrWhiteSpace(s))];
        try
        {
            Totals = await projects.TotalsAsync(Filter(), ct);
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
        Stage = [.. Stage.Where(s => !string.IsNullOrWhiteSpace(s))];
        var file = ProjectsApi.TempFile();
        await export.ExportAsync(file, Filter(), ct);
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

    public ProjectFilter Filter()
    {
        var band = Bands.FirstOrDefault(b => b.Key == Band);
        return new ProjectFilter(Q, Stage.Length == 0 ? null : [.. Stage.Select(ProjectsApi.ParseStage)], OrgId, Industry, band.Min, band.Max,
            Industrial, View, Sort, 1, 50, Stalled, SignedFrom, SignedTo);
    }

    /// <summary>The current filter as a query string (without paging), for links, export and saving.</summary>
    public string Query(string? sort = null, int? page = null)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add(new(key, text));
            }
        }
        Add("q", Q);
        foreach (var s in Stage)
        {
            Add("stage", s);
        }
        Add("orgId", OrgId);
        Add("industry", Industry);
        Add("band", Band);
        Add("industrial", Industrial?.ToString().ToLowerInvariant());
        Add("stalled", Stalled?.ToString().ToLowerInvariant());
        Add("view", View);
        Add("signedFrom", SignedFrom?.ToString("yyyy-MM-dd"));
        Add("signedTo", SignedTo?.ToString("yyyy-MM-dd"));
        Add("sort", sort ?? Sort);
        if (page is > 1)
        {
            Add("p", page);
        }
        return Microsoft.AspNetCore.Http.QueryString.Create(parts).Value?.TrimStart('?') ?? "";
    }

    /// <summary>Amount sorts largest first by default and toggles to smallest first; the other columns sort ascending.</summary>
    public string SortUrl(string key) => "/Projects?" + Query(sort: key == "amountDesc" ? (Sort is null or "amountDesc" ? "amount" : "amountDesc") : key);
}
