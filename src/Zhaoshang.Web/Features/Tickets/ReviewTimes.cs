using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>A project's needs review: from submission to the joint reply (all departments answered), in days.</summary>
public sealed record ProjectReviewTime(Guid TicketId, string Number, Guid? ProjectId, string? ProjectName, DateTime SubmittedAt, DateTime? RepliedAt,
    decimal? Days, int Departments);

/// <summary>A department's part in the reviews: how many it was asked, how many it answered, and its mean days from dispatch to its answer.</summary>
public sealed record DepartmentReviewTime(Guid OrgId, string OrgName, int Reviews, int Answered, decimal? MeanDays);

public sealed record ReviewTimesView(DateOnly From, DateOnly To, decimal? MeanDaysToJointReply, IReadOnlyList<ProjectReviewTime> Projects,
    IReadOnlyList<DepartmentReviewTime> Departments);

/// <summary>
/// The time a project's needs take (seed 004: "线上提交需求即可实现多部门并联会审，不到一个月就可敲定合作细节"): per project,
/// from submission to the joint reply; per department, from the dispatch to its own answer; over the needs submitted in
/// a period that the caller sees.
/// </summary>
public sealed class ReviewTimes(AppDb db, TicketAccess access)
{
    public async Task<ReviewTimesView> MeasureAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var tickets = await access.Filter(await access.VisibleAsync(ct), new TicketFilter(Kind: TicketKind.Needs, From: from, To: to))
            .Select(t => new { t.Id, t.Number, t.ProjectId, t.SubmittedAt, t.DispatchedAt, t.AnsweredAt, t.State }).ToListAsync(ct);
        var ids = tickets.Select(t => t.Id).ToList();
        var reviews = await db.Set<TicketReview>().AsNoTracking().Where(r => ids.Contains(r.TicketId)).ToListAsync(ct);
        var projectIds = tickets.Where(t => t.ProjectId != null).Select(t => t.ProjectId!.Value).Distinct().ToList();
        var projects = await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var orgIds = reviews.Select(r => r.OrgId).Distinct().ToList();
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var byTicket = reviews.ToLookup(r => r.TicketId);
        static decimal Days(DateTime from, DateTime to) => Math.Round((decimal)(to - from).TotalDays, 1, MidpointRounding.AwayFromZero);
        // The joint reply is the last department's answer, once none is still pending.
        var rows = tickets.Select(t =>
        {
            var parts = byTicket[t.Id].ToList();
            DateTime? replied = parts.Count > 0 && parts.All(r => r.AnsweredAt != null && r.State is not (ReviewState.Pending or ReviewState.MaterialRequested))
                ? parts.Max(r => r.AnsweredAt) : null;
            return new ProjectReviewTime(t.Id, t.Number, t.ProjectId, t.ProjectId is { } p ? projects.GetValueOrDefault(p) : null, t.SubmittedAt, replied,
                replied is { } r ? Days(t.SubmittedAt, r) : null, parts.Count);
        }).OrderBy(r => r.SubmittedAt).ToList();
        var dispatched = tickets.ToDictionary(t => t.Id, t => t.DispatchedAt);
        var departments = reviews.GroupBy(r => r.OrgId).Select(g =>
        {
            var answered = g.Where(r => r.AnsweredAt != null && dispatched[r.TicketId] != null).ToList();
            return new DepartmentReviewTime(g.Key, orgs.GetValueOrDefault(g.Key) ?? "", g.Count(), answered.Count,
                answered.Count == 0 ? null : Math.Round(answered.Average(r => Days(dispatched[r.TicketId]!.Value, r.AnsweredAt!.Value)), 1, MidpointRounding.AwayFromZero));
        }).OrderByDescending(d => d.MeanDays ?? decimal.MaxValue).ToList();
        var done = rows.Where(r => r.Days != null).ToList();
        return new ReviewTimesView(from, to, done.Count == 0 ? null : Math.Round(done.Average(r => r.Days!.Value), 1, MidpointRounding.AwayFromZero), rows, departments);
    }
}
