using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Data;

/// <summary>
/// Issue 16, point 8: the investment promotion bureau and the leading-group office of a level read the whole subtree of
/// that level (they compile its ledger and bulletins), while writing stays with the responsible unit. In the demo,
/// 市投资促进局 coordinates 贵阳市: its officer sees 云岩区's project, activity and lead, and changes none of them; it
/// sees nothing of 遵义市. A department that does not coordinate (市工信局) sees only itself. The ScopeSweepTests run
/// every endpoint from a coordinating bureau too.
/// </summary>
public sealed class CoordinatingScopeTests
{
    private static readonly HashSet<HttpStatusCode> Refused = [HttpStatusCode.Forbidden, HttpStatusCode.NotFound];

    [Theory, SqliteData, PostgresData]
    public async Task The_city_bureau_reads_the_whole_city_and_writes_only_its_own_rows(Db db)
    {
        using var app = new TestApp(db);
        var yunyan = await app.ClientForAsync("officer.yunyan");
        var zunyi = await app.ClientForAsync("officer.zunyi");
        var enterprise = (await (await yunyan.PostAsJsonAsync("/api/enterprises", new { name = "贵州云岩登记企业有限公司", ownership = "private" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterprise").GetProperty("id").GetGuid();
        var project = (await (await yunyan.PostAsJsonAsync("/api/projects", new { name = "云岩区大数据产业园项目", agreedInvestmentYuan = 500_000_000 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await yunyan.PostAsJsonAsync($"/api/projects/{project}/stage", new { to = "signed", date = "2026-03-01", contractAmountYuan = 500_000_000 })).StatusCode);
        var activity = (await (await yunyan.PostAsJsonAsync("/api/activities", new { kind = "visit", date = "2026-02-01", title = "云岩区拜访", enterpriseIds = new[] { enterprise } }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var lead = (await (await yunyan.PostAsJsonAsync("/api/leads", new { enterpriseId = enterprise, date = "2026-02-02", title = "云岩区的线索" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var far = (await (await zunyi.PostAsJsonAsync("/api/projects", new { name = "遵义市白酒项目", agreedInvestmentYuan = 100_000_000 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var yunyanOrg = (await app.OrgAsync("520103")).Id;

        // Reads: the whole city, nothing beyond it.
        var bureau = await app.ClientForAsync("officer.tcj");
        var me = await bureau.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Contains("市投资促进局", me.ToString());
        var list = await bureau.GetStringAsync("/api/projects?pageSize=500");
        Assert.Contains(project.ToString(), list);
        Assert.DoesNotContain(far.ToString(), list);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync($"/api/projects/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync($"/api/projects?orgId={yunyanOrg}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.GetAsync($"/api/projects/{far}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync($"/api/activities/{activity}")).StatusCode);
        Assert.Contains(lead.ToString(), await bureau.GetStringAsync("/api/leads"));
        var orgs = await bureau.GetStringAsync("/api/orgs");
        Assert.Contains("云岩区", orgs);
        Assert.DoesNotContain("红花岗区", orgs);
        Assert.DoesNotContain("\"遵义市\"", orgs);

        // Writes: only its own rows.
        Assert.Contains((await bureau.PutAsJsonAsync($"/api/projects/{project}", new { name = "越权改名", agreedInvestmentYuan = 1, version = 1 })).StatusCode, Refused);
        Assert.Contains((await bureau.PostAsJsonAsync($"/api/projects/{project}/stage", new { to = "started", date = "2026-03-05" })).StatusCode, Refused);
        Assert.Contains((await bureau.PostAsJsonAsync($"/api/projects/{project}/funds", new { year = 2026, month = 3, amountYuan = 1 })).StatusCode, Refused);
        Assert.Contains((await bureau.PostAsJsonAsync("/api/projects", new { name = "替云岩区建的项目", orgId = yunyanOrg, agreedInvestmentYuan = 1 })).StatusCode, Refused);
        Assert.Contains((await bureau.PutAsJsonAsync($"/api/activities/{activity}", new { kind = "visit", date = "2026-02-01", title = "越权改", version = 0 })).StatusCode, Refused);
        Assert.Contains((await bureau.PutAsJsonAsync($"/api/leads/{lead}", new { enterpriseId = enterprise, date = "2026-02-02", title = "越权改", version = 0 })).StatusCode, Refused);
        Assert.Contains((await bureau.PutAsJsonAsync($"/api/enterprises/{enterprise}", new { name = "越权改名", ownership = "private", version = 0 })).StatusCode, Refused);
        Assert.Contains("\"editable\":false", await bureau.GetStringAsync($"/api/enterprises/{enterprise}"));
        using (var file = new MemoryStream())
        {
            Xlsx.Write(file, "项目", ["项目名称", "责任单位", "约定投资额（万元）"], [["越权导入的项目", "云岩区", "1"]]);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "p.xlsx" } };
            var imported = await bureau.PostAsync("/api/imports/projects", form);
            Assert.True(imported.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden, $"{(int)imported.StatusCode}");
        }
        var stored = await app.WithDbAsync(d => d.Projects.SingleAsync(p => p.Id == project));
        Assert.Equal(("云岩区大数据产业园项目", 1L), (stored.Name, stored.Version));
        Assert.False(await app.WithDbAsync(d => d.FundEntries.AnyAsync()));
        Assert.False(await app.WithDbAsync(d => d.Projects.AnyAsync(p => p.Name == "替云岩区建的项目" || p.Name == "越权导入的项目")));
        var own = await bureau.PostAsJsonAsync("/api/projects", new { name = "市投资促进局直接招引的项目", agreedInvestmentYuan = 300_000_000 });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);

        // A department that does not coordinate its level sees only itself.
        var gxj = await app.ClientForAsync("handler.gxj");
        Assert.Equal(HttpStatusCode.NotFound, (await gxj.GetAsync($"/api/projects/{project}")).StatusCode);

        // The system admin sets the attribute; a unit that is not a bureau or office under a level cannot have it.
        var sys = await app.ClientForAsync("sysadmin", await Accounts.LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var d01 = await app.OrgAsync("520100-D01");
        var off = await sys.PutAsJsonAsync($"/api/orgs/{d01.Id}", new { name = d01.Name, version = d01.Version, coordinates = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("coordinates").GetBoolean());
        var again = await app.ClientForAsync("officer.tcj"); // a new session reads the org again
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync($"/api/projects/{project}")).StatusCode);
        var district = await app.OrgAsync("520103");
        Assert.Equal(HttpStatusCode.BadRequest, (await sys.PutAsJsonAsync($"/api/orgs/{district.Id}", new { name = district.Name, version = district.Version, coordinates = true })).StatusCode);
    }
}
