using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>A template node as the API and the defaults give it.</summary>
public sealed record TemplateNode(string? Code, string? Name, string? After, int Days);

/// <summary>
/// The plan templates: the nodes that matter from signing to capacity (项目备案/核准, 用地预审, 土地供应, 环评/能评, 规划许可,
/// 施工许可, 开工, 主体完工, 设备安装, 投产, 达产), per coordination group, each after another by a number of days; a template
/// is checked whole (codes unique, each node after one that exists, no cycle) and a plan's dates follow from it.
/// </summary>
public static class PlanTemplates
{
    /// <summary>The nodes that stand for the project's own stages: their actual dates are the project's.</summary>
    public const string Start = "start", Production = "production", Capacity = "capacity";

    /// <summary>The kind of problem a slipping node is (seed 001's routing): land nodes go to land, approvals to approvals, the rest to the one department.</summary>
    public static Tickets.TicketCategory CategoryOf(string code) => code switch
    {
        "landPrecheck" or "landSupply" => Tickets.TicketCategory.Land,
        "filing" or "eia" or "planning" or "constructionPermit" => Tickets.TicketCategory.Approvals,
        _ => Tickets.TicketCategory.SingleItem,
    };

    public static readonly IReadOnlyDictionary<CoordinationGroup, TemplateNode[]> Defaults = new Dictionary<CoordinationGroup, TemplateNode[]>
    {
        [CoordinationGroup.Industry] =
        [
            new("filing", "项目备案/核准", null, 30), new("landPrecheck", "用地预审", "filing", 30), new("landSupply", "土地供应", "landPrecheck", 60),
            new("eia", "环评/能评", "filing", 60), new("planning", "规划许可", "landSupply", 30), new("constructionPermit", "施工许可", "planning", 30),
            new(Start, "开工", "constructionPermit", 15), new("structure", "主体完工", Start, 240), new("equipment", "设备安装", "structure", 60),
            new(Production, "投产", "equipment", 60), new(Capacity, "达产", Production, 365),
        ],
        [CoordinationGroup.Agriculture] =
        [
            new("filing", "项目备案/核准", null, 30), new("landSupply", "土地供应", "filing", 60), new("eia", "环评/能评", "filing", 60),
            new(Start, "开工", "landSupply", 30), new(Production, "投产", Start, 180), new(Capacity, "达产", Production, 365),
        ],
        [CoordinationGroup.Services] =
        [
            new("filing", "项目备案/核准", null, 30), new("landPrecheck", "用地预审", "filing", 30), new("landSupply", "土地供应", "landPrecheck", 60),
            new("planning", "规划许可", "landSupply", 30), new("constructionPermit", "施工许可", "planning", 30), new(Start, "开工", "constructionPermit", 15),
            new("structure", "主体完工", Start, 300), new(Production, "投产", "structure", 90), new(Capacity, "达产", Production, 365),
        ],
    };

    /// <summary>
    /// A template's nodes in an order where each follows the one it is after; refused, naming the node, when a code is
    /// empty or repeated, a name missing, a node after one that is not in the template, the days out of range, or the
    /// nodes following each other in a cycle.
    /// </summary>
    public static IReadOnlyList<TemplateNode> Check(IReadOnlyList<TemplateNode> nodes)
    {
        if (nodes.Count is 0 or > 40)
        {
            throw DomainException.Invalid("nodes", "计划模板须有 1 至 40 个节点。");
        }
        var seen = new HashSet<string>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (string.IsNullOrWhiteSpace(n.Code) || n.Code.Length > 32 || !n.Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw DomainException.Invalid($"nodes[{i}].code", "第 {0} 个节点的编码须为 1 至 32 个字母、数字、- 或 _。", i + 1);
            }
            if (!seen.Add(n.Code))
            {
                throw DomainException.Invalid($"nodes[{i}].code", "节点编码“{0}”重复。", n.Code);
            }
            if (string.IsNullOrWhiteSpace(n.Name) || n.Name.Trim().Length > 50)
            {
                throw DomainException.Invalid($"nodes[{i}].name", "节点“{0}”的名称不能为空，且不超过 50 个字符。", n.Code);
            }
            if (n.Days is < 0 or > 3650)
            {
                throw DomainException.Invalid($"nodes[{i}].days", "节点“{0}”的天数须在 0 至 3650 之间。", n.Name.Trim());
            }
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].After is { Length: > 0 } after && !seen.Contains(after))
            {
                throw DomainException.Invalid($"nodes[{i}].after", "节点“{0}”的前置节点“{1}”不在模板中。", nodes[i].Name!.Trim(), after);
            }
        }
        // Kahn's order: a node once the one it follows is placed; what never gets placed sits in a cycle.
        var placed = new List<TemplateNode>();
        var done = new HashSet<string>();
        var left = nodes.ToList();
        while (left.Count > 0)
        {
            var ready = left.Where(n => string.IsNullOrEmpty(n.After) || done.Contains(n.After)).ToList();
            if (ready.Count == 0)
            {
                throw DomainException.Invalid("nodes", "节点的前后关系构成循环：{0}。", string.Join("、", left.Select(n => n.Name!.Trim())));
            }
            foreach (var n in ready)
            {
                placed.Add(n);
                done.Add(n.Code!);
                left.Remove(n);
            }
        }
        return placed;
    }

    /// <summary>Each node's planned date: its predecessor's (or the base date, for a first node) plus its days.</summary>
    public static Dictionary<string, DateOnly> Dates(IReadOnlyList<TemplateNode> nodes, DateOnly baseDate)
    {
        var dates = new Dictionary<string, DateOnly>();
        foreach (var n in Check(nodes))
        {
            var from = string.IsNullOrEmpty(n.After) ? baseDate : dates[n.After];
            dates[n.Code!] = from.AddDays(n.Days);
        }
        return dates;
    }
}
