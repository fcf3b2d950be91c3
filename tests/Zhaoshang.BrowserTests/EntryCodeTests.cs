namespace Zhaoshang.BrowserTests;

/// <summary>
/// Issue 20, points 4–5: an officer makes a park's code and prints it; an investor opens the page by its address on a
/// phone, without signing in, and sends an intention; the officer finds the lead in the ledger and the intention in the list.
/// </summary>
public sealed class EntryCodeTests
{
    [BrowserFact]
    public async Task An_investor_scans_a_parks_code_sends_an_intention_and_the_officer_sees_the_lead()
    {
        await using var app = await BrowserApp.StartAsync();
        var officer = await app.NewPageAsync(1440, 900);
        await app.SignInAsync(officer, "officer.yunyan", app.Credentials["officer.yunyan"]);
        await officer.GotoAsync(app.BaseUrl + "/EntryCodes");
        await officer.ClickAsync("#entry-code-new");
        await officer.SelectOptionAsync("#Input_Kind", "Park");
        await officer.FillAsync("#Input_Title", "云岩区大数据产业园");
        await officer.FillAsync("#Input_Introduction", "位于贵阳市中心城区，标准厂房 12 万平方米。");
        await officer.FillAsync("#Input_Industries", "大数据电子信息、现代服务业");
        await officer.FillAsync("#Input_ContactPhone", "0851-86881234");
        await officer.ClickAsync("[data-testid=entry-code-save]");
        await officer.WaitForSelectorAsync("[data-testid=entry-card]");
        // The card's QR image loads (a PNG from the API) and the address it holds is printed under it.
        Assert.True(await officer.EvaluateAsync<bool>("() => document.querySelector('[data-testid=entry-card-qr]').naturalWidth > 100"));
        var address = (await officer.TextContentAsync("[data-testid=entry-card-url]"))!.Trim();
        Assert.StartsWith(app.BaseUrl + "/i/", address);

        // The investor's phone, signed in nowhere.
        var phone = await app.NewPageAsync(390, 844);
        await phone.GotoAsync(address);
        Assert.Equal("云岩区大数据产业园", (await phone.TextContentAsync("[data-testid=landing-title]"))!.Trim());
        // The credit code is checked as it is typed.
        await phone.FillAsync("#Input_CreditCode", "91520103MA6H00001X");
        await phone.Locator("#Input_CreditCode").BlurAsync();
        await phone.WaitForSelectorAsync("#Input_CreditCode.is-invalid");
        await phone.FillAsync("#Input_CreditCode", "");
        await phone.FillAsync("#Input_Company", "贵州黔云数据科技有限公司");
        await phone.FillAsync("#Input_ContactName", "王经理");
        await phone.FillAsync("#Input_Phone", "13912345678");
        await phone.SelectOptionAsync("#Input_Industry", "大数据电子信息");
        await phone.FillAsync("#Input_AmountWan", "20000");
        await phone.FillAsync("#Input_Needs", "需要 5000 平方米标准厂房");
        // Without consent it is refused, naming the box; with it, accepted.
        await phone.ClickAsync("[data-testid=intention-submit]");
        await phone.WaitForSelectorAsync("[data-testid=error-consent]:not(:empty)");
        await phone.CheckAsync("#Input_Consent");
        await phone.ClickAsync("[data-testid=intention-submit]");
        await phone.WaitForSelectorAsync("[data-testid=landing-received]");
        var reference = (await phone.TextContentAsync("[data-testid=intention-reference]"))!.Trim();
        Assert.Matches("^YX-", reference);
        await phone.ClickAsync("[data-testid=follow-link]");
        await phone.WaitForSelectorAsync("[data-testid=follow-stage]");
        Assert.Contains("线索", await phone.TextContentAsync("[data-testid=follow-stage]"));
        // The form's buttons are tap targets on the phone.
        var heights = await phone.Locator(".btn").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().height)");
        Assert.All(heights, h => Assert.True(h >= 44, $"a button {h} px high"));

        // The officer: the lead in the ledger, and the intention with the lead it became.
        await officer.GotoAsync(app.BaseUrl + "/Projects?q=" + Uri.EscapeDataString("黔云数据"));
        await officer.WaitForSelectorAsync("[data-testid=ledger-row]");
        Assert.Contains("贵州黔云数据科技有限公司", await officer.TextContentAsync("[data-testid=ledger-row]"));
        Assert.Contains("线索", await officer.TextContentAsync("[data-testid=ledger-row]"));
        await officer.GotoAsync(app.BaseUrl + "/EntryCodes/Intentions");
        var row = officer.Locator("[data-testid=intention-row]");
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("139****5678", await row.TextContentAsync());
        Assert.Contains(reference, await row.TextContentAsync());
    }
}
