using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Ledger;

public sealed class ActivityTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_resident_office_records_visits_with_first_visit_or_accompanied_and_the_list_filters(Db db)
    {
        using var app = new TestApp(db);
        var beijing = await app.ClientForAsync("officer.beijing");
        var office = (await app.OrgAsync("520100-R01")).Id;
        var enterprise = await (await beijing.PostAsJsonAsync("/api/enterprises", new { name = "中国航天科工集团有限公司", ownership = "centralSoe" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var enterpriseId = enterprise.GetProperty("enterprise").GetProperty("id").GetGuid();

        var visit = await beijing.PostAsJsonAsync("/api/activities", new
        {
            kind = "visit", date = "2026-03-01", title = "拜访航天科工总部", people = "张三、李四", enterpriseId,
            offices = new[] { new { orgId = office, role = "firstVisit" } }, outcome = "达成来筑考察意向",
        });
        Assert.Equal(HttpStatusCode.Created, visit.StatusCode);
        var row = await visit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("firstVisit", row.GetProperty("offices")[0].GetProperty("role").GetString());

        var twice = await beijing.PostAsJsonAsync("/api/activities", new
        {
            kind = "inspection", date = "2026-03-20", title = "来筑考察",
            offices = new[] { new { orgId = office, role = "firstVisit" }, new { orgId = office, role = "accompanied" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        var future = await beijing.PostAsJsonAsync("/api/activities", new { kind = "visit", date = "2099-01-01", title = "未来" });
        Assert.Contains("date", await future.Content.ReadAsStringAsync());
        var notOffice = await beijing.PostAsJsonAsync("/api/activities", new
        {
            kind = "visit", date = "2026-03-01", title = "错误的办事处", offices = new[] { new { orgId = (await app.OrgAsync("520100-R01")).ParentId, role = "participated" } },
        });
        Assert.Equal(HttpStatusCode.NotFound, notOffice.StatusCode);

        var id = row.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await beijing.PutAsJsonAsync($"/api/activities/{id}", new
        {
            kind = "visit", date = "2026-03-01", title = "拜访航天科工总部（二次）", enterpriseId, version = 0,
            offices = new[] { new { orgId = office, role = "participated" } },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await beijing.PutAsJsonAsync($"/api/activities/{id}", new { kind = "visit", date = "2026-03-01", title = "过期", version = 0 })).StatusCode);

        var leader = await app.ClientForAsync("leader.gy");
        var visits = await leader.GetFromJsonAsync<JsonElement>($"/api/activities?kind=visit&enterpriseId={enterpriseId}");
        Assert.Equal(1, visits.GetProperty("total").GetInt32());
        Assert.Equal("participated", visits.GetProperty("items")[0].GetProperty("offices")[0].GetProperty("role").GetString());
        var yunyan = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(0, (await yunyan.GetFromJsonAsync<JsonElement>("/api/activities")).GetProperty("total").GetInt32());
    }
}
