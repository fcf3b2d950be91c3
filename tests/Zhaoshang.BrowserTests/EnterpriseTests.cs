using Microsoft.Playwright;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Tickets;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Enterprises;

namespace Zhaoshang.BrowserTests;

public sealed class EnterpriseTests
{
    private static string Code(string seventeen) => seventeen + CreditCode.CheckCharacter(seventeen);

    /// <summary>
    /// An officer starts a project, finds its investor is not registered, registers it from the project form (a typo in
    /// the credit code is named as it is typed), and saves the project with it, never leaving the form. The directory
    /// then lists the enterprise; registering a similar name flags the possible duplicate as it is typed.
    /// </summary>
    [BrowserFact]
    public async Task An_officer_registers_a_new_investor_from_the_project_form_and_finds_it_in_the_directory()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "officer.yunyan", app.Credentials["officer.yunyan"]);
        await page.WaitForSelectorAsync("#home-title");
        await page.GotoAsync(app.BaseUrl + "/Projects/Edit");
        await page.FillAsync("[data-testid=input-name]", "云岩区新能源电池材料项目");
        await page.FillAsync("[data-testid=input-amount]", "35000");

        await page.ClickAsync("#investor-new");
        var dialog = page.Locator("#investor-dialog");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await page.FillAsync("#investor-name", "贵州黔新电池材料有限公司");
        var good = Code("91520103MA6K2M8R0");
        var typo = good[..17] + (good[17] == 'A' ? 'B' : 'A');
        await page.Locator("#investor-code").PressSequentiallyAsync(typo.ToLowerInvariant());
        await Assertions.Expect(page.Locator("#investor-code")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        Assert.Contains("校验位", await dialog.Locator("[data-credit-code-feedback]").TextContentAsync());
        await page.FillAsync("#investor-code", good);
        await page.SelectOptionAsync("#investor-ownership", "Private");
        await page.ClickAsync("#investor-save");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        // Back on the untouched project form: the investor is in its field, and what was typed before is still there.
        Assert.Equal("贵州黔新电池材料有限公司", await page.InputValueAsync("#Input_Investors"));
        Assert.Equal("云岩区新能源电池材料项目", await page.InputValueAsync("[data-testid=input-name]"));
        await page.ClickAsync("[data-testid=project-save]");
        await app.WaitForUrlAsync(page, "**/Projects/Detail?id=*");
        Assert.Contains("贵州黔新电池材料有限公司", await page.Locator("body").InnerTextAsync());

        // The directory lists it, searchable by its code; it opens with its details.
        await page.ClickAsync("#nav-enterprises");
        await page.WaitForSelectorAsync("#enterprises-table");
        await page.FillAsync("#enterprises-q", good);
        await page.EvaluateAsync("window.zsSamePage = true"); // the filter swaps the table, not the page (htmx)
        await page.ClickAsync("#enterprises-search");
        await Assertions.Expect(page.Locator("[data-testid=enterprise-row]")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("window.zsSamePage === true"));
        Assert.Contains("q=", page.Url, StringComparison.Ordinal); // the address keeps the filter (back, reload, share)
        await page.ClickAsync("[data-testid=enterprise-link]");
        await page.WaitForSelectorAsync("#enterprise-form");
        Assert.Equal(good, await page.InputValueAsync("#Input_CreditCode"));
        // A confirmation is one of the page's own, never text put into the address by someone else.
        await page.GotoAsync(page.Url + "&msg=" + Uri.EscapeDataString("请立即向以下账户转账"));
        Assert.Equal(0, await page.Locator("#enterprise-msg").CountAsync());

        // A second registration of nearly the same name is flagged as it is typed, before anything is saved.
        await page.GotoAsync(app.BaseUrl + "/Enterprises/Edit");
        await page.Locator("#Input_Name").PressSequentiallyAsync("贵州黔新电池材料股份有限公司");
        await page.Locator("[data-testid=duplicate-names]").WaitForAsync();
        Assert.Contains("贵州黔新电池材料有限公司", await page.TextContentAsync("[data-testid=duplicate-names]"));
        // Its code, already registered, is refused on save with the enterprise that holds it; the form keeps what was typed.
        await page.FillAsync("#Input_CreditCode", good);
        await page.ClickAsync("#enterprise-save");
        await page.WaitForSelectorAsync("#enterprise-error");
        Assert.Contains("贵州黔新电池材料有限公司", await page.TextContentAsync("#enterprise-error"));
        Assert.Equal("贵州黔新电池材料股份有限公司", await page.InputValueAsync("#Input_Name"));
    }

    /// <summary>The system admin ties a new enterprise account to its enterprise on the user page; the account can then file an appeal.</summary>
    [BrowserFact]
    public async Task The_admin_links_an_enterprise_account_to_its_enterprise_on_the_user_page()
    {
        await using var app = await BrowserApp.StartAsync();
        var officer = await app.ApiClientAsync("officer.yunyan");
        var code = Code("91520103MA6K2M9R0");
        await TicketFlow.EnterpriseAsync(officer, "贵州筑城食品有限公司", code[..17]);
        var (investorId, investorPassword) = await app.App.AddUserAsync("investor.zc", Roles.Enterprise, "520103");
        var (_, adminPassword) = await app.App.AddUserAsync("sys.users", Roles.SysAdmin, "520000");

        var admin = await app.NewPageAsync();
        await app.SignInAsync(admin, "sys.users", adminPassword);
        await admin.WaitForSelectorAsync("#home-title");
        await admin.GotoAsync($"{app.BaseUrl}/Users?id={investorId}");
        await admin.WaitForSelectorAsync("#user-enterprise-none");
        await admin.FillAsync("#user-enterprise", "贵州筑城食品");
        await admin.ClickAsync("#user-enterprise-link");
        await admin.WaitForSelectorAsync("#user-enterprise-error"); // not the full name: refused, naming what was typed
        Assert.Equal("贵州筑城食品", await admin.InputValueAsync("#user-enterprise"));
        await admin.FillAsync("#user-enterprise", code.ToLowerInvariant());
        await admin.ClickAsync("#user-enterprise-link");
        await admin.WaitForSelectorAsync("#user-enterprise-current");
        Assert.Equal("贵州筑城食品有限公司", (await admin.TextContentAsync("#user-enterprise-current strong"))!.Trim());

        var investor = await app.NewPageAsync();
        await app.SignInAsync(investor, "investor.zc", investorPassword);
        await investor.WaitForSelectorAsync("#home-title");
        await investor.GotoAsync(app.BaseUrl + "/Tickets/New");
        await investor.FillAsync("#ticket-title", "冷链仓储用地咨询");
        await investor.ClickAsync("#ticket-submit");
        await app.WaitForUrlAsync(investor, "**/Tickets/Detail/*");
    }
}
