using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Accounts;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Tickets;

public sealed class TicketSettingsTests
{
    /// <summary>
    /// The workflow's settings are data the system admin keeps: next year's holidays (published each winter) move the
    /// deadlines that cross into it, a routing rule sends a category to another department with its own deadline, and
    /// a scheduled joint meeting takes the comprehensive problems. Bad input names its line; nothing is half-saved.
    /// </summary>
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_admin_sets_next_years_holidays_a_routing_rule_and_a_joint_meeting_and_the_tickets_follow(Db db)
    {
        using var app = new TestApp(db);
        app.SetChinaTime(new DateTime(2026, 12, 21, 10, 0, 0)); // a Monday
        using var admin = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));

        using var officer = await app.ClientForAsync("officer.yunyan");
        using var desk = await app.ClientForAsync("officer.tcj");
        var project = await TicketFlow.SignedProjectAsync(officer, "贵阳某装备制造项目");
        async Task<JsonElement> DispatchedAsync(string category, string title)
        {
            var created = await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category, level = "city", projectId = project, title });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
            await TicketFlow.ActAsync(desk, id, new { action = "accept" });
            return await TicketFlow.ActAsync(desk, id, new { action = "dispatch" });
        }

        // 2027 is not built in: the first working days of January are plain weekdays until the admin enters them, and a
        // deadline counted into it says so.
        var early = await DispatchedAsync("water", "供水管网未接通");
        Assert.Equal("2027-01-04", early.GetProperty("ticket").GetProperty("dueDate").GetString());
        Assert.Contains("2027 年节假日未设置", early.GetProperty("routingNote").GetString());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/tickets/settings/calendar/2027")).EnumerateArray());
        var typo = await admin.PutAsJsonAsync("/api/tickets/settings/calendar/2027", new[]
        {
            new { date = "2027-01-01", isWorkday = false, name = "元旦" },
            new { date = "2027-01-02", isWorkday = false, name = "元旦" }, // a Saturday
        });
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("第 2 行", await typo.Content.ReadAsStringAsync());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/tickets/settings/calendar/2027")).EnumerateArray());
        var saved = await admin.PutAsJsonAsync("/api/tickets/settings/calendar/2027", new[]
        {
            new { date = "2027-01-01", isWorkday = false, name = "元旦" },
            new { date = "2027-01-04", isWorkday = false, name = "元旦" },
            new { date = "2027-01-05", isWorkday = false, name = "元旦" },
            new { date = "2027-01-09", isWorkday = true, name = "元旦调休上班" },
        });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Equal(4, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());

        // Labour problems of 贵阳市 go to 市工业和信息化局 within 12 working days instead of 人社局's 10.
        var guiyang = (await app.OrgAsync("520100")).Id;
        var gxj = (await app.OrgAsync("520100-D05")).Id;
        var rule = await admin.PutAsJsonAsync("/api/tickets/settings/rules", new { areaOrgId = guiyang, category = "labour", handlerOrgId = gxj, slaWorkingDays = 12 });
        Assert.True(rule.IsSuccessStatusCode, await rule.Content.ReadAsStringAsync());
        var settings = await admin.GetFromJsonAsync<JsonElement>("/api/tickets/settings");
        var labour = settings.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("areaOrgId").GetGuid() == guiyang && r.GetProperty("category").GetString() == "labour").ToList();
        Assert.Equal(("市工业和信息化局", 12), (Assert.Single(labour).GetProperty("handlerName").GetString(), labour[0].GetProperty("slaWorkingDays").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/tickets/settings/rules", new { areaOrgId = guiyang, category = "land", slaWorkingDays = 0 })).StatusCode);

        var dispatched = await DispatchedAsync("labour", "技术工人招聘困难");
        Assert.DoesNotContain("节假日未设置", dispatched.GetProperty("routingNote").GetString());
        // 12 working days from Monday 2026-12-21: 22–25, 28–31 (8), then 2027-01-06, 07, 08 and Saturday 09 (调休) — not 01-06.
        Assert.Equal((gxj, "2027-01-09"), (dispatched.GetProperty("ticket").GetProperty("handlerOrgId").GetGuid(),
            dispatched.GetProperty("ticket").GetProperty("dueDate").GetString()));

        // A joint meeting scheduled by the admin takes the next comprehensive problem onto its agenda.
        var office = (await app.OrgAsync("520100-LGO")).Id;
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/tickets/settings/meetings", new { orgId = gxj, date = "2027-01-15" })).StatusCode);
        var meeting = await admin.PostAsJsonAsync("/api/tickets/settings/meetings", new { orgId = office, date = "2026-12-23", title = "贵阳市重大招商项目联席会议（临时）" });
        Assert.Equal(HttpStatusCode.Created, meeting.StatusCode);
        var onAgenda = await DispatchedAsync("comprehensive", "多部门联合推进");
        Assert.Equal("2026-12-23", onAgenda.GetProperty("meetingDate").GetString());

        // Nobody else may change them.
        using var leader = await app.ClientForAsync("leader.gy");
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/api/tickets/settings")).StatusCode);
    }
}
