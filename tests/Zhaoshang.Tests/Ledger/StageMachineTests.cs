using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Tests.Ledger;

public sealed class StageMachineTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly StageEvidence Signing = new(Date: new(2026, 5, 1), ContractAmountYuan: 2_000_000_000);

    [Fact]
    public void The_lifecycle_runs_forward_with_its_evidence()
    {
        Assert.Null(StageMachine.Check(ProjectStage.Lead, ProjectStage.Reserve, new(), null, null, Today));
        Assert.Null(StageMachine.Check(ProjectStage.Negotiating, ProjectStage.Signed, Signing, null, null, Today));
        Assert.Null(StageMachine.Check(ProjectStage.Signed, ProjectStage.Started, new(Date: new(2026, 6, 1)), null, new(2026, 5, 1), Today));
        Assert.Null(StageMachine.Check(ProjectStage.Started, ProjectStage.Operating, new(Date: new(2026, 10, 1)), null, new(2026, 6, 1), Today));
        Assert.Null(StageMachine.Check(ProjectStage.Operating, ProjectStage.AtCapacity, new(DesignedCapacity: 100, ActualCapacity: 95), null, null, Today));
        Assert.Null(StageMachine.Check(ProjectStage.Lead, ProjectStage.Signed, Signing, null, null, Today)); // signed at a ceremony
    }

    [Theory]
    [InlineData(ProjectStage.Signed, ProjectStage.Negotiating)]
    [InlineData(ProjectStage.Lead, ProjectStage.Started)]
    [InlineData(ProjectStage.Started, ProjectStage.AtCapacity)]
    [InlineData(ProjectStage.Terminated, ProjectStage.Lead)]
    [InlineData(ProjectStage.AtCapacity, ProjectStage.Terminated)]
    public void Illegal_moves_are_refused(ProjectStage from, ProjectStage to) =>
        Assert.Contains("不能从", StageMachine.Check(from, to, new(Date: Today, ContractAmountYuan: 1, Reason: "x"), null, null, Today));

    [Fact]
    public void Each_stage_needs_its_evidence()
    {
        Assert.Contains("合同投资额", StageMachine.Check(ProjectStage.Negotiating, ProjectStage.Signed, new(Date: Today), null, null, Today));
        Assert.Contains("签约日期", StageMachine.Check(ProjectStage.Negotiating, ProjectStage.Signed, new(ContractAmountYuan: 1), null, null, Today));
        Assert.Contains("开工日期", StageMachine.Check(ProjectStage.Signed, ProjectStage.Started, new(), null, null, Today));
        Assert.Contains("投产日期", StageMachine.Check(ProjectStage.Started, ProjectStage.Operating, new(), null, null, Today));
        Assert.Contains("实际产能", StageMachine.Check(ProjectStage.Operating, ProjectStage.AtCapacity, new(DesignedCapacity: 1), null, null, Today));
        Assert.Contains("原因", StageMachine.Check(ProjectStage.Signed, ProjectStage.Terminated, new(), null, null, Today));
        Assert.Contains("晚于今天", StageMachine.Check(ProjectStage.Signed, ProjectStage.Started, new(Date: Today.AddDays(1)), null, null, Today));
        Assert.Contains("早于上一阶段", StageMachine.Check(ProjectStage.Signed, ProjectStage.Started, new(Date: new(2026, 4, 1)), null, new(2026, 5, 1), Today));
    }

    [Fact]
    public void A_project_on_hold_resumes_where_it_was_or_is_terminated()
    {
        Assert.Null(StageMachine.Check(ProjectStage.Started, ProjectStage.OnHold, new(Reason: "资金未到位"), null, null, Today));
        Assert.Null(StageMachine.Check(ProjectStage.OnHold, ProjectStage.Started, new(), ProjectStage.Started, null, Today));
        Assert.Contains("暂停前", StageMachine.Check(ProjectStage.OnHold, ProjectStage.Operating, new(Date: Today), ProjectStage.Started, null, Today));
        Assert.Null(StageMachine.Check(ProjectStage.OnHold, ProjectStage.Terminated, new(Reason: "企业撤资"), ProjectStage.Started, null, Today));
    }
}
