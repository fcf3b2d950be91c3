using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Accounts;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Audit;

/// <summary>
/// The project timeline and the audit log read as a bureau reads them: fields as the forms name them, stages as words,
/// amounts in 万元/亿元, units by name, the object by name and code, no raw property names, enum numbers or GUIDs.
/// </summary>
public sealed class ReadableHistoryTests
{
    [Theory, SqliteData, PostgresData]
    public async Task The_timeline_and_the_audit_log_name_fields_units_and_amounts_as_the_forms_do(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var created = await (await officer.PostAsJsonAsync("/api/projects", new { name = "云岩区储能电站项目", agreedInvestmentYuan = 80_000_000L, isIndustrial = true }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var code = created.GetProperty("code").GetString()!;
        var yunyan = (await app.OrgAsync("520103")).Id;
        var update = await officer.PutAsJsonAsync($"/api/projects/{id}", new
        {
            name = "云岩区储能电站项目", agreedInvestmentYuan = 350_000_000L, isIndustrial = true, locationOrgId = yunyan, plannedJobs = 120,
            version = created.GetProperty("version").GetInt64(),
        });
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
        Assert.True((await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-03-02", contractAmountYuan = 350_000_000 })).IsSuccessStatusCode);

        var page = await officer.GetStringAsync($"/Projects/Detail?id={id}");
        var timeline = page[page.IndexOf("data-testid=\"timeline\"", StringComparison.Ordinal)..page.IndexOf("id=\"funds\"", StringComparison.Ordinal)];
        // The edit: fields as the form names them, 万元 → 亿元, the unit by name, nothing left empty shown.
        Assert.Contains("约定投资额", timeline);
        Assert.Contains("8,000.00 万元", timeline);
        Assert.Contains("3.50 亿元", timeline);
        Assert.Contains("项目所在地", timeline);
        Assert.Matches("项目所在地</th>\\s*<td[^>]*><span>云岩区</span>", timeline);
        Assert.Contains("计划用工（人）", timeline);
        // The stage move once, in words, with its amount in 亿元.
        Assert.Matches("(线索|储备|洽谈) → 签约", timeline);
        Assert.Contains("合同投资额 3.50 亿元", timeline);
        foreach (var raw in new[] { "AgreedInvestmentYuan", "LocationOrgId", "Stage：", "ContractAmountYuan", yunyan.ToString(), "350000000", "null" })
        {
            Assert.DoesNotContain(raw, timeline);
        }

        // The export carries the same words.
        var sheet = Xlsx.Read(await officer.GetStreamAsync($"/Projects/Detail?handler=Timeline&id={id}"), 100).Single();
        Assert.Contains(sheet.Rows, r => r.Length > 6 && r[6] is { } c && c.Contains("约定投资额：8,000.00 万元 → 3.50 亿元", StringComparison.Ordinal));

        // The audit log: the officer by name and unit, the action in words, the project by name and code, before → after.
        var auditor = await app.ClientForAsync("auditadmin", await LoginTests.ChangeAdminPasswordAsync(app, "auditadmin"));
        var log = await auditor.GetStringAsync("/Audit?Action=update");
        Assert.Contains("云岩区招商专员（演示）（officer.yunyan）", log);
        Assert.Contains($"项目 云岩区储能电站项目（{code}）", log);
        Assert.Contains(">修改<", log);
        Assert.Contains("3.50 亿元", log);
        Assert.DoesNotContain("AgreedInvestmentYuan", log);
        Assert.DoesNotContain(id.ToString(), log);
        var trail = Xlsx.Read(await auditor.GetStreamAsync("/Audit?handler=Export&Action=update"), 1000).Single();
        Assert.Contains(trail.Rows, r => r[5] == $"项目 云岩区储能电站项目（{code}）" && r[3] == "云岩区" && r[7]!.Contains("项目所在地：云岩区", StringComparison.Ordinal));
    }
}
