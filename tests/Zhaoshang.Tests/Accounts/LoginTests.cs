using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Accounts;

public sealed class LoginTests
{
    private static readonly string[] GuiyangUnits = Seed002.Units();

    /// <summary>
    /// The same account signing in several times at once (tabs, a browser beside a client system) gets a session each;
    /// before, all but one answered 409 from the user row's concurrency check.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task The_same_account_signing_in_eight_times_at_once_gets_eight_sessions(Db db)
    {
        using var app = new TestApp(db);
        var password = app.Credentials["officer.yunyan"];
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.RequestTokenAsync("officer.yunyan", password)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(8, await app.WithDbAsync(d => d.UserSessions.CountAsync(s => s.UserId == d.Users.Single(u => u.UserName == "officer.yunyan").Id && s.RevokedAt == null)));
        Assert.NotNull(await app.WithDbAsync(d => d.Users.Where(u => u.UserName == "officer.yunyan").Select(u => u.LastLoginAt).SingleAsync()));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_token_from_the_credentials_file_lists_every_Guiyang_unit_of_seed_002_by_the_name_the_seed_means(Db db)
    {
        using var app = new TestApp(db);
        foreach (var user in new[] { "sysadmin", "leader.gy" })
        {
            var client = await app.ClientForAsync(user);
            var orgs = await client.GetFromJsonAsync<JsonElement[]>("/api/orgs");
            var names = orgs!.Select(o => o.GetProperty("name").GetString()!).ToHashSet();
            Assert.Equal(49, GuiyangUnits.Length);
            // As the tables print them (line-wrap spaces, 〈〉 brackets, "贵安新区 (贵安综保区)"), found as the import finds them.
            var keys = names.Select(Zhaoshang.Web.Shared.ChineseText.NameKey).ToHashSet();
            Assert.All(GuiyangUnits, unit => Assert.True(keys.Contains(Zhaoshang.Web.Shared.ChineseText.NameKey(unit))
                || (Zhaoshang.Web.Shared.ChineseText.WithoutQualifier(Zhaoshang.Web.Shared.ChineseText.NameKey(unit)) is { } plain && keys.Contains(plain)), unit));
            // Issue 16, point 10: named as the seed means them, without the PDF's line-wrap spaces, and 贵安新区 once.
            Assert.DoesNotContain(names, n => n.Contains(' ', StringComparison.Ordinal));
            Assert.Contains("贵阳市产业发展控股集团", names);
            Assert.Contains("观山湖区现代制造工业园区", names);
            Assert.Contains("市政府驻广州(深圳)办事处", names);
            Assert.Single(names, n => n.StartsWith("贵安新区", StringComparison.Ordinal) && !n.EndsWith("投资促进局", StringComparison.Ordinal));
            Assert.All(orgs!, o => Assert.True(o.TryGetProperty("code", out _) && o.TryGetProperty("kind", out _) && o.TryGetProperty("parentId", out _)));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one_and_the_audit_shows_it(Db db)
    {
        using var app = new TestApp(db);
        var password = app.Credentials["officer.yunyan"];
        for (var i = 0; i < 5; i++)
        {
            var wrong = await app.RequestTokenAsync("officer.yunyan", "Wrong-password-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var right = await app.RequestTokenAsync("officer.yunyan", password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        // The answer is the wrong-password one (a locked account must not be told from an unknown name); the audit knows.
        Assert.Equal("invalidCredentials", (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var auditor = await app.ClientForAsync("auditadmin", await ChangeAdminPasswordAsync(app, "auditadmin"));
        var page = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?user=officer.yunyan&pageSize=100");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        var failures = items.Count(e => e.GetProperty("action").GetString() == "login" && e.GetProperty("result").GetString() == "failure"
            && e.GetProperty("details").GetString()!.Contains("wrongPassword"));
        Assert.Equal(5, failures);
        Assert.Single(items, e => e.GetProperty("action").GetString() == "lockout");
        Assert.Contains(items, e => e.GetProperty("details").GetString()!.Contains("lockedOut"));
        Assert.All(items, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("ip").GetString() ?? "x")));

        var verify = await auditor.PostAsync("/api/audit/verify", null);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("firstBrokenId").ValueKind);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_row_changed_in_the_database_makes_verify_name_that_row(Db db)
    {
        using var app = new TestApp(db);
        await app.RequestTokenAsync("officer.nanming", "not-the-password");
        var target = await app.WithDbAsync(d => d.AuditEntries.Where(e => e.UserName == "officer.nanming").Select(e => e.Id).SingleAsync());
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Result\" = 'success' WHERE \"Id\" = {0}", target));

        var auditor = await app.ClientForAsync("auditadmin", await ChangeAdminPasswordAsync(app, "auditadmin"));
        var result = await (await auditor.PostAsync("/api/audit/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(target, result.GetProperty("firstBrokenId").GetInt64());
    }

    [Fact]
    public async Task A_deleted_row_breaks_the_chain_at_the_gap()
    {
        using var app = new TestApp();
        await app.RequestTokenAsync("officer.nanming", "not-the-password");
        var ids = await app.WithDbAsync(d => d.AuditEntries.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        var victim = ids[ids.Count / 2];
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", victim));
        var broken = await app.WithDbAsync(d => app.Services.GetRequiredService<Zhaoshang.Web.Features.Audit.AuditChain>().VerifyAsync(d));
        Assert.Equal(victim, broken);
    }

    [Fact]
    public async Task The_audit_trail_cannot_be_changed_through_the_application()
    {
        using var app = new TestApp();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async d =>
        {
            var entry = await d.AuditEntries.FirstAsync();
            d.AuditEntries.Remove(entry);
            return await d.SaveChangesAsync();
        }));
        Assert.Contains("append-only", error.Message);
    }

    [Fact]
    public async Task Logins_are_rate_limited_per_account_and_per_address_with_429()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Security:LoginsPerIpPerMinute"] = "30" });
        HttpStatusCode last = default;
        for (var i = 0; i < 21; i++)
        {
            last = (await app.RequestTokenAsync("leader.gz", "wrong")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        // Other accounts from the same address still get through until the address budget (30 here) is spent.
        Assert.Equal(HttpStatusCode.OK, (await app.RequestTokenAsync("leader.gy", app.Credentials["leader.gy"])).StatusCode);
        for (var i = 0; i < 8; i++)
        {
            last = (await app.RequestTokenAsync("user" + i, "wrong")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, last);
        // That was the 30th attempt from this address: the next one is refused whatever the account.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.RequestTokenAsync("leader.gy", app.Credentials["leader.gy"])).StatusCode);
    }

    [Fact]
    public async Task Every_api_route_needs_a_token_or_the_cookie()
    {
        using var app = new TestApp();
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orgs")).StatusCode);
    }

    [Fact]
    public async Task Me_returns_the_user_roles_org_and_scope()
    {
        using var app = new TestApp();
        var client = await app.ClientForAsync("officer.yunyan");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("officer.yunyan", me.GetProperty("userName").GetString());
        Assert.Equal(["officer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal("云岩区", me.GetProperty("org").GetProperty("name").GetString());
        Assert.Equal("/520000/520100/520103/", me.GetProperty("scope").GetProperty("orgPath").GetString());
    }

    /// <summary>The admins' first password must be changed; returns the new one.</summary>
    internal static async Task<string> ChangeAdminPasswordAsync(TestApp app, string admin)
    {
        var first = await app.RequestTokenAsync(admin, app.Credentials[admin]);
        var body = await first.Content.ReadFromJsonAsync<TestApp.TokenBody>();
        Assert.True(body!.PasswordChangeRequired);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.AccessToken);
        var next = "Nw-" + Guid.CreateVersion7().ToString("N")[..12] + "x9!";
        var change = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = app.Credentials[admin], newPassword = next });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        return next;
    }
}
