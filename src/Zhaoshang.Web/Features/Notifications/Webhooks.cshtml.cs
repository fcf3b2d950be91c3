using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Notifications;

/// <summary>The system admin's group robots (企业微信、钉钉): add, switch on and off, and resend what failed.</summary>
[Authorize(Policy = Policies.SysAdmin)]
public sealed class WebhooksModel(NotificationService notifications, IStringLocalizer<SharedResource> L) : PageModel, IFormPage
{
    public List<WebhookRow> Hooks { get; private set; } = [];
    public List<DeliveryRow> Failures { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty(Name = "url")] public string? Address { get; set; }
    [BindProperty] public RobotFormat Format { get; set; } = RobotFormat.WeCom;
    [BindProperty] public bool Markdown { get; set; } = true;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["webhook-message"] as string;
        await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        await notifications.SaveWebhookAsync(null, new WebhookInput(Name, Address, Format, Markdown), 0, ct);
        TempData["webhook-message"] = L["Webhook 已添加。"].Value;
        return Redirect("/Notifications/Webhooks");
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid id, long version, CancellationToken ct)
    {
        var hook = (await notifications.WebhooksAsync(ct)).FirstOrDefault(h => h.Id == id) ?? throw DomainException.NotFound("Webhook 不存在。");
        await notifications.SaveWebhookAsync(id, new WebhookInput(hook.Name, hook.Url, hook.Format, hook.Markdown, !hook.IsActive), version, ct);
        TempData["webhook-message"] = (hook.IsActive ? L["Webhook 已停用。"] : L["Webhook 已启用。"]).Value;
        return Redirect("/Notifications/Webhooks");
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        await notifications.RetryAsync(id, ct);
        TempData["webhook-message"] = L["已重新排队发送。"].Value;
        return Redirect("/Notifications/Webhooks#webhook-failures");
    }

    /// <summary>The add form shows each field's message by its field; a refused switch or resend is said above the list.</summary>
    void IRefusalPage.Show(string handler, DomainException e, IStringLocalizer L)
    {
        if (handler == "Add")
        {
            FormErrorFilter.Show(this, e, L);
        }
        else
        {
            Error = e.Localize(L);
        }
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        Hooks = await notifications.WebhooksAsync(ct);
        Failures = await notifications.DeliveriesAsync(DeliveryState.Failed, 100, ct);
    }

    /// <summary>A robot's address carries its key: the page shows where it points, not the key.</summary>
    public static string Masked(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Authority}{u.AbsolutePath}{(u.Query.Length > 1 ? "?…" : "")}" : "…";

    public static string FormatName(RobotFormat format) => format == RobotFormat.DingTalk ? "钉钉" : "企业微信";
}
