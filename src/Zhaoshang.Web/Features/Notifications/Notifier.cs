using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Notifications;

/// <summary>
/// A message about something that happened: to the users named, and to every active webhook. Title and body are phrases:
/// the group robots get them in Chinese, each inbox shows them in its reader's language.
/// </summary>
public sealed record Message(Phrase Title, Phrase Body, string? Link);

/// <summary>
/// Adds the inbox rows and the webhook deliveries of a message to the caller's unit of work, so they are saved with the
/// action that caused them (or not at all). Sending is left to <see cref="WebhookSender"/>: a slow or dead robot never
/// delays or fails the user's action.
/// </summary>
public sealed class Notifier(AppDb db, TimeProvider time, WebhookSignal signal)
{
    private List<Webhook>? _hooks;

    /// <summary>The active users of these orgs holding one of these roles. Read across scopes: a message goes wherever the work goes.</summary>
    public async Task<List<Guid>> UsersAsync(IEnumerable<Guid> orgIds, IEnumerable<string> roles, CancellationToken ct)
    {
        var orgs = orgIds.Distinct().ToList();
        var names = roles.ToList();
        return await (from u in db.Users.IgnoreQueryFilters()
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where orgs.Contains(u.OrgId) && !u.IsDisabled && names.Contains(r.Name!)
                      select u.Id).Distinct().ToListAsync(ct);
    }

    /// <summary>To the users' inboxes, and to every active robot unless <paramref name="robots"/> is false (a message meant for one reader).</summary>
    public async Task SendAsync(Message message, IEnumerable<Guid> userIds, CancellationToken ct, bool robots = true)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var user in userIds.Distinct())
        {
            db.Set<Notification>().Add(new Notification
            {
                Id = Guid.CreateVersion7(), UserId = user, Title = Clip(message.Title.ToString(), 200), Body = Clip(message.Body.ToString(), 2000), Link = message.Link,
                CreatedAt = now, TitlePhrase = message.Title.ToJson(), BodyPhrase = message.Body.ToJson(),
            });
        }
        if (!robots)
        {
            return;
        }
        _hooks ??= await db.Set<Webhook>().AsNoTracking().Where(h => h.IsActive).ToListAsync(ct);
        foreach (var hook in _hooks)
        {
            db.Set<WebhookDelivery>().Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(), WebhookId = hook.Id, Payload = Payload(hook, message), State = DeliveryState.Pending,
                NextAttemptAt = now, CreatedAt = now,
            });
        }
        if (_hooks.Count > 0)
        {
            signal.Wake();
        }
    }

    /// <summary>The robot's JSON: 企业微信 {"msgtype":"text","text":{"content"}} or markdown {"content"}; 钉钉 text, or markdown {"title","text"}.</summary>
    public static string Payload(Webhook hook, Message m)
    {
        var text = m.Title + "\n" + m.Body;
        var markdown = $"### {m.Title}\n{m.Body}";
        object body = (hook.Format, hook.Markdown) switch
        {
            (RobotFormat.WeCom, true) => new { msgtype = "markdown", markdown = new { content = markdown } },
            (RobotFormat.DingTalk, true) => new { msgtype = "markdown", markdown = new { title = m.Title.ToString(), text = markdown } },
            _ => new { msgtype = "text", text = new { content = text } },
        };
        return JsonSerializer.Serialize(body, AppJson.Options);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
