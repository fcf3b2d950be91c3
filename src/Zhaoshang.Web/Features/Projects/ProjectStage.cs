namespace Zhaoshang.Web.Features.Projects;

/// <summary>A project's lifecycle (线索 → 储备 → 洽谈 → 签约 → 开工 → 投产 → 达产, plus 暂停 and 终止).</summary>
public enum ProjectStage
{
    Lead,
    Reserve,
    Negotiating,
    Signed,
    Started,
    Operating,
    AtCapacity,
    OnHold,
    Terminated,
}

/// <summary>What a transition brings with it; each target stage requires its own part.</summary>
public sealed record StageEvidence(
    DateOnly? Date = null,
    long? ContractAmountYuan = null,
    decimal? DesignedCapacity = null,
    decimal? ActualCapacity = null,
    string? Reason = null);

/// <summary>
/// The stage machine as one table: which moves are legal and what evidence each target stage needs. An illegal move
/// or missing evidence is an error with the reason, never a no-op.
/// </summary>
public static class StageMachine
{
    private static readonly ProjectStage[] Open =
        [ProjectStage.Lead, ProjectStage.Reserve, ProjectStage.Negotiating, ProjectStage.Signed, ProjectStage.Started, ProjectStage.Operating];

    /// <summary>Forward moves; before signing a stage may be skipped (a lead can be signed at a 签约仪式).</summary>
    public static readonly IReadOnlyDictionary<ProjectStage, ProjectStage[]> Forward = new Dictionary<ProjectStage, ProjectStage[]>
    {
        [ProjectStage.Lead] = [ProjectStage.Reserve, ProjectStage.Negotiating, ProjectStage.Signed],
        [ProjectStage.Reserve] = [ProjectStage.Negotiating, ProjectStage.Signed],
        [ProjectStage.Negotiating] = [ProjectStage.Signed],
        [ProjectStage.Signed] = [ProjectStage.Started],
        [ProjectStage.Started] = [ProjectStage.Operating],
        [ProjectStage.Operating] = [ProjectStage.AtCapacity],
        [ProjectStage.AtCapacity] = [],
        [ProjectStage.OnHold] = [],
        [ProjectStage.Terminated] = [],
    };

    public static bool IsOpen(ProjectStage stage) => Open.Contains(stage);

    /// <summary>Not signed yet: no contract, so no funds in place.</summary>
    public static bool IsBeforeSigning(ProjectStage stage) => stage is ProjectStage.Lead or ProjectStage.Reserve or ProjectStage.Negotiating;

    /// <summary>
    /// The ledger's libraries (库), as seed 004 runs them: 拟招库 holds every project not yet started (lead, reserve,
    /// negotiating and signed: a signed project stays until it starts); 在建库 the started ones until production;
    /// production (投产) and full production (达产) are views of their own.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, ProjectStage[]> Views = new Dictionary<string, ProjectStage[]>
    {
        ["toAttract"] = [ProjectStage.Lead, ProjectStage.Reserve, ProjectStage.Negotiating, ProjectStage.Signed],
        ["underConstruction"] = [ProjectStage.Started],
        ["operating"] = [ProjectStage.Operating],
        ["atCapacity"] = [ProjectStage.AtCapacity],
    };

    /// <summary>
    /// Null when <paramref name="from"/> → <paramref name="to"/> is legal with this evidence, else the reason.
    /// <paramref name="heldFrom"/> is the stage a project on hold was in; it may only resume there.
    /// <paramref name="lastStageDate"/> is the date of the previous stage change: a new one cannot precede it.
    /// </summary>
    public static (string Template, object[] Args)? Check(ProjectStage from, ProjectStage to, StageEvidence evidence, ProjectStage? heldFrom, DateOnly? lastStageDate, DateOnly today)
    {
        if (from == to)
        {
            return ("项目已处于“{0}”阶段。", [new Shared.Word(Name(to))]);
        }
        if (!IsLegal(from, to, heldFrom))
        {
            return from == ProjectStage.OnHold
                ? ("暂停的项目只能恢复到暂停前的“{0}”阶段或终止。", [new Shared.Word(heldFrom is { } h ? Name(h) : "?")])
                : ("不能从“{0}”变更为“{1}”。", [new Shared.Word(Name(from)), new Shared.Word(Name(to))]);
        }
        if (from == ProjectStage.OnHold && to != ProjectStage.Terminated)
        {
            return null; // resuming: the stage's evidence was given when the project first reached it
        }
        if (evidence.Date is { } date)
        {
            if (date > today)
            {
                return ("日期 {0} 晚于今天。", [date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]);
            }
            if (lastStageDate is { } last && date < last)
            {
                return ("日期 {0} 早于上一阶段的日期 {1}。", [date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }
        if (to == ProjectStage.Signed && evidence.ContractAmountYuan > Shared.ChineseText.MaxYuan)
        {
            return ("合同投资额超出合理范围（不超过 10 万亿元）。", []);
        }
        // Every piece of evidence the stage still lacks, named at once.
        var missing = Missing(to, evidence).ToArray();
        return missing.Length == 0 ? null : ("{0}须填写{1}。", [new Shared.Word(Name(to)), new Shared.Word(missing)]);
    }

    /// <summary>The stages with evidence of their own a project at <paramref name="reached"/> has passed, in order: signed, started, operating, at capacity.</summary>
    public static IEnumerable<ProjectStage> Passed(ProjectStage reached) =>
        new[] { ProjectStage.Signed, ProjectStage.Started, ProjectStage.Operating, ProjectStage.AtCapacity }.Where(s => s <= reached);

    /// <summary>The evidence a stage needs and the form does not hold yet, by the names the form gives them.</summary>
    public static IEnumerable<string> Missing(ProjectStage to, StageEvidence evidence)
    {
        if (to == ProjectStage.Signed && evidence.ContractAmountYuan is not > 0)
        {
            yield return "合同投资额（大于 0）";
        }
        if (to is ProjectStage.Signed or ProjectStage.Started or ProjectStage.Operating && evidence.Date is null)
        {
            yield return to switch { ProjectStage.Signed => "签约日期", ProjectStage.Started => "开工日期", _ => "投产日期" };
        }
        if (to == ProjectStage.AtCapacity && evidence.DesignedCapacity is not > 0)
        {
            yield return "设计产能（大于 0）";
        }
        if (to == ProjectStage.AtCapacity && evidence.ActualCapacity is not > 0)
        {
            yield return "实际产能（大于 0）";
        }
        if (to is ProjectStage.OnHold or ProjectStage.Terminated && string.IsNullOrWhiteSpace(evidence.Reason))
        {
            yield return "原因";
        }
    }

    private static bool IsLegal(ProjectStage from, ProjectStage to, ProjectStage? heldFrom) => from != to && to switch
    {
        ProjectStage.OnHold or ProjectStage.Terminated => IsOpen(from) || (from == ProjectStage.OnHold && to == ProjectStage.Terminated),
        _ when from == ProjectStage.OnHold => heldFrom == to,
        _ => Forward[from].Contains(to),
    };

    /// <summary>The stages a project may move to from <paramref name="from"/> (evidence aside), in lifecycle order.</summary>
    public static IEnumerable<ProjectStage> Targets(ProjectStage from, ProjectStage? heldFrom) =>
        Enum.GetValues<ProjectStage>().Where(to => IsLegal(from, to, heldFrom));

    public static string Name(ProjectStage stage) => stage switch
    {
        ProjectStage.Lead => "线索",
        ProjectStage.Reserve => "储备",
        ProjectStage.Negotiating => "洽谈",
        ProjectStage.Signed => "签约",
        ProjectStage.Started => "开工",
        ProjectStage.Operating => "投产",
        ProjectStage.AtCapacity => "达产",
        ProjectStage.OnHold => "暂停",
        ProjectStage.Terminated => "终止",
        _ => stage.ToString(),
    };
}

/// <summary>What a stage form posted (kept when it comes back with an error: the chosen stage and every piece of evidence typed).</summary>
public sealed record StagePosted(string? To, DateOnly? Date, decimal? ContractAmountWan, decimal? DesignedCapacity, decimal? ActualCapacity, string? Reason);

/// <summary>The stage form of one project (the detail page and each kanban card), with what was posted and its error.</summary>
/// <summary>
/// The stage form of one project: where it posts, what was posted and refused, and — on a page that shows many projects
/// (the board) — the region its answer replaces (htmx), instead of the whole page.
/// </summary>
public sealed record StageFormModel(Guid Id, ProjectStage Stage, ProjectStage? HeldFrom, long Version, string Action, StagePosted? Posted = null, string? Error = null,
    string? Swap = null);
