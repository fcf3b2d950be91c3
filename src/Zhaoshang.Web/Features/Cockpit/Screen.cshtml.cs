using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>
/// The cockpit on the meeting room's screen (1920×1080): high contrast, its tiles in sections of three shown in turn
/// (<see cref="Seconds"/> each), the page read again every five minutes.
/// </summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class ScreenModel(CockpitService cockpit, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The figure the map is coloured by (<see cref="MapTile.Measures"/>).</summary>
    [BindProperty(SupportsGet = true)] public string? Map { get; set; }
    [BindProperty(SupportsGet = true)] public int Seconds { get; set; } = 20;

    public CockpitView View { get; private set; } = null!;

    public IReadOnlyList<IReadOnlyList<CockpitTile>> Sections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = await cockpit.GetAsync(Year is { } y && CockpitService.Years(time).Contains(y) ? y : null, ct, Map);
        Seconds = Math.Clamp(Seconds, 5, 300);
        Sections = [.. View.Tiles.Chunk(3)];
    }
}
