using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Projects;

/// <summary>
/// Issue 16, D1 and D6: amounts are bounded (10 万亿 yuan an entry) on every way in, so that one officer's absurd row
/// cannot overflow the sums every other user's report makes; funds follow the contract (not before its month, a
/// correction never below zero, far above the contract only with a note).
/// </summary>
public sealed class AmountTests
{
    private const long Yi = 100_000_000;

    [Theory, SqliteData, PostgresData]
    public async Task An_amount_beyond_ten_trillion_yuan_is_refused_everywhere_and_everyone_s_reports_still_answer(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var huge = await officer.PostAsJsonAsync("/api/projects", new { name = "溢出", agreedInvestmentYuan = long.MaxValue });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("agreedInvestmentYuan", await huge.Content.ReadAsStringAsync());
        var id = (await (await officer.PostAsJsonAsync("/api/projects", new { name = "正常项目", agreedInvestmentYuan = 10 * Yi }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2023-02-01", contractAmountYuan = long.MaxValue })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2023-02-01", contractAmountYuan = 10 * Yi })).StatusCode);
        foreach (var amount in new[] { long.MaxValue, 10_000_000_000_001, long.MinValue })
        {
            var fund = await officer.PostAsJsonAsync($"/api/projects/{id}/funds", new { year = 2023, month = 5, amountYuan = amount, evidence = "核实无误" });
            Assert.Equal(HttpStatusCode.BadRequest, fund.StatusCode);
        }
        using (var file = new MemoryStream())
        {
            Zhaoshang.Web.Shared.Xlsx.Write(file, "项目", ["项目名称", "责任单位", "约定投资额（万元）"], [["导入的溢出项目", "云岩区", "99999999999999999"]]);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "p.xlsx" } };
            var imported = await officer.PostAsync("/api/imports/projects", form);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, imported.StatusCode);
            Assert.Contains("超出合理范围", await imported.Content.ReadAsStringAsync());
        }

        // Nobody's report is broken: the assessment, the bulletin and the project answer for every user.
        var assessor = await app.ClientForAsync("assessor.gy");
        using (var targets = new MultipartFormDataContent { { new ByteArrayContent(Assessment.Workbook.Build(new Assessment.Workbook.Sheet("表",
            [["序号", "责任单位", "产业到位资金(亿元)"], ["1", "云岩区", "20"], ["2", "南明区", "20"], [null, "合计", "40"]]))), "file", "t.xlsx" } })
        {
            Assert.Equal(HttpStatusCode.OK, (await assessor.PostAsync("/api/targets/import?year=2023", targets)).StatusCode);
        }
        foreach (var user in new[] { "leader.gz", "leader.gy", "assessor.gy", "officer.nanming" })
        {
            var client = await app.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/assessment?year=2023&period=year")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/bulletins/2023/6?format=html")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/projects/{id}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Funds_follow_the_contract_not_before_its_month_a_correction_never_below_zero_and_far_above_it_only_with_a_note(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var id = (await (await officer.PostAsJsonAsync("/api/projects", new { name = "资金规则项目", agreedInvestmentYuan = Yi }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-02-01", contractAmountYuan = Yi })).StatusCode);
        async Task<HttpResponseMessage> FundAsync(int year, int month, long amount, Guid? correctsId = null, string? evidence = null) =>
            await officer.PostAsJsonAsync($"/api/projects/{id}/funds", new { year, month, amountYuan = amount, correctsId, evidence });

        // Before the signing month: a back-filled year is refused, with the contract date.
        var early = await FundAsync(2023, 3, 5);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("早于项目签约日期（2026-02-01）", await early.Content.ReadAsStringAsync());
        var first = await FundAsync(2026, 2, 1_000_000);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var entry = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // A correction larger than what is left of the entry it corrects would make the total negative.
        var over = await FundAsync(2026, 3, -10_000_000, entry);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("超过被更正记录的剩余金额（100.00 万元）", await over.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await FundAsync(2026, 3, -600_000, entry)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await FundAsync(2026, 3, -500_000, entry)).StatusCode); // 40万 left
        Assert.Equal(HttpStatusCode.Created, (await FundAsync(2026, 3, -400_000, entry)).StatusCode);

        // 1,000 times the contract: a slip of the unit more often than not — only with a note, and said so.
        var thousandfold = await FundAsync(2026, 4, 1000 * Yi);
        Assert.Equal(HttpStatusCode.BadRequest, thousandfold.StatusCode);
        var problem = await thousandfold.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("evidence", out _));
        var noted = await FundAsync(2026, 4, 1000 * Yi, evidence: "企业追加投资，见补充协议");
        Assert.Equal(HttpStatusCode.Created, noted.StatusCode);
        Assert.Contains("倍", (await noted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warning").GetString());
        var total = (await officer.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("fundsTotalYuan").GetInt64();
        Assert.Equal(1000 * Yi, total);
    }
}
