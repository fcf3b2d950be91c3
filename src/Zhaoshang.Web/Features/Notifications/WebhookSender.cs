using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Notifications;

public sealed class NotificationOptions
{
    /// <summary>How often the sender looks for due deliveries (it is also woken when one is written on this node).</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>The wait before each retry; after the last, a delivery is failed and shown to the admin.</summary>
    /// <summary>Hosts (comma-separated) on this machine or the internal network that webhooks may still post to.</summary>
    public string? AllowedInternalHosts { get; set; }
    public TimeSpan[] Backoff { get; set; } = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6)];
}

/// <summary>Wakes this node's sender when a delivery was written here, instead of waiting for its next round.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already awake
            }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}

/// <summary>
/// Sends due webhook deliveries. Each is claimed with its version before it is sent (several nodes never send one
/// twice), posted with a timeout, and on failure retried after the next backoff step, then marked failed.
/// </summary>
public sealed class WebhookSender(IServiceScopeFactory scopes, IHttpClientFactory http, WebhookSignal signal, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<NotificationOptions> options, ILogger<WebhookSender> log) : BackgroundService
{
    public const string Client = "webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Webhook round failed; retrying on the next round.");
            }
            try
            {
                await signal.WaitAsync(options.Value.SendInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round: claims up to 20 due deliveries and sends them; returns how many were claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Set<WebhookDelivery>().Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(20).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }
        var o = options.Value;
        // Claim: the attempt is counted and the next one pushed past this one's timeout before anything is sent.
        foreach (var d in due)
        {
            d.Attempts++;
            d.NextAttemptAt = now + o.Timeout + TimeSpan.FromSeconds(30);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0; // another node claimed some of them: leave this round to it
        }
        var hooks = await db.Set<Webhook>().AsNoTracking().ToDictionaryAsync(h => h.Id, ct);
        var client = http.CreateClient(Client);
        client.Timeout = o.Timeout;
        foreach (var d in due)
        {
            var error = hooks.TryGetValue(d.WebhookId, out var hook) ? await PostAsync(client, hook.Url, d.Payload, ct) : "webhook removed";
            var at = time.GetUtcNow().UtcDateTime;
            if (error is null)
            {
                d.State = DeliveryState.Delivered;
                d.DeliveredAt = at;
                d.LastError = null;
            }
            else
            {
                d.LastError = error.Length > 1000 ? error[..1000] : error;
                if (d.Attempts > o.Backoff.Length)
                {
                    d.State = DeliveryState.Failed;
                    log.LogWarning("Webhook delivery {Id} failed after {Attempts} attempts: {Error}", d.Id, d.Attempts, error);
                }
                else
                {
                    d.NextAttemptAt = at + o.Backoff[d.Attempts - 1];
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    /// <summary>Null when the robot took it: a 2xx answer whose errcode, if it gives one, is 0.</summary>
    private static async Task<string?> PostAsync(HttpClient client, string url, string payload, CancellationToken ct)
    {
        try
        {
            using var content = new StringContent(payload, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(url, content, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode}: {body}";
            }
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errcode", out var code)
                    && code.ValueKind == JsonValueKind.Number && code.GetInt32() != 0)
                {
                    return $"errcode {code.GetInt32()}: {body}";
                }
            }
            catch (JsonException)
            {
                // not JSON: the 2xx is the answer
            }
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }
}
