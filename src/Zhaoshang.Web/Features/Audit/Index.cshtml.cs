using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Audit;

[Authorize(Policy = Policies.AuditAdmin)]
public sealed class IndexModel(AuditQuery audit, ReadableChanges readable, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "User")] public string? UserName { get; set; }
    [BindProperty(SupportsGet = true, Name = "Action")] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public string? Result { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public AuditFilter Filter => new(From, To, UserName, ActionName, Result, null, null, PageNumber, 50);
    public Paged<AuditEntry> Results { get; private set; } = new([], 0, 1, 50);
    /// <summary>The page's records as people read them.</summary>
    public IReadOnlyList<ReadableEntry> Rows { get; private set; } = [];
    public ReadableChanges Words => readable;
    public VerifyResult? Verify { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Results = await audit.SearchAsync(Filter, ct);
            Rows = await readable.DescribeAsync(Results.Items, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation)
        {
            Error = e.Localize(localizer);
        }
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verify = await audit.VerifyAsync(ct);
        Results = await audit.SearchAsync(Filter, ct);
        Rows = await readable.DescribeAsync(Results.Items, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var stream = new MemoryStream();
        await audit.ExportAsync(stream, Filter, ct);
        stream.Position = 0;
        return File(stream, Xlsx.ContentType, "审计日志.xlsx");
    }

    public string PageUrl(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["From"] = From?.ToString("yyyy-MM-dd"),
        ["To"] = To?.ToString("yyyy-MM-dd"),
        ["User"] = UserName,
        ["Action"] = ActionName,
        ["Result"] = Result,
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
