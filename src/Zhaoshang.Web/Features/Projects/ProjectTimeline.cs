using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// One event on a project's timeline: a stage change, an activity, a fund entry or a recorded change (its fields as the
/// form names them, before → after).
/// </summary>
public sealed record TimelineItem(DateTime At, DateOnly? Date, string Kind, string Title, string? Detail, string? UserName,
    IReadOnlyList<Audit.ChangeLine>? Changes = null);

/// <summary>A project's timeline: its stage changes, funds, activities and every recorded change, newest first.</summary>
public sealed class ProjectTimeline(AppDb db, ProjectEditing editing, Audit.ReadableChanges readable)
{
    /// <summary>Stages, activities, funds and every recorded change of one project, newest first.</summary>
    public async Task<IReadOnlyList<TimelineItem>> TimelineAsync(Guid id, CancellationToken ct = default)
    {
        var detail = await editing.GetAsync(id, ct);
        var items = new List<TimelineItem>();
        items.AddRange(detail.Stages.Select(s => new TimelineItem(s.At, s.Date, "stage",
            $"{readable.Say(StageMachine.Name(Enum.Parse<ProjectStage>(s.From, true)))} → {readable.Say(StageMachine.Name(Enum.Parse<ProjectStage>(s.To, true)))}",
            StageEvidenceText(s.Evidence), s.UserName)));
        items.AddRange(detail.Funds.Select(f => new TimelineItem(f.At, new DateOnly(f.Year, f.Month, 1), "fund",
            readable.Say("{0}到位资金 {1}", Audit.ReadableChanges.Month(f.Year, f.Month), readable.Amount(f.AmountYuan)), f.Evidence, null)));
        var activities = await db.Activities.AsNoTracking().Where(a => a.ProjectId == id).OrderByDescending(a => a.Date).Take(200).ToListAsync(ct);
        items.AddRange(activities.Select(a => new TimelineItem(DateTime.SpecifyKind(a.CreatedAt, DateTimeKind.Utc), a.Date, "activity", a.Title, a.Outcome, null)));
        var key = id.ToString();
        var changes = await db.AuditEntries.AsNoTracking().Where(e => e.ObjectType == nameof(Project) && e.ObjectId == key)
            .OrderByDescending(e => e.Id).Take(200).ToListAsync(ct);
        foreach (var e in changes)
        {
            var lines = await readable.ReadAsync(e.ObjectType, e.Details, ct);
            // A stage change is on the timeline already, with its evidence; its audit record would say it twice.
            if (e.Action != "create" && lines.Count == 0 || StageOnly(e.Details))
            {
                continue;
            }
            items.Add(new TimelineItem(DateTime.SpecifyKind(e.At, DateTimeKind.Utc), null, "change", e.Action == "create" ? "登记项目" : "修改项目", null,
                e.UserName is null or "system" ? readable.Say("系统") : e.UserName, e.Action == "create" ? [] : lines));
        }
        return [.. items.OrderByDescending(i => i.At)];
    }


    private string? StageEvidenceText(string? evidence)
    {
        if (evidence is null || !evidence.StartsWith('{'))
        {
            return evidence;
        }
        var e = JsonSerializer.Deserialize<StageEvidence>(evidence);
        var parts = new List<string>();
        if (e?.ContractAmountYuan is { } c)
        {
            parts.Add(readable.Say("合同投资额 {0}", readable.Amount(c)));
        }
        if (e?.DesignedCapacity is { } d)
        {
            parts.Add(readable.Say("设计产能 {0}，实际产能 {1}", d.ToString("G29", CultureInfo.InvariantCulture), e.ActualCapacity?.ToString("G29", CultureInfo.InvariantCulture) ?? "—"));
        }
        if (!string.IsNullOrWhiteSpace(e?.Reason))
        {
            parts.Add(readable.Say("原因：{0}", e.Reason));
        }
        return parts.Count == 0 ? null : string.Join(readable.Say("；"), parts);
    }

    /// <summary>Whether a record changed only what a stage change writes (its own timeline entry says it).</summary>
    private static bool StageOnly(string? details)
    {
        if (details is null || !details.StartsWith('{'))
        {
            return false;
        }
        using var doc = JsonDocument.Parse(details);
        return doc.RootElement.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.Object
            && after.EnumerateObject().All(p => p.Name is nameof(Project.Stage) or nameof(Project.StageDate) or nameof(Project.HeldFrom) or nameof(Project.StageReason)
                or nameof(Project.ContractAmountYuan) or nameof(Project.ContractDate) or nameof(Project.StartDate) or nameof(Project.ProductionDate)
                or nameof(Project.CapacityDate) or nameof(Project.DesignedCapacity) or nameof(Project.ActualCapacity));
    }
}
