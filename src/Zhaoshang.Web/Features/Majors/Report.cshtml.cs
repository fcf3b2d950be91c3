using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;
using Zhaoshang.Web.Shared.Documents;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>The dispatch report (调度通报) of the reader's level: a month's (the year to its end) or a chosen period's; printable, and as .docx and .xlsx.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class ReportModel(DispatchReports reports, Orgs.OrgService orgs, TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Month { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }

    public DispatchReport? Report { get; private set; }
    public string? Error { get; private set; }
    public DateOnly Today => time.Today();

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Report = await BuildAsync(ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation)
        {
            Error = e.Localize(L);
        }
    }

    public async Task<IActionResult> OnGetDocxAsync(string? issuer, string? number, string? date, CancellationToken ct)
    {
        var report = await BuildAsync(ct);
        var file = new MemoryStream();
        DispatchDocuments.WriteDocx(file, report, await DocumentHeading.ResolveAsync(issuer, number, date, orgs.CallerUnitNameAsync, time, ct));
        file.Position = 0;
        return File(file, MajorsApi.DocxType, report.Title + ".docx");
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var report = await BuildAsync(ct);
        var file = new MemoryStream();
        DispatchDocuments.WriteXlsx(file, report);
        file.Position = 0;
        return File(file, Xlsx.ContentType, report.Title + ".xlsx");
    }

    private Task<DispatchReport> BuildAsync(CancellationToken ct)
    {
        var (from, to) = DispatchReports.Period(Year, Month, null, null, Today);
        (Year, Month) = (to.Year, to.Month);
        return reports.BuildAsync(from, to, ApiEnum.Parse<MajorLevel>(Level, "level"), ct);
    }

    public string Query => QueryString.Create(new Dictionary<string, string?> { ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["month"] = Month?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["level"] = Level }.Where(p => !string.IsNullOrEmpty(p.Value))).Value?.TrimStart('?') ?? "";
}
