using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Accounts;

public sealed class HardeningTests
{
    [Fact]
    public async Task Parallel_wrong_passwords_are_all_counted()
    {
        using var app = new TestApp();
        var attempts = Enumerable.Range(0, 5).Select(i => app.RequestTokenAsync("officer.tcj", "wrong-" + i));
        await Task.WhenAll(attempts);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.RequestTokenAsync("officer.tcj", app.Credentials["officer.tcj"])).StatusCode);
        Assert.True(await app.WithDbAsync(d => d.Users.Where(u => u.UserName == "officer.tcj").Select(u => u.LockoutEnd != null).SingleAsync()));
    }

    [Fact]
    public async Task The_system_admin_cannot_obtain_another_admins_password()
    {
        using var app = new TestApp();
        var sys = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var reset = await sys.PostAsync($"/api/users/{await app.UserIdAsync("secadmin")}/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var body = await reset.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("oneTimePassword").ValueKind);
        var file = Path.Combine(app.DataDirectory, body.GetProperty("serverFile").GetString()!);
        var password = File.ReadAllText(file).Split('\t')[1].Trim();
        Assert.Equal(HttpStatusCode.OK, (await app.RequestTokenAsync("secadmin", password)).StatusCode);

        // A business user's reset goes to the caller, to hand over.
        var officer = await sys.PostAsync($"/api/users/{await app.UserIdAsync("officer.tcj")}/reset-password", null);
        Assert.False(string.IsNullOrEmpty((await officer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()));
    }

    [Fact]
    public async Task Until_the_generated_password_is_changed_the_api_only_reads()
    {
        using var app = new TestApp();
        var token = await app.TokenAsync("sysadmin");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/orgs")).StatusCode);
        var write = await client.PostAsJsonAsync("/api/orgs", new { code = "X1", name = "X", kind = "department", parentId = (await app.OrgAsync("520100")).Id });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("/api/auth/password", await write.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cookie_signed_api_writes_need_the_antiforgery_token_and_the_logout_form_works()
    {
        using var app = new TestApp();
        var client = app.CreateClient();
        var login = new HtmlParser().ParseDocument(await client.GetStringAsync("/Account/Login"));
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "officer.yunyan",
            ["Password"] = app.Credentials["officer.yunyan"],
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        var home = new HtmlParser().ParseDocument(await signIn.Content.ReadAsStringAsync());
        Assert.NotNull(home.QuerySelector("#home-title"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        var token = home.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var logoutForm = home.QuerySelector("form[action='/Account/Logout']")!;
        var formToken = logoutForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.False(string.IsNullOrEmpty(token));
        var logout = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = formToken }));
        Assert.Contains("/Account/Login", logout.RequestMessage!.RequestUri!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_key_ring_is_stored_encrypted_and_kept_out_of_the_audit_trail()
    {
        using var app = new TestApp();
        await app.ClientForAsync("officer.yunyan");
        var client = app.CreateClient();
        await client.GetStringAsync("/Account/Login"); // creates the antiforgery key
        var rows = await app.WithDbAsync(d => d.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(rows);
        Assert.All(rows, xml => Assert.DoesNotContain("masterKey", xml));
        Assert.False(await app.WithDbAsync(d => d.AuditEntries.AnyAsync(e => e.ObjectType == "DataProtectionKeyRow" || e.Details!.Contains("masterKey"))));
    }
}
