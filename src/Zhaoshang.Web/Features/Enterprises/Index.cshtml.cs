using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>The enterprise directory (企业库): search by name or credit code, 优强 and ownership filters in the address, export of what is filtered.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class IndexModel(EnterpriseService enterprises) : PageModel
{

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Strong { get; set; }
    [BindProperty(SupportsGet = true)] public Ownership? Ownership { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Paged<EnterpriseRow> Enterprises { get; private set; } = new([], 0, 1, 50);
    public bool CanEdit => User.IsInRole(Roles.Officer);

    public async Task OnGetAsync(CancellationToken ct) =>
        Enterprises = await enterprises.SearchAsync(Q, Strong, Ownership, PageNumber, 50, ct);

    /// <summary>Every enterprise the filter matches (all pages), as the list shows them.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var rows = new List<object?[]>();
        for (var page = 1; ; page++)
        {
            var chunk = await enterprises.SearchAsync(Q, Strong, Ownership, page, Paged<EnterpriseRow>.MaxPageSize, ct);
            rows.AddRange(chunk.Items.Select(e => new object?[]
            {
                e.Name, e.CreditCode, EnterpriseTerms.Name(OwnershipOf(e)), string.Join("、", ClassesOf(e).Select(EnterpriseTerms.Name)),
                EnterpriseTerms.Name(SpecializedOf(e)), e.IsStrong ? "是" : "否", e.Industry, e.Headquarters,
            }));
            if (!chunk.HasNext)
            {
                break;
            }
        }
        var file = new MemoryStream();
        Xlsx.Write(file, "企业", ["企业名称", "统一社会信用代码", "企业性质", "企业类别", "专精特新", "优强企业", "所属行业", "总部所在地"], rows, textColumns: [1]);
        file.Position = 0;
        return File(file, Xlsx.ContentType, "企业库.xlsx");
    }

    public static Ownership OwnershipOf(EnterpriseRow e) => Enum.Parse<Ownership>(e.Ownership, ignoreCase: true);
    public static SpecializedLevel SpecializedOf(EnterpriseRow e) => Enum.Parse<SpecializedLevel>(e.Specialized, ignoreCase: true);
    public static IEnumerable<EnterpriseClass> ClassesOf(EnterpriseRow e) => e.Classes.Select(c => Enum.Parse<EnterpriseClass>(c, ignoreCase: true));

    /// <summary>The filter as a query string (without paging), for the pager and the export.</summary>
    public string Query(int? page = null) => Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["strong"] = Strong?.ToString().ToLowerInvariant(), ["ownership"] = Ownership?.ToString(), ["p"] = page is > 1 ? page.ToString() : null,
    }.Where(x => !string.IsNullOrEmpty(x.Value))).Value?.TrimStart('?') ?? "";
}
