using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Notifications;

public static class NotificationsApi
{
    public sealed record WebhookBody(string? Name, string? Url, RobotFormat Format, bool Markdown = true, bool IsActive = true, long Version = 0)
    {
        public WebhookInput ToInput() => new(Name, Url, Format, Markdown, IsActive);
    }

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
            TypedResults.Ok(await s.InboxAsync(unread ?? false, page ?? 1, pageSize ?? 20, ct)));
        inbox.MapPost("/{id:guid}/read", async Task<NoContent> (Guid id, NotificationService s, CancellationToken ct) =>
        {
            await s.MarkReadAsync(id, ct);
            return TypedResults.NoContent();
        });
        inbox.MapPost("/read-all", async Task<NoContent> (NotificationService s, CancellationToken ct) =>
        {
            await s.MarkReadAsync(null, ct);
            return TypedResults.NoContent();
        });

        var hooks = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.SysAdmin);
        hooks.MapGet("/", async (NotificationService s, CancellationToken ct) => TypedResults.Ok(await s.WebhooksAsync(ct)));
        hooks.MapPost("/", async Task<Created<WebhookRow>> (WebhookBody body, NotificationService s, CancellationToken ct) =>
        {
            var row = await s.SaveWebhookAsync(null, body.ToInput(), 0, ct);
            return TypedResults.Created($"/api/webhooks/{row.Id}", row);
        });
        hooks.MapPut("/{id:guid}", async (Guid id, WebhookBody body, NotificationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SaveWebhookAsync(id, body.ToInput(), body.Version, ct)));
        hooks.MapGet("/deliveries", async (string? state, int? limit, NotificationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.DeliveriesAsync(Shared.ApiEnum.Parse<DeliveryState>(state, "state"), limit ?? 100, ct)));
        hooks.MapPost("/deliveries/{id:guid}/retry", async Task<NoContent> (Guid id, NotificationService s, CancellationToken ct) =>
        {
            await s.RetryAsync(id, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
