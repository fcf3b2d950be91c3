using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>One unit's dashboard: each of its indicators against target and time progress, its score and bonuses, a chart.</summary>
public sealed class UnitModel(AssessmentService assessment, TargetService targets) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public int Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public AssessmentView View { get; private set; } = null!;
    public IReadOnlyList<AssessmentCell> Cells { get; private set; } = [];
    public IReadOnlyList<UnitScore> Scores { get; private set; } = [];
    public IReadOnlyDictionary<string, Indicator> Indicators { get; private set; } = new Dictionary<string, Indicator>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await assessment.GetAsync(Year, Period, ct);
        Cells = View.Cells.Where(c => c.OrgId == OrgId).ToList();
        if (Cells.Count == 0)
        {
            return NotFound();
        }
        Scores = View.Units.Where(u => u.OrgId == OrgId).ToList();
        Indicators = (await targets.IndicatorsAsync(ct)).ToDictionary(i => i.Code);
        return Page();
    }
}
