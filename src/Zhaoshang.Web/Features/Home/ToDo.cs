using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Assessment;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Features.Tickets;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Home;

/// <summary>A list on the home page: how many there are, the first few, and the page that shows them all.</summary>
public sealed record ToDoList<T>(int Total, IReadOnlyList<T> First, string AllUrl);

/// <summary>A project that needs its officer: why, with the project.</summary>
public sealed record ProjectToDo(Guid Id, string Code, string Name, string Stage, string? Note);

/// <summary>A ticket waiting for the caller (or, for an investor, what it waits for).</summary>
public sealed record TicketToDo(Guid Id, string Number, string Title, TicketState State, DateOnly? DueDate, bool Overdue, string WaitingFor);

/// <summary>The assessor's month-close state: the year, its closed months, the month due to close, the indicators behind time progress.</summary>
public sealed record AssessmentToDo(int Year, IReadOnlyList<int> ClosedMonths, int? DueMonth, int Behind, int Cells, string Period);

/// <summary>
/// What each role must do now, for the home page: an officer's (and a leader's) stalled projects, started projects with
/// no funds entered for this month and the tickets waiting for their unit; a handler's tickets by deadline; the
/// assessor's month close and target warnings; an investor's appeals and what each waits for. Each list is of the
/// caller's scope and links to the page that shows all of it.
/// </summary>
public sealed class ToDo(AppDb db, CurrentUser currentUser, ProjectSearch projects, TicketAccess tickets, AssessmentService assessment, TimeProvider time)
{
    private const int Shown = 5;

    private DateOnly Today => time.Today();

    public async Task<ToDoList<ProjectToDo>> StalledAsync(CancellationToken ct)
    {
        var page = await projects.SearchAsync(new ProjectFilter(Stalled: true, Sort: "amountDesc", PageSize: Shown), ct);
        return new(page.Total, page.Items.Select(p => new ProjectToDo(p.Id, p.Code, p.Name, p.Stage,
            p.Stalled == "signedNotStarted" ? "签约未开工" : "开工未投产")).ToList(), "/Projects?stalled=true");
    }

    /// <summary>Projects under construction with no funds in place entered for this month (the monthly report is due).</summary>
    public async Task<ToDoList<ProjectToDo>> MissingFundsAsync(CancellationToken ct)
    {
        var today = Today;
        var q = db.Projects.AsNoTracking().Where(p => p.Stage == ProjectStage.Started
            && !db.FundEntries.Any(f => f.ProjectId == p.Id && f.Year == today.Year && f.Month == today.Month));
        var total = await q.CountAsync(ct);
        var first = await q.OrderByDescending(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan).ThenBy(p => p.Code).Take(Shown)
            .Select(p => new ProjectToDo(p.Id, p.Code, p.Name, "started", null)).ToListAsync(ct);
        return new(total, first, "/Projects?stage=started");
    }

    /// <summary>Tickets waiting for the caller's unit: to accept or check (its desk), to handle (its department), or to complete (its own, sent back).</summary>
    public async Task<ToDoList<TicketToDo>> AwaitingMeAsync(CancellationToken ct)
    {
        var org = currentUser.OrgId;
        var me = currentUser.Id;
        var q = (await tickets.VisibleAsync(ct)).Where(t =>
            (t.DeskOrgId == org && (t.State == TicketState.Submitted || t.State == TicketState.Answered))
            || (t.HandlerOrgId == org && (t.State == TicketState.Dispatched || t.State == TicketState.InProgress))
            || (t.SubmitterId == me && t.State == TicketState.Returned));
        return await ListAsync(q, "/Tickets?open=true", ct);
    }

    /// <summary>An investor's appeals still open, each with what it waits for.</summary>
    public async Task<ToDoList<TicketToDo>> MyAppealsAsync(CancellationToken ct)
    {
        var q = (await tickets.VisibleAsync(ct)).Where(t => t.State != TicketState.Closed && t.State != TicketState.Declined);
        return await ListAsync(q, "/Tickets", ct, submitter: true);
    }

    private async Task<ToDoList<TicketToDo>> ListAsync(IQueryable<Ticket> q, string url, CancellationToken ct, bool submitter = false)
    {
        var today = Today;
        var total = await q.CountAsync(ct);
        // By deadline: the overdue and the nearest first; tickets without one (not yet dispatched) after them, oldest first.
        var first = await q.OrderBy(t => t.DueDate == null).ThenBy(t => t.DueDate).ThenBy(t => t.SubmittedAt).Take(Shown).ToListAsync(ct);
        // A deadline is the handling department's: shown until the answer is in.
        return new(total, first.Select(t =>
        {
            var handling = t.State is not (TicketState.Answered or TicketState.AwaitingRating);
            return new TicketToDo(t.Id, t.Number, t.Title, t.State, handling ? t.DueDate : null, handling && t.DueDate < today, WaitingFor(t.State, submitter));
        }).ToList(), url);
    }

    /// <summary>Whose move it is, in the words of the ticket's parties (to its submitter, "您").</summary>
    public static string WaitingFor(TicketState state, bool submitter = false) => state switch
    {
        TicketState.Returned when submitter => "等待您补充材料",
        TicketState.AwaitingRating when submitter => "等待您评价",
        TicketState.Submitted => "等待受理窗口受理",
        TicketState.Returned => "等待提交人补充材料",
        TicketState.Accepted => "等待派单",
        TicketState.Dispatched => "等待承办部门签收办理",
        TicketState.InProgress => "承办部门办理中",
        TicketState.Answered => "等待受理窗口核实答复",
        TicketState.AwaitingRating => "等待提交人评价",
        TicketState.Declined => "不予受理",
        _ => "已办结",
    };

    public static IEnumerable<string> Words =>
        Enum.GetValues<TicketState>().SelectMany(s => new[] { WaitingFor(s), WaitingFor(s, submitter: true) }).Distinct();

    /// <summary>The assessed year (the latest with targets): its closed months, the month due to close, and how many indicators are behind.</summary>
    public async Task<AssessmentToDo?> AssessmentAsync(CancellationToken ct)
    {
        var year = await db.TargetSheets.AsNoTracking().MaxAsync(s => (int?)s.Year, ct);
        if (year is not { } y)
        {
            return null;
        }
        var closed = await db.ClosedMonths.AsNoTracking().Where(c => c.Year == y).Select(c => c.Month).OrderBy(m => m).ToListAsync(ct);
        var today = Today;
        // The months that have ended (all twelve for a past year) and are not closed: the first is due.
        var ended = y < today.Year ? 12 : y == today.Year ? today.Month - 1 : 0;
        int? due = Enumerable.Range(1, Math.Max(0, ended)).Cast<int?>().FirstOrDefault(m => !closed.Contains(m!.Value));
        var month = Math.Clamp(ended == 0 ? 1 : ended, 1, 12);
        var view = await assessment.GetAsync(y, "m" + month, ct);
        return new AssessmentToDo(y, closed, due, view.Cells.Count(c => c.Status == "behind"), view.Cells.Count, "m" + month);
    }

    public bool Is(string role) => currentUser.IsInRole(role);

    public static bool Staff(CurrentUser user) => user.IsInRole(Roles.Officer) || user.IsInRole(Roles.Leader);
}
