using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Notifications;

/// <summary>The signed-in user's own messages (站内信), newest first; unread ones stand out.</summary>
public sealed class InboxModel(NotificationService notifications, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool Unread { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public InboxPage Inbox { get; private set; } = new(new Paged<NotificationRow>([], 0, 1, 20), 0);
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["inbox-message"] as string;
        Inbox = await notifications.InboxAsync(Unread, PageNumber, 20, ct);
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await notifications.MarkReadAsync(null, ct);
        TempData["inbox-message"] = L["已全部标为已读。"].Value;
        return Redirect("/Notifications/Inbox");
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await notifications.MarkReadAsync(id, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            Error = e.Localize(L);
            Inbox = await notifications.InboxAsync(Unread, PageNumber, 20, ct);
            return Page();
        }
        return Redirect(PageUrl(PageNumber));
    }

    public string PageUrl(int page) => "/Notifications/Inbox" + QueryString.Create(new Dictionary<string, string?>
    {
        ["unread"] = Unread ? "true" : null,
        ["p"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    }.Where(kv => kv.Value is not null));

    /// <summary>Only the application's own addresses are followed from a message.</summary>
    public static string? SafeLink(string? link) => link is { Length: > 1 } l && l[0] == '/' && l[1] != '/' && l[1] != '\\' ? l : null;
}
