using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Zhaoshang.Web.Features.Assessment;

public sealed record BulletinIndicator(string Code, string Name, string Unit);

public sealed record BulletinRow(Guid OrgId, string OrgName, IReadOnlyDictionary<string, AssessmentCell> Cells, decimal? AverageCompletion, UnitScore? Score);

/// <summary>One table of units (peers): their figures per indicator, ranked by their average completion, best and worst named.</summary>
public sealed record BulletinTable(string Title, IReadOnlyList<BulletinIndicator> Indicators, IReadOnlyList<BulletinRow> Rows, string? Best, string? Worst);

/// <summary>
/// The monthly bulletin (每月通报): for each table of units, target, actual, completion, the time-progress expectation,
/// rank and status per indicator, the best and the worst unit, and a chart; from a closed month's frozen figures
/// (reproducible to the digit) or, for an open month, as the ledger stands. As a web page (with a print stylesheet),
/// .docx and .xlsx.
/// </summary>
public sealed record Bulletin(int Year, int Month, string Title, DateOnly PeriodEnd, decimal TimeProgress, DateTime? ClosedAt, int? RuleVersion,
    IReadOnlyList<BulletinTable> Tables, IReadOnlyList<LateFact> Late)
{
    public static Bulletin From(AssessmentView view, int month, IReadOnlyDictionary<string, Indicator> indicators)
    {
        var tables = view.Cells.GroupBy(c => c.Table).Select(table =>
        {
            var codes = table.Select(c => c.Indicator).Distinct().ToList();
            var rows = table.GroupBy(c => c.OrgId).Select(unit =>
            {
                var completions = unit.Where(c => c.Completion is not null).Select(c => Math.Min(c.Completion!.Value, 200m)).ToList();
                return new BulletinRow(unit.Key, unit.First().OrgName, unit.ToDictionary(c => c.Indicator),
                    completions.Count == 0 ? null : Math.Round(completions.Average(), 2), view.Units.FirstOrDefault(u => u.OrgId == unit.Key && u.Table == table.Key));
            }).OrderByDescending(r => r.AverageCompletion ?? -1).ThenBy(r => r.OrgName, StringComparer.Ordinal).ToList();
            var ranked = rows.Where(r => r.AverageCompletion is not null).ToList();
            return new BulletinTable(table.Key, codes.Select(c => new BulletinIndicator(c, indicators[c].Name, indicators[c].Unit)).ToList(), rows,
                ranked.Count > 1 ? ranked[0].OrgName : null, ranked.Count > 1 ? ranked[^1].OrgName : null);
        }).ToList();
        return new Bulletin(view.Year, month, $"{view.Year}年{month}月招商引资目标任务完成情况通报", view.PeriodEnd, view.TimeProgress, view.ClosedAt,
            view.RuleVersion, tables, view.Late);
    }

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string N(decimal? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    private static string Percent(decimal? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + "%" : "—";

    public static string StatusName(string? status) => status switch
    {
        "ahead" => "超序时",
        "onTrack" => "符合序时",
        "behind" => "滞后序时",
        _ => "",
    };

    private string Summary => $"统计截至{PeriodEnd:yyyy年M月d日}，序时进度 {Percent(TimeProgress)}" + (ClosedAt is null ? "（本月尚未关账，数据为实时数据）" : "（本月已关账）")
        + (RuleVersion is { } v ? $"，按 {Year} 年考核规则第 {v} 版计分。" : "。");

    /// <summary>The bulletin as a web page: tables with the status as colour, a chart per table, a stylesheet for print.</summary>
    public string ToHtml()
    {
        var h = Html; // Chinese stays as text; only markup is escaped
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(h.Encode(Title)).Append("</title>")
            .Append("""
                <style>
                body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1d273b}
                h1{font-size:1.5rem;text-align:center}h2{font-size:1.15rem;margin-top:2rem}
                table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border:1px solid #c8ced8;padding:.3rem .4rem;text-align:right}
                th{background:#f1f4f8;text-align:center}td.unit{text-align:left;white-space:nowrap}
                .ahead{background:#e3f4e6}.behind{background:#fbe4e4}.onTrack{background:#eef3fb}
                .chart{height:260px;margin:1rem 0}.note{color:#5b6474;font-size:.85rem}
                @media print{body{margin:0}.chart{height:200px;page-break-inside:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}.noprint{display:none}}
                </style></head><body>
                """)
            .Append("<h1>").Append(h.Encode(Title)).Append("</h1><p>").Append(h.Encode(Summary)).Append("</p>");
        foreach (var table in Tables)
        {
            html.Append("<h2>").Append(h.Encode(table.Title)).Append("</h2>");
            if (table.Best is not null)
            {
                html.Append("<p>完成较好：").Append(h.Encode(table.Best)).Append("；相对滞后：").Append(h.Encode(table.Worst!)).Append("。</p>");
            }
            html.Append("<table><thead><tr><th rowspan=\"2\">责任单位</th>");
            foreach (var indicator in table.Indicators)
            {
                html.Append("<th colspan=\"5\">").Append(h.Encode($"{indicator.Name}（{indicator.Unit}）")).Append("</th>");
            }
            html.Append("<th rowspan=\"2\">平均完成率</th></tr><tr>");
            foreach (var _ in table.Indicators)
            {
                html.Append("<th>目标</th><th>完成</th><th>完成率</th><th>序时目标</th><th>排名</th>");
            }
            html.Append("</tr></thead><tbody>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr><td class=\"unit\">").Append(h.Encode(row.OrgName)).Append("</td>");
                foreach (var indicator in table.Indicators)
                {
                    var c = row.Cells.GetValueOrDefault(indicator.Code);
                    html.Append("<td>").Append(N(c?.Target)).Append("</td><td>").Append(N(c?.Actual)).Append("</td><td class=\"").Append(c?.Status)
                        .Append("\" title=\"").Append(StatusName(c?.Status)).Append("\">").Append(Percent(c?.Completion)).Append("</td><td>")
                        .Append(N(c?.Expected)).Append("</td><td>").Append(c?.Rank is { } r ? $"{r}/{c.GroupSize}" : "—").Append("</td>");
                }
                html.Append("<td>").Append(Percent(row.AverageCompletion)).Append("</td></tr>");
            }
            html.Append("</tbody></table>");
            var chart = new
            {
                units = table.Rows.Select(r => r.OrgName),
                series = table.Indicators.Select(i => new { name = i.Name, data = table.Rows.Select(r => r.Cells.GetValueOrDefault(i.Code)?.Completion) }),
                progress = TimeProgress,
            };
            html.Append("<div class=\"chart\" data-chart=\"").Append(h.Encode(JsonSerializer.Serialize(chart, Indicator.Json))).Append("\"></div>");
        }
        if (Late.Count > 0)
        {
            html.Append("<p class=\"note\">关账后补录的事实 ").Append(Late.Count).Append(" 条，计入下一个未关账期间。</p>");
        }
        html.Append("<script src=\"/lib/echarts/echarts.min.js\"></script><script src=\"/js/bulletin.js\"></script></body></html>");
        return html.ToString();
    }

    /// <summary>The bulletin as .xlsx: a sheet per table, the status as the completion cell's fill.</summary>
    public void WriteXlsx(Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new X.Workbook();
        static X.Fill Solid(string rgb) => new(new X.PatternFill(new X.ForegroundColor { Rgb = rgb }) { PatternType = X.PatternValues.Solid });
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new X.Stylesheet(
            new X.Fonts(new X.Font(), new X.Font(new X.Bold())),
            new X.Fills(new X.Fill(new X.PatternFill { PatternType = X.PatternValues.None }), new X.Fill(new X.PatternFill { PatternType = X.PatternValues.Gray125 }),
                Solid("FFE3F4E6"), Solid("FFFBE4E4"), Solid("FFEEF3FB")),
            new X.Borders(new X.Border()),
            new X.CellFormats(new X.CellFormat(), new X.CellFormat { FontId = 1, ApplyFont = true },
                new X.CellFormat { FillId = 2, ApplyFill = true }, new X.CellFormat { FillId = 3, ApplyFill = true }, new X.CellFormat { FillId = 4, ApplyFill = true }));
        var sheets = workbook.Workbook.AppendChild(new X.Sheets());
        uint id = 1;
        foreach (var table in Tables)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new X.SheetData();
            var r = 0;
            void Row(IEnumerable<(object? Value, uint Style)> cells)
            {
                r++;
                var row = new X.Row { RowIndex = (uint)r };
                var c = 0;
                foreach (var (value, style) in cells)
                {
                    var cell = new X.Cell { CellReference = $"{Column(c++)}{r}", StyleIndex = style };
                    if (value is decimal d)
                    {
                        cell.DataType = X.CellValues.Number;
                        cell.CellValue = new X.CellValue(d.ToString(CultureInfo.InvariantCulture));
                    }
                    else if (value is not null)
                    {
                        cell.DataType = X.CellValues.InlineString;
                        cell.InlineString = new X.InlineString(new X.Text(Convert.ToString(value, CultureInfo.InvariantCulture)!));
                    }
                    row.Append(cell);
                }
                data.Append(row);
            }
            Row([(Title, 1u)]);
            Row([($"{table.Title}　{Summary}", 0u)]);
            Row(new (object?, uint)[] { ("责任单位", 1u) }.Concat(table.Indicators.SelectMany(i => new (object?, uint)[]
                { ($"{i.Name}目标（{i.Unit}）", 1), ("完成", 1), ("完成率（%）", 1), ("序时目标", 1), ("排名", 1) })).Append(((object?)"平均完成率（%）", 1u)));
            foreach (var row in table.Rows)
            {
                Row(new (object?, uint)[] { (row.OrgName, 0) }.Concat(table.Indicators.SelectMany(i =>
                {
                    var c = row.Cells.GetValueOrDefault(i.Code);
                    var fill = c?.Status switch { "ahead" => 2u, "behind" => 3u, "onTrack" => 4u, _ => 0u };
                    return new (object?, uint)[] { (c?.Target, 0), (c?.Actual, 0), (c?.Completion, fill), (c?.Expected, 0), (c?.Rank is { } k ? $"{k}/{c.GroupSize}" : null, 0) };
                })).Append(((object?)row.AverageCompletion, 0u)));
            }
            if (table.Best is not null)
            {
                Row([($"完成较好：{table.Best}；相对滞后：{table.Worst}", 0u)]);
            }
            part.Worksheet = new X.Worksheet(data);
            var name = new string(table.Title.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
            sheets.Append(new X.Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = $"{id}.{name[..Math.Min(name.Length, 26)]}" });
            id++;
        }
        workbook.Workbook.Save();
    }

    /// <summary>The bulletin as .docx: the title, the summary, and per table its best and worst units and a table of figures.</summary>
    public void WriteDocx(Stream output)
    {
        using var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var body = new W.Body();
        static W.Paragraph Paragraph(string text, bool bold = false, string size = "21", bool center = false) => new(
            new W.ParagraphProperties(new W.Justification { Val = center ? W.JustificationValues.Center : W.JustificationValues.Left }),
            new W.Run(new W.RunProperties(bold ? new W.Bold() : new W.Bold { Val = false }, new W.FontSize { Val = size }), new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        static W.TableCell Cell(string text, string? fill = null, bool bold = false)
        {
            var properties = new W.TableCellProperties();
            if (fill is not null)
            {
                properties.Append(new W.Shading { Val = W.ShadingPatternValues.Clear, Fill = fill });
            }
            return new W.TableCell(properties, Paragraph(text, bold, "18"));
        }
        body.Append(Paragraph(Title, bold: true, size: "32", center: true));
        body.Append(Paragraph(Summary));
        foreach (var table in Tables)
        {
            body.Append(Paragraph(table.Title, bold: true, size: "24"));
            if (table.Best is not null)
            {
                body.Append(Paragraph($"完成较好：{table.Best}；相对滞后：{table.Worst}。"));
            }
            var grid = new W.Table(new W.TableProperties(new W.TableBorders(
                new W.TopBorder { Val = W.BorderValues.Single, Size = 4 }, new W.BottomBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.LeftBorder { Val = W.BorderValues.Single, Size = 4 }, new W.RightBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.InsideHorizontalBorder { Val = W.BorderValues.Single, Size = 4 }, new W.InsideVerticalBorder { Val = W.BorderValues.Single, Size = 4 })));
            grid.Append(new W.TableRow(new[] { Cell("责任单位", "F1F4F8", true) }
                .Concat(table.Indicators.Select(i => Cell($"{i.Name}（{i.Unit}）完成/目标，完成率，排名", "F1F4F8", true))).Append(Cell("平均完成率", "F1F4F8", true))));
            foreach (var row in table.Rows)
            {
                grid.Append(new W.TableRow(new[] { Cell(row.OrgName) }.Concat(table.Indicators.Select(i =>
                {
                    var c = row.Cells.GetValueOrDefault(i.Code);
                    var fill = c?.Status switch { "ahead" => "E3F4E6", "behind" => "FBE4E4", "onTrack" => "EEF3FB", _ => null };
                    return Cell($"{N(c?.Actual)}/{N(c?.Target)}，{Percent(c?.Completion)}，{(c?.Rank is { } k ? $"{k}/{c.GroupSize}" : "—")}", fill);
                })).Append(Cell(Percent(row.AverageCompletion)))));
            }
            body.Append(grid);
        }
        if (Late.Count > 0)
        {
            body.Append(Paragraph($"关账后补录的事实 {Late.Count} 条，计入下一个未关账期间。"));
        }
        main.Document = new W.Document(body);
        main.Document.Save();
    }

    private static string Column(int index)
    {
        var name = "";
        for (var c = index + 1; c > 0; c = (c - 1) / 26)
        {
            name = (char)('A' + (c - 1) % 26) + name;
        }
        return name;
    }
}
