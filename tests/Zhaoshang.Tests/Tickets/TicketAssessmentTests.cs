using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Assessment;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Tickets;

public sealed class TicketAssessmentTests
{
    /// <summary>
    /// Issue 5, point 6: a handling department's closure rate and on-time rate are indicators the assessment computes. Two
    /// land problems go to 市自然资源和规划局 on 2026-09-21 (due 10-19); one is answered the same day and closed, the other
    /// answered late on 10-26 and left open. September: closure 1 of 2 (50 %), on time 1 of 1 (100 %); October: closure
    /// 50 %, on time 1 of 2 (50 %) — in the assessment against the department's targets, and in the drill-down's tickets.
    /// </summary>
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_departments_closure_and_on_time_rates_are_assessment_indicators(Db db)
    {
        using var app = new TestApp(db);
        app.SetChinaTime(new DateTime(2026, 9, 21, 10, 0, 0));
        var (_, handlerPassword) = await app.AddUserAsync("handler.land", Roles.Handler, "520100-D16");
        using var assessor = await app.ClientForAsync("assessor.gy");
        var targets = Workbook.Build(new Workbook.Sheet("市直部门", [
            ["（市直部门）"],
            ["序号", "责任单位", "问题诉求办结率", "按时办结率"],
            ["1", "市自然资源和规划局", "90%", "95%"],
            [null, "合计", "90%", "95%"],
        ]));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(targets), "file", "targets.xlsx" } })
        {
            var imported = await assessor.PostAsync("/api/targets/import?year=2026", form);
            Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        }

        using var officer = await app.ClientForAsync("officer.yunyan");
        using var desk = await app.ClientForAsync("officer.tcj");
        using var handler = await app.ClientForAsync("handler.land", handlerPassword);
        var project = await TicketFlow.SignedProjectAsync(officer, "贵阳某新材料产业园项目");
        async Task<Guid> DispatchedAsync(string title)
        {
            var created = await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", level = "city", projectId = project, title });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
            await TicketFlow.ActAsync(desk, id, new { action = "accept" });
            await TicketFlow.ActAsync(desk, id, new { action = "dispatch" });
            await TicketFlow.ActAsync(handler, id, new { action = "start" });
            return id;
        }
        var onTime = await DispatchedAsync("项目用地报批未完成");
        var late = await DispatchedAsync("项目供地手续办理缓慢");
        await TicketFlow.ActAsync(handler, onTime, new { action = "answer", note = "已完成用地报批。" });
        await TicketFlow.ActAsync(desk, onTime, new { action = "check" });
        await TicketFlow.ActAsync(officer, onTime, new { action = "rate", rating = 5 });

        app.SetChinaTime(new DateTime(2026, 10, 26, 10, 0, 0));
        using var lateHandler = await app.ClientForAsync("handler.land", handlerPassword);
        await TicketFlow.ActAsync(lateHandler, late, new { action = "answer", note = "手续已办结。" });

        using var reader = await app.ClientForAsync("assessor.gy");
        var land = (await app.OrgAsync("520100-D16")).Id;
        async Task<(decimal? Closure, decimal? OnTime)> AssessedAsync(string period)
        {
            var view = await reader.GetFromJsonAsync<JsonElement>($"/api/assessment?year=2026&period={period}");
            decimal? Actual(string indicator)
            {
                var cell = view.GetProperty("cells").EnumerateArray()
                    .Single(c => c.GetProperty("orgName").GetString() == "市自然资源和规划局" && c.GetProperty("indicator").GetString() == indicator);
                return cell.GetProperty("actual").ValueKind == JsonValueKind.Null ? null : cell.GetProperty("actual").GetDecimal();
            }
            return (Actual("ticketClosureRate"), Actual("ticketOnTimeRate"));
        }
        Assert.Equal((50m, 100m), await AssessedAsync("m9"));
        Assert.Equal((50m, 50m), await AssessedAsync("m10"));

        // The drill-down lists the tickets behind the rate, the one it does not count first.
        var facts = await reader.GetFromJsonAsync<JsonElement>($"/api/assessment/facts?year=2026&period=m10&orgId={land}&indicator=ticketClosureRate");
        Assert.Equal(50m, facts.GetProperty("actual").GetDecimal());
        var list = facts.GetProperty("facts");
        Assert.Equal((2, 1), (list.GetProperty("count").GetInt32(), list.GetProperty("counted").GetInt32()));
        Assert.Equal([(late, 0m), (onTime, 1m)], list.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("id").GetGuid(), r.GetProperty("value").GetDecimal())).ToArray());
        var page = await reader.GetStringAsync($"/Assessment/Facts?year=2026&period=m10&orgId={land}&indicator=ticketClosureRate");
        Assert.Contains($"href=\"/Tickets/Detail/{late}\"", page);
        Assert.Contains("计入 1 件 / 共 2 件", page);
        var september = await reader.GetFromJsonAsync<JsonElement>($"/api/assessment/facts?year=2026&period=m9&orgId={land}&indicator=ticketOnTimeRate");
        Assert.Equal(100m, september.GetProperty("actual").GetDecimal());
        Assert.Equal([onTime], september.GetProperty("facts").GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToArray());
    }
}
