using System.Net.Http.Json;
using Microsoft.Playwright;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.BrowserTests;

public sealed class ActivityTests
{
    /// <summary>
    /// A resident office records a visit to two enterprises with its first visit in the browser. A save without a name
    /// shows the error next to the field, focuses it, and keeps everything typed; the saved visit is listed with its
    /// enterprises and the office's part.
    /// </summary>
    [BrowserFact]
    public async Task A_resident_office_records_a_visit_to_two_enterprises_with_its_first_visit()
    {
        await using var app = await BrowserApp.StartAsync();
        var api = await app.ApiClientAsync("officer.beijing");
        foreach (var name in new[] { "中国某某重工集团有限公司", "北京某某数据科技有限公司" })
        {
            Assert.True((await api.PostAsJsonAsync("/api/enterprises", new { name })).IsSuccessStatusCode);
        }
        var office = (await app.App.OrgAsync("520100-R01")).Id;

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "officer.beijing", app.Credentials["officer.beijing"]);
        await page.WaitForSelectorAsync("#home-title");
        await page.ClickAsync("#nav-activities");
        await page.WaitForSelectorAsync("#activities-table");
        await page.ClickAsync("#activities-new");
        await page.WaitForSelectorAsync("#activity-form");
        Assert.True(await page.Locator("[data-kind-field=LeaderTrip]").IsHiddenAsync()); // a visit has no leader
        await page.FillAsync("#Input_Date", "2026-03-01");
        await page.FillAsync("#Input_Enterprises", "中国某某重工集团有限公司、北京某某数据科技有限公司");
        await page.SelectOptionAsync($"#office-{office}", "FirstVisit");
        await page.ClickAsync("#activity-save");

        await page.WaitForSelectorAsync("[data-testid=error-title]");
        // The focus moves once the page has loaded (DOMContentLoaded), which can be after the message is in the page: waited for, not read at once.
        await Assertions.Expect(page.Locator("#Input_Title")).ToBeFocusedAsync();
        Assert.Equal("中国某某重工集团有限公司、北京某某数据科技有限公司", await page.InputValueAsync("#Input_Enterprises"));
        Assert.Equal("FirstVisit", await page.InputValueAsync($"#office-{office}"));
        Assert.Equal("2026-03-01", await page.InputValueAsync("#Input_Date"));

        await page.FillAsync("#Input_Title", "拜访某某重工总部");
        await page.ClickAsync("#activity-save");
        await app.WaitForUrlAsync(page, "**/Activities?msg=*");
        var row = page.Locator("[data-testid=activity-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var text = await row.InnerTextAsync();
        Assert.Contains("拜访某某重工总部", text);
        Assert.Contains("中国某某重工集团有限公司、北京某某数据科技有限公司", text);
        Assert.Contains("市政府驻北京联络处（首次拜访）", text);
    }
}
