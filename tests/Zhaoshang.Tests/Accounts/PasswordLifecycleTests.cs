using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Accounts;

public sealed class PasswordLifecycleTests
{
    [Fact]
    public async Task A_new_password_must_follow_the_rules_and_differ_from_the_last_five()
    {
        using var app = new TestApp();
        var current = app.Credentials["officer.tcj"];
        var client = await app.ClientForAsync("officer.tcj");
        var weak = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = current, newPassword = "P@ssw0rd" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("newPassword", await weak.Content.ReadAsStringAsync());
        var wrong = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = "nope", newPassword = "Guiyang#Tzj2026" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("currentPassword", await wrong.Content.ReadAsStringAsync());

        var history = new List<string> { current };
        for (var i = 1; i <= 5; i++)
        {
            var next = $"Guiyang#Tzj20{i:00}";
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = history[^1], newPassword = next })).StatusCode);
            history.Add(next);
        }
        // The last five (including the current one) are refused; the sixth-latest may come back.
        foreach (var reused in history.TakeLast(5))
        {
            var again = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = history[^1], newPassword = reused });
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Contains("最近 5 次", await again.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = history[^1], newPassword = history[0] })).StatusCode);
    }

    /// <summary>Security report D11: common passwords and the user's own words are refused, and every message is Chinese.</summary>
    [Fact]
    public async Task Common_passwords_and_the_users_unit_are_refused_in_Chinese_and_a_good_password_is_accepted()
    {
        using var app = new TestApp();
        var current = app.Credentials["officer.yunyan"];
        using var client = await app.ClientForAsync("officer.yunyan");
        foreach (var (weak, code) in new[]
        {
            ("Password123!", "PasswordCommon"), ("woaini1314", "PasswordCommon"), ("1qaz2wsx", "PasswordCommon"),
            ("Ab1!xyz", "PasswordTooShort"), ("云岩区Ab1!x2", "PasswordContainsPersonalInfo"),
        })
        {
            var response = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = current, newPassword = weak });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Passwords must", body);
            var messages = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("newPassword").EnumerateArray().Select(m => m.GetString()!).ToList();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", m));
            Assert.Equal(messages.Count, messages.Distinct().Count());
            var expected = Assert.Single(Zhaoshang.Web.Features.Accounts.PasswordRules.Check(weak, "officer.yunyan", new(), ["云岩区"]), e => e.Code == code);
            Assert.Contains(expected.Description, messages);
        }

        // The page shows the 7-character error in Chinese too.
        var page = app.CreateClient();
        var login = new HtmlParser().ParseDocument(await page.GetStringAsync("/Account/Login"));
        await page.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "officer.yunyan",
            ["Password"] = current,
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        var form = new HtmlParser().ParseDocument(await page.GetStringAsync("/Account/ChangePassword"));
        var shortOne = await page.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = current,
            ["NewPassword"] = "Ab1!xyz",
            ["ConfirmPassword"] = "Ab1!xyz",
            ["__RequestVerificationToken"] = form.QuerySelector("#change-password-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        var error = new HtmlParser().ParseDocument(await shortOne.Content.ReadAsStringAsync()).QuerySelector("[data-testid=error-newPassword]")!.TextContent.Trim();
        Assert.Equal("密码至少需要 8 个字符。", error);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = current, newPassword = "Guiyang#Tzj2026" })).StatusCode);
    }

    /// <summary>Security report D19: the lockout is audited as such on the change-password paths too, not only at sign-in.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Five_wrong_current_passwords_lock_the_account_and_write_the_lockout_event_on_the_api_and_the_page(Db db)
    {
        using var app = new TestApp(db);
        using var api = await app.ClientForAsync("officer.tcj");
        for (var i = 0; i < 5; i++)
        {
            var wrong = await api.PostAsJsonAsync("/api/auth/password", new { currentPassword = "wrong-" + i, newPassword = "Guiyang#Tzj2026" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var page = app.CreateClient();
        var login = new HtmlParser().ParseDocument(await page.GetStringAsync("/Account/Login"));
        await page.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "officer.yunyan",
            ["Password"] = app.Credentials["officer.yunyan"],
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        var form = new HtmlParser().ParseDocument(await page.GetStringAsync("/Account/ChangePassword"));
        for (var i = 0; i < 5; i++)
        {
            var response = await page.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["CurrentPassword"] = "wrong-" + i,
                ["NewPassword"] = "Guiyang#Tzj2026",
                ["ConfirmPassword"] = "Guiyang#Tzj2026",
                ["__RequestVerificationToken"] = form.QuerySelector("#change-password-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.NotNull(html.QuerySelector("[data-testid=error-currentPassword]"));
        }

        foreach (var user in new[] { "officer.tcj", "officer.yunyan" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.RequestTokenAsync(user, app.Credentials[user])).StatusCode);
            Assert.True(await app.WithDbAsync(d => d.Users.Where(u => u.UserName == user).Select(u => u.LockoutEnd != null).SingleAsync()));
            var id = (await app.UserIdAsync(user)).ToString();
            var lockouts = await app.WithDbAsync(d => d.AuditEntries.Where(e => e.Action == "lockout" && e.ObjectId == id).ToListAsync());
            var lockout = Assert.Single(lockouts);
            Assert.Equal(user, lockout.UserName);
            Assert.Contains("passwordChange", lockout.Details);
            Assert.Equal(5, await app.WithDbAsync(d => d.AuditEntries.CountAsync(e => e.Action == "password.change" && e.ObjectId == id && e.Result == "failure")));
        }
    }

    [Fact]
    public async Task A_password_older_than_90_days_must_be_changed_and_an_account_unused_for_90_days_is_disabled()
    {
        using var app = new TestApp();
        await app.TokenAsync("officer.tcj");
        app.Clock.Advance(TimeSpan.FromDays(89));
        var stillFresh = await (await app.RequestTokenAsync("officer.tcj", app.Credentials["officer.tcj"])).Content.ReadFromJsonAsync<TestApp.TokenBody>();
        Assert.False(stillFresh!.PasswordChangeRequired);
        app.Clock.Advance(TimeSpan.FromDays(2));
        var expired = await (await app.RequestTokenAsync("officer.tcj", app.Credentials["officer.tcj"])).Content.ReadFromJsonAsync<TestApp.TokenBody>();
        Assert.True(expired!.PasswordChangeRequired);

        // officer.nanming has not signed in since the accounts were created 91 days ago.
        var inactive = await app.RequestTokenAsync("officer.nanming", app.Credentials["officer.nanming"]);
        Assert.Equal(HttpStatusCode.Unauthorized, inactive.StatusCode);
        Assert.Equal("disabled", (await inactive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.True(await app.WithDbAsync(d => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(d.Users, u => u.UserName == "officer.nanming")).ContinueWith(t => t.Result.IsDisabled));
    }

    [Fact]
    public async Task The_daily_sweep_disables_accounts_unused_for_90_days()
    {
        using var app = new TestApp();
        await app.TokenAsync("leader.gy");
        app.Clock.Advance(TimeSpan.FromDays(60));
        await app.TokenAsync("leader.gy");
        app.Clock.Advance(TimeSpan.FromDays(31));
        var sweep = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Zhaoshang.Web.Features.Accounts.AccountHousekeeping>().Single();
        var disabled = await sweep.DisableInactiveAsync(CancellationToken.None);
        Assert.Equal(17, disabled); // every seeded account (3 admins, 15 demo accounts) but leader.gy
        Assert.Equal(HttpStatusCode.OK, (await app.RequestTokenAsync("leader.gy", app.Credentials["leader.gy"])).StatusCode);
    }
}
