using System.Globalization;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;
using Zhaoshang.Web.Shared.Documents;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// The dispatch report as a bureau sends it: a 公文 (.docx, through <see cref="OfficialDocument"/>) and a workbook (.xlsx,
/// through <see cref="ReportWorkbook"/>), both from the one <see cref="DispatchReport"/> the page shows.
/// </summary>
public static class DispatchDocuments
{
    private static string Yi(long yuan) => (yuan / (decimal)ChineseText.Yi).ToString("N2", CultureInfo.InvariantCulture);

    public static string Rate(decimal? percent) => percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Days(decimal? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    public const string SummaryTemplate = "截至{0}，{1}重大项目{2}个，总投资{3}亿元。{4}以来，签约{5}个、开工{6}个，其中工业项目签约{7}个、开工{8}个，"
        + "民营企业项目签约{9}个、开工{10}个；新签约项目开工率{11}。已签约项目开工率{12}、投产率{13}；节点逾期{14}个，今年以来办结堵点问题{15}个，闲置低效项目{16}个。";

    /// <summary>The opening paragraph: the list, the period's signings and starts, and the rates; in the reader's language where a localizer is given.</summary>
    public static string Summary(DispatchReport r, Microsoft.Extensions.Localization.IStringLocalizer? words = null)
    {
        var english = words is not null && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        string Day(DateOnly d) => english ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{d.Year}年{d.Month}月{d.Day}日";
        object[] args =
        [
            Day(r.To), r.Scope, r.Projects, Yi(r.AmountYuan), Day(r.From), r.Rates.SignedInPeriod, r.Rates.StartedInPeriod,
            r.Industrial.Rates.SignedInPeriod, r.Industrial.Rates.StartedInPeriod, r.Private.Rates.SignedInPeriod, r.Private.Rates.StartedInPeriod,
            Rate(r.Rates.NewSigningStartRate), Rate(r.Rates.StartRate), Rate(r.Rates.ProductionRate), r.OverdueCount, r.ProblemsSolved, r.Stalled.Count,
        ];
        return words is null ? string.Format(CultureInfo.InvariantCulture, SummaryTemplate, args) : words[SummaryTemplate, args].Value;
    }

    public static readonly string[] BreakdownHeaders = ["类别", "项目数", "投资额（亿元）", "本期签约", "本期开工", "新签约项目开工率", "开工率", "投产率", "签约至开工（天）"];

    public static void WriteDocx(Stream output, DispatchReport r, DocumentHeading heading)
    {
        var d = new OfficialDocument(heading, r.Title);
        var n = 0;
        d.Heading1($"{ChineseText.Numeral(++n)}、总体情况");
        d.Paragraph(Summary(r));
        d.Heading1($"{ChineseText.Numeral(++n)}、各阶段项目");
        d.Table([new("阶段", 5), new("项目数", 4, true), new("投资额（亿元）", 5, true), new("本期进入该阶段", 5, true)],
            r.ByStage.Select(s => (IReadOnlyList<OfficialDocument.Cell>)
                [new(StageMachine.Name(s.Stage)), new(s.Projects.ToString("N0", CultureInfo.InvariantCulture)), new(Yi(s.AmountYuan)), new(s.EnteredInPeriod.ToString("N0", CultureInfo.InvariantCulture))]));
        d.Heading1($"{ChineseText.Numeral(++n)}、分类推进情况");
        var k = 0;
        foreach (var (title, lines) in Breakdowns(r))
        {
            d.Heading2($"（{ChineseText.Numeral(++k)}）{title}");
            d.Table(BreakdownHeaders.Select((h, i) => new OfficialDocument.Column(h, i == 0 ? 5.1 : 2.4, i > 0)).ToList(),
                lines.Select(l => (IReadOnlyList<OfficialDocument.Cell>)
                [
                    new(l.Label), new(l.Projects.ToString("N0", CultureInfo.InvariantCulture)), new(Yi(l.AmountYuan)), new(l.Rates.SignedInPeriod.ToString(CultureInfo.InvariantCulture)),
                    new(l.Rates.StartedInPeriod.ToString(CultureInfo.InvariantCulture)), new(Rate(l.Rates.NewSigningStartRate)), new(Rate(l.Rates.StartRate)),
                    new(Rate(l.Rates.ProductionRate)), new(Days(l.Rates.DaysToStart)),
                ]));
        }
        d.Heading1($"{ChineseText.Numeral(++n)}、节点逾期情况");
        d.Paragraph(r.OverdueCount == 0 ? "各重大项目计划节点均未逾期。" : $"计划节点逾期未完成{r.OverdueCount}个" + (r.OverdueCount > r.Overdue.Count ? $"，以下列出逾期最久的{r.Overdue.Count}个" : "") + "。");
        if (r.Overdue.Count > 0)
        {
            d.Table([new("项目编码", 3.6), new("项目名称", 6.2), new("责任单位", 3.6), new("节点", 3.4), new("计划日期", 2.9, true), new("逾期（天）", 2.2, true), new("转办", 2.4)],
                r.Overdue.Select(o => (IReadOnlyList<OfficialDocument.Cell>)
                    [new(o.Code), new(o.Project), new(o.OrgName), new(o.Node), new(o.Planned.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                     new(o.Days.ToString(CultureInfo.InvariantCulture), "FBE4E4"), new(o.TicketId is null ? "—" : "已转堵点问题")]));
        }
        d.Heading1($"{ChineseText.Numeral(++n)}、挂牌督办情况");
        d.Paragraph(r.Supervised.Count == 0 ? "暂无挂牌督办事项。" : $"挂牌督办事项{r.Supervised.Count}个，其中有缺报周次的{r.Supervised.Count(x => x.MissingWeeks > 0)}个。");
        if (r.Supervised.Count > 0)
        {
            d.Table([new("督办事项", 8), new("挂牌领导", 3.4), new("责任单位", 4.2), new("期限", 2.9, true), new("缺报（周）", 2.4, true), new("最近进展", 3.4)],
                r.Supervised.Select(x => (IReadOnlyList<OfficialDocument.Cell>)
                    [new(x.Title), new(x.LeaderName), new(x.ResponsibleOrgName), new(x.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x.PastDeadline ? "FBE4E4" : null),
                     new(x.MissingWeeks.ToString(CultureInfo.InvariantCulture), x.MissingWeeks > 0 ? "FBE4E4" : null), new(x.Weeks.FirstOrDefault(w => w.Text is not null)?.Text ?? "—")]));
        }
        d.Heading1($"{ChineseText.Numeral(++n)}、问题协调情况");
        d.Paragraph($"今年以来，重大项目堵点问题已办结{r.ProblemsSolved}个。");
        d.Heading1($"{ChineseText.Numeral(++n)}、线索来源");
        d.Paragraph(r.Channels.Count == 0 ? "本期未报送项目线索。" : $"本期报送项目线索{r.Channels.Sum(c => c.Leads)}条，已签约{r.Channels.Sum(c => c.Signed)}条。");
        if (r.Channels.Count > 0)
        {
            d.Table([new("信息渠道", 6), new("线索数", 4, true), new("形成项目", 4, true), new("已签约", 4, true), new("转化率", 4, true)],
                r.Channels.Select(c => (IReadOnlyList<OfficialDocument.Cell>)
                    [new(Activities.LeadService.ChannelName(c.Channel)), new(c.Leads.ToString(CultureInfo.InvariantCulture)), new(c.WithProject.ToString(CultureInfo.InvariantCulture)),
                     new(c.Signed.ToString(CultureInfo.InvariantCulture)), new(Rate(c.Conversion))]));
        }
        d.Heading1($"{ChineseText.Numeral(++n)}、闲置低效项目");
        d.Paragraph(r.Stalled.Count == 0 ? "暂无闲置低效项目。" : $"闲置低效项目{r.Stalled.Count}个" + (r.Stalled.Count >= DispatchReports.ListLimit ? $"（列出前{DispatchReports.ListLimit}个）" : "") + "。");
        if (r.Stalled.Count > 0)
        {
            d.Table([new("项目编码", 3.6), new("项目名称", 7.4), new("责任单位", 4), new("阶段", 2.4), new("自", 3, true), new("情形", 3.9)],
                r.Stalled.Select(s => (IReadOnlyList<OfficialDocument.Cell>)
                    [new(s.Code), new(s.Project), new(s.OrgName), new(StageMachine.Name(s.Stage)), new(s.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"), new(s.Reason)]));
        }
        d.Save(output);
    }

    public static void WriteXlsx(Stream output, DispatchReport r)
    {
        var book = new ReportWorkbook();
        var summary = book.AddSheet("总体情况", r.Title, Summary(r),
            [new("阶段", 14), new("项目数", 10, ReportWorkbook.Format.Integer), new("投资额（亿元）", 14, ReportWorkbook.Format.Number), new("本期进入该阶段", 14, ReportWorkbook.Format.Integer)]);
        foreach (var s in r.ByStage)
        {
            summary.Row(new(StageMachine.Name(s.Stage)), new(s.Projects), new(s.AmountYuan / (decimal)ChineseText.Yi), new(s.EnteredInPeriod));
        }
        summary.Footnote($"统计期间：{r.From:yyyy-MM-dd} 至 {r.To:yyyy-MM-dd}；开工率、投产率按截至期末已签约项目计，新签约项目开工率按本期签约项目计。");
        foreach (var (title, lines) in Breakdowns(r))
        {
            var sheet = book.AddSheet(title.Replace("按", "", StringComparison.Ordinal), r.Title + "：" + title, null,
            [
                new("类别", 22), new("项目数", 10, ReportWorkbook.Format.Integer), new("投资额（亿元）", 14, ReportWorkbook.Format.Number),
                new("本期签约", 10, ReportWorkbook.Format.Integer), new("本期开工", 10, ReportWorkbook.Format.Integer),
                new("新签约项目开工率", 14, ReportWorkbook.Format.Percent), new("开工率", 10, ReportWorkbook.Format.Percent), new("投产率", 10, ReportWorkbook.Format.Percent),
                new("签约至开工（天）", 14, ReportWorkbook.Format.Number),
            ]);
            foreach (var l in lines)
            {
                sheet.Row(new(l.Label), new(l.Projects), new(l.AmountYuan / (decimal)ChineseText.Yi), new(l.Rates.SignedInPeriod), new(l.Rates.StartedInPeriod),
                    new(l.Rates.NewSigningStartRate / 100), new(l.Rates.StartRate / 100), new(l.Rates.ProductionRate / 100), new(l.Rates.DaysToStart));
            }
        }
        var overdue = book.AddSheet("节点逾期", r.Title + "：节点逾期", $"逾期未完成 {r.OverdueCount} 个",
        [
            new("项目编码", 18), new("项目名称", 36), new("责任单位", 18), new("节点", 16), new("计划日期", 12), new("逾期（天）", 10, ReportWorkbook.Format.Integer), new("转办", 14),
        ]);
        foreach (var o in r.Overdue)
        {
            overdue.Row(new(o.Code), new(o.Project), new(o.OrgName), new(o.Node), new(o.Planned.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new(o.Days, "FBE4E4"),
                new(o.TicketId is null ? "—" : "已转堵点问题"));
        }
        var watched = book.AddSheet("挂牌督办", r.Title + "：挂牌督办", null,
            [new("督办事项", 36), new("挂牌领导", 14), new("责任单位", 18), new("期限", 12), new("缺报（周）", 10, ReportWorkbook.Format.Integer), new("最近进展", 40)]);
        foreach (var x in r.Supervised)
        {
            watched.Row(new(x.Title), new(x.LeaderName), new(x.ResponsibleOrgName), new(x.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new(x.MissingWeeks, x.MissingWeeks > 0 ? "FBE4E4" : null), new(x.Weeks.FirstOrDefault(w => w.Text is not null)?.Text ?? "—"));
        }
        var channels = book.AddSheet("线索来源", r.Title + "：线索来源", null,
        [
            new("信息渠道", 16), new("线索数", 10, ReportWorkbook.Format.Integer), new("形成项目", 10, ReportWorkbook.Format.Integer),
            new("已签约", 10, ReportWorkbook.Format.Integer), new("转化率", 10, ReportWorkbook.Format.Percent),
        ]);
        foreach (var c in r.Channels)
        {
            channels.Row(new(Activities.LeadService.ChannelName(c.Channel)), new(c.Leads), new(c.WithProject), new(c.Signed), new(c.Conversion / 100));
        }
        var stalled = book.AddSheet("闲置低效", r.Title + "：闲置低效项目", null,
            [new("项目编码", 18), new("项目名称", 36), new("责任单位", 18), new("阶段", 10), new("自", 12), new("情形", 18)]);
        foreach (var s in r.Stalled)
        {
            stalled.Row(new(s.Code), new(s.Project), new(s.OrgName), new(StageMachine.Name(s.Stage)), new(s.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new(s.Reason));
        }
        book.Save(output);
    }

    /// <summary>The report's breakdowns in the order the bulletin shows them.</summary>
    public static IEnumerable<(string Title, IReadOnlyList<ReportLine> Lines)> Breakdowns(DispatchReport r) =>
    [
        ("按协调小组", r.ByGroup), ("按单位", r.ByUnit), ("按产业", r.ByIndustry), ("按企业类型", r.ByEnterpriseClass), ("按是否工业项目", r.ByIndustrialFlag),
    ];
}
