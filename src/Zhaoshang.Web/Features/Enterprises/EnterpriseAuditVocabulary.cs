using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>The registry's records as the audit log reads them: the enterprise form's fields, its terms as words, an enterprise by name and code.</summary>
public sealed class EnterpriseAuditVocabulary : IAuditVocabulary
{
    public IReadOnlyDictionary<string, AuditField> Fields { get; } = new Dictionary<string, AuditField>
    {
        ["Enterprise.Name"] = new("企业名称", AuditValue.Text), ["Enterprise.CreditCode"] = new("统一社会信用代码", AuditValue.Text),
        ["Enterprise.Ownership"] = new("企业性质", AuditValue.Words,
            v => Enum.IsDefined((Ownership)v) ? [EnterpriseTerms.Name((Ownership)v)] : []),
        ["Enterprise.Classes"] = new("企业类别", AuditValue.Words, v => EnterpriseTerms.Each((EnterpriseClass)v).Select(EnterpriseTerms.Name)),
        ["Enterprise.Specialized"] = new("专精特新", AuditValue.Words,
            v => Enum.IsDefined((SpecializedLevel)v) ? [EnterpriseTerms.Name((SpecializedLevel)v)] : []),
        ["Enterprise.IsStrong"] = new("优强企业", AuditValue.Bool),
        ["Enterprise.Headquarters"] = new("总部所在地", AuditValue.Text), ["Enterprise.Industry"] = new("所属行业", AuditValue.Text),
    };

    public IReadOnlyCollection<string> Named { get; } = ["Enterprise"];

    public Task<Dictionary<Guid, string>> NamesAsync(AppDb db, string objectType, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.CreditCode is null ? e.Name : $"{e.Name}（{e.CreditCode}）", ct);
}
