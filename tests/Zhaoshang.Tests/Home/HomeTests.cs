using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Tickets;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Home;

/// <summary>Each role's home lists what that person must do now, from the real records, and stops listing it once done.</summary>
public sealed class HomeTests
{
    private static string Card(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no card {id}");
        var end = page.IndexOf("class=\"card-footer\"", start, StringComparison.Ordinal);
        return page[start..end];
    }

    [Theory, SqliteData, PostgresData]
    public async Task Officer_desk_handler_and_investor_each_see_what_waits_for_them(Db db)
    {
        using var app = new TestApp(db);
        app.SetChinaTime(new DateTime(2026, 9, 21, 10, 0, 0));
        var (_, handlerPassword) = await app.AddUserAsync("handler.land", Roles.Handler, "520100-D16");
        using var officer = await app.ClientForAsync("officer.yunyan");

        // A started project with no funds entered for September is on the officer's list until its funds are.
        var started = await TicketFlow.SignedProjectAsync(officer, "云岩区新型储能项目");
        Assert.True((await officer.PostAsJsonAsync($"/api/projects/{started}/stage", new { to = "started", date = "2026-09-10" })).IsSuccessStatusCode);
        Assert.Contains("云岩区新型储能项目", Card(await officer.GetStringAsync("/"), "home-funds"));
        Assert.True((await officer.PostAsJsonAsync($"/api/projects/{started}/funds", new { year = 2026, month = 9, amountYuan = 20_000_000 })).IsSuccessStatusCode);
        Assert.DoesNotContain("云岩区新型储能项目", Card(await officer.GetStringAsync("/"), "home-funds"));

        // A problem filed by the district waits for the city desk: on the desk's home, not on the district officer's.
        var created = await officer.PostAsJsonAsync("/api/tickets", new
        {
            kind = "problem", category = "land", level = "city", projectId = started, title = "项目用地报批未完成", description = "用地指标尚未落实。",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        using var desk = await app.ClientForAsync("officer.tcj");
        var deskHome = Card(await desk.GetStringAsync("/"), "home-awaiting");
        Assert.Contains("项目用地报批未完成", deskHome);
        Assert.Contains("等待受理窗口受理", deskHome);
        Assert.DoesNotContain("项目用地报批未完成", Card(await officer.GetStringAsync("/"), "home-awaiting"));

        // Dispatched, it moves to the department's home with its deadline; the desk's list is empty.
        await TicketFlow.ActAsync(desk, id, new { action = "accept" });
        await TicketFlow.ActAsync(desk, id, new { action = "dispatch" });
        using var handler = await app.ClientForAsync("handler.land", handlerPassword);
        var handlerHome = Card(await handler.GetStringAsync("/"), "home-awaiting");
        Assert.Contains("项目用地报批未完成", handlerHome);
        Assert.Contains("期限 2026-10-19", handlerHome);
        Assert.DoesNotContain("项目用地报批未完成", Card(await desk.GetStringAsync("/"), "home-awaiting"));

        // The investor's own appeal, with whose move it is; nothing of the ledger.
        var enterprise = await TicketFlow.EnterpriseAsync(officer, "贵州某某储能科技有限公司", "91520103MA6K3N2Q0");
        var investorPassword = await app.InvestorAsync("investor.home", "520103", enterprise);
        using var investor = await app.ClientForAsync("investor.home", investorPassword);
        Assert.True((await investor.PostAsJsonAsync("/api/tickets", new { kind = "appeal", category = "financing", title = "流动资金贷款对接" })).IsSuccessStatusCode);
        var investorHome = await investor.GetStringAsync("/");
        Assert.Contains("流动资金贷款对接", Card(investorHome, "home-appeals"));
        Assert.Contains("等待受理窗口受理", Card(investorHome, "home-appeals"));
        Assert.DoesNotContain("home-funds", investorHome);
        Assert.DoesNotContain("home-stalled", investorHome);
    }
}
