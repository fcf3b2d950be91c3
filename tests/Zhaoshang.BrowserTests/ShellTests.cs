using Microsoft.Playwright;

namespace Zhaoshang.BrowserTests;

public sealed class ShellTests
{
    [BrowserFact]
    public async Task An_officer_signs_in_switches_to_English_and_opens_the_org_tree()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        Assert.Contains("/Account/Login", page.Url);
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("账户登录", (await page.TextContentAsync("h2"))!.Trim());

        // A leader's home is the cockpit; the to-do page is one click away.
        await app.SignInAsync(page, "leader.gy", app.Credentials["leader.gy"]);
        await page.WaitForSelectorAsync("#cockpit-title");
        Assert.Contains("贵阳市", await page.TextContentAsync("[data-testid=current-org]"));
        await page.ClickAsync("#nav-home");
        await page.WaitForSelectorAsync("#home-title");

        await page.ClickAsync("[data-testid=lang-switch]");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'en'");
        Assert.StartsWith("Welcome", (await page.TextContentAsync("#home-title"))!.Trim());

        await page.ClickAsync("#nav-orgs");
        await page.WaitForSelectorAsync("[data-testid=org-tree]");
        Assert.Equal("Organisations", (await page.TextContentAsync("#orgs-title"))!.Trim());
        var codes = await page.Locator("[data-testid=org-node]").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.orgCode)");
        Assert.Contains("520103", codes);        // 云岩区, inside Guiyang
        Assert.Contains("520100-S01", codes);    // a city SOE
        Assert.DoesNotContain("520300", codes);  // 遵义市 is outside the leader's scope
        Assert.Equal("云岩区", (await page.TextContentAsync("#org-520103"))!.Trim());
    }

    [BrowserFact]
    public async Task An_admin_must_change_the_generated_password_before_anything_else()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "sysadmin", app.Credentials["sysadmin"]);
        await page.WaitForSelectorAsync("[data-testid=password-change-required]");
        await page.GotoAsync(app.BaseUrl + "/Orgs");
        Assert.Contains("/Account/ChangePassword", page.Url);

        await page.FillAsync("#currentPassword", app.Credentials["sysadmin"]);
        await page.FillAsync("#newPassword", "P@ssw0rd");
        await page.FillAsync("#confirmPassword", "P@ssw0rd");
        await page.ClickAsync("#change-password-submit");
        await page.WaitForSelectorAsync("[data-testid=error-newPassword]");

        // The change was asked on the way to the org page: once done, the admin arrives there.
        await page.FillAsync("#currentPassword", app.Credentials["sysadmin"]);
        await page.FillAsync("#newPassword", "Guizhou-Admin-2026!");
        await page.FillAsync("#confirmPassword", "Guizhou-Admin-2026!");
        await page.ClickAsync("#change-password-submit");
        await app.WaitForUrlAsync(page, "**/Orgs");
        await page.WaitForSelectorAsync("#org-new");
    }

    [BrowserFact]
    public async Task On_a_phone_the_navigation_folds_into_a_menu_and_a_lists_filters_behind_one_button()
    {
        await using var app = await BrowserApp.StartAsync();
        var page = await app.NewPageAsync(390, 844);
        await app.SignInAsync(page, "officer.yunyan", app.Credentials["officer.yunyan"]);
        await page.WaitForSelectorAsync("#home-title");
        Assert.False(await page.IsVisibleAsync("#nav-orgs"));
        await page.ClickAsync("[data-testid=nav-toggle]");
        await page.WaitForSelectorAsync("#nav-orgs", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"page is {width}px wide on a 390px phone");

        // A list's filters fold behind one button; a tap opens them.
        await page.GotoAsync(app.BaseUrl + "/Projects");
        Assert.False(await page.IsVisibleAsync("#ledger-q"));
        await page.ClickAsync("details.filter-fold > summary");
        await page.WaitForSelectorAsync("#ledger-q", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
    }
}
