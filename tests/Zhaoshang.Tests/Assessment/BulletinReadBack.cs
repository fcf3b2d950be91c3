using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Assessment;

internal static class BulletinReadBack
{
    /// <summary>
    /// The bulletin as a bureau receives it: python-docx reads every table of the .docx cell by cell and each equals the
    /// assessment's figures (two decimals, rates with %, the status in words, ties as 并列); every section is A4 landscape;
    /// the 公文 parts are there (issuing unit, number, title, date); LibreOffice converts it to landscape A4 pages; openpyxl
    /// reads the .xlsx with the same figures, percent formats, frozen headers and a landscape, fit-to-width print setup.
    /// </summary>
    public static async Task CheckAsync(byte[] docx, byte[] xlsx, JsonElement assessment, JsonElement indicators)
    {
        var read = await OfficeTools.ReadBackAsync(docx, xlsx);
        var names = indicators.EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("name").GetString()!);
        static string Two(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "—" : e.GetDecimal().ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);
        var text = read.GetProperty("docx").GetProperty("text").GetString()!;
        foreach (var part in new[] { "贵阳市产业大招商领导小组办公室", "筑招商通〔2023〕6号", "2023年6月招商引资目标任务完成情况通报", "2023年7月5日", "完成较好的是南明区，相对滞后的是乌当区" })
        {
            Assert.Contains(part, text);
        }
        Assert.All(read.GetProperty("docx").GetProperty("sections").EnumerateArray(), s =>
            Assert.Equal(("LANDSCAPE (1)", 297L, 210L), (s.GetProperty("orientation").GetString()!, s.GetProperty("widthMm").GetInt64(), s.GetProperty("heightMm").GetInt64())));
        var tables = read.GetProperty("docx").GetProperty("tables").EnumerateArray().ToList();
        var cells = assessment.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(cells.Select(c => (c.GetProperty("table").GetString(), c.GetProperty("indicator").GetString())).Distinct().Count(), tables.Count);
        var compared = 0;
        foreach (var table in tables)
        {
            Assert.True(table.GetProperty("repeatHeader").GetBoolean());
            var heading = table.GetProperty("heading").GetString()!;
            var rows = table.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();
            Assert.Equal(["责任单位", "完成率", "时序进度", "状态", "排名"], rows[0].Where((_, i) => i is 0 or 3 or 4 or 5 or 6).ToArray());
            foreach (var row in rows.Skip(1))
            {
                var cell = cells.Single(c => c.GetProperty("orgName").GetString() == row[0] && heading.Contains("）" + names[c.GetProperty("indicator").GetString()!] + "（", StringComparison.Ordinal));
                var rank = cell.GetProperty("rank");
                var tied = cells.Count(c => c.GetProperty("table").GetString() == cell.GetProperty("table").GetString()
                    && c.GetProperty("indicator").GetString() == cell.GetProperty("indicator").GetString() && c.GetProperty("rank").ValueKind != JsonValueKind.Null
                    && rank.ValueKind != JsonValueKind.Null && c.GetProperty("rank").GetInt32() == rank.GetInt32()) > 1;
                var completion = cell.GetProperty("completion");
                var status = cell.GetProperty("status").ValueKind == JsonValueKind.Null ? "—" : Zhaoshang.Web.Features.Assessment.Bulletin.StatusName(cell.GetProperty("status").GetString());
                Assert.Equal(new[]
                {
                    Two(cell.GetProperty("target")), Two(cell.GetProperty("actual")), completion.ValueKind == JsonValueKind.Null ? "—" : Two(completion) + "%", status,
                    rank.ValueKind == JsonValueKind.Null ? "—" : (tied ? "并列" : "") + $"{rank.GetInt32()}/{cell.GetProperty("groupSize").GetInt32()}",
                }, new[] { row[1], row[2], row[3], row[5], row[6] });
                compared++;
            }
        }
        Assert.Equal(cells.Count, compared); // every unit's every indicator, once

        var pdf = System.Text.Encoding.Latin1.GetString(await OfficeTools.ToPdfAsync(docx));
        var boxes = System.Text.RegularExpressions.Regex.Matches(pdf, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]").Select(m => (W: decimal.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), H: decimal.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(boxes);
        Assert.All(boxes, b => Assert.True(Math.Abs(b.W - 841.9m) < 1 && Math.Abs(b.H - 595.3m) < 1, $"page {b.W}×{b.H} pt is not A4 landscape"));

        var sheets = read.GetProperty("xlsx").GetProperty("sheets").EnumerateArray().ToList();
        Assert.Equal(cells.Select(c => c.GetProperty("table").GetString()).Distinct().Count(), sheets.Count);
        foreach (var sheet in sheets)
        {
            Assert.Equal(("landscape", "9", "1", "True"), (sheet.GetProperty("orientation").GetString(), sheet.GetProperty("paperSize").ToString(),
                sheet.GetProperty("fitToWidth").ToString(), sheet.GetProperty("fitToPage").ToString()));
            Assert.Equal("B5", sheet.GetProperty("freeze").GetString()); // title, note, indicator row, value row; the unit column
            Assert.Equal("$1:$4", sheet.GetProperty("printTitleRows").GetString());
            var rows = sheet.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToList()).ToList();
            var formats = sheet.GetProperty("formats").EnumerateArray().Select(r => r.EnumerateArray().Select(f => f.GetString()).ToList()).ToList();
            // Row 3 names each indicator over its six columns (target, actual, completion, time progress, status, rank).
            var blocks = rows[2].Select((h, c) => (h, c)).Where(x => x.h.ValueKind == JsonValueKind.String && x.c > 0 && x.h.GetString() != "平均完成率")
                .Select(x => (Code: names.Single(n => x.h.GetString()!.StartsWith(n.Value + "（", StringComparison.Ordinal)).Key, Column: x.c)).ToList();
            Assert.NotEmpty(blocks);
            static decimal? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : null;
            static decimal? Of(JsonElement cell, string name) => cell.GetProperty(name).ValueKind == JsonValueKind.Number ? cell.GetProperty(name).GetDecimal() : null;
            foreach (var (row, r) in rows.Select((x, i) => (x, i)).Skip(4).Where(x => x.x.Count > 1 && x.x[1].ValueKind != JsonValueKind.Undefined))
            {
                if (!cells.Any(c => c.GetProperty("orgName").GetString() == row[0].GetString()))
                {
                    continue; // a footnote
                }
                foreach (var (code, column) in blocks)
                {
                    var cell = cells.Single(c => c.GetProperty("orgName").GetString() == row[0].GetString() && c.GetProperty("indicator").GetString() == code);
                    Assert.Equal((Of(cell, "target"), Of(cell, "actual"), Of(cell, "completion")), (Number(row[column]), Number(row[column + 1]), Number(row[column + 2]) * 100));
                    Assert.Equal("0.00%", formats[r][column + 2]);
                    compared--;
                }
            }
        }
        Assert.Equal(0, compared); // the workbook holds the same cells as the document
    }
}
