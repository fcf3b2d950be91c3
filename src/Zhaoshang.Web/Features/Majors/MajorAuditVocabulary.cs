using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>The major projects' records as the audit log reads them: level and group as words, its units by name (the leader and task force are named on the project's page).</summary>
public sealed class MajorAuditVocabulary : IAuditVocabulary
{
    private static IEnumerable<string> Level(int value) => Enum.IsDefined((MajorLevel)value) ? [MajorSearch.LevelName((MajorLevel)value)] : [];

    private static IEnumerable<string> Group(int value) => Enum.IsDefined((CoordinationGroup)value) ? [MajorSearch.GroupName((CoordinationGroup)value)] : [];

    public IReadOnlyDictionary<string, AuditField> Fields { get; } = new Dictionary<string, AuditField>
    {
        ["MajorProject.Level"] = new("层级", AuditValue.Words, Level), ["MajorProject.ByHand"] = new("手动列入", AuditValue.Bool),
        ["MajorProject.Group"] = new("协调小组", AuditValue.Words, Group), ["MajorProject.LeadOrgId"] = new("牵头单位", AuditValue.Org),
        ["MajorProject.ResponsibleOrgId"] = new("责任部门", AuditValue.Org), ["MajorProject.OrgId"] = new("责任单位", AuditValue.Org),
        ["MajorBand.MinAmountYuan"] = new("金额标准", AuditValue.Yuan),
    };

    public IReadOnlyCollection<string> Named { get; } = ["MajorProject"];

    public Task<Dictionary<Guid, string>> NamesAsync(AppDb db, string objectType, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => $"{p.Name}（{p.Code}）", ct);
}
