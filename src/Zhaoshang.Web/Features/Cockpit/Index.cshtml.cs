using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>The cockpit (驾驶舱): the caller's scope on one page, every number a link to the list behind it.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class IndexModel(CockpitService cockpit, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The figure the map is coloured by (<see cref="MapTile.Measures"/>).</summary>
    [BindProperty(SupportsGet = true)] public string? Map { get; set; }

    public CockpitView View { get; private set; } = null!;
    public IReadOnlyList<int> Years { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Years = CockpitService.Years(time);
        View = await cockpit.GetAsync(Year is { } y && Years.Contains(y) ? y : null, ct, Map);
    }

    /// <summary>A figure as the cockpit prints it: a rate to one decimal, a count with thousands separators.</summary>
    public static string Value(CockpitFigure f) => f.Unit == "%" ? Numbers.Rate(f.Value) : f.Value is { } v ? v.ToString("#,0.##") : "—";
}
