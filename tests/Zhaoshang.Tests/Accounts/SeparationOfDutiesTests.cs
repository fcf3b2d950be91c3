using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Accounts;

/// <summary>三员分立: the three admins cannot do each other's work, and no business role can do any of it.</summary>
public sealed class SeparationOfDutiesTests
{
    [Fact]
    public async Task Each_admin_does_only_their_own_work_and_business_roles_none_of_it()
    {
        using var app = new TestApp();
        var sys = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var sec = await app.ClientForAsync("secadmin", await LoginTests.ChangeAdminPasswordAsync(app, "secadmin"));
        var audit = await app.ClientForAsync("auditadmin", await LoginTests.ChangeAdminPasswordAsync(app, "auditadmin"));
        var guiyang = await app.OrgAsync("520100");

        // The system admin creates an account (no roles) but cannot grant roles or read the audit log.
        var created = await sys.PostAsJsonAsync("/api/users", new { userName = "zhang.san", displayName = "张三", orgId = guiyang.Id });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");
        var userId = user.GetProperty("id").GetGuid();
        Assert.Empty(user.GetProperty("roles").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await sys.PutAsJsonAsync($"/api/users/{userId}/roles", new { roles = new[] { "officer" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sys.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sys.PostAsync("/api/audit/verify", null)).StatusCode);

        // The security admin grants roles but cannot create accounts, manage orgs or read the audit log.
        Assert.Equal(HttpStatusCode.OK, (await sec.PutAsJsonAsync($"/api/users/{userId}/roles", new { roles = new[] { "officer" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sec.PostAsJsonAsync("/api/users", new { userName = "li.si", displayName = "李四", orgId = guiyang.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sec.PostAsJsonAsync("/api/orgs", new { code = "X1", name = "X", kind = "department", parentId = guiyang.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sec.GetAsync("/api/audit")).StatusCode);
        // An admin role is never combined with another, and nobody changes their own roles.
        Assert.Equal(HttpStatusCode.BadRequest, (await sec.PutAsJsonAsync($"/api/users/{userId}/roles", new { roles = new[] { "officer", "auditadmin" } })).StatusCode);
        var secId = await app.UserIdAsync("secadmin");
        var self = await sec.PutAsJsonAsync($"/api/users/{secId}/roles", new { roles = new[] { "sysadmin" } });
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Contains("不能修改自己的角色", await self.Content.ReadAsStringAsync());

        // The audit admin reads and verifies the log and can do nothing else.
        Assert.Equal(HttpStatusCode.OK, (await audit.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await audit.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await audit.PostAsJsonAsync("/api/orgs", new { code = "X2", name = "X", kind = "department", parentId = guiyang.Id })).StatusCode);

        // Business roles, even the province leader who reads everything, do no admin work.
        foreach (var name in new[] { "leader.gz", "officer.tcj", "handler.gxj", "enterprise.demo" })
        {
            var client = await app.ClientForAsync(name);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/orgs/export")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/users/{userId}/roles", new { roles = new[] { "leader" } })).StatusCode);
        }

        // Every denial above is on the audit trail, with before → after for the grant.
        var page = await audit.GetFromJsonAsync<JsonElement>("/api/audit?action=access.denied&pageSize=200");
        Assert.True(page.GetProperty("total").GetInt32() >= 20);
        Assert.Contains(page.GetProperty("items").EnumerateArray(), e => e.GetProperty("details").GetString()!.Contains("不能修改自己的角色"));
        var grant = await audit.GetFromJsonAsync<JsonElement>("/api/audit?action=user.roles");
        Assert.Contains("\"after\":[\"officer\"]", grant.GetProperty("items")[0].GetProperty("details").GetString());
        var createRecord = await audit.GetFromJsonAsync<JsonElement>($"/api/audit?action=create&objectType=User&objectId={userId}");
        Assert.Contains("zhang.san", createRecord.GetProperty("items")[0].GetProperty("details").GetString());
        Assert.DoesNotContain("PasswordHash", createRecord.GetProperty("items")[0].GetProperty("details").GetString());
    }

    [Fact]
    public void Role_ids_are_the_ones_the_api_and_credentials_file_use() =>
        Assert.Equal(["sysadmin", "secadmin", "auditadmin", "leader", "officer", "handler", "assessor", "enterprise"], Roles.All);
}
