using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Tickets;

namespace Zhaoshang.BrowserTests;

public sealed class MajorTests
{
    /// <summary>
    /// Issue 19 in the browser: a leader opens the major-project list, a project's plan against actual (one node late,
    /// one done), supervises the project's problem from its page, and downloads the month's dispatch report as a 公文.
    /// </summary>
    [BrowserFact]
    public async Task A_leader_reads_the_list_and_a_plan_supervises_a_problem_and_downloads_the_dispatch_report()
    {
        await using var app = await BrowserApp.StartAsync();
        var officer = await app.ApiClientAsync("officer.yunyan");
        var project = await TicketFlow.SignedProjectAsync(officer, "云岩区浏览器重大项目");
        var code = (await officer.GetFromJsonAsync<JsonElement>($"/api/projects/{project}")).GetProperty("project").GetProperty("code").GetString()!;
        var leaderId = await app.App.UserIdAsync("leader.gy");
        var listed = await officer.PutAsJsonAsync($"/api/majors/{project}", new { leaderUserId = leaderId });
        var version = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("major").GetProperty("version").GetInt64();
        var today = DateOnly.FromDateTime(app.App.Clock.GetUtcNow().AddHours(8).UtcDateTime);
        var plan = await officer.PutAsJsonAsync($"/api/majors/{project}/plan", new
        {
            version,
            nodes = new object[]
            {
                new { code = "filing", name = "项目备案/核准", plannedDate = "2026-10-01", actualDate = "2026-09-28" },
                new { code = "landSupply", name = "土地供应", plannedDate = today.AddDays(-10).ToString("yyyy-MM-dd") },
                new { code = "start", name = "开工", plannedDate = today.AddDays(60).ToString("yyyy-MM-dd") },
            },
        });
        Assert.True(plan.IsSuccessStatusCode, await plan.Content.ReadAsStringAsync());
        var ticket = (await (await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", projectId = project, title = "土地供应滞后" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "leader.gy", app.Credentials["leader.gy"]);
        await page.WaitForSelectorAsync("#cockpit-title");
        await page.ClickAsync("#nav-majors");
        await page.WaitForSelectorAsync("#majors-table");
        await page.ClickAsync($"[data-testid=major-row][data-code='{code}'] [data-testid=major-link]");
        await page.WaitForSelectorAsync("#plan-gantt");
        Assert.Equal("市级领导（演示）", (await page.TextContentAsync("[data-testid=major-leader]"))!.Trim());
        Assert.Equal(1, await page.Locator("[data-testid=plan-node][data-state=late]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=plan-node][data-state=done]").CountAsync());
        Assert.Contains("逾期 10 天", await page.TextContentAsync("[data-testid=plan-node][data-state=late]"));

        // The project's problem, supervised from its page with a deadline; it is on the leader's own list.
        await page.GotoAsync($"{app.BaseUrl}/Tickets/Detail/{ticket}");
        await page.ClickAsync("#ticket-supervise");
        await page.WaitForSelectorAsync("#supervise-form");
        await page.FillAsync("#supervise-deadline", today.AddDays(21).ToString("yyyy-MM-dd"));
        await page.ClickAsync("#supervise-save");
        await app.WaitForUrlAsync(page, "**/Majors/Supervised**");
        Assert.Contains("土地供应滞后", await page.TextContentAsync("[data-testid=supervised-item]"));

        // The month's dispatch report: on the page, then as the 公文 with its number.
        await page.GotoAsync($"{app.BaseUrl}/Majors");
        await page.ClickAsync("#majors-report");
        await page.WaitForSelectorAsync("#dispatch-report");
        Assert.Contains("土地供应滞后", await page.TextContentAsync("#report-supervised"));
        await page.ClickAsync("#report-word");
        await page.FillAsync("#report-number", "筑投促调〔2026〕12号");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=report-docx]"));
        Assert.EndsWith(".docx", download.SuggestedFilename, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), Guid.CreateVersion7() + ".docx");
        await download.SaveAsAsync(file);
        using (var document = WordprocessingDocument.Open(file, false))
        {
            var text = document.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("重大项目调度通报", text);
            Assert.Contains("筑投促调〔2026〕12号", text);
            Assert.Contains("土地供应", text); // the overdue node
        }
        File.Delete(file);
    }

    /// <summary>
    /// A county's officer keeps its own plan template: from the list's settings it picks its district and the industry
    /// group, sees the system's template in force, changes a node's days and saves it as the district's own.
    /// </summary>
    [BrowserFact]
    public async Task A_county_officer_keeps_its_own_plan_template()
    {
        await using var app = await BrowserApp.StartAsync();
        var yunyan = (await app.App.OrgAsync("520103")).Id;
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "officer.yunyan", app.Credentials["officer.yunyan"]);
        await page.WaitForSelectorAsync("#home-title");
        await page.GotoAsync($"{app.BaseUrl}/Majors");
        await page.ClickAsync("#majors-settings");
        await page.WaitForSelectorAsync("#template-card");
        Assert.Equal(0, await page.Locator("#template-save").CountAsync()); // the system's: the system admin's to keep
        await page.SelectOptionAsync("#template-level", yunyan.ToString());
        await page.SelectOptionAsync("#template-group", "industry");
        await page.ClickAsync("#template-show");
        await page.WaitForSelectorAsync("#template-save");
        Assert.Contains("系统默认模板", await page.TextContentAsync("#template-source"));
        await page.FillAsync("input[name='Nodes[0].Days']", "12");
        await page.FillAsync("input[name='Nodes[11].Name']", "竣工验收"); // a new node, after 达产
        await page.SelectOptionAsync("select[name='Nodes[11].After']", "capacity");
        await page.FillAsync("input[name='Nodes[11].Days']", "30");
        await page.ClickAsync("#template-save");
        await page.WaitForSelectorAsync("#majors-settings-message");
        Assert.Contains("本级模板", await page.TextContentAsync("#template-source"));
        Assert.Equal("12", await page.InputValueAsync("input[name='Nodes[0].Days']"));
        var client = await app.ApiClientAsync("officer.yunyan");
        var template = await client.GetFromJsonAsync<JsonElement>($"/api/plan-templates/industry?orgId={yunyan}");
        Assert.Equal(12, template[0].GetProperty("days").GetInt32());
        Assert.Equal(12, template.GetArrayLength()); // the blank rows left out
        Assert.Equal(("n1", "竣工验收", "capacity", 30), (template[11].GetProperty("code").GetString(), template[11].GetProperty("name").GetString(),
            template[11].GetProperty("after").GetString(), template[11].GetProperty("days").GetInt32()));
    }
}
