using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>One event on a project's timeline: a stage change, an activity, a fund entry or a recorded change.</summary>
public sealed record TimelineItem(DateTime At, DateOnly? Date, string Kind, string Title, string? Detail, string? UserName);

public sealed record BoardColumn(ProjectStage Stage, int Total, IReadOnlyList<ProjectRow> Cards);

/// <summary>The read models of the ledger pages: the project's timeline and the kanban by stage.</summary>
public sealed partial class ProjectService
{
    /// <summary>Stages, activities, funds and every recorded change of one project, newest first.</summary>
    public async Task<IReadOnlyList<TimelineItem>> TimelineAsync(Guid id, CancellationToken ct = default)
    {
        var detail = await GetAsync(id, ct);
        var items = new List<TimelineItem>();
        items.AddRange(detail.Stages.Select(s => new TimelineItem(s.At, s.Date, "stage",
            $"{StageMachine.Name(Enum.Parse<ProjectStage>(s.From, true))} → {StageMachine.Name(Enum.Parse<ProjectStage>(s.To, true))}", StageEvidenceText(s.Evidence), s.UserName)));
        items.AddRange(detail.Funds.Select(f => new TimelineItem(f.At, new DateOnly(f.Year, f.Month, 1), "fund",
            $"{f.Year}年{f.Month}月 到位资金 {f.AmountYuan / (decimal)ChineseText.Wan:N2} 万元", f.Evidence, null)));
        var activities = await db.Activities.AsNoTracking().Where(a => a.ProjectId == id).OrderByDescending(a => a.Date).Take(200).ToListAsync(ct);
        items.AddRange(activities.Select(a => new TimelineItem(DateTime.SpecifyKind(a.CreatedAt, DateTimeKind.Utc), a.Date, "activity", a.Title, a.Outcome, null)));
        var key = id.ToString();
        var changes = await db.AuditEntries.AsNoTracking().Where(e => e.ObjectType == nameof(Project) && e.ObjectId == key)
            .OrderByDescending(e => e.Id).Take(200).ToListAsync(ct);
        items.AddRange(changes.Select(e => new TimelineItem(DateTime.SpecifyKind(e.At, DateTimeKind.Utc), null, "change",
            e.Action == "create" ? "登记项目" : "修改项目", ChangedFields(e.Details), e.UserName)));
        return [.. items.OrderByDescending(i => i.At)];
    }

    /// <summary>The kanban: for each stage its count and its largest projects, under the same filters as the list.</summary>
    public async Task<IReadOnlyList<BoardColumn>> BoardAsync(ProjectFilter filter, int perColumn = 20, CancellationToken ct = default)
    {
        currentUser.Require(Readers);
        var q = await FilteredAsync(filter with { Stages = null, View = null }, ct);
        var counts = await q.GroupBy(p => p.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var columns = new List<BoardColumn>();
        foreach (var stage in Enum.GetValues<ProjectStage>())
        {
            var cards = counts.GetValueOrDefault(stage) == 0 ? [] : await q.Where(p => p.Stage == stage)
                .OrderByDescending(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan).ThenBy(p => p.Code).Take(perColumn).ToListAsync(ct);
            columns.Add(new BoardColumn(stage, counts.GetValueOrDefault(stage), cards.Select(Row).ToList()));
        }
        return columns;
    }

    private static string? StageEvidenceText(string? evidence)
    {
        if (evidence is null || !evidence.StartsWith('{'))
        {
            return evidence;
        }
        var e = JsonSerializer.Deserialize<StageEvidence>(evidence);
        var parts = new List<string>();
        if (e?.ContractAmountYuan is { } c)
        {
            parts.Add($"合同投资额 {c / (decimal)ChineseText.Wan:N2} 万元");
        }
        if (e?.DesignedCapacity is { } d)
        {
            parts.Add($"设计产能 {d:G29}，实际产能 {e.ActualCapacity:G29}");
        }
        if (!string.IsNullOrWhiteSpace(e?.Reason))
        {
            parts.Add("原因：" + e.Reason);
        }
        return parts.Count == 0 ? null : string.Join("；", parts);
    }

    /// <summary>"名称：甲 → 乙；约定投资额…" from an audit record's before/after.</summary>
    private static string? ChangedFields(string? details)
    {
        if (details is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(details);
        if (!doc.RootElement.TryGetProperty("after", out var after))
        {
            return null;
        }
        var before = doc.RootElement.TryGetProperty("before", out var b) ? b : default;
        var parts = new List<string>();
        foreach (var property in after.EnumerateObject())
        {
            if (property.Name is nameof(Project.Version) or nameof(Project.OrgPath) or nameof(Project.Id) or nameof(Project.CreatedAt))
            {
                continue;
            }
            var old = before.ValueKind == JsonValueKind.Object && before.TryGetProperty(property.Name, out var o) ? o.ToString() : null;
            parts.Add(old is null ? $"{property.Name}：{property.Value}" : $"{property.Name}：{old} → {property.Value}");
        }
        return parts.Count == 0 ? null : string.Join("；", parts.Take(12));
    }
}
