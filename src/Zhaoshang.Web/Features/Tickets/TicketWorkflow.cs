using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>Who may take an action: the submitter, the desk that dispatches, a handling or reviewing department, or any party.</summary>
public enum Actor
{
    Submitter,
    Desk,
    Handler,
    Reviewer,
    Party,
}

public sealed record Transition(string Action, TicketState[] From, TicketState? To, Actor[] By, string Name, string NameEn);

/// <summary>
/// The ticket's lifecycle as one table: submitted → accepted (or returned for more information, or declined) →
/// dispatched → in progress → answered → checked by the desk (or sent back) → awaiting the submitter's rating → closed,
/// and reopened. Escalation raises a level on an open ticket without changing its state. Anything not in the table is
/// refused with its reason.
/// </summary>
public static class TicketWorkflow
{
    private static readonly TicketState[] Handling = [TicketState.Dispatched, TicketState.InProgress];
    private static readonly TicketState[] Open = [TicketState.Submitted, TicketState.Returned, TicketState.Accepted, TicketState.Dispatched,
        TicketState.InProgress, TicketState.Answered, TicketState.AwaitingRating];

    public static readonly IReadOnlyList<Transition> Table =
    [
        new("accept", [TicketState.Submitted], TicketState.Accepted, [Actor.Desk], "受理", "Accept"),
        new("return", [TicketState.Submitted], TicketState.Returned, [Actor.Desk], "退回补充", "Return for information"),
        new("decline", [TicketState.Submitted], TicketState.Declined, [Actor.Desk], "不予受理", "Decline"),
        new("supplement", [TicketState.Returned, TicketState.Dispatched, TicketState.InProgress], null, [Actor.Submitter], "补充材料", "Supplement"),
        new("dispatch", [TicketState.Accepted], TicketState.Dispatched, [Actor.Desk], "派单", "Dispatch"),
        new("start", [TicketState.Dispatched], TicketState.InProgress, [Actor.Handler], "签收办理", "Start"),
        new("answer", [TicketState.InProgress], TicketState.Answered, [Actor.Handler], "办理答复", "Answer"),
        new("review", Handling, null, [Actor.Reviewer], "会审意见", "Review"),
        new("requestMaterial", Handling, null, [Actor.Reviewer], "要求补充材料", "Request material"),
        new("check", [TicketState.Answered], TicketState.AwaitingRating, [Actor.Desk], "审核通过", "Check"),
        new("sendBack", [TicketState.Answered], TicketState.InProgress, [Actor.Desk], "退回重办", "Send back"),
        new("rate", [TicketState.AwaitingRating], TicketState.Closed, [Actor.Submitter], "评价", "Rate"),
        new("reopen", [TicketState.AwaitingRating, TicketState.Closed], TicketState.InProgress, [Actor.Submitter, Actor.Desk], "重新办理", "Reopen"),
        new("escalate", Handling, null, [Actor.Desk], "督办升级", "Escalate"),
        new("comment", Open, null, [Actor.Party, Actor.Submitter], "留言", "Comment"),
    ];

    private static readonly Dictionary<string, Transition> ByAction = Table.ToDictionary(t => t.Action, StringComparer.OrdinalIgnoreCase);

    public static Transition Find(string? action) =>
        action is not null && ByAction.TryGetValue(action.Trim(), out var t) ? t
        : throw DomainException.Invalid("action", "“{0}”不是有效的操作，可选：{1}。", action, string.Join(", ", Table.Select(x => x.Action)));

    /// <summary>The transition, or a 422 with the reason it is not allowed now or for this caller.</summary>
    public static Transition Check(string? action, TicketState state, IReadOnlySet<Actor> caller, bool isReview)
    {
        var t = Find(action);
        if (!t.From.Contains(state))
        {
            throw DomainException.Unprocessable("工单当前状态为“{0}”，不能执行“{1}”（只能在“{2}”状态下执行）。",
                new Word(StateName(state)), Word.Bilingual(t.Name, t.NameEn), new Word([.. t.From.Select(StateName)]));
        }
        if ((t.Action is "review" or "requestMaterial") != isReview && t.Action is "review" or "requestMaterial" or "answer" or "start")
        {
            throw DomainException.Unprocessable(isReview ? "该工单为并联会审，各部门应提交会审意见，不能执行“{0}”。" : "该工单不是并联会审，不能执行“{0}”。", Word.Bilingual(t.Name, t.NameEn));
        }
        if (!t.By.Any(caller.Contains) && !(t.By.Contains(Actor.Party) && caller.Count > 0))
        {
            throw DomainException.Unprocessable("只有{0}可以执行“{1}”。", Word.Or(t.By.Select(ActorName)), Word.Bilingual(t.Name, t.NameEn));
        }
        return t;
    }

    /// <summary>The actions this caller can take now, for the page's buttons.</summary>
    public static IEnumerable<Transition> Allowed(TicketState state, IReadOnlySet<Actor> caller, bool isReview) =>
        Table.Where(t => t.From.Contains(state)
            && ((t.Action is "review" or "requestMaterial") == isReview || t.Action is not ("review" or "requestMaterial" or "answer" or "start"))
            && (t.By.Any(caller.Contains) || (t.By.Contains(Actor.Party) && caller.Count > 0)));

    public static string StateName(TicketState state) => state switch
    {
        TicketState.Submitted => "已提交",
        TicketState.Returned => "待补充",
        TicketState.Declined => "不予受理",
        TicketState.Accepted => "已受理",
        TicketState.Dispatched => "已派单",
        TicketState.InProgress => "办理中",
        TicketState.Answered => "已答复",
        TicketState.AwaitingRating => "待评价",
        TicketState.Closed => "已办结",
        _ => state.ToString(),
    };

    public static string ActorName(Actor actor) => actor switch
    {
        Actor.Submitter => "工单提交人",
        Actor.Desk => "受理派单单位",
        Actor.Handler => "该工单的承办单位",
        Actor.Reviewer => "参加会审的部门",
        _ => "相关单位",
    };

    public static string CategoryName(TicketCategory c) => c switch
    {
        TicketCategory.SingleItem => "单项问题",
        TicketCategory.Land => "用地",
        TicketCategory.Power => "用电",
        TicketCategory.Water => "用水",
        TicketCategory.Gas => "用气",
        TicketCategory.Financing => "融资",
        TicketCategory.Labour => "用工",
        TicketCategory.Approvals => "审批手续",
        TicketCategory.Comprehensive => "综合性问题",
        _ => c.ToString(),
    };

    public static string KindName(TicketKind k) => k switch
    {
        TicketKind.Problem => "项目堵点",
        TicketKind.Appeal => "企业诉求",
        TicketKind.Needs => "项目需求会审",
    };

    public static string LevelName(TicketLevel l) => l switch
    {
        TicketLevel.Province => "省级",
        TicketLevel.City => "市级",
        _ => "县级",
    };

    public static string ReviewName(ReviewState s) => s switch
    {
        ReviewState.Pending => "待会审",
        ReviewState.Approved => "同意",
        ReviewState.ApprovedWithConditions => "有条件同意",
        ReviewState.Declined => "不同意",
        ReviewState.MaterialRequested => "待补充材料",
        _ => s.ToString(),
    };

    /// <summary>A parallel review's combined state: declined if any declined, approved once all approved, else still in review.</summary>
    public static string Combined(IReadOnlyCollection<ReviewState> parts) =>
        parts.Count == 0 ? ""
        : parts.Contains(ReviewState.Declined) && parts.All(p => p is not (ReviewState.Pending or ReviewState.MaterialRequested)) ? "不同意"
        : parts.Any(p => p is ReviewState.Pending or ReviewState.MaterialRequested) ? "会审中"
        : parts.Contains(ReviewState.ApprovedWithConditions) ? "有条件同意"
        : parts.Contains(ReviewState.Declined) ? "不同意"
        : "同意";
}
