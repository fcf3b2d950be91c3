using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public sealed record StatsRow(string Key, string Name, int Total, int Solved, decimal? ClosureRate, decimal? OnTimeRate, decimal? AvgHandlingDays, int Overdue);

public sealed record TicketStats(DateOnly? From, DateOnly? To, string By, IReadOnlyList<StatsRow> Rows, StatsRow Total, IReadOnlyList<TicketRow> OverdueList);

/// <summary>A project's open problems, for its ledger row: red when one is overdue or escalated, amber while any is open.</summary>
public sealed record ProjectRisk(int Open, int Overdue, int Escalated)
{
    public string Status => Overdue > 0 || Escalated > 0 ? "red" : Open > 0 ? "amber" : "none";
}
/// <summary>The dispatch's figures: closure, on-time and handling time by department, category, month or kind; a project's open problems.</summary>
public sealed class TicketStatistics(AppDb db, TicketAccess access, TimeProvider time)
{
    private DateOnly Today => time.Today();

    private sealed record StatFact(Guid? HandlerOrgId, TicketCategory Category, TicketKind Kind, TicketState State, DateTime SubmittedAt,
        DateTime? DispatchedAt, DateTime? AnsweredAt, bool? OnTime, DateOnly? DueDate);

    public static readonly string[] StatsGroupings = ["department", "category", "month", "kind"];

    /// <summary>
    /// Solved count, closure rate (closed / accepted), on-time rate (answered by the deadline / answered), average
    /// handling days (dispatch to answer) and overdue count, by department, category, month or kind, over the tickets
    /// submitted in the period that the caller sees; declined tickets are not counted.
    /// </summary>
    public async Task<TicketStats> StatsAsync(string? by, DateOnly? from, DateOnly? to, TicketKind? kind, CancellationToken ct = default)
    {
        by = string.IsNullOrWhiteSpace(by) ? "department" : by.Trim();
        if (!StatsGroupings.Contains(by))
        {
            throw DomainException.Invalid("by", "“{0}”不是有效的统计维度，可选：{1}。", by, string.Join(", ", StatsGroupings));
        }
        var today = Today;
        var q = access.Filter(await access.VisibleAsync(ct), new TicketFilter(Kind: kind, From: from, To: to)).Where(t => t.State != TicketState.Declined);
        var facts = await q.Select(t => new StatFact(t.HandlerOrgId, t.Category, t.Kind, t.State, t.SubmittedAt, t.DispatchedAt, t.AnsweredAt, t.OnTime, t.DueDate))
            .ToListAsync(ct);
        var names = (await access.OrgNamesAsync(facts.Where(f => f.HandlerOrgId != null).Select(f => f.HandlerOrgId!.Value), ct)).Names;
        string Key(StatFact f) => by switch
        {
            "category" => f.Category.ToString(),
            "month" => ChinaTime.Format(f.SubmittedAt, "yyyy-MM"),
            "kind" => f.Kind.ToString(),
            _ => f.HandlerOrgId?.ToString() ?? "",
        };
        StatsRow Row(string key, string name, IEnumerable<StatFact> group)
        {
            var list = group.ToList();
            var solved = list.Count(f => f.State == TicketState.Closed);
            var answered = list.Where(f => f.OnTime != null).ToList();
            var handled = list.Where(f => f.AnsweredAt != null && f.DispatchedAt != null).Select(f => (f.AnsweredAt!.Value - f.DispatchedAt!.Value).TotalDays).ToList();
            return new StatsRow(key, name, list.Count, solved,
                list.Count == 0 ? null : Math.Round(100m * solved / list.Count, 1),
                answered.Count == 0 ? null : Math.Round(100m * answered.Count(f => f.OnTime == true) / answered.Count, 1),
                handled.Count == 0 ? null : Math.Round((decimal)handled.Average(), 1),
                list.Count(f => f.DueDate != null && f.DueDate < today && (f.State == TicketState.Dispatched || f.State == TicketState.InProgress)));
        }
        string Name(string key) => by switch
        {
            "category" => TicketWorkflow.CategoryName(Enum.Parse<TicketCategory>(key)),
            "kind" => TicketWorkflow.KindName(Enum.Parse<TicketKind>(key)),
            "month" => key,
            _ => key.Length == 0 ? "未派单" : names.GetValueOrDefault(Guid.Parse(key), key),
        };
        var rows = facts.GroupBy(Key).Select(g => Row(g.Key, Name(g.Key), g)).OrderBy(r => by == "month" ? r.Key : "")
            .ThenByDescending(r => r.Total).ToList();
        var overdue = await access.Filter(await access.VisibleAsync(ct), new TicketFilter(Kind: kind, From: from, To: to, Overdue: true))
            .OrderBy(t => t.DueDate).Take(200).ToListAsync(ct);
        return new TicketStats(from, to, by, rows, Row("", "合计", facts), await access.RowsAsync(overdue, ct));
    }

    private static string ByName(string by) => by switch
    {
        "category" => "问题类型",
        "kind" => "类别",
        "month" => "月份",
        _ => "承办单位",
    };

    private static string Period(TicketStats stats) =>
        $"统计区间：{stats.From?.ToString("yyyy-MM-dd") ?? "不限"} 至 {stats.To?.ToString("yyyy-MM-dd") ?? "不限"}";

    /// <summary>The statistics as a report workbook (<see cref="Shared.Documents.ReportWorkbook"/>): counts, rates as percentages, the total row.</summary>
    public static void WriteStats(Stream output, TicketStats stats)
    {
        var workbook = new Shared.Documents.ReportWorkbook();
        var sheet = workbook.AddSheet("问题诉求统计", "问题诉求办理情况统计", $"{Period(stats)}　按{ByName(stats.By)}",
        [
            new(ByName(stats.By), 24), new("受理数（件）", 11, Shared.Documents.ReportWorkbook.Format.Integer),
            new("办结数（件）", 11, Shared.Documents.ReportWorkbook.Format.Integer), new("办结率", 10, Shared.Documents.ReportWorkbook.Format.Percent),
            new("按时办结率", 10, Shared.Documents.ReportWorkbook.Format.Percent), new("平均办理天数（天）", 13, Shared.Documents.ReportWorkbook.Format.Number),
            new("逾期数（件）", 11, Shared.Documents.ReportWorkbook.Format.Integer),
        ]);
        foreach (var r in stats.Rows.Append(stats.Total))
        {
            sheet.Row(new(r.Name), new(r.Total), new(r.Solved), new(r.ClosureRate / 100), new(r.OnTimeRate / 100), new(r.AvgHandlingDays), new(r.Overdue));
        }
        workbook.Save(output);
    }

    /// <summary>The statistics as an official document (<see cref="Shared.Documents.OfficialDocument"/>), for a bureau to send.</summary>
    public static void WriteStatsDocx(Stream output, TicketStats stats, Shared.Documents.DocumentHeading heading)
    {
        var document = new Shared.Documents.OfficialDocument(heading, "问题诉求办理情况统计");
        document.Paragraph($"{Period(stats)}，共受理 {stats.Total.Total} 件，办结 {stats.Total.Solved} 件，办结率 {Numbers.Rate(stats.Total.ClosureRate)}，"
            + $"按时办结率 {Numbers.Rate(stats.Total.OnTimeRate)}，逾期 {stats.Total.Overdue} 件。");
        document.Table(
        [
            new(ByName(stats.By), 6.5), new("受理数（件）", 2.8, true), new("办结数（件）", 2.8, true), new("办结率", 2.6, true), new("按时办结率", 2.8, true),
            new("平均办理天数（天）", 3.4, true), new("逾期数（件）", 2.8, true),
        ], stats.Rows.Append(stats.Total).Select(r => (IReadOnlyList<Shared.Documents.OfficialDocument.Cell>)
        [
            new(r.Name), new(r.Total.ToString("N0", CultureInfo.InvariantCulture)), new(r.Solved.ToString("N0", CultureInfo.InvariantCulture)), new(Numbers.Rate(r.ClosureRate)),
            new(Numbers.Rate(r.OnTimeRate)), new(r.AvgHandlingDays?.ToString("N2", CultureInfo.InvariantCulture) ?? "—"),
            new(r.Overdue.ToString("N0", CultureInfo.InvariantCulture), r.Overdue > 0 ? "FBE4E4" : null),
        ]));
        document.Save(output);
    }


    public static void WriteList(Stream output, IEnumerable<TicketRow> rows)
    {
        Xlsx.Write(output, "问题诉求", ["编号", "类别", "问题类型", "层级", "标题", "状态", "所在单位", "承办单位", "办理期限", "是否逾期", "督办级别", "提交时间", "评价"],
            rows.Select(t => new object?[]
            {
                t.Number, TicketWorkflow.KindName(t.Kind), TicketWorkflow.CategoryName(t.Category), TicketWorkflow.LevelName(t.Level), t.Title,
                TicketWorkflow.StateName(t.State), t.OrgName, t.HandlerOrgName, t.DueDate?.ToString("yyyy-MM-dd"), t.Overdue ? "逾期" : "",
                t.EscalationLevel == 0 ? "" : t.EscalationLevel, ChinaTime.Format(t.SubmittedAt, "yyyy-MM-dd HH:mm"), t.Rating,
            }));
    }

    /// <summary>Each project's open problems (in the caller's scope: a project's tickets carry its path).</summary>
    public async Task<Dictionary<Guid, ProjectRisk>> RisksAsync(IReadOnlyCollection<Guid> projectIds, CancellationToken ct = default)
    {
        if (projectIds.Count == 0)
        {
            return [];
        }
        var today = Today;
        var ids = projectIds.ToList();
        var open = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.ProjectId != null && ids.Contains(t.ProjectId.Value) && t.State != TicketState.Closed && t.State != TicketState.Declined)
            .Select(t => new { ProjectId = t.ProjectId!.Value, t.DueDate, t.State, t.EscalationLevel }).ToListAsync(ct);
        return open.GroupBy(t => t.ProjectId).ToDictionary(g => g.Key, g => new ProjectRisk(g.Count(),
            g.Count(t => t.DueDate < today && t.State is TicketState.Dispatched or TicketState.InProgress), g.Count(t => t.EscalationLevel > 0)));
    }
}
