using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Zhaoshang.Tests.Assessment;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.BrowserTests;

public sealed class AssessmentTests
{
    [BrowserFact]
    public async Task A_leader_opens_the_assessment_drills_from_industrial_funds_to_the_fund_entries_and_downloads_the_bulletin()
    {
        await using var app = await BrowserApp.StartAsync();
        var assessor = await app.ApiClientAsync("assessor.gy");
        var targets = Workbook.Build(new Workbook.Sheet("区县", [
            ["（区县）"],
            ["序号", "责任单位", "产业到位资金(亿元)", "工业到位资金(亿元)"],
            ["1", "云岩区", "20", "10"],
            ["2", "南明区", "8", "4"],
            [null, "合计", "28", "14"],
        ]));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(targets), "file", "targets.xlsx" } })
        {
            Assert.Equal(HttpStatusCode.OK, (await assessor.PostAsync("/api/targets/import?year=2023", form)).StatusCode);
        }
        // 云岩区: an industrial project with 3亿 in place in January and 2亿 in March, and a commercial one with 1亿 in February.
        var officer = await app.ApiClientAsync("officer.yunyan");
        async Task<Guid> ProjectAsync(string name, bool industrial, params (int Month, long Yuan)[] funds)
        {
            var created = await (await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = 1_000_000_000, isIndustrial = industrial }))
                .Content.ReadFromJsonAsync<JsonElement>();
            var id = created.GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2023-01-05", contractAmountYuan = 1_000_000_000 })).StatusCode);
            foreach (var (month, yuan) in funds)
            {
                Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync($"/api/projects/{id}/funds", new { year = 2023, month, amountYuan = yuan })).StatusCode);
            }
            return id;
        }
        var industrial = await ProjectAsync("云岩区新材料产业园", true, (1, 300_000_000), (3, 200_000_000));
        await ProjectAsync("云岩区商贸综合体", false, (2, 100_000_000));

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "leader.gy", app.Credentials["leader.gy"]);
        await page.WaitForSelectorAsync("#cockpit-title");
        await page.ClickAsync("#nav-assessment");
        await page.WaitForSelectorAsync("#assessment-filter");
        await page.SelectOptionAsync("[data-testid=assessment-year]", "2023");
        await page.SelectOptionAsync("[data-testid=assessment-period]", "m6");
        await page.ClickAsync("#assessment-filter button[type=submit]");
        await page.WaitForURLAsync("**/Assessment?year=2023&period=m6*");
        Assert.Equal("50.0%", (await page.TextContentAsync("[data-testid=time-progress]"))!.Trim());

        // The group's table and its chart: 云岩区's 工业到位资金 is 5 of 10 (50 %, on time at June's 50 %).
        var row = page.Locator("[data-testid=assessment-row][data-org=云岩区]");
        var funds = row.Locator("td[data-indicator=industrialFunds]");
        Assert.Equal("5.00", (await funds.Locator("[data-testid=figure]").TextContentAsync())!.Trim());
        Assert.Contains("50.0%", await funds.TextContentAsync());
        Assert.Contains("符合序时", await funds.TextContentAsync());
        await page.Locator(".chart svg").First.WaitForAsync(); // ECharts drew the completion chart

        // Drill down: the figure opens its fund entries, which add up to it, each opening its project.
        await funds.Locator("[data-testid=figure]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=facts-table]");
        Assert.Equal("云岩区 · 工业到位资金", (await page.TextContentAsync("#facts-title"))!.Trim());
        var facts = page.Locator("[data-testid=fact-row]");
        Assert.Equal(2, await facts.CountAsync());
        var texts = new List<string>();
        foreach (var fact in await facts.AllAsync())
        {
            var cells = (await fact.Locator("td").AllTextContentsAsync()).Select(t => t.Trim()).ToList();
            texts.Add($"{cells[0]} {cells[1]} {cells[2]} {cells[6]}"); // kind, month, project, 亿元
        }
        Assert.Equal(["到位资金 2023-01 云岩区新材料产业园 3.00", "到位资金 2023-03 云岩区新材料产业园 2.00"], texts);
        Assert.Equal("5.00", (await page.TextContentAsync("[data-testid=facts-total]"))!.Trim());
        Assert.Equal("5.00", (await page.TextContentAsync("[data-testid=facts-actual]"))!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        await facts.First.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync($"**/Projects/Detail?id={industrial}");

        // Back on the assessment: the month's bulletin downloads as Word and Excel, with 云岩区's row.
        await page.GoBackAsync();
        await page.GoBackAsync();
        await page.ClickAsync("#bulletin-word"); // the 公文's issuing unit, number and date before it downloads
        await page.FillAsync("#bulletin-number", "筑招商通〔2023〕6号");
        var docx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=bulletin-docx]"));
        Assert.Equal("2023年6月招商引资目标任务通报.docx", docx.SuggestedFilename);
        var docxFile = Path.Combine(Path.GetTempPath(), Guid.CreateVersion7() + ".docx");
        await docx.SaveAsAsync(docxFile);
        using (var document = WordprocessingDocument.Open(docxFile, false))
        {
            Assert.Contains("2023年6月招商引资目标任务完成情况通报", document.MainDocumentPart!.Document.Body!.InnerText);
            Assert.Contains("筑招商通〔2023〕6号", document.MainDocumentPart!.Document.Body!.InnerText);
        }
        File.Delete(docxFile);
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=bulletin-xlsx]"));
        var xlsxFile = Path.Combine(Path.GetTempPath(), Guid.CreateVersion7() + ".xlsx");
        await xlsx.SaveAsAsync(xlsxFile);
        await using (var stream = File.OpenRead(xlsxFile))
        {
            var lines = Xlsx.Read(stream, 1000).SelectMany(s => s.Rows).Select(r => string.Join("|", r)).ToList();
            // 产业到位资金 3+1+2 of 20: 30 % done against a time progress of 50 % (10 of 20 expected by June).
            Assert.True(lines.Any(r => r.StartsWith("云岩区|20|6|0.3|0.5|", StringComparison.Ordinal)), string.Join("\n", lines));
        }
        File.Delete(xlsxFile);

        // The office edits a target in the grid and saves the year; the leader's assessment follows: 5 of 12.
        var office = await app.NewPageAsync();
        await app.SignInAsync(office, "assessor.gy", app.Credentials["assessor.gy"]);
        await office.WaitForSelectorAsync("#home-title");
        await office.GotoAsync(app.BaseUrl + "/Assessment/Targets?year=2023");
        await office.FillAsync("[data-testid=targets-row][data-org=云岩区] [data-testid=target-input][data-indicator=industrialFunds]", "12");
        await office.ClickAsync("[data-testid=targets-save]");
        await office.WaitForSelectorAsync("#targets-saved");
        Assert.Equal("12", await office.InputValueAsync("[data-testid=targets-row][data-org=云岩区] [data-testid=target-input][data-indicator=industrialFunds]"));
        await page.ReloadAsync();
        Assert.Contains("/ 12.00", await page.Locator("[data-testid=assessment-row][data-org=云岩区] td[data-indicator=industrialFunds]").TextContentAsync());

        // Two edits of the same year: the later save is refused with both values of the cell that differs; saving
        // again keeps the later user's value.
        var other = await app.NewPageAsync();
        await app.SignInAsync(other, "assessor.gy", app.Credentials["assessor.gy"]);
        await other.WaitForSelectorAsync("#home-title");
        await other.GotoAsync(app.BaseUrl + "/Assessment/Targets?year=2023");
        const string nanming = "[data-testid=targets-row][data-org=南明区] [data-testid=target-input][data-indicator=industryFunds]";
        await office.FillAsync(nanming, "9");
        await office.ClickAsync("[data-testid=targets-save]");
        await office.WaitForSelectorAsync("#targets-saved");
        await other.FillAsync(nanming, "7");
        await other.ClickAsync("[data-testid=targets-save]");
        await other.WaitForSelectorAsync("#targets-conflicts");
        Assert.Equal("南明区 9 7", string.Join(" ", (await other.Locator("#targets-conflicts tbody td").AllTextContentsAsync()).Select(t => t.Trim()).Where((_, i) => i is 1 or 3 or 4)));
        Assert.Equal("7", await other.InputValueAsync(nanming));
        await other.ClickAsync("[data-testid=targets-save]");
        await other.WaitForSelectorAsync("#targets-saved");
        var saved = await assessor.GetFromJsonAsync<JsonElement>("/api/targets?year=2023");
        Assert.Equal(7m, saved.GetProperty("sheets")[0].GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("orgName").GetString() == "南明区").GetProperty("values").GetProperty("industryFunds").GetDecimal());
    }
}
