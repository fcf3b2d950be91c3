using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>The ledger's records as the audit log reads them: the project form's fields, stages as words, a project by its name and code.</summary>
public sealed class ProjectAuditVocabulary : IAuditVocabulary
{
    private static IEnumerable<string> Stage(int value) => Enum.IsDefined((ProjectStage)value) ? [StageMachine.Name((ProjectStage)value)] : [];

    public IReadOnlyDictionary<string, AuditField> Fields { get; } = new Dictionary<string, AuditField>
    {
        ["Project.Code"] = new("项目编码", AuditValue.Text), ["Project.Name"] = new("项目名称", AuditValue.Text), ["Project.OrgId"] = new("责任单位", AuditValue.Org),
        ["Project.LocationOrgId"] = new("项目所在地", AuditValue.Org), ["Project.Industry"] = new("所属产业", AuditValue.Text),
        ["Project.AgreedInvestmentYuan"] = new("约定投资额", AuditValue.Yuan), ["Project.ContractAmountYuan"] = new("签约金额", AuditValue.Yuan),
        ["Project.ContractDate"] = new("签约日期", AuditValue.Date), ["Project.PlannedStartDate"] = new("计划开工日期", AuditValue.Date),
        ["Project.StartDate"] = new("开工日期", AuditValue.Date), ["Project.ProductionDate"] = new("投产日期", AuditValue.Date),
        ["Project.CapacityDate"] = new("达产日期", AuditValue.Date),
        ["Project.DesignedCapacity"] = new("设计产能", AuditValue.Number), ["Project.ActualCapacity"] = new("实际产能", AuditValue.Number),
        ["Project.LandMu"] = new("用地（亩）", AuditValue.Number), ["Project.PlannedJobs"] = new("计划用工（人）", AuditValue.Number),
        ["Project.IsIndustrial"] = new("工业项目", AuditValue.Bool), ["Project.IsHqEconomy"] = new("总部经济", AuditValue.Bool),
        ["Project.IsDigitalEconomy"] = new("数字经济", AuditValue.Bool), ["Project.IsCentralSoeProject"] = new("央企项目", AuditValue.Bool),
        ["Project.Channel"] = new("招商渠道", AuditValue.Text), ["Project.FactoryAreaM2"] = new("标准厂房面积（㎡）", AuditValue.Number),
        ["Project.Stage"] = new("阶段", AuditValue.Words, Stage), ["Project.HeldFrom"] = new("暂停前阶段", AuditValue.Words, Stage),
        ["Project.StageDate"] = new("阶段日期", AuditValue.Date), ["Project.StageReason"] = new("暂停或终止原因", AuditValue.Text),
        ["FundEntry.Year"] = new("年", AuditValue.Number), ["FundEntry.Month"] = new("月", AuditValue.Number),
        ["FundEntry.AmountYuan"] = new("到位资金", AuditValue.Yuan), ["FundEntry.Evidence"] = new("凭证", AuditValue.Text),
    };

    public IReadOnlyCollection<string> Named { get; } = ["Project"];

    public Task<Dictionary<Guid, string>> NamesAsync(AppDb db, string objectType, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => $"{p.Name}（{p.Code}）", ct);
}
