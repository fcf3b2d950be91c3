using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Data;

/// <summary>
/// The scope guard: every /api endpoint, called by every role from 云岩区, with records of a sibling (南明区), the parent
/// (贵阳市) and a cousin (遵义市红花岗区), must answer 403/404 and must never show such a record in a list.
/// A new endpoint without a case here fails the sweep, so nobody can add one and forget its scope.
/// </summary>
public sealed partial class ScopeSweepTests
{
    private sealed record Sweep(TestApp App, HttpClient Client, string Role, Guid[] ForeignOrgs, Guid[] ForeignUsers, Guid OwnZone, string[] ForeignCodes,
        Guid ForeignEnterprise, Guid ForeignContact, Guid ForeignProject, Guid ForeignActivity, Guid ForeignTicket, Guid ForeignAttachment,
        Guid ForeignNotification, Guid SignedForeignProject, Guid ForeignLead, Guid ForeignSupervision, Guid ForeignCode, Guid ForeignIntention);

    [Theory, SqliteData, PostgresData]
    public async Task Every_api_endpoint_refuses_records_outside_the_callers_scope_for_every_role(Db db)
    {
        using var app = new TestApp(db);
        var endpoints = ApiEndpoints(app);
        var missing = endpoints.Where(e => !Cases.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a scope-sweep case: " + string.Join(", ", missing));
        Assert.True(endpoints.Count >= 20, "The sweep found too few endpoints: " + endpoints.Count);

        await app.AddOrgAsync("520302", "红花岗区", OrgKind.District, "520300");
        var zone = await app.AddOrgAsync("520103-SW", "云岩区测试园区", OrgKind.DevZone, "520103");
        var (cousinUser, _) = await app.AddUserAsync("officer.honghuagang", Roles.Officer, "520302");
        var foreignCodes = new[] { "520102", "520100", "520302" };
        var foreignOrgs = new List<Guid>();
        foreach (var code in foreignCodes)
        {
            foreignOrgs.Add((await app.OrgAsync(code)).Id);
        }
        Guid[] foreignUsers = [await app.UserIdAsync("officer.nanming"), await app.UserIdAsync("leader.gy"), cousinUser];
        var nanming = await app.ClientForAsync("officer.nanming");
        var registered = await (await nanming.PostAsJsonAsync("/api/enterprises", new { name = "南明区登记的企业有限公司", ownership = "private" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var foreignEnterprise = registered.GetProperty("enterprise").GetProperty("id").GetGuid();
        var contact = await (await nanming.PostAsJsonAsync($"/api/enterprises/{foreignEnterprise}/contacts", new { name = "南明联系人", phone = "13800000000" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var foreignContact = contact.GetProperty("id").GetGuid();
        var project = await (await nanming.PostAsJsonAsync("/api/projects", new { name = "南明区的项目", agreedInvestmentYuan = 300_000_000 }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var foreignProject = project.GetProperty("id").GetGuid();
        var other = await (await nanming.PostAsJsonAsync("/api/projects", new { name = "南明区已开工项目", agreedInvestmentYuan = 100_000_000 }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var otherId = other.GetProperty("id").GetGuid();
        await nanming.PostAsJsonAsync($"/api/projects/{otherId}/stage", new { to = "signed", date = "2026-01-10", contractAmountYuan = 100_000_000 });
        Assert.Equal(HttpStatusCode.OK, (await nanming.PostAsJsonAsync($"/api/projects/{otherId}/stage", new { to = "started", date = "2026-02-10" })).StatusCode);
        var activity = await (await nanming.PostAsJsonAsync("/api/activities", new { kind = "visit", date = "2026-01-05", title = "南明区拜访", projectId = foreignProject }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var foreignActivity = activity.GetProperty("id").GetGuid();
        var lead = await (await nanming.PostAsJsonAsync("/api/leads", new { enterpriseId = foreignEnterprise, date = "2026-01-06", title = "南明区的线索" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var foreignLead = lead.GetProperty("id").GetGuid();
        Guid foreignAttachment;

        // 南明区's problem on its signed project, with an attachment, and a message in 南明区's officer's inbox.
        // Filed by a second officer of 南明区, so that 南明区's desk officer gets the message (nobody is told of their own step).
        var (_, filerPassword) = await app.AddUserAsync("officer.nanming2", Roles.Officer, "520102");
        using var filer = await app.ClientForAsync("officer.nanming2", filerPassword);
        var ticket = await (await filer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", projectId = otherId, title = "南明区的堵点" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var foreignTicket = ticket.GetProperty("ticket").GetProperty("id").GetGuid();
        using (var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 x"u8.ToArray()), "file", "n.pdf" } })
        {
            var attached = await (await nanming.PostAsync($"/api/tickets/{foreignTicket}/attachments", form)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            foreignAttachment = attached.GetProperty("id").GetGuid();
        }
        await nanming.PostAsJsonAsync($"/api/tickets/{foreignTicket}/actions", new { action = "return", note = "请补充" });
        // 南明区's started project as a major project with a plan, and its problem supervised by the city's leader.
        Assert.Equal(HttpStatusCode.OK, (await nanming.PutAsJsonAsync($"/api/majors/{otherId}", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nanming.PostAsJsonAsync($"/api/majors/{otherId}/plan", new { version = 0 })).StatusCode);
        var supervised = await (await (await app.ClientForAsync("leader.gy")).PostAsJsonAsync("/api/supervisions",
            new { ticketId = foreignTicket, deadline = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd") }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var foreignSupervision = supervised.GetProperty("id").GetGuid();
        var nanmingId = await app.UserIdAsync("officer.nanming");
        var foreignNotification = await app.WithDbAsync(db => db.Set<Web.Features.Notifications.Notification>().Where(n => n.UserId == nanmingId).Select(n => n.Id).FirstAsync());

        // 南明区's entry code and an intention sent through it.
        var entryCode = await EntryCodes.EntryCodeTests.CodeAsync(nanming, "park", "南明区的园区", DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30));
        var foreignCode = entryCode.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().PostAsJsonAsync($"/api/public/codes/{entryCode.GetProperty("path").GetString()!["/i/".Length..]}/intentions",
            EntryCodes.EntryCodeTests.Intention("南明区的意向企业"))).StatusCode);
        var foreignIntention = await app.WithDbAsync(db => db.Set<Web.Features.EntryCodes.Intention>().IgnoreQueryFilters().Select(i => i.Id).SingleAsync());

        // A decomposition table with a row of 云岩区 and one of 南明区.
        var assessor = await app.ClientForAsync("assessor.gy");
        using (var targets = new MultipartFormDataContent { { new ByteArrayContent(Assessment.Workbook.Build(new Assessment.Workbook.Sheet("表",
            [["序号", "责任单位", "领导赴省外招商(次)"], ["1", "云岩区", "24"], ["2", "南明区", "24"], [null, "合计", "48"]]))), "file", "t.xlsx" } })
        {
            Assert.Equal(HttpStatusCode.OK, (await assessor.PostAsync("/api/targets/import?year=2023", targets)).StatusCode);
        }

        // Every role from 云岩区 itself, and from 云岩区's investment promotion bureau, which coordinates its level: it reads
        // the whole of 云岩区 (its own caller's scope), and nothing beyond it.
        var bureau = await app.AddOrgAsync("520103-TZ", "云岩区投资促进局", OrgKind.Department, "520103");
        await app.WithDbAsync(async db =>
        {
            var org = await db.Orgs.SingleAsync(o => o.Id == bureau.Id);
            org.Coordinates = true;
            return await db.SaveChangesAsync();
        });
        foreach (var (location, suffix) in new[] { ("520103", ""), ("520103-TZ", ".tz") })
        {
            foreach (var role in Roles.All)
            {
                var (_, password) = await app.AddUserAsync("sweep." + role + suffix, role, location);
                var client = app.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync("sweep." + role + suffix, password));
                var sweep = new Sweep(app, client, role, [.. foreignOrgs], foreignUsers, zone.Id, foreignCodes, foreignEnterprise, foreignContact, foreignProject,
                    foreignActivity, foreignTicket, foreignAttachment, foreignNotification, otherId, foreignLead, foreignSupervision, foreignCode, foreignIntention);
                foreach (var endpoint in endpoints)
                {
                    try
                    {
                        await Cases[endpoint](sweep);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        throw new Xunit.Sdk.XunitException($"{endpoint} as {role} of {location}: {e.Message}");
                    }
                }
            }
        }
        // Nothing foreign was changed by any of it.
        var untouched = await app.WithDbAsync(d => d.Orgs.Where(o => foreignOrgs.Contains(o.Id)).AllAsync(o => o.IsActive && o.Version == 0 && o.Name != "越权改名"));
        Assert.True(untouched);
        var foreign = await app.WithDbAsync(d => d.Projects.SingleAsync(p => p.Id == foreignProject));
        Assert.Equal((Zhaoshang.Web.Features.Projects.ProjectStage.Lead, 0L), (foreign.Stage, foreign.Version));
        Assert.False(await app.WithDbAsync(d => d.FundEntries.AnyAsync()));
        Assert.Equal(2, await app.WithDbAsync(d => d.Targets.CountAsync(t => t.Value == 24)));
        Assert.False(await app.WithDbAsync(d => d.Users.AnyAsync(u => foreignUsers.Contains(u.Id) && u.IsDisabled)));
    }

    [Fact]
    public void Only_allow_listed_endpoints_are_open_to_anonymous_users()
    {
        using var app = new TestApp();
        var open = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct()
            .ToList();
        Assert.NotEmpty(open);
        var unexpected = open.Where(p => !WebShell.AnonymousAllowList.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(unexpected.Count == 0, "Anonymous endpoints not on the allow-list: " + string.Join(", ", unexpected));
    }

    [Fact]
    public async Task Every_other_page_and_api_answers_an_anonymous_caller_with_401_or_the_login_page()
    {
        using var app = new TestApp();
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").Trim('/'))
            .Where(p => !p.Contains('{'))
            .Distinct()
            .ToList();
        Assert.Contains("/api/orgs", routes);
        foreach (var route in routes)
        {
            var response = await client.GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/Login")),
                $"{route}: {(int)response.StatusCode}");
        }
    }

    private static List<string> ApiEndpoints(TestApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/').TrimEnd('/')}"))
            .Distinct()
            .ToList();

    private static async Task ListExcludesAsync(Sweep s, string url)
    {
        var response = await s.Client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Contains(response.StatusCode, Refused);
            return;
        }
        var body = await response.Content.ReadAsStringAsync();
        foreach (var id in s.ForeignOrgs.Concat(s.ForeignUsers).Append(s.ForeignProject).Append(s.ForeignActivity).Append(s.ForeignLead).Append(s.ForeignCode)
            .Append(s.ForeignIntention))
        {
            Assert.DoesNotContain(id.ToString(), body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task EachForeignOrgAsync(Sweep s, Func<Guid, Task<HttpResponseMessage>> call)
    {
        foreach (var id in s.ForeignOrgs)
        {
            await RefusedAsync(s, call(id));
        }
    }

    private static async Task EachForeignUserAsync(Sweep s, Func<Guid, Task<HttpResponseMessage>> call)
    {
        foreach (var id in s.ForeignUsers)
        {
            await RefusedAsync(s, call(id));
        }
    }

    private static async Task RefusedAsync(Sweep s, Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(Refused.Contains(response.StatusCode), $"expected 403/404, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task SysAdminOnlyAsync(Sweep s, Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.Equal(s.Role == Roles.SysAdmin ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task TicketListExcludesAsync(Sweep s, string url)
    {
        var response = await s.Client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Contains(response.StatusCode, Refused);
            return;
        }
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(s.ForeignTicket.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("南明区", body);
    }

    /// <summary>A list or report of the major projects: nothing of 南明区's (its major project, its name, its supervised problem).</summary>
    private static async Task MajorsExcludeAsync(Sweep s, string url)
    {
        var response = await s.Client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Contains(response.StatusCode, Refused);
            return;
        }
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(s.SignedForeignProject.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(s.ForeignSupervision.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("南明区", body);
    }

    private static async Task AuditAdminOnlyAsync(Sweep s, Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.Equal(s.Role == Roles.AuditAdmin ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }
}
