using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>挂牌督办: a leader's own supervised items, or the items the reader's unit answers for with this week's line to write.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class SupervisedModel(Supervisions supervisions, TimeProvider time) : PageModel, IRefusalPage
{
    [BindProperty(SupportsGet = true, Name = "msg")] public string? MessageKey { get; set; }
    [BindProperty(SupportsGet = true)] public bool Lifted { get; set; }

    private static readonly string[] Messages = ["已挂牌督办。", "进展已报送。", "已摘牌。"];
    public string? Message => MessageKey is not null && Messages.Contains(MessageKey) ? MessageKey : null;

    public IReadOnlyList<SupervisionRow> Items { get; private set; } = [];
    public bool IsLeader => User.IsInRole(Roles.Leader);
    public bool CanWrite => User.IsInRole(Roles.Officer) || User.IsInRole(Roles.Handler);
    public DateOnly ThisWeek => Supervisions.WeekOf(time.Today());
    public string? Error { get; set; }

    public Task OnGetAsync(CancellationToken ct) => ReloadAsync(ct);

    public async Task<IActionResult> OnPostWeekAsync(Guid id, DateOnly weekStart, string? text, CancellationToken ct)
    {
        await supervisions.WriteWeekAsync(id, weekStart, text, ct);
        return Redirect("/Majors/Supervised?msg=" + Uri.EscapeDataString("进展已报送。"));
    }

    public async Task<IActionResult> OnPostLiftAsync(Guid id, long version, CancellationToken ct)
    {
        await supervisions.LiftAsync(id, version, ct);
        return Redirect("/Majors/Supervised?msg=" + Uri.EscapeDataString("已摘牌。"));
    }

    public async Task ReloadAsync(CancellationToken ct) => Items = await supervisions.ListAsync(mine: IsLeader, Lifted, ct);
}
