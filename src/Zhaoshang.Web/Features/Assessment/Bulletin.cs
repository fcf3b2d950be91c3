using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;
using Zhaoshang.Web.Shared.Documents;

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
    public static Bulletin From(AssessmentView view, int month, IReadOnlyDictionary<string, Indicator> indicators, IStringLocalizer? words = null)
    {
        // In the reader's language: an indicator's English name where it has one, units and table titles as translated.
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" && words is not null;
        string Say(string text) => words is null ? text : words[text].Value;
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
            return new BulletinTable(Say(table.Key), codes.Select(c => new BulletinIndicator(c,
                    english && indicators[c].NameEn is { Length: > 0 } en ? en : indicators[c].Name, Say(indicators[c].Unit))).ToList(), rows,
                ranked.Count > 1 ? ranked[0].OrgName : null, ranked.Count > 1 ? ranked[^1].OrgName : null);
        }).ToList();
        var title = words is null ? $"{view.Year}年{month}月招商引资目标任务完成情况通报" : words["{0}年{1}月招商引资目标任务完成情况通报", view.Year, month].Value;
        return new Bulletin(view.Year, month, title, view.PeriodEnd, view.TimeProgress, view.ClosedAt, view.RuleVersion, tables, view.Late)
        {
            Words = words, English = english,
        };
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

    /// <summary>The words of the page and the documents, in the reader's language (Chinese when none is given).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IStringLocalizer? Words { get; init; }

    public bool English { get; init; }

    private string T(string template, params object[] args) =>
        Words is null ? string.Format(CultureInfo.InvariantCulture, template, args) : Words[template, args].Value;

    private string Summary => T("统计截至{0}，序时进度 {1}", English ? PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{PeriodEnd.Year}年{PeriodEnd.Month}月{PeriodEnd.Day}日", Percent(TimeProgress))
        + T(ClosedAt is null ? "（本月尚未关账，数据为实时数据）" : "（本月已关账）")
        + (RuleVersion is { } v ? T("，按 {0} 年考核规则第 {1} 版计分。", Year, v) : T("。"));

    /// <summary>The bulletin as a web page: tables with the status as colour, a chart per table, a stylesheet for print.</summary>
    public string ToHtml()
    {
        var h = Html; // Chinese stays as text; only markup is escaped
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(English ? "en" : "zh-CN").Append("\"><head><meta charset=\"utf-8\"><title>").Append(h.Encode(Title)).Append("</title>")
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
                html.Append("<p>").Append(h.Encode(T("完成较好：{0}；相对滞后：{1}。", table.Best, table.Worst!))).Append("</p>");
            }
            html.Append("<table><thead><tr><th rowspan=\"2\">").Append(h.Encode(T("责任单位"))).Append("</th>");
            foreach (var indicator in table.Indicators)
            {
                html.Append("<th colspan=\"5\">").Append(h.Encode($"{indicator.Name}（{indicator.Unit}）")).Append("</th>");
            }
            html.Append("<th rowspan=\"2\">").Append(h.Encode(T("平均完成率"))).Append("</th></tr><tr>");
            foreach (var _ in table.Indicators)
            {
                foreach (var header in new[] { "目标", "完成", "完成率", "序时目标", "排名" })
                {
                    html.Append("<th>").Append(h.Encode(T(header))).Append("</th>");
                }
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
            // One chart per indicator (UI.md: one message per chart), as on the assessment page.
            foreach (var (indicator, k) in table.Indicators.Select((x, k) => (x, k)))
            {
                var chart = new
                {
                    units = table.Rows.Select(r => r.OrgName),
                    indicators = new[]
                    {
                        new
                        {
                            name = indicator.Name, ratio = indicator.Unit == "%",
                            completion = table.Rows.Select(r => r.Cells.GetValueOrDefault(indicator.Code)?.Completion),
                            status = table.Rows.Select(r => r.Cells.GetValueOrDefault(indicator.Code)?.Status),
                        },
                    },
                    progress = TimeProgress,
                    labels = new { progress = T("时序进度"), full = T("全年目标 100%") },
                };
                html.Append("<h3>").Append(h.Encode(T("{0}（{1}）完成率", indicator.Name, indicator.Unit))).Append("</h3><div><div class=\"chart\" data-chart=\"")
                    .Append(h.Encode(JsonSerializer.Serialize(chart, AppJson.Options))).Append("\"></div></div>");
            }
        }
        if (Late.Count > 0)
        {
            html.Append("<p class=\"note\">").Append(h.Encode(T("关账后补录的事实 {0} 条，计入下一个未关账期间。", Late.Count))).Append("</p>");
        }
        html.Append("<script src=\"/lib/echarts/echarts.min.js\"></script><script src=\"/js/bulletin.js\"></script></body></html>");
        return html.ToString();
    }

    private static readonly Dictionary<string, string> Fills = new() { ["ahead"] = "E3F4E6", ["behind"] = "FBE4E4", ["onTrack"] = "EEF3FB" };

    /// <summary>The time progress a cell is measured against: its 序时目标 over its annual target (100 % for a rate, held all year).</summary>
    private static decimal? TimeProgressOf(AssessmentCell? c) => c is { Target: > 0, Expected: { } e } ? Math.Round(e / c.Target.Value * 100, 2) : null;

    /// <summary>"2/9", or "并列2/9" when another unit of the table has the same rank.</summary>
    private string RankText(BulletinTable table, string indicator, AssessmentCell? c) => c?.Rank is not { } rank ? "—"
        : (table.Rows.Count(r => r.Cells.GetValueOrDefault(indicator)?.Rank == rank) > 1 ? T("并列") : "") + $"{rank}/{c.GroupSize}";

    /// <summary>An indicator's rows in rank order, units with nothing done last.</summary>
    private static IEnumerable<BulletinRow> Ranked(BulletinTable table, string indicator) =>
        table.Rows.OrderBy(r => r.Cells.GetValueOrDefault(indicator) is { Actual: > 0 } ? 0 : 1)
            .ThenBy(r => r.Cells.GetValueOrDefault(indicator)?.Rank ?? int.MaxValue).ThenBy(r => r.OrgName, StringComparer.Ordinal);

    private static string Two(decimal? value) => value is { } v ? v.ToString("#,0.00", CultureInfo.InvariantCulture) : "—";

    /// <summary>
    /// The bulletin as .xlsx (<see cref="ReportWorkbook"/>): a sheet per table, one column per value (target, actual,
    /// completion, time progress, status, rank) under each indicator, rates as percentages, the status as a word on its fill.
    /// </summary>
    public void WriteXlsx(Stream output)
    {
        var workbook = new ReportWorkbook();
        var n = 0;
        foreach (var table in Tables)
        {
            var columns = new List<ReportWorkbook.Column> { new(T("责任单位"), 22) };
            var groups = new List<ReportWorkbook.Group> { new(T("责任单位"), 1) };
            foreach (var i in table.Indicators)
            {
                groups.Add(new($"{i.Name}（{i.Unit}）", 6));
                columns.AddRange([new(T("目标（{0}）", i.Unit), 11, ReportWorkbook.Format.Number), new(T("完成（{0}）", i.Unit), 11, ReportWorkbook.Format.Number),
                    new(T("完成率"), 9, ReportWorkbook.Format.Percent), new(T("时序进度"), 9, ReportWorkbook.Format.Percent), new(T("状态"), 9), new(T("排名"), 8)]);
            }
            columns.Add(new(T("平均完成率"), 10, ReportWorkbook.Format.Percent));
            groups.Add(new(T("平均完成率"), 1));
            var sheet = workbook.AddSheet($"{++n}.{table.Title}", Title, $"{table.Title}　{Summary}", columns, groups);
            foreach (var row in table.Rows)
            {
                var cells = new List<ReportWorkbook.Cell> { new(row.OrgName) };
                foreach (var i in table.Indicators)
                {
                    var c = row.Cells.GetValueOrDefault(i.Code);
                    var fill = c?.Status is { } st ? Fills.GetValueOrDefault(st) : null;
                    cells.AddRange([new(c?.Target), new(c?.Actual), new(c?.Completion / 100, fill), new(TimeProgressOf(c) / 100),
                        new(StatusName(c?.Status) is { Length: > 0 } word ? T(word) : null, fill), new(RankText(table, i.Code, c))]);
                }
                cells.Add(new(row.AverageCompletion / 100));
                sheet.Row(cells);
            }
            if (table.Best is not null)
            {
                sheet.Footnote(T("完成较好：{0}；相对滞后：{1}。", table.Best, table.Worst!));
            }
            if (Late.Count > 0)
            {
                sheet.Footnote(T("关账后补录的事实 {0} 条，计入下一个未关账期间。", Late.Count));
            }
        }
        workbook.Save(output);
    }

    /// <summary>
    /// The bulletin as an official document (<see cref="OfficialDocument"/>): issuing unit, number, title, the summary,
    /// then per table (一、二、…) and per indicator （一）（二）… a table of the units in rank order with one value per
    /// cell; the status is a word on its colour; ties are 并列; units with nothing done come last.
    /// </summary>
    public void WriteDocx(Stream output, DocumentHeading heading)
    {
        var document = new OfficialDocument(heading, Title);
        document.Paragraph(Summary);
        var t = 0;
        foreach (var table in Tables)
        {
            document.Heading1(English ? $"{++t}. {table.Title}" : $"{ChineseText.Numeral(++t)}、{table.Title}");
            if (table.Best is not null)
            {
                document.Paragraph(T("按平均完成率，完成较好的是{0}，相对滞后的是{1}。", table.Best, table.Worst!));
            }
            var k = 0;
            foreach (var i in table.Indicators)
            {
                document.Heading2(English ? $"({++k}) {i.Name} ({i.Unit})" : $"（{ChineseText.Numeral(++k)}）{i.Name}（{i.Unit}）");
                document.Table(
                [
                    new(T("责任单位"), 5.2), new(T("目标（{0}）", i.Unit), 3.2, true), new(T("完成（{0}）", i.Unit), 3.2, true), new(T("完成率"), 2.8, true),
                    new(T("时序进度"), 2.8, true), new(T("状态"), 2.6), new(T("排名"), 2.6, true),
                ], Ranked(table, i.Code).Select(row =>
                {
                    var c = row.Cells.GetValueOrDefault(i.Code);
                    var fill = c?.Status is { } st ? Fills.GetValueOrDefault(st) : null;
                    return (IReadOnlyList<OfficialDocument.Cell>)
                    [
                        new(row.OrgName), new(Two(c?.Target)), new(Two(c?.Actual)), new(c?.Completion is { } p ? Two(p) + "%" : "—"),
                        new(TimeProgressOf(c) is { } tp ? Two(tp) + "%" : "—"), new(StatusName(c?.Status) is { Length: > 0 } word ? T(word) : "—", fill),
                        new(RankText(table, i.Code, c)),
                    ];
                }));
            }
        }
        if (Late.Count > 0)
        {
            document.Paragraph(T("关账后补录的事实 {0} 条，计入下一个未关账期间。", Late.Count));
        }
        document.Save(output);
    }
}
