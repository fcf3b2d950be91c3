using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.BrowserTests;

public sealed class LedgerTests
{
    [BrowserFact]
    public async Task An_officer_filters_the_ledger_in_chinese_exports_it_moves_a_card_and_sees_the_move_on_the_timeline()
    {
        await using var app = await BrowserApp.StartAsync();
        var api = await app.ApiClientAsync("officer.yunyan");
        var ids = new Dictionary<string, Guid>();
        foreach (var (name, amount) in new[] { ("云岩区磷化工新材料项目", 800_000_000L), ("云岩区大数据中心", 2_000_000_000L), ("云岩区商贸综合体", 500_000_000L) })
        {
            var created = await (await api.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = amount, isIndustrial = true }))
                .Content.ReadFromJsonAsync<JsonElement>();
            ids[name] = created.GetProperty("id").GetGuid();
        }
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/projects/{ids["云岩区磷化工新材料项目"]}/stage",
            new { to = "signed", date = "2026-01-10", contractAmountYuan = 900_000_000 })).StatusCode);

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "officer.yunyan", app.Credentials["officer.yunyan"]);
        await page.WaitForSelectorAsync("#home-title");
        await page.ClickAsync("#nav-projects");
        await page.WaitForSelectorAsync("[data-testid=ledger-table]");
        Assert.Equal(3, await page.Locator("[data-testid=ledger-row]").CountAsync());

        // Filter in Chinese: htmx swaps the results and the address keeps the filter.
        await page.FillAsync("[data-testid=ledger-q]", "磷化工");
        await page.ClickAsync("[data-testid=ledger-search]");
        await Assertions.Expect(page.Locator("[data-testid=ledger-row]")).ToHaveCountAsync(1);
        Assert.Contains("q=", page.Url);
        Assert.Equal("云岩区磷化工新材料项目", (await page.TextContentAsync("[data-testid=ledger-link]"))!.Trim());
        // The total row follows the filter: the one project, at its contract amount in 亿元.
        await Assertions.Expect(page.Locator("[data-testid=ledger-total-row]")).ToContainTextAsync("1 个项目");
        Assert.Equal("9.00 亿元", (await page.TextContentAsync("[data-testid=ledger-total-amount]"))!.Trim());

        // The export holds exactly what is filtered.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=ledger-export]"));
        var file = Path.Combine(Path.GetTempPath(), Guid.CreateVersion7() + ".xlsx");
        await download.SaveAsAsync(file);
        await using (var stream = File.OpenRead(file))
        {
            var rows = Xlsx.Read(stream, 100).Single().Rows;
            Assert.Equal(2, rows.Count);
            Assert.Equal("云岩区磷化工新材料项目", rows[1][1]);
            Assert.Equal("签约", rows[1][7]);
        }
        File.Delete(file);

        // On the kanban the card is dragged from 签约 to 开工; the form asks for the start date.
        await page.ClickAsync("#ledger-board");
        var card = page.Locator("[data-testid=kanban-column-signed] [data-testid=kanban-card]");
        await card.WaitForAsync();
        await DragAsync(page, card, page.Locator("[data-testid=kanban-column-started]"));
        var form = card.Locator("[data-testid=stage-form]");
        await form.Locator("[data-testid=stage-date]").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Equal("started", await form.Locator("[data-testid=stage-to]").InputValueAsync());
        await form.Locator("[data-testid=stage-date]").FillAsync("2026-02-15");
        await page.EvaluateAsync("window.zsSamePage = true"); // the move swaps the board, not the page (htmx)
        await form.Locator("[data-testid=stage-submit]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=board-message]");
        Assert.True(await page.EvaluateAsync<bool>("window.zsSamePage === true"));
        Assert.Equal(1, await page.Locator("[data-testid=kanban-column-started] [data-testid=kanban-card]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=kanban-column-signed] [data-testid=kanban-card]").CountAsync());

        // An illegal move (开工 → 洽谈) is not offered: the card says so and nothing changes.
        var started = page.Locator("[data-testid=kanban-column-started] [data-testid=kanban-card]");
        await DragAsync(page, started, page.Locator("[data-testid=kanban-column-negotiating]"));
        await started.Locator("[data-kanban-notice]").WaitForAsync(new() { State = WaitForSelectorState.Visible });

        // The project page's timeline shows the move, with who made it.
        await started.Locator("a").First.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=timeline]");
        Assert.Equal("started", await page.GetAttributeAsync("[data-testid=project-stage]", "data-stage"));
        var titles = await page.Locator("[data-testid=timeline-item][data-kind=stage] [data-testid=timeline-title]").AllTextContentsAsync();
        Assert.Equal(["签约 → 开工", "线索 → 签约"], titles.Select(t => t.Trim()).ToArray());
        Assert.Contains("officer.yunyan", await page.Locator("[data-testid=timeline-item][data-kind=stage]").First.TextContentAsync());
    }

    /// <summary>
    /// HTML5 drag and drop as the browser fires it (dragstart on the card, dragenter/dragover/drop on the column, one
    /// DataTransfer throughout): headless Chromium does not start a native drag from synthetic mouse input.
    /// </summary>
    private static async Task DragAsync(IPage page, ILocator source, ILocator target)
    {
        var transfer = await page.EvaluateHandleAsync("() => new DataTransfer()");
        await source.DispatchEventAsync("dragstart", new { dataTransfer = transfer });
        foreach (var type in new[] { "dragenter", "dragover", "drop" })
        {
            await target.DispatchEventAsync(type, new { dataTransfer = transfer });
        }
        await source.DispatchEventAsync("dragend", new { dataTransfer = transfer });
    }
}
