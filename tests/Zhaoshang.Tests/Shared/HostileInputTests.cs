using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Shared;

/// <summary>
/// Issue 16, D2, D12, D14 and D15, as an attacker sends them: workbooks built by hand (zip + SpreadsheetML), so that a
/// cell can sit in column XFD, a macro project can ride along, or thousands of parts pad the zip; text with NUL, BEL
/// and the right-to-left override.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>A minimal .xlsx: one sheet of the given row XML, plus extra parts and content types.</summary>
    private static byte[] HandMade(string sheet, string rowsXml, IEnumerable<(string Name, byte[] Bytes)>? extra = null, string extraTypes = "")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""" + extraTypes + "</Types>");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            Add("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rowsXml}</sheetData></worksheet>""");
            foreach (var (name, bytes) in extra ?? [])
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    private static string Header(params string[] titles) =>
        "<row r=\"1\">" + string.Concat(titles.Select((t, i) => $"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{t}</t></is></c>")) + "</row>";

    private static async Task<(HttpStatusCode Status, string Body)> ImportAsync(HttpClient client, string url, byte[] file, string name = "p.xlsx")
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        var response = await client.PostAsync(url, form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>D2: one cell in column XFD on each of 10,000 rows (a 52 KB file) sized every row at 16,384 cells.</summary>
    [Fact]
    public async Task A_cell_in_the_last_column_does_not_size_every_row_and_the_import_refuses_the_file_with_its_reason()
    {
        var rows = new StringBuilder(Header("项目名称", "责任单位", "约定投资额（万元）"));
        for (var r = 2; r <= 10_001; r++)
        {
            rows.Append($"<row r=\"{r}\"><c r=\"XFD{r}\"><v>1</v></c></row>");
        }
        var file = HandMade("项目", rows.ToString());
        Assert.True(file.Length < 100_000, $"{file.Length} bytes");
        var sheet = Xlsx.Read(new MemoryStream(file), 50_000).Single();
        Assert.Equal(10_001, sheet.Rows.Count);
        Assert.Equal(3, sheet.Rows[0].Length);
        Assert.All(sheet.Rows.Skip(1), row => Assert.Empty(row)); // nothing kept beyond the columns a template can have

        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var (status, body) = await ImportAsync(officer, "/api/imports/projects", file);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("没有数据行", body); // every row is empty within the template's columns
    }

    /// <summary>D12: a macro project (.xlsm) and a zip padded with 2,000 parts are refused; D14: a file of headers only says so.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Macro_workbooks_padded_zips_and_header_only_files_are_refused_with_their_reason(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var data = Header("项目名称", "责任单位", "约定投资额（万元）")
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>宏项目</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>云岩区</t></is></c><c r=\"C2\"><v>100</v></c></row>";
        var macro = HandMade("项目", data, [("xl/vbaProject.bin", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3 })],
            """<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>""");
        var (status, body) = await ImportAsync(officer, "/api/imports/projects", macro, "m.xlsm");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("宏", body);
        var padded = HandMade("项目", data, Enumerable.Range(0, 2000).Select(i => ($"xl/pad/{i}.xml", "<x/>"u8.ToArray())));
        (status, body) = await ImportAsync(officer, "/api/imports/projects", padded);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("部件", body);
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(officer, "/api/imports/projects", HandMade("项目", data))).Status); // the same rows, plain

        foreach (var (url, header) in new[] { ("/api/imports/projects", Header("项目名称", "责任单位", "约定投资额（万元）")), ("/api/imports/enterprises", Header("企业名称")) })
        {
            (status, body) = await ImportAsync(officer, url, HandMade(url.Contains("projects") ? "项目" : "企业", header));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains("只有表头，没有数据行", body);
        }
    }

    /// <summary>D15: NUL, BEL and the right-to-left override are refused in names and titles, in the API and in imports.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Control_and_direction_characters_are_refused_in_every_text_field(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        foreach (var name in new[] { "a\u0000b", "c\u0007d", "发票\u202Efdp.exe", "换\n行" })
        {
            var response = await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = 1 });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), name);
        }
        var enterprise = await officer.PostAsJsonAsync("/api/enterprises", new { name = "贵州\u202E公司", ownership = "private" });
        Assert.Equal(HttpStatusCode.BadRequest, enterprise.StatusCode);
        var activity = await officer.PostAsJsonAsync("/api/activities", new { kind = "visit", date = "2026-01-05", title = "拜访\u0000" });
        Assert.Equal(HttpStatusCode.BadRequest, activity.StatusCode);
        // A description is text with lines: those stay.
        var created = await officer.PostAsJsonAsync("/api/activities", new { kind = "visit", date = "2026-01-05", title = "拜访企业", outcome = "第一点\n第二点" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var rows = Header("项目名称", "责任单位", "约定投资额（万元）")
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>导入\u202E项目</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>云岩区</t></is></c><c r=\"C2\"><v>100</v></c></row>";
        var (status, body) = await ImportAsync(officer, "/api/imports/projects", HandMade("项目", rows));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("errors")[0];
        Assert.Equal((2, "项目名称"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("U+202E", error.GetProperty("message").GetString());
    }
}
