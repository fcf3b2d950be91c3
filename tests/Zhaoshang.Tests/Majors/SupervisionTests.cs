using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Majors;

namespace Zhaoshang.Tests.Majors;

/// <summary>
/// Issue 19, point 4 (挂牌督办): a leader supervises a problem; the responsible unit writes a line each week; a week that
/// ends without one is flagged on the leader's list; a line for a week not yet begun is refused.
/// </summary>
public sealed class SupervisionTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_supervised_problem_without_its_weekly_line_is_flagged(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var project = await Tickets.TicketFlow.SignedProjectAsync(officer, "云岩区督办项目");
        var ticket = (await (await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", projectId = project, title = "用地报批受阻" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        var leader = await app.ClientForAsync("leader.gy");
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddHours(8).UtcDateTime);
        var unit = await app.OrgAsync("520103");

        Assert.Equal(HttpStatusCode.BadRequest, (await leader.PostAsJsonAsync("/api/supervisions", new { ticketId = ticket, deadline = today.ToString("yyyy-MM-dd") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/supervisions", new { ticketId = ticket, deadline = today.AddDays(30).ToString("yyyy-MM-dd") })).StatusCode);
        var created = await leader.PostAsJsonAsync("/api/supervisions", new { ticketId = ticket, responsibleOrgId = unit.Id, deadline = today.AddDays(30).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await leader.PostAsJsonAsync("/api/supervisions", new { ticketId = ticket, deadline = today.AddDays(9).ToString("yyyy-MM-dd") })).StatusCode);

        // This week's line is accepted; next week's is not, naming the week.
        var thisWeek = Supervisions.WeekOf(today);
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/supervisions/{id}/weeks/{thisWeek:yyyy-MM-dd}", new { text = "已提交用地预审材料" })).StatusCode);
        var early = await officer.PutAsJsonAsync($"/api/supervisions/{id}/weeks/{thisWeek.AddDays(7):yyyy-MM-dd}", new { text = "提前报送" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("尚未开始", await early.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PutAsJsonAsync($"/api/supervisions/{id}/weeks/{thisWeek.AddDays(1):yyyy-MM-dd}", new { text = "周二" })).StatusCode);
        // Another district cannot write it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientForAsync("officer.nanming")).PutAsJsonAsync($"/api/supervisions/{id}/weeks/{thisWeek:yyyy-MM-dd}", new { text = "越权" })).StatusCode);

        async Task<JsonElement> MineAsync() => (await leader.GetFromJsonAsync<JsonElement>("/api/supervisions?mine=true")).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(0, (await MineAsync()).GetProperty("missingWeeks").GetInt32());

        // Two weeks later: the week after this one ended without a line; the current one is not yet due.
        app.Clock.Advance(TimeSpan.FromDays(14));
        (leader, officer) = (await app.ClientForAsync("leader.gy"), await app.ClientForAsync("officer.yunyan")); // new sessions, two weeks on
        var mine = await MineAsync();
        Assert.Equal(1, mine.GetProperty("missingWeeks").GetInt32());
        var weeks = mine.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(3, weeks.Count);
        Assert.Equal(JsonValueKind.Null, weeks[1].GetProperty("text").ValueKind); // the week after the first, newest first
        Assert.Equal("已提交用地预审材料", weeks[2].GetProperty("text").GetString());
        // The district's officer sees the item it answers for, and was told when it was listed.
        Assert.Single((await officer.GetFromJsonAsync<JsonElement>("/api/supervisions")).EnumerateArray());
        var inbox = (await officer.GetFromJsonAsync<JsonElement>("/api/inbox")).GetProperty("items").GetProperty("items").EnumerateArray();
        Assert.Contains(inbox, m => m.GetProperty("title").GetString()!.Contains("用地报批受阻"));
    }
}
