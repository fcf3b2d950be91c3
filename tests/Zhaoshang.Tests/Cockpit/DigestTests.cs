using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Majors;
using Zhaoshang.Web.Features.Cockpit;
using Zhaoshang.Web.Features.Notifications;

namespace Zhaoshang.Tests.Cockpit;

/// <summary>
/// Issue 20, point 3: each morning every leader whose scope saw something yesterday gets its digest in the inbox (new
/// signings with the largest named, funds entered, milestones fallen overdue, problems escalated to the leader's unit);
/// the robots get the province's, once; a second round sends nothing again.
/// </summary>
public sealed class DigestTests
{
    [Fact]
    public async Task Yesterdays_signings_and_funds_reach_the_leaders_of_their_scope_once()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Cockpit:DigestToRobots"] = "true" });
        await app.WithDbAsync(async db =>
        {
            db.Set<Webhook>().Add(new Webhook { Id = Guid.CreateVersion7(), Name = "市领导群", Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=t", Format = RobotFormat.WeCom });
            return await db.SaveChangesAsync();
        });
        var officer = await app.ClientForAsync("officer.yunyan");
        // Yesterday, in China: a signing of 3亿 and 5,000万 of funds entered.
        app.Clock.Advance(TimeSpan.FromDays(-1));
        var yesterday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddHours(8));
        var project = await MajorProjectTests.ProjectAsync(officer, "简报签约项目", 300_000_000, null);
        var signed = await officer.PostAsJsonAsync($"/api/projects/{project}/stage", new { to = "signed", date = yesterday.ToString("yyyy-MM-dd"), contractAmountYuan = 300_000_000L });
        Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
        var fund = await officer.PostAsJsonAsync($"/api/projects/{project}/funds", new { year = yesterday.Year, month = yesterday.Month, amountYuan = 50_000_000L });
        Assert.True(fund.IsSuccessStatusCode, await fund.Content.ReadAsStringAsync());
        app.Clock.Advance(TimeSpan.FromDays(1));

        async Task<int> SendAsync()
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<DailyDigest>().SendAsync(yesterday, CancellationToken.None);
        }
        Assert.Equal(2, await SendAsync()); // the city's leader and the province's
        foreach (var leader in new[] { "leader.gy", "leader.gz" })
        {
            var inbox = await (await app.ClientForAsync(leader)).GetStringAsync("/api/inbox");
            Assert.Contains($"每日简报（{yesterday:yyyy-MM-dd}）", inbox);
            Assert.Contains("新签约 1 个，合同金额 3 亿元（简报签约项目）", inbox);
            Assert.Contains("资金到位录入 1 笔，0.5 亿元", inbox);
        }
        Assert.DoesNotContain("每日简报", await (await app.ClientForAsync("officer.yunyan")).GetStringAsync("/api/inbox"));
        // The robots: the province's digest, once.
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<WebhookDelivery>().CountAsync(d => d.Payload.Contains("每日简报"))));
        // Nothing twice.
        Assert.Equal(0, await SendAsync());
        // A day with nothing in it sends nothing.
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DailyDigest>().SendAsync(yesterday.AddDays(-10), CancellationToken.None));
        }
    }
}
