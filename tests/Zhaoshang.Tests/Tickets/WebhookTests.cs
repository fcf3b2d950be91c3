using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;

namespace Zhaoshang.Tests.Tickets;

/// <summary>
/// Done-when 3: a group robot (a real local HTTP receiver answering like 企业微信) gets the message; with the receiver
/// down the user's action still succeeds, the delivery is retried with backoff, arrives once the receiver is back, and
/// one that keeps failing is shown to the admin.
/// </summary>
public sealed class WebhookTests
{
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentQueue<JsonElement> Received { get; } = new();

        private Receiver(WebApplication app) => _app = app;

        public static async Task<Receiver> StartAsync(int port)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/cgi-bin/webhook/send", async (HttpRequest request) =>
            {
                receiver.Received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
                return Results.Json(new { errcode = 0, errmsg = "ok" });
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Theory]
    [SqliteData]
    public async Task A_webhook_gets_the_message_and_a_dead_receiver_is_retried_without_blocking_the_user(Db db)
    {
        // The robot receiver runs on this machine: the operator allow-lists it as an intranet gateway.
        using var app = new TestApp(db, new Dictionary<string, string?>
        {
            ["Notifications:SendInterval"] = "00:00:00.100", ["Notifications:Timeout"] = "00:00:02", ["Notifications:AllowedInternalHosts"] = "127.0.0.1",
        });
        var (_, adminPassword) = await app.AddUserAsync("hook.admin", Roles.SysAdmin, "520000");
        using var admin = await app.ClientForAsync("hook.admin", adminPassword);
        var port = FreePort();
        var created = await admin.PostAsJsonAsync("/api/webhooks", new
        {
            name = "招商群机器人", url = $"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=test", format = "weCom", markdown = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var officer = await app.ClientForAsync("officer.yunyan");
        var enterprise = await TicketFlow.EnterpriseAsync(officer, "贵州机器人测试有限公司", "91520100MA6H7K5X0");
        Guid ticket;
        await using (var receiver = await Receiver.StartAsync(port))
        {
            var response = await officer.PostAsJsonAsync("/api/tickets", new { kind = "appeal", category = "labour", enterpriseId = enterprise, title = "招工难，请协助对接" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ticket = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
            await TicketFlow.WaitUntilAsync(() => Task.FromResult(!receiver.Received.IsEmpty), "the robot message");
            var message = receiver.Received.Single();
            Assert.Equal("markdown", message.GetProperty("msgtype").GetString());
            Assert.Contains("招工难，请协助对接", message.GetProperty("markdown").GetProperty("content").GetString());
        }

        // The receiver is down: the action succeeds at once and its delivery waits for a retry.
        await TicketFlow.ActAsync(officer, ticket, new { action = "accept" });
        async Task<WebhookDelivery> Latest() => await app.WithDbAsync(d => d.Set<WebhookDelivery>().OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).FirstAsync());
        await TicketFlow.WaitUntilAsync(async () => (await Latest()).Attempts >= 1 && (await Latest()).LastError is not null, "the first failed attempt");
        var failed = await Latest();
        Assert.Equal(DeliveryState.Pending, failed.State);
        Assert.Equal(1, failed.Attempts);
        await Task.Delay(500);
        Assert.Equal(1, (await Latest()).Attempts); // backoff: no retry before 30 s have passed

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await TicketFlow.WaitUntilAsync(async () => (await Latest()).Attempts >= 2, "the retry");
        await using (var back = await Receiver.StartAsync(port))
        {
            // Each wait moves past the next backoff step (a first try may still meet a connection of the old receiver).
            await TicketFlow.WaitUntilAsync(async () =>
            {
                app.Clock.Advance(TimeSpan.FromMinutes(11));
                await Task.Delay(200);
                return (await Latest()).State == DeliveryState.Delivered;
            }, "delivery once the receiver is back", 60);
            Assert.Contains("受理", back.Received.Single().GetProperty("markdown").GetProperty("content").GetString());
            Assert.True((await Latest()).Attempts >= 3);
        }

        // With the receiver gone for good, the delivery fails after its last retry and the admin sees it.
        using var officerAgain = await app.ClientForAsync("officer.yunyan"); // the clock has moved past the first token's idle limit
        await TicketFlow.ActAsync(officerAgain, ticket, new { action = "dispatch" });
        for (var i = 0; i < 7; i++)
        {
            app.Clock.Advance(TimeSpan.FromHours(7));
            await Task.Delay(400);
        }
        await TicketFlow.WaitUntilAsync(async () => (await Latest()).State == DeliveryState.Failed, "the delivery to be given up");
        using var admin3 = await app.ClientForAsync("hook.admin", adminPassword);
        var failures = await admin3.GetFromJsonAsync<JsonElement>("/api/webhooks/deliveries?state=failed");
        Assert.Contains(failures.EnumerateArray(), f => f.GetProperty("attempts").GetInt32() == 6 && f.GetProperty("lastError").GetString()!.Length > 0);
        var hooks = await admin3.GetFromJsonAsync<JsonElement>("/api/webhooks");
        Assert.True(hooks[0].GetProperty("failed").GetInt32() >= 1);
        using var officer2 = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer2.GetAsync("/api/webhooks/deliveries")).StatusCode);
    }

    /// <summary>
    /// D16: a webhook is the server posting wherever the admin says. The metadata service, this machine and the internal
    /// network are refused as targets (a public robot must be https), unless the operator allow-lists the host; and a
    /// saved name that now points inside (re-pointed DNS, or saved before this rule) is not connected to at send time.
    /// </summary>
    [Fact]
    public async Task Webhooks_may_not_point_inside_unless_the_operator_allows_that_host()
    {
        using var app = new TestApp(Db.Sqlite, new Dictionary<string, string?> { ["Notifications:SendInterval"] = "00:00:00.100", ["Notifications:Timeout"] = "00:00:02" });
        var (_, adminPassword) = await app.AddUserAsync("hook.admin", Roles.SysAdmin, "520000");
        using var admin = await app.ClientForAsync("hook.admin", adminPassword);
        foreach (var url in (string[])["http://169.254.169.254/latest/meta-data", "https://169.254.169.254/latest/meta-data", "https://127.0.0.1:5191/api/me",
            "https://localhost/x", "https://[::1]/x", "https://10.1.2.3/x", "https://192.168.0.10/x", "https://172.20.0.1/x", "https://[::ffff:127.0.0.1]/x",
            "https://0.0.0.0/x", "https://2130706433/x", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "https://user:pw@qyapi.weixin.qq.com/x"])
        {
            var refused = await admin.PostAsJsonAsync("/api/webhooks", new { name = "内网探测", url, format = "weCom" });
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)refused.StatusCode}");
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("url", out _), url);
        }
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/webhooks", new
        {
            name = "企业微信群", url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", format = "weCom",
        })).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(d => d.Set<Webhook>().CountAsync(h => h.Name == "内网探测")));

        // A hook already stored with a name that resolves to this machine: the sender does not connect.
        var port = FreePort();
        await app.WithDbAsync(async d =>
        {
            d.Set<Webhook>().Add(new Webhook { Id = Guid.CreateVersion7(), Name = "旧地址", Url = $"http://localhost:{port}/cgi-bin/webhook/send?key=old", CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
            return await d.SaveChangesAsync();
        });
        await using var receiver = await Receiver.StartAsync(port);
        using var officer = await app.ClientForAsync("officer.yunyan");
        var enterprise = await TicketFlow.EnterpriseAsync(officer, "贵州内网测试有限公司", "91520100MA6H7K5X0");
        Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync("/api/tickets", new { kind = "appeal", category = "labour", enterpriseId = enterprise, title = "用工对接" })).StatusCode);
        async Task<WebhookDelivery> Old() => await app.WithDbAsync(d => d.Set<WebhookDelivery>().Join(d.Set<Webhook>().Where(h => h.Name == "旧地址"), x => x.WebhookId, h => h.Id, (x, _) => x).SingleAsync());
        // A delivery is claimed (its attempt counted) before it is sent; its error is written after.
        await TicketFlow.WaitUntilAsync(async () => (await Old()).LastError is not null, "the refused attempt");
        Assert.Contains("internal address", (await Old()).LastError);
        Assert.Empty(receiver.Received);
    }
}
