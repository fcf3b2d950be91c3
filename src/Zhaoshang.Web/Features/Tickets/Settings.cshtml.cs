using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>The system admin's settings of the ticket workflow: holidays per year, routing rules, desks, joint meetings.</summary>
[Authorize(Policy = Policies.SysAdmin)]
public sealed class SettingsModel(TicketSettings settings, OrgService orgs, TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel, IRefusalPage
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public string? Days { get; set; }

    public RoutingSettings Data { get; private set; } = null!;
    public List<Org> Orgs { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["settings-message"] as string;
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostCalendarAsync(CancellationToken ct) =>
        ActAsync(async () => await settings.SetCalendarAsync(Year ?? 0, TicketSettings.Parse(Days), ct), "节假日已保存。", ct);

    public Task<IActionResult> OnPostRuleAsync(Guid area, TicketCategory category, TicketLevel? level, Guid? handler, bool meeting, int days, CancellationToken ct) =>
        ActAsync(() => settings.SaveRuleAsync(new RuleInput(area, level, category, handler, meeting, days), ct), "派单规则已保存。", ct);

    public Task<IActionResult> OnPostDeleteRuleAsync(Guid id, CancellationToken ct) =>
        ActAsync(() => settings.DeleteRuleAsync(id, ct), "派单规则已删除。", ct);

    public Task<IActionResult> OnPostDeskAsync(Guid area, TicketLevel level, Guid desk, CancellationToken ct) =>
        ActAsync(() => settings.SaveDeskAsync(new DeskInput(area, level, desk), ct), "受理单位已保存。", ct);

    public Task<IActionResult> OnPostMeetingAsync(Guid office, DateOnly date, string? title, CancellationToken ct) =>
        ActAsync(() => settings.AddMeetingAsync(new MeetingInput(office, date, title), ct), "联席会议已安排。", ct);

    private async Task<IActionResult> ActAsync(Func<Task> work, string done, CancellationToken ct)
    {
        await work();
        TempData["settings-message"] = L[done].Value;
        return Redirect($"/Tickets/Settings?year={Year}");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = time.Today();
        Year ??= today.Month >= 11 ? today.Year + 1 : today.Year; // next year's notice comes out each winter
        Data = await settings.GetAsync(ct);
        Orgs = await orgs.ListAsync(includeInactive: false, ct);
        // The holidays as typed, when a refused calendar comes back; otherwise as saved.
        Days ??= TicketSettings.Format(await settings.CalendarAsync(Year.Value, ct));
    }


    public static string LevelName(TicketLevel? level) => level is { } l ? TicketWorkflow.LevelName(l) : "各层级";
}
