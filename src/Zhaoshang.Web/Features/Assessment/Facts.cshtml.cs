using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>The drill-down: the facts behind one unit's figure for an indicator, each opening its project.</summary>
public sealed class FactsModel(AssessmentFacts assessment) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public int Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string Indicator { get; set; } = "";

    public FactsView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => View = await assessment.FactsAsync(Year, Period, OrgId, Indicator, ct: ct);

    public string Link(string indicator) => $"/Assessment/Facts?year={Year}&period={View.Period}&orgId={OrgId}&indicator={indicator}";
}
