using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>The entry codes and intentions as the audit log reads them: the fields their forms name, a code by its title, an intention by its company.</summary>
public sealed class EntryCodeAuditVocabulary : IAuditVocabulary
{
    private static IEnumerable<string> Kind(int value) => Enum.IsDefined((EntryCodeKind)value) ? [EntryCodeTerms.Name((EntryCodeKind)value)] : [];

    public IReadOnlyDictionary<string, AuditField> Fields { get; } = new Dictionary<string, AuditField>
    {
        ["EntryCode.Kind"] = new("类型", AuditValue.Words, Kind), ["EntryCode.Title"] = new("标题", AuditValue.Text),
        ["EntryCode.Introduction"] = new("介绍", AuditValue.Text), ["EntryCode.Industries"] = new("主导产业", AuditValue.Text),
        ["EntryCode.ContactName"] = new("对外联系人", AuditValue.Text), ["EntryCode.ContactPhone"] = new("对外联系电话", AuditValue.Text),
        ["EntryCode.ExpiresOn"] = new("有效期至", AuditValue.Date), ["EntryCode.IsRevoked"] = new("已停用", AuditValue.Bool),
        ["EntryCode.OrgId"] = new("发码单位", AuditValue.Org),
        ["Intention.Company"] = new("企业名称", AuditValue.Text), ["Intention.CreditCode"] = new("统一社会信用代码", AuditValue.Text),
        ["Intention.ContactName"] = new("联系人", AuditValue.Text), ["Intention.Industry"] = new("意向产业", AuditValue.Text),
        ["Intention.AmountWan"] = new("意向投资额（万元）", AuditValue.Number), ["Intention.Needs"] = new("需求", AuditValue.Text),
        ["Intention.AccountVerifiedBy"] = new("账号申请核验人", AuditValue.Text),
        ["Intention.OrgId"] = new("对接单位", AuditValue.Org),
    };

    public IReadOnlyCollection<string> Named { get; } = ["EntryCode", "Intention"];

    public async Task<Dictionary<Guid, string>> NamesAsync(AppDb db, string objectType, IReadOnlyCollection<Guid> ids, CancellationToken ct) => objectType switch
    {
        "EntryCode" => await db.Set<EntryCode>().IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Title, ct),
        _ => await db.Set<Intention>().IgnoreQueryFilters().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Company, ct),
    };
}
