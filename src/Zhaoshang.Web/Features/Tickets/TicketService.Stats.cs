using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public sealed record StatsRow(string Key, string Name, int Total, int Solved, decimal? ClosureRate, decimal? OnTimeRate, decimal? AvgHandlingDays, int Overdue);

public sealed record TicketStats(DateOnly? From, DateOnly? To, string By, IReadOnlyList<StatsRow> Rows, StatsRow Total, IReadOnlyList<TicketRow> OverdueList);

/// <summary>A project's open problems, for its ledger row: red when one is overdue or escalated, amber while any is open.</summary>
public sealed record ProjectRisk(int Open, int Overdue, int Escalated)
{
    public string Status => Overdue > 0 || Escalated > 0 ? "red" : Open > 0 ? "amber" : "none";
}

public sealed partial class TicketService
{
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
        var q = Filter(await VisibleAsync(ct), new TicketFilter(Kind: kind, From: from, To: to)).Where(t => t.State != TicketState.Declined);
        var facts = await q.Select(t => new StatFact(t.HandlerOrgId, t.Category, t.Kind, t.State, t.SubmittedAt, t.DispatchedAt, t.AnsweredAt, t.OnTime, t.DueDate))
            .ToListAsync(ct);
        var names = (await OrgNamesAsync(facts.Where(f => f.HandlerOrgId != null).Select(f => f.HandlerOrgId!.Value), ct)).Names;
        string Key(StatFact f) => by switch
        {
            "category" => f.Category.ToString(),
            "month" => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(f.SubmittedAt, DateTimeKind.Utc), AuditQuery.China).ToString("yyyy-MM"),
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
        var overdue = await Filter(await VisibleAsync(ct), new TicketFilter(Kind: kind, From: from, To: to, Overdue: true))
            .OrderBy(t => t.DueDate).Take(200).ToListAsync(ct);
        return new TicketStats(from, to, by, rows, Row("", "合计", facts), await RowsAsync(overdue, ct));
    }

    public static void WriteStats(Stream output, TicketStats stats)
    {
        Xlsx.Write(output, "问题诉求统计", ["维度", "受理数", "办结数", "办结率(%)", "按时办结率(%)", "平均办理天数", "逾期数"],
            stats.Rows.Append(stats.Total).Select(r => new object?[] { r.Name, r.Total, r.Solved, r.ClosureRate, r.OnTimeRate, r.AvgHandlingDays, r.Overdue }));
    }

    public static void WriteList(Stream output, IEnumerable<TicketRow> rows)
    {
        Xlsx.Write(output, "问题诉求", ["编号", "类别", "问题类型", "层级", "标题", "状态", "所在单位", "承办单位", "办理期限", "是否逾期", "督办级别", "提交时间", "评价"],
            rows.Select(t => new object?[]
            {
                t.Number, TicketWorkflow.KindName(t.Kind), TicketWorkflow.CategoryName(t.Category), TicketWorkflow.LevelName(t.Level), t.Title,
                TicketWorkflow.StateName(t.State), t.OrgName, t.HandlerOrgName, t.DueDate?.ToString("yyyy-MM-dd"), t.Overdue ? "逾期" : "",
                t.EscalationLevel == 0 ? "" : t.EscalationLevel, TimeZoneInfo.ConvertTimeFromUtc(t.SubmittedAt, AuditQuery.China).ToString("yyyy-MM-dd HH:mm"), t.Rating,
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
