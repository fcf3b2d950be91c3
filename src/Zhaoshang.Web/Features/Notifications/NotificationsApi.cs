using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Notifications;

public static class NotificationsApi
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().Bind(builder.Configuration.GetSection("Notifications"));
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddScoped<NotificationService>();
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<WebhookTargets>();
        builder.Services.AddHttpClient(WebhookSender.Client, c => c.MaxResponseContentBufferSize = 64 * 1024)
            .ConfigurePrimaryHttpMessageHandler(s => s.GetRequiredService<WebhookTargets>().Handler());
        builder.Services.AddHostedService<WebhookSender>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/inbox").WithTags("Inbox");
        inbox.MapGet("/", async (bool? unread, int? page, int? pageSize, NotificationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.InboxAsync(unread ?? false, page ?? 1, pageSize ?? 20, ct)))
            .WithName("listInbox").WithSummary("站内消息");
        inbox.MapPost("/{id:guid}/read", async Task<NoContent> (Guid id, NotificationService s, CancellationToken ct) =>
        {
            await s.MarkReadAsync(id, ct);
            return TypedResults.NoContent();
        }).WithName("markMessageRead").WithSummary("标记一条消息为已读");
        inbox.MapPost("/read-all", async Task<NoContent> (NotificationService s, CancellationToken ct) =>
        {
            await s.MarkReadAsync(null, ct);
            return TypedResults.NoContent();
        }).WithName("markAllMessagesRead").WithSummary("全部标记为已读");

        var hooks = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.SysAdmin);
        hooks.MapGet("/", async (NotificationService s, CancellationToken ct) => TypedResults.Ok(await s.WebhooksAsync(ct)))
            .WithName("listWebhooks").WithSummary("群机器人列表（系统管理员）");
        hooks.MapPost("/", async Task<Created<WebhookRow>> (WebhookInput body, NotificationService s, CancellationToken ct) =>
        {
            var row = await s.SaveWebhookAsync(null, body, 0, ct);
            return TypedResults.Created($"/api/webhooks/{row.Id}", row);
        }).WithName("createWebhook").WithSummary("新建群机器人（系统管理员）");
        hooks.MapPut("/{id:guid}", async (Guid id, WebhookInput body, NotificationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SaveWebhookAsync(id, body, body.Version, ct)))
            .WithName("updateWebhook").WithSummary("修改群机器人（系统管理员）");
        hooks.MapGet("/deliveries", async (string? state, int? limit, NotificationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.DeliveriesAsync(Shared.ApiEnum.Parse<DeliveryState>(state, "state"), limit ?? 100, ct)))
            .WithName("listWebhookDeliveries").WithSummary("群机器人投递记录");
        hooks.MapPost("/deliveries/{id:guid}/retry", async Task<NoContent> (Guid id, NotificationService s, CancellationToken ct) =>
        {
            await s.RetryAsync(id, ct);
            return TypedResults.NoContent();
        }).WithName("retryWebhookDelivery").WithSummary("重新投递一条失败的消息");
        return app;
    }
}
