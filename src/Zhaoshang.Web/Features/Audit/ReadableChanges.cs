using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Audit;

/// <summary>One changed field as its form names it, with the values as a user reads them (no empty side).</summary>
public sealed record ChangeLine(string Field, string? Before, string? After)
{
    /// <summary>Changes on one line, for a spreadsheet cell: "签约金额：3.50 亿元 → 4.00 亿元；阶段：洽谈 → 签约".</summary>
    public static string Join(IEnumerable<ChangeLine> lines) =>
        string.Join("；", lines.Select(c => c.Before is null ? $"{c.Field}：{c.After}" : $"{c.Field}：{c.Before} → {c.After}"));
}

/// <summary>An audit record as a person reads it: who (name and unit), what (in words), on what (its name and code), the changes.</summary>
public sealed record ReadableEntry(AuditEntry Entry, string User, string Org, string Action, string Object, string Result, IReadOnlyList<ChangeLine> Changes)
{
    public string ChangesText => ChangeLine.Join(Changes);
}

/// <summary>
/// An audit record's before → after in the user's language: the field names the forms use, stages and kinds as words,
/// amounts in 万元/亿元, dates as dates, units by name. Fields no form shows (keys, paths, versions, search keys) are left
/// out. The project timeline, the audit page and its export read changes through this one class.
/// </summary>
public sealed partial class ReadableChanges(AppDb db, IStringLocalizer<SharedResource> L)
{
    private enum Kind { Text, Yuan, Date, Bool, Stage, Org, Number, Ownership, Classes, Specialized, TicketState }

    private static readonly Dictionary<string, (string Label, Kind Kind)> Fields = new()
    {
        ["Project.Code"] = ("项目编码", Kind.Text), ["Project.Name"] = ("项目名称", Kind.Text), ["Project.OrgId"] = ("责任单位", Kind.Org),
        ["Project.LocationOrgId"] = ("项目所在地", Kind.Org), ["Project.Industry"] = ("所属产业", Kind.Text),
        ["Project.AgreedInvestmentYuan"] = ("约定投资额", Kind.Yuan), ["Project.ContractAmountYuan"] = ("签约金额", Kind.Yuan),
        ["Project.ContractDate"] = ("签约日期", Kind.Date), ["Project.PlannedStartDate"] = ("计划开工日期", Kind.Date),
        ["Project.StartDate"] = ("开工日期", Kind.Date), ["Project.ProductionDate"] = ("投产日期", Kind.Date), ["Project.CapacityDate"] = ("达产日期", Kind.Date),
        ["Project.DesignedCapacity"] = ("设计产能", Kind.Number), ["Project.ActualCapacity"] = ("实际产能", Kind.Number),
        ["Project.LandMu"] = ("用地（亩）", Kind.Number), ["Project.PlannedJobs"] = ("计划用工（人）", Kind.Number),
        ["Project.IsIndustrial"] = ("工业项目", Kind.Bool), ["Project.IsHqEconomy"] = ("总部经济", Kind.Bool), ["Project.IsDigitalEconomy"] = ("数字经济", Kind.Bool),
        ["Project.IsCentralSoeProject"] = ("央企项目", Kind.Bool), ["Project.Channel"] = ("招商渠道", Kind.Text),
        ["Project.FactoryAreaM2"] = ("标准厂房面积（㎡）", Kind.Number), ["Project.Stage"] = ("阶段", Kind.Stage), ["Project.HeldFrom"] = ("暂停前阶段", Kind.Stage),
        ["Project.StageDate"] = ("阶段日期", Kind.Date), ["Project.StageReason"] = ("暂停或终止原因", Kind.Text),
        ["Enterprise.Name"] = ("企业名称", Kind.Text), ["Enterprise.CreditCode"] = ("统一社会信用代码", Kind.Text),
        ["Enterprise.Ownership"] = ("企业性质", Kind.Ownership), ["Enterprise.Classes"] = ("企业类别", Kind.Classes),
        ["Enterprise.Specialized"] = ("专精特新", Kind.Specialized), ["Enterprise.IsStrong"] = ("优强企业", Kind.Bool),
        ["Enterprise.Headquarters"] = ("总部所在地", Kind.Text), ["Enterprise.Industry"] = ("所属行业", Kind.Text),
        ["Org.Code"] = ("单位编码", Kind.Text), ["Org.Name"] = ("单位名称", Kind.Text), ["Org.NameEn"] = ("英文名称", Kind.Text),
        ["Org.ParentId"] = ("上级单位", Kind.Org), ["Org.IsActive"] = ("启用", Kind.Bool), ["Org.Coordinates"] = ("协调本级", Kind.Bool),
        ["User.UserName"] = ("用户名", Kind.Text), ["User.DisplayName"] = ("姓名", Kind.Text), ["User.OrgId"] = ("所属单位", Kind.Org),
        ["User.IsDisabled"] = ("已停用", Kind.Bool), ["User.DisabledReason"] = ("停用原因", Kind.Text),
        ["Activity.Date"] = ("日期", Kind.Date), ["Activity.Title"] = ("事由", Kind.Text), ["Activity.People"] = ("参加人员", Kind.Text),
        ["Activity.Outcome"] = ("成效", Kind.Text), ["Activity.OrgId"] = ("登记单位", Kind.Org), ["Activity.JointOrgId"] = ("同时计入", Kind.Org),
        ["FundEntry.Year"] = ("年", Kind.Number), ["FundEntry.Month"] = ("月", Kind.Number), ["FundEntry.AmountYuan"] = ("到位资金", Kind.Yuan),
        ["FundEntry.Evidence"] = ("凭证", Kind.Text),
        ["Ticket.State"] = ("状态", Kind.TicketState), ["Ticket.Title"] = ("标题", Kind.Text), ["Ticket.DueDate"] = ("办理期限", Kind.Date),
        ["Ticket.HandlerOrgId"] = ("承办单位", Kind.Org),
        ["Target.Year"] = ("年度", Kind.Number), ["Target.OrgId"] = ("单位", Kind.Org), ["Target.Value"] = ("目标值", Kind.Number),
    };

    /// <summary>Every label this class shows (the translation check reads them).</summary>
    public static IEnumerable<string> Labels => Fields.Values.Select(f => f.Label).Distinct();

    private static readonly Dictionary<string, string> Actions = new()
    {
        ["create"] = "新增", ["update"] = "修改", ["delete"] = "删除", ["login"] = "登录", ["logout"] = "退出登录", ["lockout"] = "账户锁定",
        ["access.denied"] = "越权访问被拒绝", ["account.disable"] = "停用/启用账户", ["audit.verify"] = "校验审计日志", ["export"] = "导出", ["import"] = "导入",
        ["org.move"] = "移动单位", ["password.change"] = "修改密码", ["password.reset"] = "重置密码", ["ticket.attach"] = "上传附件",
        ["user.create"] = "创建账户", ["user.enterprise"] = "关联企业", ["user.roles"] = "授予角色", ["user.unlock"] = "解锁账户",
    };

    private static readonly Dictionary<string, string> Objects = new()
    {
        ["Project"] = "项目", ["Enterprise"] = "企业", ["EnterpriseContact"] = "企业联系人", ["Org"] = "单位", ["User"] = "用户", ["UserRole"] = "用户角色",
        ["Activity"] = "招商活动", ["ActivityEnterprise"] = "活动企业", ["ActivityOffice"] = "活动驻外机构", ["ActivityLead"] = "活动采纳线索", ["FundEntry"] = "到位资金",
        ["ProjectStageChange"] = "阶段变更", ["ProjectInvestor"] = "投资企业", ["Ticket"] = "问题/诉求", ["Lead"] = "项目线索",
        ["Target"] = "目标任务", ["TargetSheet"] = "目标任务表", ["TargetYear"] = "考核年度", ["SavedFilter"] = "常用筛选",
        ["CalendarDay"] = "节假日", ["RoutingRule"] = "派单规则", ["Indicator"] = "考核指标", ["Industry"] = "产业", ["Role"] = "角色",
        ["RuleSet"] = "考核规则", ["JointMeeting"] = "联席会议", ["TicketDesk"] = "受理窗口",
    };

    private static readonly Dictionary<string, string> Results = new() { ["success"] = "成功", ["failure"] = "失败", ["denied"] = "拒绝" };

    public static IEnumerable<string> ActionKeys => Actions.Keys;

    public static IEnumerable<string> Words => Actions.Values.Concat(Objects.Values).Concat(Results.Values);

    public string ActionName(string action) => Actions.TryGetValue(action, out var name) ? L[name] : action;
    public string ObjectName(string? type) => type is null ? "" : Objects.TryGetValue(type, out var name) ? L[name] : type;
    public string ResultName(string result) => Results.TryGetValue(result, out var name) ? L[name] : result;

    private Dictionary<Guid, string>? _orgs;
    private Dictionary<string, string>? _orgsByCode;

    /// <summary>The org names by id and by code, read once per request (an export describes its records 2,000 at a time).</summary>
    private async Task LoadOrgsAsync(CancellationToken ct)
    {
        if (_orgs is null)
        {
            var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct);
            _orgs = orgs.ToDictionary(o => o.Id, o => o.Name);
            _orgsByCode = orgs.ToDictionary(o => o.Code, o => o.Name);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial System.Text.RegularExpressions.Regex AnyGuid();

    /// <summary>Records as people read them; names are looked up once per batch (the export runs this per 2,000 rows).</summary>
    public async Task<IReadOnlyList<ReadableEntry>> DescribeAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        await LoadOrgsAsync(ct);
        var orgByCode = _orgsByCode!;
        List<Guid> Ids(params string[] types) => entries.Where(e => types.Contains(e.ObjectType) && Guid.TryParse(e.ObjectId, out _))
            .Select(e => Guid.Parse(e.ObjectId!)).Distinct().ToList();
        var userIds = Ids("User").Concat(entries.Where(e => e.UserId is not null).Select(e => e.UserId!.Value)).Distinct().ToList();
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.UserName!, u.DisplayName), ct);
        var projectIds = Ids("Project");
        var projects = await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => projectIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => $"{p.Name}（{p.Code}）", ct);
        var enterpriseIds = Ids("Enterprise");
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.CreditCode is null ? e.Name : $"{e.Name}（{e.CreditCode}）", ct);
        var ticketIds = Ids("Ticket");
        var tickets = await db.Set<Tickets.Ticket>().IgnoreQueryFilters().AsNoTracking().Where(t => ticketIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.Title, ct);
        var result = new List<ReadableEntry>(entries.Count);
        foreach (var e in entries)
        {
            var who = e.UserId is { } uid && users.TryGetValue(uid, out var u) ? $"{u.DisplayName}（{u.Item1}）" : e.UserName == "system" ? L["系统"] : e.UserName ?? "—";
            var org = e.OrgCode is not null && orgByCode.TryGetValue(e.OrgCode, out var orgName) ? orgName : e.OrgCode ?? "—";
            var name = Guid.TryParse(e.ObjectId, out var id)
                ? e.ObjectType switch
                {
                    "Project" => projects.GetValueOrDefault(id),
                    "Enterprise" => enterprises.GetValueOrDefault(id),
                    "User" => users.TryGetValue(id, out var x) ? $"{x.DisplayName}（{x.Item1}）" : null,
                    "Org" => _orgs!.GetValueOrDefault(id),
                    "Ticket" => tickets.GetValueOrDefault(id),
                    _ => null,
                }
                : e.ObjectId is { } other && !AnyGuid().IsMatch(other) ? other : null; // a composite key of ids names nothing a reader knows
            var what = ObjectName(e.ObjectType) + (name is null ? "" : " " + name);
            result.Add(new ReadableEntry(e, who, org, ActionName(e.Action), what.Trim(), ResultName(e.Result), await ReadAsync(e.ObjectType, e.Details, ct)));
        }
        return result;
    }

    /// <summary>The changed fields of one record; empty when it has none a form shows.</summary>
    public async Task<IReadOnlyList<ChangeLine>> ReadAsync(string? objectType, string? details, CancellationToken ct = default)
    {
        if (objectType is null || details is null || !details.StartsWith('{'))
        {
            return [];
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(details);
        }
        catch (JsonException)
        {
            return [];
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("after", out var after) || after.ValueKind != JsonValueKind.Object)
            {
                return [];
            }
            var before = doc.RootElement.TryGetProperty("before", out var b) && b.ValueKind == JsonValueKind.Object ? b : default;
            var lines = new List<ChangeLine>();
            foreach (var property in after.EnumerateObject())
            {
                if (!Fields.TryGetValue(objectType + "." + property.Name, out var field))
                {
                    continue;
                }
                var old = before.ValueKind == JsonValueKind.Object && before.TryGetProperty(property.Name, out var o) ? await FormatAsync(field.Kind, o, ct) : null;
                var now = await FormatAsync(field.Kind, property.Value, ct);
                if (old is null && now is null)
                {
                    continue;
                }
                lines.Add(new ChangeLine(L[field.Label], old, now));
            }
            return lines;
        }
    }

    private async Task<string?> FormatAsync(Kind kind, JsonElement value, CancellationToken ct)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0)
        {
            return null;
        }
        var text = value.ToString();
        switch (kind)
        {
            case Kind.Yuan when value.TryGetInt64(out var yuan):
                return Amount(yuan);
            case Kind.Date:
                return text.Length >= 10 ? text[..10] : text;
            case Kind.Bool when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return L[value.GetBoolean() ? "是" : "否"];
            case Kind.Stage when value.TryGetInt32(out var stage) && Enum.IsDefined((ProjectStage)stage):
                return L[StageMachine.Name((ProjectStage)stage)];
            case Kind.TicketState when value.TryGetInt32(out var state) && Enum.IsDefined((Tickets.TicketState)state):
                return L[Tickets.TicketWorkflow.StateName((Tickets.TicketState)state)];
            case Kind.Ownership when value.TryGetInt32(out var ownership) && Enum.IsDefined((Ownership)ownership):
                return L[EnterpriseTerms.Name((Ownership)ownership)];
            case Kind.Specialized when value.TryGetInt32(out var level) && Enum.IsDefined((SpecializedLevel)level):
                return L[EnterpriseTerms.Name((SpecializedLevel)level)];
            case Kind.Classes when value.TryGetInt32(out var classes):
                var words = EnterpriseTerms.Each((EnterpriseClass)classes).Select(c => L[EnterpriseTerms.Name(c)].Value).ToList();
                return words.Count == 0 ? null : string.Join("、", words);
            case Kind.Org when Guid.TryParse(text, out var id):
                await LoadOrgsAsync(ct);
                return _orgs!.TryGetValue(id, out var name) ? name : L["（已删除的单位）"];
            case Kind.Number when value.ValueKind == JsonValueKind.Number:
                return value.GetDecimal().ToString("#,0.##", CultureInfo.InvariantCulture);
            default:
                return text;
        }
    }

    /// <summary>A sentence in the user's language (the service builds timeline titles with it).</summary>
    public string Say(string template, params object[] args) => L[template, args];

    /// <summary>A month as the user reads it: 2023年3月, or March 2023.</summary>
    public static string Month(int year, int month) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en"
            ? new DateOnly(year, month, 1).ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-US"))
            : $"{year}年{month}月";

    /// <summary>An amount as the bureau writes it: 亿元 from one hundred million, else 万元, two decimals.</summary>
    public string Amount(long yuan) => Math.Abs(yuan) >= ChineseText.Yi
        ? L["{0} 亿元", (yuan / (decimal)ChineseText.Yi).ToString("N2", CultureInfo.InvariantCulture)]
        : L["{0} 万元", (yuan / (decimal)ChineseText.Wan).ToString("N2", CultureInfo.InvariantCulture)];
}
