using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Accounts;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Host;

/// <summary>What every response carries and what the host trusts: D4, D7, D8, D17, D18 of the security report.</summary>
public sealed class ResponseHardeningTests
{
    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var what = $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}";
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), "CSP missing on " + what);
        Assert.Contains("frame-ancestors 'none'", csp.Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore == true, "no-store missing on " + what);
    }

    [Fact]
    public async Task Error_responses_carry_the_security_headers_and_nothing_sensitive_is_cached()
    {
        using var app = new TestApp();
        using var officer = await app.ClientForAsync("officer.yunyan");
        var notFound = await officer.GetAsync($"/api/projects/{Guid.CreateVersion7()}");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        AssertSecurityHeaders(notFound);
        var invalid = await officer.PostAsJsonAsync("/api/projects", new { name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        AssertSecurityHeaders(invalid);

        // A browser's 404 page for a project out of reach.
        using var page = new HttpRequestMessage(HttpMethod.Get, $"/Projects/Detail?id={Guid.CreateVersion7()}");
        page.Headers.Accept.ParseAdd("text/html");
        var notFoundPage = await officer.SendAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, notFoundPage.StatusCode);
        AssertSecurityHeaders(notFoundPage);

        // A real 500: the industries' table gone from under the app.
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("ALTER TABLE \"Industries\" RENAME TO \"IndustriesGone\""));
        var error = await officer.GetAsync("/api/industries");
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        AssertSecurityHeaders(error);
        var body = await error.Content.ReadAsStringAsync();
        Assert.DoesNotContain("IndustriesGone", body);
        // The reply carries only a correlation id; the log has the error under it.
        var correlation = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("correlationId").GetString()!;
        Assert.Contains(app.Log.Lines, l => l.Contains(correlation, StringComparison.Ordinal) && l.Contains("SqliteException", StringComparison.Ordinal));

        // Data and exports are never stored by a browser or a proxy; static files may be kept and revalidated.
        AssertSecurityHeaders(await officer.GetAsync("/api/me"));
        var export = await officer.GetAsync("/api/projects/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        AssertSecurityHeaders(export);
        var css = await app.CreateClient().GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.True(css.Headers.CacheControl!.NoCache);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_date_beyond_the_calendar_is_a_400_that_names_its_field_not_a_500(Db db)
    {
        using var app = new TestApp(db);
        using var officer = await app.ClientForAsync("officer.yunyan");
        foreach (var url in (string[])["/api/tickets?to=9999-12-31", "/api/tickets/export?to=9999-12-31", "/api/tickets/stats?from=0001-01-01"])
        {
            var response = await officer.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("errors").TryGetProperty(url.Contains("from=") ? "from" : "to", out _), url);
            Assert.Contains("超出可查询范围", body.GetProperty("detail").GetString());
        }
        // The pages say so above their (empty) list.
        Assert.Contains("超出可查询范围", await officer.GetStringAsync("/Tickets?To=9999-12-31"));
        Assert.Contains("超出可查询范围", await officer.GetStringAsync("/Tickets/Stats?To=9999-12-31"));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/tickets?from=2000-01-01&to=2100-12-31")).StatusCode);

        using var auditor = await app.ClientForAsync("auditadmin", await LoginTests.ChangeAdminPasswordAsync(app, "auditadmin"));
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync("/api/audit?to=9999-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync("/api/audit/export?to=9999-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/audit?to=2100-12-31")).StatusCode);
        Assert.Contains("超出可查询范围", await auditor.GetStringAsync("/Audit?To=9999-12-31"));
    }

    /// <summary>
    /// D8: with no proxy configured, a client on loopback (the same machine, as nginx would be) saying
    /// X-Forwarded-For is not believed: the audit trail records the connection's address. A listed proxy is believed,
    /// and a request it forwards from HTTPS is answered with HSTS (D18).
    /// </summary>
    [Fact]
    public async Task X_forwarded_for_is_believed_only_from_a_configured_proxy()
    {
        Assert.Equal("127.0.0.1", await RecordedAddressAsync(trustedProxies: null));
        Assert.Equal("10.9.8.7", await RecordedAddressAsync(trustedProxies: "127.0.0.1"));
    }

    private static async Task<string?> RecordedAddressAsync(string? trustedProxies)
    {
        // Kestrel on 127.0.0.1: the connection really comes from loopback.
        using var app = new TestApp(Db.Sqlite, new Dictionary<string, string?> { ["Zhaoshang:TrustedProxies"] = trustedProxies });
        app.UseKestrel(0);
        app.StartServer();
        using var client = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = JsonContent.Create(new { userName = "officer.yunyan", password = "wrong-Password-1" }),
        };
        request.Headers.Add("X-Forwarded-For", "10.9.8.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(trustedProxies is not null, response.Headers.Contains("Strict-Transport-Security"));
        return await app.WithDbAsync(d => d.AuditEntries.Where(e => e.UserName == "officer.yunyan").OrderByDescending(e => e.Id).Select(e => e.Ip).FirstAsync());
    }
}
