using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Host;

/// <summary>
/// A post a service refuses comes back as the page with the refusal where its form is (the one page filter, not a catch
/// per handler): a field's message by its field, a refused change of a row above the page, what was typed kept.
/// </summary>
public sealed class RefusalPageTests
{
    [Fact]
    public async Task A_refused_post_is_said_where_its_form_is_and_the_page_is_shown_again()
    {
        using var app = new TestApp();
        var (investorId, _) = await app.AddUserAsync("investor.refusal", Roles.Enterprise, "520103");
        var (_, adminPassword) = await app.AddUserAsync("sys.refusal", Roles.SysAdmin, "520000");
        var admin = await app.SignInAsync("sys.refusal", adminPassword);

        // The enterprise field says the enterprise is not found, beside what was typed; a disable without its reason is said above.
        var tie = await PostAsync(admin, $"/Users?id={investorId}", "Enterprise", new() { ["id"] = investorId.ToString(), ["enterprise"] = "不存在的企业" });
        Assert.False(string.IsNullOrWhiteSpace(tie.GetElementById("user-enterprise-error")?.TextContent));
        Assert.Equal("不存在的企业", tie.GetElementById("user-enterprise")!.GetAttribute("value"));
        var disable = await PostAsync(admin, $"/Users?id={investorId}", "Disable", new() { ["id"] = investorId.ToString(), ["reason"] = "" });
        Assert.Contains("请填写停用原因", disable.GetElementById("user-error")!.TextContent);
        Assert.NotNull(disable.GetElementById("user-disable-form")); // the selected account is still open

        // A unit's rename without a name is said above the tree, not on the new-unit form's name field.
        var unit = await app.OrgAsync("520103");
        var rename = await PostAsync(admin, $"/Orgs?id={unit.Id}", "Rename", new() { ["id"] = unit.Id.ToString(), ["name"] = "", ["version"] = unit.Version.ToString() });
        Assert.Contains("单位名称不能为空", rename.GetElementById("org-error")!.TextContent);
        Assert.Empty(rename.QuerySelectorAll(".is-invalid"));

        var resend = await PostAsync(admin, "/Notifications/Webhooks", "Retry", new() { ["id"] = Guid.CreateVersion7().ToString() });
        Assert.Contains("投递记录不存在", resend.GetElementById("webhook-error")!.TextContent);

        // A card moved where the stage machine does not go: the board says why and shows every column again.
        var api = await app.ClientForAsync("officer.yunyan");
        var project = (await (await api.PostAsJsonAsync("/api/projects", new { name = "云岩区看板项目", agreedInvestmentYuan = 100_000_000 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var officer = await app.SignInAsync("officer.yunyan");
        var move = await PostAsync(officer, "/Projects/Board", "Move", new() { ["id"] = project.ToString(), ["to"] = "operating", ["version"] = "0" });
        Assert.False(string.IsNullOrWhiteSpace(move.GetElementById("board-error")?.TextContent));
        Assert.NotEmpty(move.QuerySelectorAll("[data-testid=kanban-card]"));
    }

    /// <summary>Posts a handler of a page as its form does (with the page's anti-forgery token); the refusal is a page, not an error status.</summary>
    private static async Task<IHtmlDocument> PostAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(url));
        fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var target = url + (url.Contains('?') ? "&" : "?") + "handler=" + handler;
        var response = await client.PostAsync(target, new FormUrlEncodedContent(fields));
        Assert.True(response.IsSuccessStatusCode, $"{target}: {(int)response.StatusCode}");
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }
}
