using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>
/// One fact behind a figure: a fund entry (fund), a signing (signing), an activity (activity), or an enterprise counted
/// once (enterprise); its value in the indicator's unit at the unit's weight (a resident office's 50 % for an
/// accompanied signing). <see cref="Late"/>: entered after the month it belongs to was closed.
/// </summary>
public sealed record FactRow(string Kind, Guid Id, DateOnly Date, string Title, Guid? ProjectId, string? ProjectCode, Guid? EnterpriseId, string? Enterprise,
    decimal Value, decimal Weight, [property: System.Text.Json.Serialization.JsonIgnore] Phrase? Remark)
{
    public bool Late { get; init; }

    /// <summary>The remark in Chinese (the API and the export); a page shows <see cref="Remark"/> in the reader's language.</summary>
    public string? Note => Remark?.ToString();
}

/// <summary>
/// The facts of a figure: their total (what the figure is computed as), their number, and the largest of them. For a
/// rate (tickets), <see cref="Counted"/> is how many of the <see cref="FactList.Count"/> facts it counts.
/// </summary>
public sealed record FactList(decimal Total, int Count, IReadOnlyList<FactRow> Rows)
{
    public int? Counted { get; init; }
}

/// <summary>
/// The facts behind one unit's figure, row by row, under the same rules as <see cref="Actuals"/> (whose fact tables it
/// reads): the drill-down from a figure to what makes it.
/// </summary>
public sealed class FactLists(AppDb db)
{
    private readonly Actuals actuals = new(db);

    /// <summary>
    /// The facts that make one unit's figure for an indicator, by the same rules <see cref="Actuals.ComputeAsync"/> adds them up
    /// with: the total is the computed figure; the rows are the largest (then latest) <paramref name="limit"/> of them.
    /// Ratios and hand-entered indicators have no facts of their own.
    /// </summary>
    public async Task<FactList> FactsAsync(AssessedUnit unit, Indicator indicator, AssessmentPeriod period, OfficeAttribution offices, int limit,
        CancellationToken ct)
    {
        var d = indicator.Definition;
        var list = d.Fact switch
        {
            FactKind.Funds => await FundFactsAsync(unit, d, period, limit, ct),
            FactKind.Signings => await SigningFactsAsync(unit, d, period, offices, ct),
            FactKind.Activities => await ActivityFactsAsync(unit, d, period, ct),
            FactKind.Tickets => await TicketFactsAsync(unit, d, period, ct),
            FactKind.Stages => await StageFactsAsync(unit, d, period, ct),
            FactKind.Ratio or FactKind.Manual => new FactList(0, 0, []), // a ratio's facts are its parts'; a manual figure has none
        };
        // A rate's rows: those it does not count first (the unclosed, the late), which are what the unit has to act on.
        var ordered = d.Fact is FactKind.Tickets or FactKind.Stages ? list.Rows.OrderBy(r => r.Value) : list.Rows.OrderByDescending(r => r.Value);
        var rows = ordered.ThenByDescending(r => r.Date).ThenBy(r => r.Id).Take(limit)
            .Select(r => r with { Value = Numbers.Normal(r.Value), Weight = Numbers.Normal(r.Weight) }).ToList(); // 1.00 m² / 10⁴ is 1
        return list with { Total = Numbers.Normal(list.Total), Rows = await NamedAsync(rows, ct) };
    }

    private async Task<FactList> FundFactsAsync(AssessedUnit unit, IndicatorDefinition d, AssessmentPeriod period, int limit, CancellationToken ct)
    {
        var path = unit.Path;
        var projects = actuals.Facts<Project>();
        if (d.Projects is { } c)
        {
            projects = c.Industrial is { } industrial ? projects.Where(p => p.IsIndustrial == industrial) : projects;
            projects = c.HqEconomy is { } hq ? projects.Where(p => p.IsHqEconomy == hq) : projects;
            projects = c.DigitalEconomy is { } digital ? projects.Where(p => p.IsDigitalEconomy == digital) : projects;
            projects = c.CentralSoe is { } soe ? projects.Where(p => p.IsCentralSoeProject == soe) : projects;
        }
        var entries = from f in actuals.Facts<FundEntry>()
                      where f.Year == period.Year && f.Month <= period.Month && f.OrgPath.StartsWith(path)
                      join p in projects on f.ProjectId equals p.Id
                      select new { f.Id, f.Month, f.AmountYuan, f.Evidence, ProjectId = p.Id };
        var sum = await entries.SumAsync(x => (long?)x.AmountYuan, ct) ?? 0;
        var count = await entries.CountAsync(ct);
        var top = await entries.OrderByDescending(x => x.AmountYuan).ThenByDescending(x => x.Month).ThenBy(x => x.Id).Take(limit).ToListAsync(ct);
        return new FactList(sum / d.Scale, count, top.Select(x => new FactRow("fund", x.Id, new DateOnly(period.Year, x.Month, 1), "", x.ProjectId, null, null, null,
            x.AmountYuan / d.Scale, 1, Phrase.Verbatim(x.Evidence))).ToList());
    }

    private async Task<FactList> SigningFactsAsync(AssessedUnit unit, IndicatorDefinition d, AssessmentPeriod period, OfficeAttribution offices, CancellationToken ct)
    {
        var signed = (await actuals.SignedAsync(period, ct)).Where(s => Actuals.Matches(d.Projects, s.Industrial, s.Manufacturing, s.Hq, s.Digital, s.CentralSoe, s.Investment)).ToList();
        if (d.Aggregation == Aggregation.DistinctEnterprises)
        {
            var investors = await actuals.InvestorsAsync(period, ct);
            var firsts = signed.Where(s => s.Path.StartsWith(unit.Path, StringComparison.Ordinal))
                .SelectMany(s => investors[s.Id].Where(i => d.StrongEnterprise != true || i.Strong).Select(i => (i.EnterpriseId, Deal: s)))
                .GroupBy(x => x.EnterpriseId).Select(g => g.OrderBy(x => x.Deal.Date).First())
                .Select(x => new FactRow("enterprise", x.EnterpriseId, x.Deal.Date, "", x.Deal.Id, null, x.EnterpriseId, null, 1, 1, null)).ToList();
            return new FactList(firsts.Count, firsts.Count, firsts);
        }
        var byId = signed.ToDictionary(s => s.Id);
        var credited = unit.Kind == OrgKind.ResidentOffice
            ? (await actuals.OfficeSigningsAsync([unit], period, offices, ct)).GetValueOrDefault(unit.OrgId, []).Where(x => byId.ContainsKey(x.ProjectId)).ToList()
            : signed.Where(s => s.Path.StartsWith(unit.Path, StringComparison.Ordinal)).Select(s => new Actuals.Credited(s.Id, s.Contract, s.Area, 1m)).ToList();
        var rows = credited.Select(x => new FactRow("signing", x.ProjectId, byId[x.ProjectId].Date, "", x.ProjectId, null, null, null,
            x.Share(d) * Actuals.Measured(byId[x.ProjectId], d) / d.Scale, x.Share(d), null)).ToList();
        return new FactList(credited.Sum(x => x.Share(d) * Actuals.Measured(byId[x.ProjectId], d)) / d.Scale, rows.Count, rows);
    }

    private async Task<FactList> ActivityFactsAsync(AssessedUnit unit, IndicatorDefinition d, AssessmentPeriod period, CancellationToken ct)
    {
        var kinds = (d.ActivityKinds ?? []).Select(k => Enum.Parse<ActivityKind>(k, ignoreCase: true)).ToList();
        var start = new DateOnly(period.Year, 1, 1);
        var end = period.End;
        List<(Guid ActivityId, DateOnly Date, Guid? EnterpriseId, bool Strong, Phrase? Note)> activities;
        if (unit.Kind == OrgKind.ResidentOffice && d.Attribution == Attribution.Offices)
        {
            activities = (await actuals.PartsAsync([unit], period, ct)).Where(p => p.OrgId == unit.OrgId && p.Date >= start && kinds.Contains(p.Kind))
                .Select(p => (p.ActivityId, p.Date, p.EnterpriseId, p.Strong, (Phrase?)new Phrase(RoleName(p.Role)))).ToList();
        }
        else if (d.Aggregation == Aggregation.DistinctEnterprises)
        {
            var path = unit.Path;
            activities = (await actuals.Facts<ActivityEnterprise>().Where(a => a.Date >= start && a.Date <= end && a.OrgPath.StartsWith(path) && kinds.Contains(a.Kind))
                    .Select(a => new { a.ActivityId, a.Date, a.EnterpriseId, Strong = db.Enterprises.Any(e => e.Id == a.EnterpriseId && e.IsStrong) }).ToListAsync(ct))
                .Select(a => (a.ActivityId, a.Date, (Guid?)a.EnterpriseId, a.Strong, (Phrase?)null)).ToList();
        }
        else if (d.Attribution == Attribution.Own)
        {
            var org = unit.OrgId;
            activities = (await actuals.Facts<Activity>().Where(a => a.Date >= start && a.Date <= end && (a.OrgId == org || a.JointOrgId == org) && kinds.Contains(a.Kind))
                    .Select(a => new { a.Id, a.Date, Joint = a.JointOrgId == org }).ToListAsync(ct))
                .Select(a => (a.Id, a.Date, (Guid?)null, false, a.Joint ? new Phrase("主要领导兼任，同时计入") : null)).ToList();
        }
        else
        {
            var path = unit.Path;
            activities = (await actuals.Facts<Activity>().Where(a => a.Date >= start && a.Date <= end && a.OrgPath.StartsWith(path) && kinds.Contains(a.Kind))
                    .Select(a => new { a.Id, a.Date }).ToListAsync(ct))
                .Select(a => (a.Id, a.Date, (Guid?)null, false, (Phrase?)null)).ToList();
        }
        if (d.Aggregation == Aggregation.DistinctEnterprises)
        {
            var enterprises = activities.Where(a => a.EnterpriseId is not null && (d.StrongEnterprise != true || a.Strong)).GroupBy(a => a.EnterpriseId!.Value)
                .Select(g => (First: g.OrderBy(a => a.Date).First(), Count: g.Count()))
                .Select(x => new FactRow("enterprise", x.First.EnterpriseId!.Value, x.First.Date, "", null, null, x.First.EnterpriseId, null, 1, 1, new Phrase("{0} 次", x.Count))).ToList();
            return new FactList(enterprises.Count, enterprises.Count, enterprises);
        }
        var rows = activities.DistinctBy(a => a.ActivityId).Select(a => new FactRow("activity", a.ActivityId, a.Date, "", null, null, null, null, 1, 1, a.Note)).ToList();
        return new FactList(rows.Count, rows.Count, rows);
    }

    private static string RoleName(OfficeRole role) => role switch
    {
        OfficeRole.FirstVisit => "首次拜访",
        OfficeRole.Accompanied => "陪同考察",
        _ => "参与",
    };

    /// <summary>A handling unit's tickets behind its rate: 1 for each one the rate counts (closed; answered on time), else 0.</summary>
    private async Task<FactList> TicketFactsAsync(AssessedUnit unit, IndicatorDefinition d, AssessmentPeriod period, CancellationToken ct)
    {
        var mine = (await actuals.HandledAsync(period, ct)).Where(h => h.Path.StartsWith(unit.Path, StringComparison.Ordinal)).ToList();
        var (rate, counted, of, counts) = Actuals.TicketRate(mine, d, period);
        var ids = mine.Select(h => h.Id).ToList();
        var tickets = await actuals.Facts<Tickets.Ticket>().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.Number, t.Title, t.ProjectId, t.EnterpriseId, t.DispatchedAt, t.DueDate, t.State }).ToDictionaryAsync(t => t.Id, ct);
        var end = Actuals.TicketWindow(period).End;
        var rows = mine.Where(h => d.Measure != Measure.OnTimeRate || (h.AnsweredAt < end && h.OnTime != null)).Select(h =>
        {
            var t = tickets[h.Id];
            var note = d.Measure == Measure.OnTimeRate ? (h.OnTime == true ? "按时答复" : "超期答复")
                : h.ClosedAt < end ? "已办结" : Tickets.TicketWorkflow.StateName(t.State);
            return new FactRow("ticket", h.Id, ChinaTime.Day(t.DispatchedAt!.Value),
                $"{t.Number} {t.Title}", t.ProjectId, null, t.EnterpriseId, null, counts(h) ? 1 : 0, 1,
                t.DueDate is { } due ? new Phrase("{0}（期限 {1:yyyy-MM-dd}）", new Word(note), due) : new Phrase(note));
        }).ToList();
        return new FactList(rate ?? 0, of, rows) { Counted = counted };
    }

    /// <summary>A unit's signed projects behind a stage rate: 1 for each one the rate counts (started, in production), else 0.</summary>
    private async Task<FactList> StageFactsAsync(AssessedUnit unit, IndicatorDefinition d, AssessmentPeriod period, CancellationToken ct)
    {
        var mine = (await actuals.StagedAsync(period, ct)).Where(s => s.Path.StartsWith(unit.Path, StringComparison.Ordinal));
        var (rate, of, counts) = Actuals.StageRate(mine, d, period);
        var rows = of.Select(s =>
        {
            var (date, note) = d.Measure == Measure.ProductionRate
                ? (s.Dates.ProductionDate, s.Dates.ProductionDate <= period.End ? "已投产" : "未投产")
                : (s.Dates.StartDate, s.Dates.StartDate <= period.End ? "已开工" : "未开工");
            return new FactRow("project", s.Id, s.Dates.ContractDate!.Value, "", s.Id, null, null, null, counts(s) ? 1 : 0, 1,
                date is { } day && day <= period.End ? new Phrase("{0}（{1:yyyy-MM-dd}）", new Word(note), day) : new Phrase(note));
        }).ToList();
        return new FactList(rate ?? 0, of.Count, rows) { Counted = rows.Count(r => r.Value == 1) };
    }

    /// <summary>Names the rows shown: the project's code and name, the enterprise, the activity's title.</summary>
    private async Task<List<FactRow>> NamedAsync(List<FactRow> rows, CancellationToken ct)
    {
        var activityIds = rows.Where(r => r.Kind == "activity").Select(r => r.Id).ToList();
        var activities = await actuals.Facts<Activity>().Where(a => activityIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Title, a.ProjectId }).ToDictionaryAsync(a => a.Id, ct);
        rows = rows.Select(r => r.Kind == "activity" && activities.TryGetValue(r.Id, out var a) ? r with { Title = a.Title, ProjectId = a.ProjectId } : r).ToList();
        var projectIds = rows.Where(r => r.ProjectId is not null).Select(r => r.ProjectId!.Value).Distinct().ToList();
        var projects = await actuals.Facts<Project>().Where(p => projectIds.Contains(p.Id)).Select(p => new { p.Id, p.Code, p.Name }).ToDictionaryAsync(p => p.Id, ct);
        var enterpriseIds = rows.Where(r => r.EnterpriseId is not null).Select(r => r.EnterpriseId!.Value).Distinct().ToList();
        var enterprises = await actuals.Facts<Enterprise>().Where(e => enterpriseIds.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return rows.Select(r =>
        {
            var project = r.ProjectId is { } p ? projects.GetValueOrDefault(p) : null;
            var enterprise = r.EnterpriseId is { } e ? enterprises.GetValueOrDefault(e) : null;
            var title = r.Kind switch
            {
                "enterprise" => enterprise ?? "",
                "activity" or "ticket" => r.Title,
                _ => project?.Name ?? "",
            };
            return r with { Title = title, ProjectCode = project?.Code, Enterprise = enterprise };
        }).ToList();
    }
}
