using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Tickets;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.BrowserTests;

public sealed class TicketTests
{
    /// <summary>
    /// The whole appeal loop in the browser: the demo's investor account, fresh from the demo, submits an appeal with a PDF in its portal, the desk of 观山湖区
    /// accepts and dispatches it to 市政务服务中心 by the routing rule, the department answers, the desk checks, the investor
    /// rates it, and the department's closure rate on the statistics page moves from 0 % to 100 %. The investor cannot
    /// open another enterprise's appeal, nor the ledger.
    /// </summary>
    [BrowserFact]
    public async Task An_investor_submits_an_appeal_the_department_answers_the_investor_rates_it_and_the_closure_rate_moves()
    {
        await using var app = await BrowserApp.StartAsync();
        var officer = await app.ApiClientAsync("officer.yunyan");
        var theirs = await TicketFlow.EnterpriseAsync(officer, "贵州另一家科技有限公司", "91520100MA6H7K3X0");
        // The demo's enterprise account, as it comes: already tied to its enterprise, it can file at once.
        var investorPassword = app.Credentials["enterprise.demo"];
        var otherPassword = await app.App.InvestorAsync("investor.b", "520100-GX", theirs);
        var (_, deskPassword) = await app.App.AddUserAsync("officer.gx", Roles.Officer, "520100-GX");
        var (_, handlerPassword) = await app.App.AddUserAsync("handler.d18", Roles.Handler, "520100-D18");
        using var other = await app.App.ClientForAsync("investor.b", otherPassword);
        var foreign = (await (await other.PostAsJsonAsync("/api/tickets", new { kind = "appeal", category = "financing", title = "融资对接" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();

        // The investor's portal: only its own items; it files the appeal with a PDF.
        var investor = await app.NewPageAsync();
        await app.SignInAsync(investor, "enterprise.demo", investorPassword);
        await investor.WaitForSelectorAsync("#home-title");
        Assert.Equal(0, await investor.Locator("#nav-projects").CountAsync());
        Assert.Equal(1, await investor.Locator("#home-appeal").CountAsync());
        await investor.ClickAsync("#nav-tickets");
        await investor.WaitForSelectorAsync("#tickets-title");
        Assert.Equal("我的诉求", (await investor.TextContentAsync("#tickets-title"))!.Trim());
        await investor.ClickAsync("#tickets-new");
        await investor.WaitForSelectorAsync("#ticket-form");
        await investor.SelectOptionAsync("#ticket-category", "Approvals");
        await investor.FillAsync("#ticket-description", "项目环评报告已于9月提交，请协调加快审批。");
        await investor.SetInputFilesAsync("#ticket-files", new FilePayload
        {
            Name = "环评报告.pdf",
            MimeType = "application/pdf",
            Buffer = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        });
        // Sent without its title: the error is next to the title, and the PDF stays attached (not chosen again).
        await investor.ClickAsync("#ticket-submit");
        await investor.WaitForSelectorAsync("[data-testid=ticket-kept-file]");
        Assert.Contains("环评报告.pdf", await investor.TextContentAsync("[data-testid=ticket-kept-file]"));
        Assert.Equal("项目环评报告已于9月提交，请协调加快审批。", await investor.InputValueAsync("#ticket-description"));
        await investor.FillAsync("#ticket-title", "环评审批进度咨询");
        await investor.ClickAsync("#ticket-submit");
        await app.WaitForUrlAsync(investor, "**/Tickets/Detail/*");
        var id = Guid.Parse(investor.Url.Split('/').Last().Split('#', '?')[0]);
        Assert.Equal("Submitted", await investor.GetAttributeAsync("#ticket-state", "data-state"));
        Assert.Equal("环评报告.pdf", (await investor.Locator("[data-testid=attachment] a").First.TextContentAsync())!.Trim());

        // Someone else's appeal does not exist for this investor; neither does the ledger.
        var foreignPage = await investor.Context.NewPageAsync();
        Assert.Equal(404, (await foreignPage.GotoAsync($"{app.BaseUrl}/Tickets/Detail/{foreign}"))!.Status);
        Assert.Equal(403, (await foreignPage.GotoAsync($"{app.BaseUrl}/Projects"))!.Status);
        await foreignPage.GotoAsync($"{app.BaseUrl}/Orgs");
        Assert.Contains("/Account/Denied", foreignPage.Url, StringComparison.Ordinal);
        await foreignPage.CloseAsync();

        // The desk of 观山湖区 accepts and dispatches by the rule: approvals → 市政务服务中心, 5 working days.
        var desk = await app.NewPageAsync();
        await app.SignInAsync(desk, "officer.gx", deskPassword);
        await desk.WaitForSelectorAsync("#home-title");
        await desk.GotoAsync($"{app.BaseUrl}/Tickets/Detail/{id}");
        await ActAsync(desk, "accept", "Accepted");
        Assert.Contains("市政务服务中心", await desk.TextContentAsync("#action-dispatch-default"));
        await ActAsync(desk, "dispatch", "Dispatched");
        Assert.Contains("市政务服务中心", await desk.TextContentAsync("#ticket-handler"));
        Assert.Equal("0.0%", await ClosureRateAsync(desk, app.BaseUrl));

        // The department starts, asks a question, and answers after the investor replies.
        var handler = await app.NewPageAsync();
        await app.SignInAsync(handler, "handler.d18", handlerPassword);
        await handler.WaitForSelectorAsync("#home-title");
        await handler.GotoAsync($"{app.BaseUrl}/Tickets/Detail/{id}");
        await ActAsync(handler, "start", "InProgress");
        await handler.FillAsync("#action-comment-note", "请提供环评报告编号。");
        await ActAsync(handler, "comment", "InProgress");
        await investor.ReloadAsync();
        Assert.Contains("请提供环评报告编号。", await investor.TextContentAsync("[data-testid=timeline]"));
        await investor.FillAsync("#action-comment-note", "编号 黔环评〔2026〕12 号");
        await ActAsync(investor, "comment", "InProgress");
        await handler.ReloadAsync();
        await handler.FillAsync("#action-answer-note", "已协调，环评批复将于本周出具。");
        await ActAsync(handler, "answer", "Answered");

        // The desk checks the answer; the investor sees it and rates it; the ticket closes.
        await desk.GotoAsync($"{app.BaseUrl}/Tickets/Detail/{id}");
        await ActAsync(desk, "check", "AwaitingRating");
        await investor.ReloadAsync();
        Assert.Equal("已协调，环评批复将于本周出具。", (await investor.TextContentAsync("#ticket-answer"))!.Trim());
        await investor.SelectOptionAsync("#action-rate-rating", "5");
        await investor.FillAsync("#action-rate-note", "很满意");
        await ActAsync(investor, "rate", "Closed");
        Assert.Contains("5 分", await investor.TextContentAsync("#ticket-rating"));

        // The department's closure rate on the statistics page has moved.
        Assert.Equal("100.0%", await ClosureRateAsync(desk, app.BaseUrl));
        await investor.GotoAsync($"{app.BaseUrl}/Notifications/Inbox");
        Assert.True(await investor.Locator("[data-testid=inbox-item]").CountAsync() > 0);
    }

    /// <summary>The system admin enters next year's holidays (a typo is refused with its line) and a routing rule on the settings page.</summary>
    [BrowserFact]
    public async Task The_admin_keeps_the_holidays_and_routing_rules_on_the_settings_page()
    {
        await using var app = await BrowserApp.StartAsync();
        var (_, password) = await app.App.AddUserAsync("sys.tickets", Roles.SysAdmin, "520000");
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "sys.tickets", password);
        await page.WaitForSelectorAsync("#home-title");
        await page.ClickAsync("#nav-ticket-settings");
        await page.WaitForSelectorAsync("#calendar-form");
        await page.GotoAsync(app.BaseUrl + "/Tickets/Settings?year=2027");
        Assert.Equal("", await page.InputValueAsync("#calendar-days"));

        await page.FillAsync("#calendar-days", "2027-01-01 休 元旦\n2027-01-02 休 元旦");
        await page.ClickAsync("#calendar-save");
        await page.WaitForSelectorAsync("#settings-error");
        Assert.Contains("第 2 行", await page.TextContentAsync("#settings-error"));
        Assert.Contains("2027-01-02 休 元旦", await page.InputValueAsync("#calendar-days")); // the typed text is kept to correct
        await page.FillAsync("#calendar-days", "2027-01-04 休 元旦\n2027-01-01 休 元旦\n\n2027-01-09 班 元旦调休上班");
        await page.ClickAsync("#calendar-save");
        await page.WaitForSelectorAsync("#settings-message");
        Assert.Equal("2027-01-01 休 元旦\n2027-01-04 休 元旦\n2027-01-09 班 元旦调休上班", await page.InputValueAsync("#calendar-days"));

        var guiyang = (await app.App.OrgAsync("520100")).Id.ToString();
        await page.SelectOptionAsync("#rule-area", guiyang);
        await page.SelectOptionAsync("#rule-category", "Labour");
        await page.SelectOptionAsync("#rule-handler", (await app.App.OrgAsync("520100-D05")).Id.ToString());
        await page.FillAsync("#rule-days", "12");
        await page.ClickAsync("#rule-save");
        await page.WaitForSelectorAsync("#settings-message");
        var row = page.Locator("[data-testid=rule-row]", new PageLocatorOptions { HasText = "市工业和信息化局" });
        Assert.Contains("12 个工作日", await row.TextContentAsync());
    }

    private static async Task ActAsync(IPage page, string action, string expectedState)
    {
        // The old page is marked, so that waiting cannot be satisfied by it before the post has come back.
        await page.EvaluateAsync("() => document.body.dataset.stale = '1'");
        await page.ClickAsync($"#action-{action}");
        await page.WaitForSelectorAsync($"body:not([data-stale]) #ticket-state[data-state={expectedState}]");
        Assert.Equal(0, await page.Locator("#action-error").CountAsync());
    }

    private static async Task<string> ClosureRateAsync(IPage page, string baseUrl)
    {
        await page.GotoAsync(baseUrl + "/Tickets/Stats?by=department");
        var row = page.Locator("[data-testid=stats-row]", new PageLocatorOptions { HasText = "市政务服务中心" });
        return (await row.Locator("td").Nth(3).TextContentAsync())!.Trim();
    }
}
