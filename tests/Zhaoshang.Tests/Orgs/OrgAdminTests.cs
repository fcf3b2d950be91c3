using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Accounts;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Orgs;

public sealed class OrgAdminTests
{
    [Theory, SqliteData, PostgresData]
    public async Task The_system_admin_creates_renames_moves_and_deactivates_units(Db db)
    {
        using var app = new TestApp(db);
        var sys = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var yunyan = await app.OrgAsync("520103");
        var nanming = await app.OrgAsync("520102");

        var created = await sys.PostAsJsonAsync("/api/orgs", new { code = "520103-ZX", name = "云岩区中小企业园", kind = "devZone", parentId = yunyan.Id });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var zone = await created.Content.ReadFromJsonAsync<JsonElement>();
        var zoneId = zone.GetProperty("id").GetGuid();
        Assert.Equal("/520000/520100/520103/520103-ZX/", zone.GetProperty("path").GetString());

        // A unit in the wrong place, or a duplicate code, is refused with the field named.
        var misplaced = await sys.PostAsJsonAsync("/api/orgs", new { code = "X-CITY", name = "错位的市", kind = "city", parentId = yunyan.Id });
        Assert.Equal(HttpStatusCode.BadRequest, misplaced.StatusCode);
        Assert.Contains("parentId", await misplaced.Content.ReadAsStringAsync());
        var duplicate = await sys.PostAsJsonAsync("/api/orgs", new { code = "520103-ZX", name = "重复", kind = "devZone", parentId = yunyan.Id });
        Assert.Contains("code", await duplicate.Content.ReadAsStringAsync());

        var renamed = await sys.PutAsJsonAsync($"/api/orgs/{zoneId}", new { name = "云岩区中小企业产业园", nameEn = "Yunyan SME Park", version = 0 });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(1, (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());

        // A stale version is a conflict that returns what is stored now, never an overwrite.
        var stale = await sys.PutAsJsonAsync($"/api/orgs/{zoneId}", new { name = "过期的修改", version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var conflict = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("云岩区中小企业产业园", conflict.GetProperty("current").GetProperty("name").GetString());

        // Moving carries the subtree and the users in it; their scope follows.
        var (_, password) = await app.AddUserAsync("officer.zone", "officer", "520103-ZX");
        // A problem of the zone: 云岩区 sees it before the move and 南明区 after (who sees a ticket is kept per ancestor path).
        Guid ticket;
        using (var filer = await app.ClientForAsync("officer.zone", password))
        {
            var project = await Tickets.TicketFlow.SignedProjectAsync(filer, "园区新材料项目");
            var filed = await filer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", level = "city", projectId = project, title = "园区用地问题" });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            ticket = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        }
        using var yunyanOfficer = await app.ClientForAsync("officer.yunyan");
        using var nanmingOfficer = await app.ClientForAsync("officer.nanming");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound),
            ((await yunyanOfficer.GetAsync($"/api/tickets/{ticket}")).StatusCode, (await nanmingOfficer.GetAsync($"/api/tickets/{ticket}")).StatusCode));
        var moved = await sys.PostAsJsonAsync($"/api/orgs/{zoneId}/move", new { parentId = nanming.Id, version = 1 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("/520000/520100/520102/520103-ZX/", (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString());
        Assert.Equal("/520000/520100/520102/520103-ZX/", await app.WithDbAsync(d => d.Users.Where(u => u.UserName == "officer.zone").Select(u => u.OrgPath).SingleAsync()));
        var zoneOfficer = await app.ClientForAsync("officer.zone", password);
        var seen = await zoneOfficer.GetFromJsonAsync<JsonElement[]>("/api/orgs");
        Assert.Equal(["520103-ZX"], seen!.Select(o => o.GetProperty("code").GetString()!).ToArray());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK),
            ((await yunyanOfficer.GetAsync($"/api/tickets/{ticket}")).StatusCode, (await nanmingOfficer.GetAsync($"/api/tickets/{ticket}")).StatusCode));
        var nanmingList = await nanmingOfficer.GetFromJsonAsync<JsonElement>("/api/tickets?q=用地");
        Assert.Equal([ticket], nanmingList.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToArray());

        // A unit cannot move under its own subtree; a parent with active children cannot be deactivated.
        var nanmingNow = await app.OrgAsync("520102");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await sys.PostAsJsonAsync($"/api/orgs/{nanming.Id}/deactivate", new { version = nanmingNow.Version })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sys.PostAsJsonAsync($"/api/orgs/{zoneId}/deactivate", new { version = 2 })).StatusCode);
        var active = await sys.GetFromJsonAsync<JsonElement[]>("/api/orgs?includeInactive=false");
        Assert.DoesNotContain(active!, o => o.GetProperty("id").GetGuid() == zoneId);

        var audit = await app.ClientForAsync("auditadmin", await LoginTests.ChangeAdminPasswordAsync(app, "auditadmin"));
        var trail = await audit.GetFromJsonAsync<JsonElement>($"/api/audit?objectType=Org&objectId={zoneId}");
        var details = trail.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("details").GetString()).ToList();
        Assert.Contains(details, d => d!.Contains("\"before\":{\"Name\":\"云岩区中小企业园\"") && d.Contains("\"after\":{\"Name\":\"云岩区中小企业产业园\""));
        var move = await audit.GetFromJsonAsync<JsonElement>($"/api/audit?action=org.move&objectId={zoneId}");
        Assert.Contains("\"AspNetUsers\":1", move.GetProperty("items")[0].GetProperty("details").GetString());
    }
}
