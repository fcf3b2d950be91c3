using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Activities;

/// <summary>Issue 19, point 7 (谋划): every lead records its information channel and who brought it; counts and conversion per channel.</summary>
public sealed class LeadChannelTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Leads_are_counted_and_converted_per_channel(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var target = await Tickets.TicketFlow.EnterpriseAsync(officer, "贵州目标企业有限公司", "91520103MA6DP2P82");
        var chamber = await Tickets.TicketFlow.EnterpriseAsync(officer, "贵州省浙江商会", "51520000MJ0000012");
        var signed = await Tickets.TicketFlow.SignedProjectAsync(officer, "云岩区商会引荐项目"); // signed 2026-09-01
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddHours(8).UtcDateTime);
        async Task<HttpResponseMessage> LeadAsync(HttpClient client, object body) => await client.PostAsJsonAsync("/api/leads", body);

        Assert.Equal(HttpStatusCode.Created, (await LeadAsync(officer, new { enterpriseId = target, date = "2026-03-01", title = "商会引荐", channel = "chamber", sourceEnterpriseId = chamber, projectId = signed })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await LeadAsync(officer, new { enterpriseId = target, date = "2026-04-01", title = "链主推荐", channel = "leadingEnterprise" })).StatusCode);
        var office = await app.ClientForAsync("officer.beijing");
        var byOffice = await LeadAsync(office, new { enterpriseId = target, date = "2026-05-01", title = "驻京办报送" });
        Assert.Equal(HttpStatusCode.Created, byOffice.StatusCode);
        Assert.Equal("residentOffice", (await byOffice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channel").GetString()); // an office's lead came through it
        Assert.Equal(HttpStatusCode.BadRequest, (await LeadAsync(officer, new { enterpriseId = target, date = "2026-05-01", title = "错渠道", channel = "spaceship" })).StatusCode);
        var stranger = await LeadAsync(officer, new { enterpriseId = target, date = "2026-05-01", title = "无此单位", channel = "soe", sourceOrgId = Guid.CreateVersion7() });
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Contains("sourceOrgId", await stranger.Content.ReadAsStringAsync());

        var lines = (await (await app.ClientForAsync("leader.gy")).GetFromJsonAsync<JsonElement>($"/api/leads/channels?from=2026-01-01&to={today:yyyy-MM-dd}"))
            .EnumerateArray().ToDictionary(l => l.GetProperty("channel").GetString()!);
        Assert.Equal((1, 1, 1, 100m), Line(lines["chamber"]));
        Assert.Equal((1, 0, 0, 0m), Line(lines["leadingEnterprise"]));
        Assert.Equal((1, 0, 0, 0m), Line(lines["residentOffice"]));
        var lead = (await officer.GetFromJsonAsync<JsonElement>("/api/leads")).GetProperty("items").EnumerateArray().Single(l => l.GetProperty("title").GetString() == "商会引荐");
        Assert.Equal("贵州省浙江商会", lead.GetProperty("sourceEnterpriseName").GetString());
    }

    private static (int Leads, int WithProject, int Signed, decimal Conversion) Line(JsonElement l) =>
        (l.GetProperty("leads").GetInt32(), l.GetProperty("withProject").GetInt32(), l.GetProperty("signed").GetInt32(), l.GetProperty("conversion").GetDecimal());
}
