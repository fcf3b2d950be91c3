using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>A project: summary, its timeline (stages, activities, funds, every change), funds in place and the next stage.</summary>
public sealed class DetailModel(ProjectEditing projects, ProjectStages stages, ProjectTimeline timeline, EnterpriseService enterprises, OrgService orgs, Tickets.TicketQueries tickets,
    Data.CurrentUser currentUser, IStringLocalizer<SharedResource> L) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "msg")] public string? MessageKey { get; set; }

    private static readonly string[] Messages = ["阶段已变更。", "到位资金已登记。", "到位资金已登记：累计金额远超合同投资额，已随说明登记。", "已保存。", "已创建。"];
    public string? Message => MessageKey is not null && Messages.Contains(MessageKey) ? MessageKey : null;

    public ProjectDetail Detail { get; private set; } = null!;
    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];
    public List<string> Investors { get; } = [];
    public string OrgName { get; private set; } = "";
    public string? LocationName { get; private set; }
    public string? Error { get; set; }
    /// <summary>The stage form as posted and its error, when it comes back.</summary>
    public StagePosted? StagePosted { get; private set; }
    public string? StageError { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];
    /// <summary>An officer of the project's own unit (a coordinating bureau reads other units' projects, it does not edit them).</summary>
    public bool CanEdit => User.IsInRole(Accounts.Roles.Officer) && currentUser.CanWrite(Detail.Project.OrgPath);

    /// <summary>The fund form as last posted, kept when it comes back with an error.</summary>
    public (int? Year, int? Month, decimal? AmountWan, string? Evidence, Guid? CorrectsId) FundForm { get; private set; }
    /// <summary>The project's problems (堵点) the caller sees; null when the caller's role does not see tickets.</summary>
    public Paged<Tickets.TicketRow>? ProjectTickets { get; private set; }

    /// <summary>A signed project's problems may be filed by officers and handlers.</summary>
    public bool CanFileProblem => (User.IsInRole(Accounts.Roles.Officer) || User.IsInRole(Accounts.Roles.Handler))
        && Stage is ProjectStage.Signed or ProjectStage.Started or ProjectStage.Operating or ProjectStage.AtCapacity or ProjectStage.OnHold;

    public ProjectStage Stage => Detail.Project.Stage;

    /// <summary>The timeline as a workbook: every entry as the page shows it, changes as before → after.</summary>
    public async Task<IActionResult> OnGetTimelineAsync(CancellationToken ct)
    {
        var project = (await projects.GetAsync(Id, ct)).Project;
        var items = await timeline.TimelineAsync(Id, ct);
        var kinds = new Dictionary<string, string> { ["stage"] = "阶段", ["activity"] = "活动", ["fund"] = "资金", ["change"] = "变更" };
        var file = new MemoryStream();
        Xlsx.Write(file, L["时间线"], [L["时间（北京时间）"], L["日期"], L["类型"], L["事项"], L["说明"], L["操作人"], L["修改内容"]],
            items.Select(i => new object?[]
            {
                ChinaTime.Format(i.At, "yyyy-MM-dd HH:mm"), i.Kind == "fund" ? null : i.Date,
                L[kinds[i.Kind]].Value, i.Kind == "change" ? L[i.Title].Value : i.Title, i.Detail, i.UserName,
                i.Changes is { Count: > 0 } c ? Audit.ChangeLine.Join(c) : null,
            }));
        file.Position = 0;
        return File(file, Xlsx.ContentType, $"{project.Code} {L["时间线"]}.xlsx");
    }

    /// <summary>The moves the stage machine allows from here, in order.</summary>
    public IEnumerable<ProjectStage> NextStages() => StageMachine.Targets(Stage, Detail.Project.HeldFrom);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostStageAsync(string? to, DateOnly? date, decimal? contractAmountWan, decimal? designedCapacity,
        decimal? actualCapacity, string? reason, long version, CancellationToken ct)
    {
        StagePosted = new StagePosted(to, date, contractAmountWan, designedCapacity, actualCapacity, reason);
        var target = ProjectsApi.ParseStage(to);
        long? amount = contractAmountWan is { } wan ? ChineseText.FormYuan(wan, ChineseText.Wan, "contractAmountYuan") : null;
        await stages.ChangeStageAsync(Id, target, new StageEvidence(date, amount, designedCapacity, actualCapacity, reason), version, ct);
        return Redirect($"/Projects/Detail?id={Id}&msg=" + Uri.EscapeDataString("阶段已变更。"));
    }

    public async Task<IActionResult> OnPostFundAsync(int year, int month, decimal? amountWan, string? evidence, Guid? correctsId, CancellationToken ct)
    {
        FundForm = (year, month, amountWan, evidence, correctsId);
        if (amountWan is null)
        {
            throw DomainException.Invalid("amountYuan", "请填写金额。");
        }
        var fund = await stages.AddFundAsync(Id, year, month, ChineseText.FormYuan(amountWan.Value, ChineseText.Wan, "amountYuan"), evidence, correctsId, ct);
        var message = fund.Warning is null ? "到位资金已登记。" : "到位资金已登记：累计金额远超合同投资额，已随说明登记。";
        return Redirect($"/Projects/Detail?id={Id}&msg=" + Uri.EscapeDataString(message) + "#funds");
    }

    /// <summary>
    /// The stage form shows its refusal in itself (it keeps the chosen stage and everything typed); the fund form each
    /// field's message by its field.
    /// </summary>
    void IRefusalPage.Show(string handler, DomainException e, IStringLocalizer L)
    {
        if (handler == "Stage")
        {
            StageError = e.Localize(L);
        }
        else
        {
            FormErrorFilter.Show(this, e, L, prefix: "fund-", wholeAt: "amountYuan");
        }
    }

    public async Task ReloadAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        Detail = await projects.GetAsync(Id, ct);
        Timeline = await timeline.TimelineAsync(Id, ct);
        foreach (var id in Detail.InvestorIds)
        {
            Investors.Add((await enterprises.GetAsync(id, ct)).Enterprise.Name);
        }
        var all = await orgs.ListAsync(includeInactive: true, ct);
        OrgName = all.FirstOrDefault(o => o.Id == Detail.Project.OrgId)?.Name ?? "";
        LocationName = Detail.Project.LocationOrgId is { } l ? all.FirstOrDefault(o => o.Id == l)?.Name : null;
        try
        {
            ProjectTickets = await tickets.SearchAsync(new Tickets.TicketFilter(ProjectId: Id), 1, 50, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Forbidden)
        {
            ProjectTickets = null;
        }
        return Page();
    }
}
