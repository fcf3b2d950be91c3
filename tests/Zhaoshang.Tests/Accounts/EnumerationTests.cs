using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Accounts;

/// <summary>
/// Security report D10: the sign-in answer must not tell whether a user name exists — not through the lockout, not
/// through a disabled account. (The time of the answer is checked by hand, not in a test: one password hash check on
/// every path.)
/// </summary>
public sealed class EnumerationTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_real_account_and_an_unknown_name_get_the_same_answers_through_the_lockout(Db db)
    {
        using var app = new TestApp(db);
        for (var i = 0; i < 6; i++)
        {
            var real = await AnswerAsync(await app.RequestTokenAsync("officer.yunyan", "Wrong-password-" + i));
            var ghost = await AnswerAsync(await app.RequestTokenAsync("ghost.user.zz", "Wrong-password-" + i));
            Assert.Equal(ghost, real);
            Assert.StartsWith("401 invalidCredentials 用户名或密码错误。 ", ghost);
        }
        Assert.True(await app.WithDbAsync(d => d.Users.Where(u => u.UserName == "officer.yunyan").Select(u => u.LockoutEnd != null).SingleAsync()));

        // Locked, even the right password gets the same answer (and does not sign in).
        var right = await AnswerAsync(await app.RequestTokenAsync("officer.yunyan", app.Credentials["officer.yunyan"]));
        Assert.Equal(await AnswerAsync(await app.RequestTokenAsync("ghost.user.zz", app.Credentials["officer.yunyan"])), right);

        // The login page, the same way.
        Assert.Equal(await PageAnswerAsync(app, "ghost.user.zz", "Wrong-password"), await PageAnswerAsync(app, "officer.yunyan", "Wrong-password"));
        Assert.Equal(await PageAnswerAsync(app, "ghost.user.zz", "Wrong-password"), await PageAnswerAsync(app, "officer.yunyan", app.Credentials["officer.yunyan"]));

        // The audit trail still tells the auditor what happened.
        var reasons = await app.WithDbAsync(d => d.AuditEntries.Where(e => e.UserName == "officer.yunyan" && e.Action == "login").Select(e => e.Details!).ToListAsync());
        Assert.Equal(5, reasons.Count(r => r.Contains("wrongPassword")));
        Assert.Equal(4, reasons.Count(r => r.Contains("lockedOut")));
        Assert.Equal(1, await app.WithDbAsync(d => d.AuditEntries.CountAsync(e => e.UserName == "officer.yunyan" && e.Action == "lockout")));
    }

    [Fact]
    public async Task A_disabled_account_tells_it_is_disabled_only_to_its_right_password()
    {
        using var app = new TestApp();
        await app.WithDbAsync(async d =>
        {
            var user = await d.Users.SingleAsync(u => u.UserName == "officer.nanming");
            user.IsDisabled = true;
            return await d.SaveChangesAsync();
        });
        var wrong = await AnswerAsync(await app.RequestTokenAsync("officer.nanming", "Wrong-password"));
        Assert.Equal(await AnswerAsync(await app.RequestTokenAsync("ghost.user.zz", "Wrong-password")), wrong);
        Assert.StartsWith("401 disabled 该账户已停用，请联系系统管理员。 ", await AnswerAsync(await app.RequestTokenAsync("officer.nanming", app.Credentials["officer.nanming"])));
    }

    /// <summary>Status, code and message: everything but the per-request trace id.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = body.EnumerateObject().Select(p => p.Name).Where(n => n is not ("traceId" or "correlationId")).Order();
        return $"{(int)response.StatusCode} {body.GetProperty("code").GetString()} {body.GetProperty("detail").GetString()} "
            + $"({body.GetProperty("title").GetString()}; {string.Join(',', fields)})";
    }

    private static async Task<string> PageAnswerAsync(TestApp app, string userName, string password)
    {
        var client = app.CreateClient();
        var login = new HtmlParser().ParseDocument(await client.GetStringAsync("/Account/Login"));
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return $"{(int)response.StatusCode} {page.QuerySelector("#login-error")?.TextContent.Trim()}";
    }
}
