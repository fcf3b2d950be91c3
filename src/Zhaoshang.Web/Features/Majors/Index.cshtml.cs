using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>The 拟招重大项目库 of the reader's level: filters in the address, largest first, export of exactly what is filtered.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class IndexModel(MajorSearch majors, OrgService orgs, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "")] public MajorQuery Filter { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Paged<MajorRow> Majors { get; private set; } = new([], 0, 1, 50);
    public List<Org> Orgs { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Majors = await majors.SearchAsync(Filter with { Page = PageNumber, PageSize = 50 }, ct);
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.NotFound or DomainErrorKind.Unprocessable)
        {
            Error = e.Localize(L);
        }
        Orgs = await orgs.ListAsync(includeInactive: false, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var file = new MemoryStream();
        MajorSheet.Write(file, await majors.ListAsync(Filter, ct));
        file.Position = 0;
        return File(file, Xlsx.ContentType, L["重大项目库"] + ".xlsx");
    }

    /// <summary>The filter as a query string, with another page where given.</summary>
    public string Query(int? page = null)
    {
        var parts = new List<KeyValuePair<string, string?>> { new("q", Filter.Q), new("level", Filter.Level), new("group", Filter.Group), new("orgId", Filter.OrgId?.ToString()) };
        parts.AddRange(Filter.Stages.Select(s => new KeyValuePair<string, string?>("stage", s)));
        if (page is > 1)
        {
            parts.Add(new("p", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return QueryString.Create(parts.Where(p => !string.IsNullOrEmpty(p.Value))).Value?.TrimStart('?') ?? "";
    }
}
