namespace Zhaoshang.BrowserTests;

/// <summary>Issue 20: a leader's home is the cockpit, on a desktop and on a phone, and a tile's number opens its list.</summary>
public sealed class CockpitTests
{
    [BrowserFact]
    public async Task A_leaders_home_is_the_cockpit_and_a_figure_opens_the_list_it_counts()
    {
        await using var app = await BrowserApp.StartAsync(new Dictionary<string, string?> { ["Zhaoshang:DemoLedger"] = "true" });
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await app.NewPageAsync(width, height);
            await app.SignInAsync(page, "leader.gy", app.Credentials["leader.gy"]);
            await page.WaitForSelectorAsync("#cockpit-title");
            Assert.EndsWith("/Cockpit", page.Url);
            Assert.True(await page.Locator("[data-testid=cockpit-tile]").CountAsync() >= 6);

            // On the phone the tiles stack, one a row, and every number is a tap target of 44 px or more.
            var boxes = await page.Locator("[data-testid=cockpit-figure]").EvaluateAllAsync<double[][]>(
                "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })");
            Assert.All(boxes, b => Assert.True(b[1] >= 44, $"a figure {b[1]} px high"));
            if (width < 768)
            {
                var tiles = await page.Locator("[data-testid=cockpit-tile]").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().width)");
                Assert.All(tiles, w => Assert.True(w > width * 0.85 && w <= width, $"a tile {w} px wide on a {width} px screen"));
                // Three tiles a screen (移动端): the numbers stay, the charts are the desktop's.
                var heights = await page.Locator("[data-testid=cockpit-tile]").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().height)");
                Assert.True(heights.Average() <= height / 3.0, $"tiles {heights.Average():F0} px high on average on a {height} px screen");
                Assert.Equal(0, await page.Locator("[data-testid=cockpit-tile] .chart:visible").CountAsync());
            }

            // 签约 of the stages: the number opens the ledger filtered to it, which counts the same.
            var figure = page.Locator("[data-key='stages.signed']");
            var shown = (await figure.Locator(".num").InnerTextAsync()).Trim();
            var count = new string(shown.TakeWhile(c => char.IsDigit(c) || c == ',').ToArray());
            await figure.ClickAsync();
            await page.WaitForURLAsync("**/Projects?stage=signed");
            Assert.Contains(count, await page.TextContentAsync("[data-testid=ledger-total]"));
            await page.Context.CloseAsync();
        }

        // The meeting room's screen: 1920×1080, its sections shown in turn.
        var screen = await app.NewPageAsync(1920, 1080);
        await app.SignInAsync(screen, "leader.gy", app.Credentials["leader.gy"]);
        await screen.WaitForSelectorAsync("#cockpit-title");
        await screen.ClickAsync("#cockpit-screen");
        await screen.WaitForSelectorAsync("#screen-title");
        await screen.GotoAsync(app.BaseUrl + "/Cockpit/Screen?seconds=5");
        var sections = screen.Locator("[data-testid=screen-section]");
        Assert.True(await sections.CountAsync() >= 2);
        Assert.True(await sections.Nth(0).IsVisibleAsync());
        Assert.False(await sections.Nth(1).IsVisibleAsync());
        await screen.WaitForFunctionAsync("() => !document.querySelectorAll('[data-testid=screen-section]')[1].hidden", null, new() { Timeout = 12_000 });
        Assert.False(await sections.Nth(0).IsVisibleAsync());
    }
}
