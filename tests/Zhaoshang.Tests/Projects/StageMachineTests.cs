using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Tests.Projects;

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
        Assert.Contains("不能从", Text(StageMachine.Check(from, to, new(Date: Today, ContractAmountYuan: 1, Reason: "x"), null, null, Today)));

    [Fact]
    public void Each_stage_needs_its_evidence()
    {
        Assert.Contains("合同投资额", Text(StageMachine.Check(ProjectStage.Negotiating, ProjectStage.Signed, new(Date: Today), null, null, Today)));
        Assert.Contains("签约日期", Text(StageMachine.Check(ProjectStage.Negotiating, ProjectStage.Signed, new(ContractAmountYuan: 1), null, null, Today)));
        Assert.Contains("开工日期", Text(StageMachine.Check(ProjectStage.Signed, ProjectStage.Started, new(), null, null, Today)));
        Assert.Contains("投产日期", Text(StageMachine.Check(ProjectStage.Started, ProjectStage.Operating, new(), null, null, Today)));
        Assert.Contains("实际产能", Text(StageMachine.Check(ProjectStage.Operating, ProjectStage.AtCapacity, new(DesignedCapacity: 1), null, null, Today)));
        Assert.Contains("原因", Text(StageMachine.Check(ProjectStage.Signed, ProjectStage.Terminated, new(), null, null, Today)));
        Assert.Contains("晚于今天", Text(StageMachine.Check(ProjectStage.Signed, ProjectStage.Started, new(Date: Today.AddDays(1)), null, null, Today)));
        Assert.Contains("早于上一阶段", Text(StageMachine.Check(ProjectStage.Signed, ProjectStage.Started, new(Date: new(2026, 4, 1)), null, new(2026, 5, 1), Today)));
    }

    [Fact]
    public void A_project_on_hold_resumes_where_it_was_or_is_terminated()
    {
        Assert.Null(StageMachine.Check(ProjectStage.Started, ProjectStage.OnHold, new(Reason: "资金未到位"), null, null, Today));
        Assert.Null(StageMachine.Check(ProjectStage.OnHold, ProjectStage.Started, new(), ProjectStage.Started, null, Today));
        Assert.Contains("暂停前", Text(StageMachine.Check(ProjectStage.OnHold, ProjectStage.Operating, new(Date: Today), ProjectStage.Started, null, Today)));
        Assert.Null(StageMachine.Check(ProjectStage.OnHold, ProjectStage.Terminated, new(Reason: "企业撤资"), ProjectStage.Started, null, Today));
    }

    /// <summary>A refusal reads in the reader's language throughout, the stage and the missing evidence included.</summary>
    [Fact]
    public void A_refusal_is_in_English_for_an_English_reader()
    {
        using var app = new TestApp();
        var words = app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Zhaoshang.Web.Shared.SharedResource>>();
        var reason = StageMachine.Check(ProjectStage.Negotiating, ProjectStage.Signed, new(), null, null, Today)!.Value;
        var refusal = new Zhaoshang.Web.Shared.DomainException(Zhaoshang.Web.Shared.DomainErrorKind.Unprocessable, reason.Template, reason.Args);
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
            Assert.Equal("签约须填写合同投资额（大于 0）、签约日期。", refusal.Localize(words));
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
            Assert.Equal("Signed needs the contract investment (above 0), Signing date.", refusal.Localize(words));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>The reason as a reader gets it in Chinese (the template with its words filled in).</summary>
    private static string? Text((string Template, object[] Args)? reason) =>
        reason is { } r ? string.Format(System.Globalization.CultureInfo.InvariantCulture, r.Template, r.Args) : null;
}
