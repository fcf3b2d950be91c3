using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Assessment;

public sealed class TargetTests
{
    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] file, int year = 2023)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "分解表.xlsx" } };
        return await client.PostAsync($"/api/targets/import?year={year}", form);
    }

    private static string[] Warnings(JsonElement report) => report.GetProperty("warnings").EnumerateArray()
        .Select(w => $"{w.GetProperty("table").GetString()}|{w.GetProperty("indicator").GetString()}|{w.GetProperty("sum").GetDecimal()}|{w.GetProperty("statedTotal").GetDecimal()}")
        .Order(StringComparer.Ordinal).ToArray();

    // The mismatches the seed's own numbers hold, added up by hand:
    // - districts and national zones, 领导赴省外招商: fourteen units × 24 + 贵安新区 12 = 348, stated 360. (产业到位资金
    //   75+75+70+85+85+100+90+90+70+85+165+165+25+150+320 = 1650, 工业到位资金 900, 优强企业 420, 总部经济 70 with
    //   综保区 "-", 数字经济 200, 央企签约金额 200 all agree; 工业资金占比 900 / 1650 = 54.5 % is the stated 55 % as written.)
    // - resident offices, 工业项目金额: 83+83+83+55+55 = 359, stated 360 (the other six columns agree).
    // - departments: 领导赴省外招商 24+18+10+12×6 = 124, stated 94; 签约金额 200+150+100+20+120+20+10+40+40+40+20+10+20+80+10
    //   = 880, stated 910; 工业项目签约金额 120+90+60+10+120+4+2+10+2+2+2+4+40+4 = 470 (金融办 "_"), stated 440.
    // - provincial zones (192, 30, 347) and SOEs (36, 210, 85, 200) agree.
    private static readonly string[] SeedMismatches =
    [
        "贵安新区、各区(市、县)、国家级开发区|leaderTrips|348|360",
        "贵阳市、贵安新区有关部门|industrialSignedAmount|470|440",
        "贵阳市、贵安新区有关部门|leaderTrips|124|94",
        "贵阳市、贵安新区有关部门|signedAmount|880|910",
        "驻外办事处(联络处)|industrialSignedAmount|359|360",
    ];

    [Theory, SqliteData, PostgresData]
    public async Task Seed_002s_five_tables_import_with_exactly_their_mismatches_kept_as_written_and_export_in_the_same_layout(Db db)
    {
        using var app = new TestApp(db);
        var assessor = await app.ClientForAsync("assessor.gy");
        var response = await ImportAsync(assessor, Seed002Tables.AllFive());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal(15 + 8 + 5 + 15 + 6, report.GetProperty("units").GetInt32());
        Assert.Equal(16, report.GetProperty("indicators").GetInt32());
        Assert.Equal(SeedMismatches, Warnings(report));

        // Stored as written: percentages as their number, "-" as no target, the stated totals untouched.
        var year = await assessor.GetFromJsonAsync<JsonElement>("/api/targets?year=2023");
        Assert.Equal(SeedMismatches, Warnings(year));
        var sheets = year.GetProperty("sheets").EnumerateArray().ToDictionary(s => s.GetProperty("title").GetString()!);
        Assert.Equal(["贵安新区、各区(市、县)、国家级开发区", "省级开发区", "驻外办事处(联络处)", "贵阳市、贵安新区有关部门", "市属国有企业"], sheets.Keys.ToArray());
        var districts = sheets["贵安新区、各区(市、县)、国家级开发区"];
        Assert.Equal("全市目标任务", districts.GetProperty("totalLabel").GetString());
        Assert.Equal(360, districts.GetProperty("statedTotals").GetProperty("leaderTrips").GetDecimal());
        Assert.Equal(55, districts.GetProperty("statedTotals").GetProperty("industrialShare").GetDecimal());
        var rows = districts.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("orgName").GetString()!, r => r.GetProperty("values"));
        Assert.Equal(15, rows.Count);
        Assert.Equal(23, rows["云岩区"].GetProperty("industrialShare").GetDecimal());
        Assert.Equal(42, rows["花溪区"].GetProperty("industrialShare").GetDecimal()); // 30 / 70 is 42.9 %: kept as written
        Assert.Equal(JsonValueKind.Null, rows["贵阳综合保税区"].GetProperty("hqProjects").ValueKind);
        Assert.Equal(12, rows["贵安新区"].GetProperty("leaderTrips").GetDecimal());
        var offices = sheets["驻外办事处(联络处)"];
        Assert.Equal("enterprisesVisited|enterprisesInvited|strongEnterprisesInvited|signedAmount|industrialSignedAmount|digitalProjects|factoryArea|",
            string.Join("|", offices.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("indicator").GetString())));
        Assert.Contains("每超出1亿元加0.2分", offices.GetProperty("notes").GetProperty("加分指标").GetString());
        Assert.Contains("按完成率得分", sheets["省级开发区"].GetProperty("notes").GetProperty("标房招商完成比例(%)").GetString());
        var departments = sheets["贵阳市、贵安新区有关部门"].GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("orgName").GetString() == "市金融办");
        Assert.Equal(JsonValueKind.Null, departments.GetProperty("values").GetProperty("industrialSignedAmount").ValueKind);

        // The export is the same layout: importing it again changes nothing and reports the same mismatches.
        var export = await assessor.GetByteArrayAsync("/api/targets/export?year=2023");
        var exported = Xlsx.Read(new MemoryStream(export), 1000);
        Assert.Equal(5, exported.Count);
        Assert.Equal("（市属国有企业）", exported[4].Rows[0][0]);
        Assert.Equal("序号|责任单位|拜访企业 (商协会) 数(家)|邀请企业来筑考察数|", string.Join("|", exported[2].Rows[1].Take(5)));
        Assert.Equal("|||总数|优强企业数", string.Join("|", exported[2].Rows[2].Take(5)));
        var again = await ImportAsync(assessor, export);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(SeedMismatches, Warnings(await again.Content.ReadFromJsonAsync<JsonElement>()));
        var reread = await assessor.GetFromJsonAsync<JsonElement>("/api/targets?year=2023");
        Assert.Equal(year.GetProperty("sheets").ToString(), reread.GetProperty("sheets").ToString());
        Assert.Equal(year.GetProperty("version").GetInt64() + 1, reread.GetProperty("version").GetInt64());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_wrong_table_is_refused_whole_with_every_problem_named(Db db)
    {
        using var app = new TestApp(db);
        var assessor = await app.ClientForAsync("assessor.gy");
        string?[][] broken =
        [
            ["序号", "责任单位", "领导赴省外招商(次)", "签约金额(万元)", "引进外资(亿元)"],
            ["1", "云岩区", "24", "10", "1"],
            ["2", "不存在的区", "二十", "10", "1"],
            ["3", "另一个不存在的单位", "12%", "10", "1"],
        ];
        var response = await ImportAsync(assessor, Workbook.Build(new Workbook.Sheet("表一", broken)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("sheet").GetString()}|{(e.GetProperty("row").ValueKind == JsonValueKind.Null ? "" : e.GetProperty("row").GetInt32())}|{e.GetProperty("column").GetString()}|{e.GetProperty("message").GetString()}").ToList();
        Assert.Contains(errors, e => e.StartsWith("表一|1|D|", StringComparison.Ordinal) && e.Contains("单位是万元"));
        Assert.Contains(errors, e => e.StartsWith("表一|1|E|", StringComparison.Ordinal) && e.Contains("引进外资"));
        Assert.Contains(errors, e => e.StartsWith("表一|3|C|", StringComparison.Ordinal) && e.Contains("不是数值"));
        Assert.Contains(errors, e => e.StartsWith("表一|4|C|", StringComparison.Ordinal) && e.Contains("百分数"));
        Assert.Contains(errors, e => e.StartsWith("表一|5||", StringComparison.Ordinal) && e.Contains("没有合计行"));

        // Each unknown unit is named on its row (D13), a negative target is refused, and nothing of a refused file is written.
        string?[][] unknown =
        [
            ["序号", "责任单位", "领导赴省外招商(次)", "产业到位资金(亿元)"], ["1", "云岩区", "24", "-5"], ["2", "不存在的区", "1", "1"],
            ["3", "另一个不存在的单位", "1", "1"], [null, "合计", "26", "-3"],
        ];
        var refused = await (await ImportAsync(assessor, Workbook.Build(new Workbook.Sheet("表二", unknown)))).Content.ReadFromJsonAsync<JsonElement>();
        var named = refused.GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("row")}|{e.GetProperty("column").GetString()}|{e.GetProperty("message").GetString()}").ToList();
        Assert.Contains(named, e => e.StartsWith("3|责任单位|", StringComparison.Ordinal) && e.Contains("“不存在的区”"));
        Assert.Contains(named, e => e.StartsWith("4|责任单位|", StringComparison.Ordinal) && e.Contains("“另一个不存在的单位”"));
        Assert.Contains(named, e => e.StartsWith("2|D|", StringComparison.Ordinal) && e.Contains("不能为负数"));
        Assert.Contains(named, e => e.StartsWith("5|D|", StringComparison.Ordinal) && e.Contains("不能为负数"));
        Assert.False(await app.WithDbAsync(d => d.Targets.AnyAsync()));

        var officer = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(officer, Seed002Tables.AllFive())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(assessor, Seed002Tables.AllFive(), year: 1999)).StatusCode);
    }

    /// <summary>
    /// Issue 16, point 9: a year's table imported again (corrected) replaces it; a clash that really is one (a unit's
    /// indicator already set in another of the year's tables) names the unit, the indicator and the table that holds it.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task A_corrected_table_imported_again_replaces_the_years_table_and_a_real_clash_names_the_unit_indicator_and_table(Db db)
    {
        using var app = new TestApp(db);
        var assessor = await app.ClientForAsync("assessor.gy");
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(assessor, Workbook.Build(new Workbook.Sheet("区县", Seed002Tables.Districts)))).StatusCode);
        var count = await app.WithDbAsync(d => d.Targets.CountAsync());

        var corrected = Seed002Tables.Districts.Select(r => r.ToArray()).ToArray();
        corrected[2][3] = "80"; // 云岩区 产业到位资金: 75 → 80
        corrected[^1][3] = "1655";
        var again = await ImportAsync(assessor, Workbook.Build(new Workbook.Sheet("区县（更正）", corrected)));
        Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        var year = await assessor.GetFromJsonAsync<JsonElement>("/api/targets?year=2023");
        var sheet = Assert.Single(year.GetProperty("sheets").EnumerateArray());
        Assert.Equal(80, sheet.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("orgName").GetString() == "云岩区")
            .GetProperty("values").GetProperty("industryFunds").GetDecimal());
        Assert.Equal(count, await app.WithDbAsync(d => d.Targets.CountAsync()));

        string?[][] other = [["（补充目标）"], ["序号", "责任单位", "领导赴省外招商(次)"], ["1", "云岩区", "10"], [null, "合计", "10"]];
        var clash = await ImportAsync(assessor, Workbook.Build(new Workbook.Sheet("补充", other)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, clash.StatusCode);
        var error = Assert.Single((await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "责任单位"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Equal("“云岩区”的指标“领导赴省外招商”在表“贵安新区、各区(市、县)、国家级开发区”中已有目标。", error.GetProperty("message").GetString());
        Assert.Equal(count, await app.WithDbAsync(d => d.Targets.CountAsync()));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Targets_are_edited_through_the_api_with_the_years_version_and_each_unit_sees_its_own_rows(Db db)
    {
        using var app = new TestApp(db);
        var assessor = await app.ClientForAsync("assessor.gy");
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(assessor, Workbook.Build(new Workbook.Sheet("市属国企", Seed002Tables.Soes)))).StatusCode);
        var year = await assessor.GetFromJsonAsync<JsonElement>("/api/targets?year=2023");
        Assert.Empty(Warnings(year));

        // 贵阳水务集团 10 → 50 亿 signed: the column now adds up to 250 against the stated 210.
        var sheet = System.Text.Json.Nodes.JsonNode.Parse(year.GetProperty("sheets")[0].ToString())!;
        var water = sheet["rows"]!.AsArray().Single(r => (string?)r!["orgName"] == "贵阳水务集团")!;
        water["values"]!["signedAmount"] = 50;
        var put = new System.Text.Json.Nodes.JsonObject
        {
            ["version"] = year.GetProperty("version").GetInt64(),
            ["sheets"] = new System.Text.Json.Nodes.JsonArray(sheet),
        };
        var saved = await assessor.PutAsJsonAsync("/api/targets?year=2023", put);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(["市属国有企业|signedAmount|250|210"], Warnings(await saved.Content.ReadFromJsonAsync<JsonElement>()));
        var stale = await assessor.PutAsJsonAsync("/api/targets?year=2023", put);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current");
        Assert.Equal(50, current.GetProperty("sheets")[0].GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("orgName").GetString() == "贵阳水务集团").GetProperty("values").GetProperty("signedAmount").GetDecimal());

        // A unit's officer reads its own targets only (an SOE's officer: its row of the table).
        var (_, password) = await app.AddUserAsync("officer.water", Zhaoshang.Web.Features.Accounts.Roles.Officer, "520100-S04");
        var officer = await app.ClientForAsync("officer.water", password);
        var own = await officer.GetFromJsonAsync<JsonElement>("/api/targets?year=2023");
        var ownRows = own.GetProperty("sheets")[0].GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("贵阳水务集团", Assert.Single(ownRows).GetProperty("orgName").GetString());
        Assert.Empty(own.GetProperty("warnings").EnumerateArray()); // a table seen in part is not checked against its total
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync("/api/targets?year=2023", put)).StatusCode);
        var indicators = await officer.GetFromJsonAsync<JsonElement>("/api/indicators");
        Assert.Equal(24, indicators.GetArrayLength()); // the sixteen of the tables, the three standard-factory rates, the two ticket rates, the three stage rates
    }
}
