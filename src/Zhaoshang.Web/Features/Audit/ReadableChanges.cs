using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Data;
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
public sealed partial class ReadableChanges(AppDb db, IStringLocalizer<SharedResource> L, IEnumerable<IAuditVocabulary> vocabularies)
{
    /// <summary>The fields of the records of the audit's own layer and below (units, users) and of those with no coded values.</summary>
    private static readonly Dictionary<string, AuditField> Own = new()
    {
        ["Org.Code"] = new("单位编码", AuditValue.Text), ["Org.Name"] = new("单位名称", AuditValue.Text), ["Org.NameEn"] = new("英文名称", AuditValue.Text),
        ["Org.ParentId"] = new("上级单位", AuditValue.Org), ["Org.IsActive"] = new("启用", AuditValue.Bool), ["Org.Coordinates"] = new("协调本级", AuditValue.Bool),
        ["User.UserName"] = new("用户名", AuditValue.Text), ["User.DisplayName"] = new("姓名", AuditValue.Text), ["User.OrgId"] = new("所属单位", AuditValue.Org),
        ["User.IsDisabled"] = new("已停用", AuditValue.Bool), ["User.DisabledReason"] = new("停用原因", AuditValue.Text), ["Activity.Date"] = new("日期", AuditValue.Date),
        ["Activity.Title"] = new("事由", AuditValue.Text), ["Activity.People"] = new("参加人员", AuditValue.Text), ["Activity.Outcome"] = new("成效", AuditValue.Text),
        ["Activity.OrgId"] = new("登记单位", AuditValue.Org), ["Activity.JointOrgId"] = new("同时计入", AuditValue.Org), ["Target.Year"] = new("年度", AuditValue.Number),
        ["Target.OrgId"] = new("单位", AuditValue.Org), ["Target.Value"] = new("目标值", AuditValue.Number),
    };

    /// <summary>Every field the log reads: its own and each feature's vocabulary's.</summary>
    private readonly Dictionary<string, AuditField> _fields = vocabularies.SelectMany(v => v.Fields).Concat(Own).ToDictionary(f => f.Key, f => f.Value);

    /// <summary>Every label of its own fields (the translation check reads them, and each vocabulary's).</summary>
    public static IEnumerable<string> Labels => Own.Values.Select(f => f.Label).Distinct();

    private static readonly Dictionary<string, string> Actions = new()
    {
        ["create"] = "新增", ["update"] = "修改", ["delete"] = "删除", ["login"] = "登录", ["logout"] = "退出登录", ["lockout"] = "账户锁定",
        ["access.denied"] = "越权访问被拒绝", ["account.disable"] = "停用/启用账户", ["audit.verify"] = "校验审计日志", ["boundary.replace"] = "替换边界文件", ["boundary.reset"] = "恢复边界文件", ["export"] = "导出", ["import"] = "导入",
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
        ["MajorProject"] = "重大项目", ["MajorMember"] = "专班成员", ["MajorBand"] = "重大项目金额标准", ["Milestone"] = "计划节点",
        ["MilestoneTemplate"] = "计划模板节点", ["Boundary"] = "边界文件", ["Supervision"] = "挂牌督办", ["SupervisionWeek"] = "督办周进展",
        ["EntryCode"] = "投资入口二维码", ["Intention"] = "投资意向",
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
        var named = new Dictionary<string, Dictionary<Guid, string>>();
        foreach (var vocabulary in vocabularies)
        {
            foreach (var type in vocabulary.Named)
            {
                named[type] = await vocabulary.NamesAsync(db, type, Ids(type), ct);
            }
        }
        var result = new List<ReadableEntry>(entries.Count);
        foreach (var e in entries)
        {
            var who = e.UserId is { } uid && users.TryGetValue(uid, out var u) ? $"{u.DisplayName}（{u.Item1}）" : e.UserName == "system" ? L["系统"] : e.UserName ?? "—";
            var org = e.OrgCode is not null && orgByCode.TryGetValue(e.OrgCode, out var orgName) ? orgName : e.OrgCode ?? "—";
            var name = Guid.TryParse(e.ObjectId, out var id)
                ? e.ObjectType switch
                {
                    "User" => users.TryGetValue(id, out var x) ? $"{x.DisplayName}（{x.Item1}）" : null,
                    "Org" => _orgs!.GetValueOrDefault(id),
                    { } type when named.TryGetValue(type, out var names) => names.GetValueOrDefault(id),
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
                if (!_fields.TryGetValue(objectType + "." + property.Name, out var field))
                {
                    continue;
                }
                var old = before.ValueKind == JsonValueKind.Object && before.TryGetProperty(property.Name, out var o) ? await FormatAsync(field, o, ct) : null;
                var now = await FormatAsync(field, property.Value, ct);
                if (old is null && now is null)
                {
                    continue;
                }
                lines.Add(new ChangeLine(L[field.Label], old, now));
            }
            return lines;
        }
    }

    private async Task<string?> FormatAsync(AuditField field, JsonElement value, CancellationToken ct)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0)
        {
            return null;
        }
        var text = value.ToString();
        switch (field.Kind)
        {
            case AuditValue.Yuan when value.TryGetInt64(out var yuan):
                return Amount(yuan);
            case AuditValue.Date:
                return text.Length >= 10 ? text[..10] : text;
            case AuditValue.Bool when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return L[value.GetBoolean() ? "是" : "否"];
            case AuditValue.Words when field.Words is not null && value.TryGetInt32(out var code):
                var words = field.Words(code).Select(w => L[w].Value).ToList();
                return words.Count == 0 ? null : string.Join("、", words);
            case AuditValue.Org when Guid.TryParse(text, out var id):
                await LoadOrgsAsync(ct);
                return _orgs!.TryGetValue(id, out var name) ? name : L["（已删除的单位）"];
            case AuditValue.Number when value.ValueKind == JsonValueKind.Number:
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
