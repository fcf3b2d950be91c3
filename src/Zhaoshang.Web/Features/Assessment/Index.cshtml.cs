using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>
/// The assessment of a year up to a period, table by table (each a group of peer units): every unit's figures against
/// target and time progress, its score, a chart per table; each figure opens its facts. A group alone with ?table=.
/// </summary>
public sealed class IndexModel(AssessmentService assessment, TargetService targets, TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel, IRefusalPage
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Table { get; set; }

    public AssessmentView View { get; private set; } = null!;
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyDictionary<string, Indicator> Indicators { get; private set; } = new Dictionary<string, Indicator>();
    public string? Message { get; private set; }
    public string? Error { get; set; }
    public bool CanClose => User.IsInRole(Accounts.Roles.Assessor);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCloseAsync(int year, int month, CancellationToken ct)
    {
        (Year, Period) = (year, $"m{month}");
        await assessment.CloseAsync(year, month, ct);
        Message = L["{0}年{1}月已关账：本月数字已冻结，之后补录的事实将标为补录，计入下一个未关账期间。", year, month];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = time.Today(); // China's today, never the server's
        Years = await targets.YearsAsync(ct);
        Year ??= Years.Contains(today.Year) || Years.Count == 0 ? today.Year : Years.Max();
        Period ??= Year == today.Year ? $"m{today.Month}" : "year";
        View = await assessment.GetAsync(Year.Value, Period, ct);
        Indicators = (await targets.IndicatorsAsync(ct)).ToDictionary(i => i.Code);
    }

    /// <summary>The month the period ends in, when it is a whole month (the bulletin's and the close's month).</summary>
    public int? Month => View.Period.StartsWith('m') && !View.Period.Contains('x') ? int.Parse(View.Period[1..], System.Globalization.CultureInfo.InvariantCulture) : null;

    public IEnumerable<IGrouping<string, AssessmentCell>> Tables => View.Cells.GroupBy(c => c.Table).Where(t => Table is null || t.Key == Table);

    public static string Query(int year, string period, string? table = null) => QueryString.Create(new Dictionary<string, string?>
    {
        ["year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture), ["period"] = period, ["table"] = table,
    }.Where(kv => kv.Value is not null)).Value ?? "";
}
