using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Activities;

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

    private static readonly string[] ImportColumns =
        ["活动日期", "活动类型", "活动名称", "企业名称或统一社会信用代码", "首次拜访驻外办事处", "陪同考察驻外办事处", "成效"];

    private static byte[] Sheet(params object?[][] rows)
    {
        using var stream = new MemoryStream();
        Zhaoshang.Web.Shared.Xlsx.Write(stream, Zhaoshang.Web.Features.Activities.ActivityImport.SheetName, ImportColumns, rows);
        return stream.ToArray();
    }

    /// <summary>
    /// A resident office's activities from .xlsx: each bad row named by row and column, nothing written while any row is
    /// bad (a first visit claimed twice in one file, an accompanied part on a visit, an unregistered enterprise); the
    /// good file writes each activity with its enterprises and office parts; the same file again writes nothing.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Activities_import_all_or_nothing_with_the_forms_rules_and_twice_changes_nothing(Db db)
    {
        using var app = new TestApp(db);
        var beijing = await app.ClientForAsync("officer.beijing");
        foreach (var name in new[] { "中国某某重工集团有限公司", "北京某某数据科技有限公司" })
        {
            Assert.True((await beijing.PostAsJsonAsync("/api/enterprises", new { name })).IsSuccessStatusCode);
        }
        const string office = "市政府驻北京联络处";
        var bad = await Projects.ImportTests.ImportAsync(beijing, "activities", Sheet(
            ["2026-03-01", "拜访", "拜访某某重工总部", "中国某某重工集团有限公司", office, null, "达成考察意向"],
            ["2026-03-02", "拜访", "再访某某重工", "中国某某重工集团有限公司", office, null, null],
            ["2026-03-03", "拜访", "拜访某某数据", "北京某某数据科技有限公司", null, office, null],
            ["2026-03-04", "洽谈", "洽谈某某新材料", "某某新材料有限公司", null, null, null],
            ["2026-03-05", "走访", "走访", null, null, null, null]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        var errors = Projects.ImportTests.Errors(bad).Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Contains((3, "首次拜访驻外办事处"), errors); // the first visit is a fact: once
        Assert.Contains((4, "首次拜访驻外办事处"), errors); // 陪同考察 only on an inspection (the rule's own message)
        Assert.Contains((5, "企业名称或统一社会信用代码"), errors);
        Assert.Contains((6, "活动类型"), errors);
        Assert.Equal(0, await app.WithDbAsync(d => d.Activities.CountAsync()));

        var good = Sheet(
            ["2026-03-01", "拜访", "拜访某某重工总部", "中国某某重工集团有限公司、北京某某数据科技有限公司", office, null, "达成考察意向"],
            ["2026-03-20", "考察", "某某重工来筑考察", "中国某某重工集团有限公司", null, office, null],
            ["2026-04-02", "推介会", "北京专场推介会", null, null, null, null]);
        var first = await Projects.ImportTests.ImportAsync(beijing, "activities", good);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(3, first.Body.GetProperty("created").GetInt32());
        Assert.Equal(3, await app.WithDbAsync(d => d.Set<Zhaoshang.Web.Features.Activities.ActivityEnterprise>().CountAsync()));
        var parts = (await app.WithDbAsync(d => d.ActivityOffices.Select(o => o.Role).ToListAsync())).Order().ToList();
        Assert.Equal([Zhaoshang.Web.Features.Activities.OfficeRole.FirstVisit, Zhaoshang.Web.Features.Activities.OfficeRole.Accompanied], parts);

        var again = await Projects.ImportTests.ImportAsync(beijing, "activities", good);
        Assert.Equal((0, 3), (again.Body.GetProperty("created").GetInt32(), again.Body.GetProperty("unchanged").GetInt32()));
        Assert.Equal(3, await app.WithDbAsync(d => d.Activities.CountAsync()));

        // The list's export is the import's layout: it reads back with the same activities.
        var export = Zhaoshang.Web.Shared.Xlsx.Read(await beijing.GetStreamAsync("/Activities?handler=Export"), 100).Single();
        Assert.Equal(4, export.Rows.Count);
        Assert.Contains(export.Rows, r => r[1] == "考察" && r[2] == "某某重工来筑考察" && r[8] == office);
    }
}
