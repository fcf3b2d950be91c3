using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Tickets;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Majors;

/// <summary>
/// Issue 19, point 3 (并联会审 before signing): the investor submits a negotiating project's needs through the portal;
/// the desk sends them to three departments at once with one 20-working-day deadline; they close with one joint reply;
/// the time is measured per project and per department. A signed project's needs, or a stranger's, are refused.
/// </summary>
public sealed class NeedsReviewTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_negotiating_projects_needs_reach_three_departments_at_once_and_close_with_one_joint_reply(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var investorFirm = await TicketFlow.EnterpriseAsync(officer, "贵州洽谈投资有限公司", "91520103MA6DP2P83");
        var stranger = await TicketFlow.EnterpriseAsync(officer, "贵州无关企业有限公司", "91520103MA6DP2P84");
        var created = await officer.PostAsJsonAsync("/api/projects", new { name = "云岩区洽谈中项目", agreedInvestmentYuan = 800_000_000, investorIds = new[] { investorFirm } });
        var project = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{project}/stage", new { to = "negotiating", date = "2026-11-01" })).StatusCode);
        var signed = await TicketFlow.SignedProjectAsync(officer, "云岩区已签约项目");
        var investor = await app.ClientForAsync("investor.needs", await app.InvestorAsync("investor.needs", "520100-GX", investorFirm));
        var outsider = await app.ClientForAsync("investor.other", await app.InvestorAsync("investor.other", "520100-GX", stranger));

        var refusedSigned = await officer.PostAsJsonAsync("/api/tickets", new { kind = "needs", category = "land", projectId = signed, title = "用地需求" });
        Assert.Equal(HttpStatusCode.BadRequest, refusedSigned.StatusCode);
        Assert.Contains("储备、洽谈阶段", await refusedSigned.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await outsider.PostAsJsonAsync("/api/tickets", new { kind = "needs", category = "land", projectId = project, title = "别人的项目" })).StatusCode);

        var submitted = await investor.PostAsJsonAsync("/api/tickets", new
        {
            kind = "needs", category = "land", projectId = project, title = "项目落地需求：用地、电力与融资", description = "用地 300 亩，用电 2 万千伏安，贷款 5 亿元。",
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        Assert.Single((await investor.GetFromJsonAsync<JsonElement>("/api/tickets")).GetProperty("items").EnumerateArray()); // the investor follows it

        await TicketFlow.ActAsync(officer, id, new { action = "accept" }); // the district is its own desk
        var (land, power, finance) = ((await app.OrgAsync("520100-D16")).Id, (await app.OrgAsync("520100-D04")).Id, (await app.OrgAsync("520100-D12")).Id);
        var dispatched = await TicketFlow.ActAsync(officer, id, new { action = "dispatch", orgIds = new[] { land, power, finance }, note = "用地、电力、融资三部门并联会审" });
        Assert.True(dispatched.GetProperty("isReview").GetBoolean());
        Assert.Equal(20, dispatched.GetProperty("slaWorkingDays").GetInt32());
        Assert.Equal(3, dispatched.GetProperty("reviews").GetArrayLength());

        var (_, landPassword) = await app.AddUserAsync("handler.needs.land", Roles.Handler, "520100-D16");
        using var h1 = await app.ClientForAsync("handler.needs.land", landPassword);
        using var h2 = await app.ClientForAsync("handler.fgw");
        using var h3 = await app.ClientForAsync("handler.jrb");
        await TicketFlow.ActAsync(h1, id, new { action = "review", decision = "approved", note = "用地指标可保障" });
        var partial = await TicketFlow.ActAsync(h2, id, new { action = "review", decision = "approvedWithConditions", note = "需配套建设变电站" });
        Assert.Equal("inProgress", TicketFlow.State(partial));
        var joint = await TicketFlow.ActAsync(h3, id, new { action = "review", decision = "approved", note = "可对接政策性贷款" });
        Assert.Equal("answered", TicketFlow.State(joint));
        Assert.Equal("有条件同意", joint.GetProperty("reviewResult").GetString()); // one joint reply
        await TicketFlow.ActAsync(officer, id, new { action = "check" });
        Assert.Equal("closed", TicketFlow.State(await TicketFlow.ActAsync(investor, id, new { action = "rate", rating = 5, note = "不到一个月就敲定了" })));

        var times = await officer.GetFromJsonAsync<JsonElement>("/api/tickets/review-times");
        var row = times.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("ticketId").GetGuid() == id);
        Assert.Equal(project, row.GetProperty("projectId").GetGuid());
        Assert.Equal(3, row.GetProperty("departments").GetInt32());
        Assert.True(row.GetProperty("days").GetDecimal() >= 0);
        Assert.Equal(new[] { finance, land, power }.Order().ToArray(), times.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("orgId").GetGuid()).Order().ToArray());
        Assert.All(times.GetProperty("departments").EnumerateArray(), d => Assert.Equal(1, d.GetProperty("answered").GetInt32()));
    }
}
