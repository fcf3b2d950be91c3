using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Accounts;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Orgs;

public sealed class OrgExcelTests
{
    [Theory, SqliteData, PostgresData]
    public async Task An_exported_workbook_imports_back_unchanged_and_new_rows_are_created_all_or_nothing(Db db)
    {
        using var app = new TestApp(db);
        var sys = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var export = await sys.GetAsync("/api/orgs/export");
        Assert.Equal(Xlsx.ContentType, export.Content.Headers.ContentType!.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var sheet = Xlsx.Read(new MemoryStream(bytes), 1000).Single();
        Assert.Equal([.. OrgExcel.Headers, OrgExcel.CoordinatesHeader], sheet.Rows[0].Select(h => h!).ToArray());
        Assert.Contains(sheet.Rows, r => r[1] == "贵阳市产业发展控股集团" && r[4] == "520100" && r[7] == "否");
        Assert.Contains(sheet.Rows, r => r[1] == "市投资促进局" && r[7] == "是");

        var same = await Import(sys, bytes);
        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal(0, same.Body.GetProperty("created").GetInt32());
        Assert.Equal(sheet.Rows.Count - 1, same.Body.GetProperty("unchanged").GetInt32());

        // Children may come before their parent; one bad row stops the whole file.
        object?[][] rows =
        [
            ["520199-A1", "新区甲园区", null, "开发区/园区", "520199", "启用", 1],
            ["520199", "新设区", "New District", "区/县", "520100", "启用", 2],
            ["520199-BAD", "坏行", null, "不存在的类型", "520199", "启用", 3],
        ];
        var bad = await Import(sys, Workbook(rows));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        var error = bad.Body.GetProperty("errors")[0];
        Assert.Equal("单位", error.GetProperty("sheet").GetString());
        Assert.Equal(4, error.GetProperty("row").GetInt32());
        Assert.Equal("类型", error.GetProperty("column").GetString());
        Assert.False(await app.WithDbAsync(d => d.Orgs.AnyAsync(o => o.Code.StartsWith("520199"))));

        var good = await Import(sys, Workbook(rows[..2]));
        Assert.Equal(HttpStatusCode.OK, good.Status);
        Assert.Equal(2, good.Body.GetProperty("created").GetInt32());
        Assert.Equal("/520000/520100/520199/520199-A1/", (await app.OrgAsync("520199-A1")).Path);
        var twice = await Import(sys, Workbook(rows[..2]));
        Assert.Equal(2, twice.Body.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Bad_files_are_refused_with_a_reason_and_nothing_is_written()
    {
        using var app = new TestApp();
        var sys = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var before = await app.WithDbAsync(d => d.Orgs.CountAsync());

        var notXlsx = await Import(sys, "编码,名称\n1,2"u8.ToArray());
        Assert.Contains("不是 .xlsx", Message(notXlsx));
        var legacy = await Import(sys, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);
        Assert.Contains("加密", Message(legacy));
        var full = Workbook([["X1", "某单位", null, "部门", "520100", "启用", 1]]);
        Assert.Contains("截断", Message(await Import(sys, full[..(full.Length / 2)])));
        Assert.Contains("压缩炸弹", Message(await Import(sys, ZipBomb())));

        using (var renamed = new MemoryStream())
        {
            Xlsx.Write(renamed, OrgExcel.SheetName, ["编码", "单位名称", "英文名称", "类型", "上级编码", "状态", "排序"], [["X2", "某单位", null, "部门", "520100", "启用", 1]]);
            var missing = Message(await Import(sys, renamed.ToArray()));
            Assert.Contains("缺少列：名称", missing);
        }
        var unknownParent = await Import(sys, Workbook([["X3", "某单位", null, "部门", "NOPE", "启用", 1]]));
        Assert.Equal("上级编码", unknownParent.Body.GetProperty("errors")[0].GetProperty("column").GetString());
        var duplicate = await Import(sys, Workbook([["X4", "甲", null, "部门", "520100", "启用", 1], ["x4", "乙", null, "部门", "520100", "启用", 2]]));
        Assert.Contains("重复", Message(duplicate));

        var orphaning = await Import(sys, Workbook([["520100", "贵阳市", "Guiyang", "市/州", "520000", "停用", 3]]));
        Assert.Contains("启用而其上级“520100”停用", Message(orphaning));
        Assert.True((await app.OrgAsync("520100")).IsActive);

        Assert.Equal(before, await app.WithDbAsync(d => d.Orgs.CountAsync()));
    }

    private static string Message((HttpStatusCode Status, JsonElement Body) result)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        return string.Join(" ", result.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
    }

    private static byte[] Workbook(object?[][] rows)
    {
        using var stream = new MemoryStream();
        Xlsx.Write(stream, OrgExcel.SheetName, OrgExcel.Headers, rows);
        return stream.ToArray();
    }

    private static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 300; i++)
            {
                entry.Write(zeros);
            }
        }
        return stream.ToArray();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Import(HttpClient client, byte[] file)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "orgs.xlsx" } };
        var response = await client.PostAsync("/api/orgs/import", form);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
