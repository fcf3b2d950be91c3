using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Notifications;

public sealed record NotificationRow(Guid Id, string Title, string Body, string? Link, DateTime CreatedAt, DateTime? ReadAt,
    [property: System.Text.Json.Serialization.JsonIgnore] string? TitlePhrase = null, [property: System.Text.Json.Serialization.JsonIgnore] string? BodyPhrase = null);

public sealed record InboxPage(Paged<NotificationRow> Items, int Unread);

/// <summary>A group robot as the page and the API give it (the API's body is this record; <see cref="Version"/> for an edit).</summary>
public sealed record WebhookInput(string? Name, string? Url, RobotFormat Format, bool Markdown = true, bool IsActive = true, long Version = 0);

public sealed record WebhookRow(Guid Id, string Name, string Url, RobotFormat Format, bool Markdown, bool IsActive, int Pending, int Failed, long Version);

public sealed record DeliveryRow(Guid Id, Guid WebhookId, string WebhookName, DeliveryState State, int Attempts, DateTime NextAttemptAt,
    string? LastError, DateTime CreatedAt, DateTime? DeliveredAt, string Payload);

/// <summary>Each user's inbox (their own messages only), and the system admin's webhooks with their failed deliveries.</summary>
public sealed class NotificationService(AppDb db, CurrentUser currentUser, TimeProvider time, WebhookSignal signal, WebhookTargets targets)
{
    private Guid Me => currentUser.Id ?? throw DomainException.Forbidden("请先登录。");

    public async Task<InboxPage> InboxAsync(bool unreadOnly, int page, int pageSize, CancellationToken ct = default)
    {
        var me = Me;
        (page, pageSize) = Paged<NotificationRow>.Clamp(page, pageSize);
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == me);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var q = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = unreadOnly ? unread : await q.CountAsync(ct);
        var rows = await q.OrderByDescending(n => n.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new NotificationRow(n.Id, n.Title, n.Body, n.Link, DateTime.SpecifyKind(n.CreatedAt, DateTimeKind.Utc), n.ReadAt, n.TitlePhrase, n.BodyPhrase))
            .ToListAsync(ct);
        return new InboxPage(new Paged<NotificationRow>(rows, total, page, pageSize), unread);
    }

    public async Task<int> UnreadAsync(CancellationToken ct = default)
    {
        var me = Me;
        return await db.Set<Notification>().CountAsync(n => n.UserId == me && n.ReadAt == null, ct);
    }

    /// <summary>Marks one message (or, without an id, all of them) read; another user's message is not found.</summary>
    public async Task MarkReadAsync(Guid? id, CancellationToken ct = default)
    {
        var me = Me;
        var rows = await db.Set<Notification>().Where(n => n.UserId == me && n.ReadAt == null && (id == null || n.Id == id)).ToListAsync(ct);
        if (id is not null && rows.Count == 0 && !await db.Set<Notification>().AnyAsync(n => n.UserId == me && n.Id == id, ct))
        {
            throw DomainException.NotFound("消息不存在。");
        }
        var now = time.GetUtcNow().UtcDateTime;
        rows.ForEach(n => n.ReadAt = now);
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<WebhookRow>> WebhooksAsync(CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var counts = await db.Set<WebhookDelivery>().Where(d => d.State != DeliveryState.Delivered)
            .GroupBy(d => new { d.WebhookId, d.State }).Select(g => new { g.Key.WebhookId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        return (await db.Set<Webhook>().AsNoTracking().OrderBy(h => h.CreatedAt).ToListAsync(ct)).Select(h => new WebhookRow(h.Id, h.Name, h.Url, h.Format,
            h.Markdown, h.IsActive, counts.Where(c => c.WebhookId == h.Id && c.State == DeliveryState.Pending).Sum(c => c.Count),
            counts.Where(c => c.WebhookId == h.Id && c.State == DeliveryState.Failed).Sum(c => c.Count), h.Version)).ToList();
    }

    public async Task<WebhookRow> SaveWebhookAsync(Guid? id, WebhookInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            throw DomainException.Invalid("name", "名称不能为空，且不超过 100 个字符。");
        }
        var url = await targets.CheckAsync(input.Url, ct);
        Webhook hook;
        if (id is { } existing)
        {
            hook = await db.Set<Webhook>().FirstOrDefaultAsync(h => h.Id == existing, ct) ?? throw DomainException.NotFound("Webhook 不存在。");
            db.Entry(hook).Property(h => h.Version).OriginalValue = version;
        }
        else
        {
            hook = new Webhook { Id = Guid.CreateVersion7(), Name = name, Url = url.ToString(), CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Set<Webhook>().Add(hook);
        }
        (hook.Name, hook.Url, hook.Format, hook.Markdown, hook.IsActive) = (name, url.ToString(), input.Format, input.Markdown, input.IsActive);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("该 Webhook 已被他人修改，请查看最新内容后再保存。", (await WebhooksAsync(ct)).First(h => h.Id == hook.Id));
        }
        return (await WebhooksAsync(ct)).First(h => h.Id == hook.Id);
    }

    public async Task<List<DeliveryRow>> DeliveriesAsync(DeliveryState? state, int limit, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var q = from d in db.Set<WebhookDelivery>().AsNoTracking()
                join h in db.Set<Webhook>() on d.WebhookId equals h.Id
                where state == null || d.State == state
                orderby d.CreatedAt descending
                select new DeliveryRow(d.Id, d.WebhookId, h.Name, d.State, d.Attempts, DateTime.SpecifyKind(d.NextAttemptAt, DateTimeKind.Utc), d.LastError,
                    DateTime.SpecifyKind(d.CreatedAt, DateTimeKind.Utc), d.DeliveredAt, d.Payload);
        return await q.Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
    }

    /// <summary>Sends a failed (or waiting) delivery again now, with a fresh count of attempts.</summary>
    public async Task RetryAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var d = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound("投递记录不存在。");
        if (d.State == DeliveryState.Delivered)
        {
            throw DomainException.Unprocessable("该消息已送达，无需重发。");
        }
        (d.State, d.Attempts, d.NextAttemptAt) = (DeliveryState.Pending, 0, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        signal.Wake();
    }
}
