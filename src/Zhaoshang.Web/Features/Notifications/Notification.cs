using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Notifications;

/// <summary>One message in a user's inbox (站内信).</summary>
public sealed class Notification : INotAudited, ISystemWritten
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    /// <summary>The title and body as phrases (<see cref="Shared.Phrase.ToJson"/>), shown in the reader's language.</summary>
    public string? TitlePhrase { get; set; }

    public string? BodyPhrase { get; set; }
}

/// <summary>The two group-robot message shapes in common use: 企业微信 (WeCom) and 钉钉 (DingTalk).</summary>
public enum RobotFormat
{
    WeCom,
    DingTalk,
}

/// <summary>An outgoing webhook: a group robot's URL that receives every ticket notification, as text or markdown.</summary>
public sealed class Webhook : IVersioned
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>A robot URL carries its key: kept out of the audit trail.</summary>
    [NotAudited]
    public required string Url { get; set; }
    public RobotFormat Format { get; set; }
    public bool Markdown { get; set; } = true;
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }
}

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One message to one webhook: written with the action that caused it, sent afterwards and retried with backoff.</summary>
public sealed class WebhookDelivery : INotAudited, IVersioned, ISystemWritten
{
    public Guid Id { get; set; }
    public Guid WebhookId { get; set; }
    public required string Payload { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public long Version { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>, IEntityTypeConfiguration<Webhook>, IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.ToTable("Notifications");
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Body).HasMaxLength(2000);
        e.Property(x => x.Link).HasMaxLength(400);
        e.HasIndex(x => new { x.UserId, x.CreatedAt });
        e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Webhook> e)
    {
        e.ToTable("Webhooks");
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Url).HasMaxLength(1000);
        e.Property(x => x.Format).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.ToTable("WebhookDeliveries");
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.LastError).HasMaxLength(1000);
        e.Property(x => x.Version).IsConcurrencyToken();
        // The sender's queue: pending deliveries by their next attempt.
        e.HasIndex(x => new { x.State, x.NextAttemptAt });
        e.HasIndex(x => x.WebhookId);
        e.HasOne<Webhook>().WithMany().HasForeignKey(x => x.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
