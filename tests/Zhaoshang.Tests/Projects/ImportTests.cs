using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Projects;

public sealed class ImportTests
{
    private static readonly string[] EnterpriseHeaders = ["企业名称", "统一社会信用代码", "企业性质", "企业类别", "专精特新", "总部所在地", "所属行业"];
    private static readonly string[] ProjectHeaders = ["项目名称", "责任单位", "投资企业", "约定投资额（万元）", "项目阶段", "签约金额（万元）", "签约日期", "开工日期", "工业项目", "所属产业"];

    /// <summary>The enterprise the demo's enterprise account belongs to (every demo database has it).</summary>
    private const string DemoAccountEnterprise = "贵州云创智能装备有限公司";

    // Valid GB 32100 codes (check characters computed by CreditCode.CheckCharacter).
    private static readonly string CodeA = Code("91520100MA6DKQ1X");
    private static readonly string CodeB = Code("91520103MA6H2P3L");

    private static string Code(string sixteen)
    {
        var seventeen = sixteen + "0";
        return seventeen + CreditCode.CheckCharacter(seventeen);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Enterprises_import_all_or_nothing_with_located_errors_and_the_same_file_twice_changes_nothing(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");

        var template = await officer.GetAsync("/api/imports/enterprises/template");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal(EnterpriseHeaders, Xlsx.Read(await template.Content.ReadAsStreamAsync(), 10).First(s => s.Name == EnterpriseImport.SheetName).Rows[0]);

        // A credit code typed as a number: Excel keeps 15 significant digits, so the code is corrupt and refused.
        var asNumber = await ImportAsync(officer, "enterprises", Workbook(EnterpriseHeaders,
            ["贵州甲新材料有限公司", CodeA, "民企", "高新技术企业", null, "贵州贵阳", "基础材料"],
            ["贵州乙科技有限公司", 915201035555555555d, "民企", null, null, null, null]));
        var error = Assert.Single(Errors(asNumber));
        Assert.Equal((3, "统一社会信用代码"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("15 位", error.GetProperty("message").GetString());
        Assert.Equal(0, await app.WithDbAsync(d => d.Enterprises.CountAsync(e => e.Name != DemoAccountEnterprise)));

        var wrongCheck = await ImportAsync(officer, "enterprises", Workbook(EnterpriseHeaders, ["贵州丙有限公司", CodeA[..17] + (CodeA[17] == '1' ? "2" : "1"), null, null, null, null, null]));
        Assert.Contains("校验位", Assert.Single(Errors(wrongCheck)).GetProperty("message").GetString());
        var duplicate = await ImportAsync(officer, "enterprises", Workbook(EnterpriseHeaders,
            ["贵州甲新材料有限公司", CodeA, null, null, null, null, null], ["贵州甲新材料股份公司", CodeA.ToLowerInvariant(), null, null, null, null, null]));
        Assert.Contains("第 2 行", Assert.Single(Errors(duplicate)).GetProperty("message").GetString());

        var good = Workbook(EnterpriseHeaders,
            ["贵州甲新材料有限公司", CodeA, "民企", "高新技术企业、上市", "省级", "贵州贵阳", "基础材料"],
            ["=HYPERLINK(\"http://evil\")有限公司", "９" + CodeB[1..], "央企", "世界500强", null, "北京", null]);
        var first = await ImportAsync(officer, "enterprises", good);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((2, 0), (first.Body.GetProperty("created").GetInt32(), first.Body.GetProperty("unchanged").GetInt32()));
        var again = await ImportAsync(officer, "enterprises", good);
        Assert.Equal((0, 0, 2), (again.Body.GetProperty("created").GetInt32(), again.Body.GetProperty("updated").GetInt32(), again.Body.GetProperty("unchanged").GetInt32()));
        var stored = await app.WithDbAsync(d => d.Enterprises.Where(e => e.Name != DemoAccountEnterprise).OrderBy(e => e.Name).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored, e => e.Name == "=HYPERLINK(\"http://evil\")有限公司" && e.CreditCode == CodeB && e.IsStrong); // text kept as written, inert
        Assert.Contains(stored, e => e.CreditCode == CodeA && e.Specialized == SpecializedLevel.Provincial && e.Classes == (EnterpriseClass.HighTech | EnterpriseClass.Listed));

        // A similar name with no code is accepted with a warning naming the enterprise it resembles.
        var similar = await ImportAsync(officer, "enterprises", Workbook(EnterpriseHeaders, ["贵州甲新材料股份有限公司", null, null, null, null, null, null]));
        Assert.Equal(HttpStatusCode.OK, similar.Status);
        Assert.Contains("贵州甲新材料有限公司", similar.Body.GetProperty("warnings")[0].GetProperty("message").GetString());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Projects_import_with_units_chinese_dates_and_full_width_digits_and_a_bad_last_row_writes_nothing(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(officer, "enterprises", Workbook(EnterpriseHeaders, ["贵州甲新材料有限公司", CodeA, "民企", null, null, null, null]))).Status);

        object?[] a = ["云岩区新材料产业园", "云岩区", "贵州甲新材料有限公司", "1.2亿", "签约", "3,000万", "2024年3月1日", null, "是", "基础材料"];
        object?[] b = ["云岩区数据中心", "云 岩 区", CodeA, "500万元", "开工", "１２００", 45352d, "2024/6/1", "否", "大数据电子信息"];
        object?[] c = ["=1+1 云岩区商贸综合体", "520103", null, "８００", "洽谈", null, null, null, "否", null];
        object?[] bad = ["云岩区新项目", "云岩区", null, "1000", "签约", null, "2024-05-01", null, "否", null];

        var failed = await ImportAsync(officer, "projects", Workbook(ProjectHeaders, a, b, c, bad));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.Status);
        var last = Assert.Single(Errors(failed));
        Assert.Equal((5, "签约金额（万元）"), (last.GetProperty("row").GetInt32(), last.GetProperty("column").GetString()));
        Assert.Equal("项目", last.GetProperty("sheet").GetString());
        Assert.Equal(0, await app.WithDbAsync(d => d.Projects.CountAsync()));

        var outside = await ImportAsync(officer, "projects", Workbook(ProjectHeaders, a, ["南明区项目", "南明区", null, "100", null, null, null, null, null, null]));
        Assert.Equal((3, "责任单位"), (Errors(outside)[0].GetProperty("row").GetInt32(), Errors(outside)[0].GetProperty("column").GetString()));
        var twice = await ImportAsync(officer, "projects", Workbook(ProjectHeaders, a, a));
        Assert.Contains("第 2 行", Errors(twice)[0].GetProperty("message").GetString());
        using (var renamed = new MemoryStream())
        {
            Xlsx.Write(renamed, "项目", ["名称", "责任单位", "约定投资额（万元）"], [["某项目", "云岩区", "1"]]);
            var missing = await ImportAsync(officer, "projects", renamed.ToArray());
            Assert.Contains("缺少必填列：项目名称", Errors(missing)[0].GetProperty("message").GetString());
            Assert.Contains("名称", Errors(missing)[0].GetProperty("message").GetString());
        }
        Assert.Contains("不是 .xlsx", Errors(await ImportAsync(officer, "projects", "项目名称,责任单位\n甲,乙"u8.ToArray()))[0].GetProperty("message").GetString());
        var full = Workbook(ProjectHeaders, a);
        Assert.Contains("截断", Errors(await ImportAsync(officer, "projects", full[..(full.Length / 2)]))[0].GetProperty("message").GetString());
        Assert.Equal(0, await app.WithDbAsync(d => d.Projects.CountAsync()));

        var good = Workbook(ProjectHeaders, a, b, c);
        var ok = await ImportAsync(officer, "projects", good);
        Assert.True(ok.Status == HttpStatusCode.OK, ok.Body.ToString());
        Assert.Equal(3, ok.Body.GetProperty("created").GetInt32());
        var projects = await app.WithDbAsync(d => d.Projects.ToDictionaryAsync(p => p.Name));
        Assert.Equal((120_000_000L, 30_000_000L, new DateOnly(2024, 3, 1), ProjectStage.Signed),
            (projects["云岩区新材料产业园"].AgreedInvestmentYuan, projects["云岩区新材料产业园"].ContractAmountYuan!.Value, projects["云岩区新材料产业园"].ContractDate!.Value, projects["云岩区新材料产业园"].Stage));
        Assert.Equal((5_000_000L, 12_000_000L, new DateOnly(2024, 3, 1), new DateOnly(2024, 6, 1), ProjectStage.Started),
            (projects["云岩区数据中心"].AgreedInvestmentYuan, projects["云岩区数据中心"].ContractAmountYuan!.Value, projects["云岩区数据中心"].ContractDate!.Value,
             projects["云岩区数据中心"].StartDate!.Value, projects["云岩区数据中心"].Stage));
        Assert.Equal(8_000_000L, projects["=1+1 云岩区商贸综合体"].AgreedInvestmentYuan);
        Assert.True(await app.WithDbAsync(d => d.ProjectHandoffs.AnyAsync(h => h.ProjectId == projects["云岩区数据中心"].Id)));
        var history = await app.WithDbAsync(d => d.ProjectStageChanges.Where(s => s.ProjectId == projects["云岩区数据中心"].Id).OrderBy(s => s.To).Select(s => s.To).ToListAsync());
        Assert.Equal([ProjectStage.Signed, ProjectStage.Started], history);

        var again = await ImportAsync(officer, "projects", good);
        Assert.Equal((0, 0, 3), (again.Body.GetProperty("created").GetInt32(), again.Body.GetProperty("updated").GetInt32(), again.Body.GetProperty("unchanged").GetInt32()));
        Assert.Equal(3, await app.WithDbAsync(d => d.Projects.CountAsync()));

        // The export of a filtered list holds exactly those rows, in the import layout: re-importing it changes nothing.
        var export = await officer.GetAsync("/api/projects/export?q=" + Uri.EscapeDataString("云岩区") + "&stage=signed&stage=started");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var sheet = Xlsx.Read(new MemoryStream(bytes), 100).Single();
        Assert.Equal(["云岩区数据中心", "云岩区新材料产业园"], sheet.Rows.Skip(1).Select(r => r[1]!).Order().ToArray());
        var reimport = await ImportAsync(officer, "projects", bytes);
        Assert.Equal(HttpStatusCode.OK, reimport.Status);
        Assert.Equal(2, reimport.Body.GetProperty("unchanged").GetInt32());

        // Formula-looking text is exported with Excel's quote prefix, so it stays text.
        var all = await (await officer.GetAsync("/api/projects/export")).Content.ReadAsByteArrayAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(all), false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
        var formula = cells.Single(cell => cell.InnerText == "=1+1 云岩区商贸综合体");
        var format = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)formula.StyleIndex!.Value);
        Assert.True(format.QuotePrefix?.Value);
        Assert.DoesNotContain(cells, cell => cell.CellFormula is not null);

        // A row with a project's code renames it; the search follows (its bigrams are replaced, found by their key).
        var mall = projects["=1+1 云岩区商贸综合体"];
        using (var rename = new MemoryStream())
        {
            Xlsx.Write(rename, ProjectSheet.SheetName, ["项目编码", "项目名称", "责任单位", "约定投资额（万元）", "项目阶段"], [[mall.Code, "云岩区商贸中心", "云岩区", "800", "洽谈"]]);
            var renamed = await ImportAsync(officer, "projects", rename.ToArray());
            Assert.Equal(1, renamed.Body.GetProperty("updated").GetInt32());
        }
        async Task<int> FoundAsync(string q) => (await officer.GetFromJsonAsync<JsonElement>("/api/projects?q=" + Uri.EscapeDataString(q))).GetProperty("total").GetInt32();
        Assert.Equal((1, 0), (await FoundAsync("商贸中心"), await FoundAsync("综合体")));
        Assert.Equal(Bigrams.Of("云岩区商贸中心").Count, await app.WithDbAsync(d => d.ProjectNameBigrams.CountAsync(g => g.ProjectId == mall.Id)));
    }

    /// <summary>
    /// A downloaded template, filled below its header as a user fills it, imports exactly the rows typed: its example
    /// sits on the 填写说明 sheet, which is never read (it used to be the data sheet's first row and broke the import).
    /// </summary>
    [Theory]
    [InlineData("enterprises", "企业")]
    [InlineData("projects", "项目")]
    [InlineData("activities", "招商活动")]
    public async Task A_template_filled_in_imports_only_what_was_typed(string kind, string sheetName)
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var template = await officer.GetByteArrayAsync($"/api/imports/{kind}/template");
        var sheets = Xlsx.Read(new MemoryStream(template), 100);
        Assert.Equal([sheetName, "填写说明"], sheets.Select(s => s.Name).ToArray());
        Assert.Single(sheets[0].Rows); // the header only
        var headers = sheets[0].Rows[0];
        Assert.Equal(headers, sheets[1].Rows[0]);
        var example = sheets[1].Rows[1];

        // The user types one row under the header of the data sheet and uploads the workbook, notes sheet and all.
        var filled = Fill(template, sheetName, headers, kind switch
        {
            "enterprises" => new() { ["企业名称"] = "贵州丁新能源有限公司", ["统一社会信用代码"] = CodeB, ["企业性质"] = "民企" },
            "activities" => new() { ["活动日期"] = "2024-03-05", ["活动类型"] = "推介会", ["活动名称"] = "云岩区新能源产业推介会" },
            _ => new() { ["项目名称"] = "云岩区新能源电池项目", ["责任单位"] = "云岩区", ["约定投资额（万元）"] = "12000", ["项目阶段"] = "洽谈" },
        });
        var result = await ImportAsync(officer, kind, filled);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(1, result.Body.GetProperty("created").GetInt32());
        var exampleName = example[Array.IndexOf(headers, kind switch { "enterprises" => "企业名称", "activities" => "活动名称", _ => "项目名称" })]!;
        Assert.Equal(0, await app.WithDbAsync(d => kind switch
        {
            "enterprises" => d.Enterprises.CountAsync(e => e.Name == exampleName),
            "activities" => d.Activities.CountAsync(a => a.Title == exampleName),
            _ => d.Projects.CountAsync(p => p.Name == exampleName),
        }));
    }

    /// <summary>Appends one row of text cells to the named sheet of a workbook, the way Excel saves a typed row.</summary>
    private static byte[] Fill(byte[] workbook, string sheetName, string?[] headers, Dictionary<string, string> values)
    {
        var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = document.WorkbookPart!;
            var sheet = part.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == sheetName);
            var data = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!;
            var row = new Row { RowIndex = 2 };
            for (var i = 0; i < headers.Length; i++)
            {
                if (values.TryGetValue(headers[i]!, out var value))
                {
                    row.Append(new Cell { CellReference = $"{(char)('A' + i)}2", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) });
                }
            }
            data.Append(row);
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task A_file_over_the_row_cap_is_refused_whole()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Ledger:ImportMaxRows"] = "2" });
        var officer = await app.ClientForAsync("officer.yunyan");
        object?[] Row(string name) => [name, "云岩区", null, "100", null, null, null, null, null, null];
        var over = await ImportAsync(officer, "projects", Workbook(ProjectHeaders, Row("甲项目"), Row("乙项目"), Row("丙项目")));
        Assert.Contains("2 行", Errors(over)[0].GetProperty("message").GetString());
        Assert.Equal(0, await app.WithDbAsync(d => d.Projects.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(officer, "projects", Workbook(ProjectHeaders, Row("甲项目"), Row("乙项目")))).Status);
    }

    private static byte[] Workbook(string[] headers, params object?[][] rows)
    {
        using var stream = new MemoryStream();
        Xlsx.Write(stream, headers == EnterpriseHeaders ? EnterpriseImport.SheetName : ProjectSheet.SheetName, headers, rows);
        return stream.ToArray();
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(HttpClient client, string kind, byte[] file)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", kind + ".xlsx" } };
        var response = await client.PostAsync($"/api/imports/{kind}", form);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    internal static JsonElement[] Errors((HttpStatusCode Status, JsonElement Body) result)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        return [.. result.Body.GetProperty("errors").EnumerateArray()];
    }
}
