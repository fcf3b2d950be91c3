using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>The kanban by stage: a card moves only through a legal transition, with the evidence the stage needs.</summary>
public sealed class BoardModel(ProjectSearch search, ProjectStages stages, Orgs.OrgService orgs, Data.CurrentUser currentUser, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }

    public IReadOnlyList<BoardColumn> Columns { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Moved { get; private set; }
    public bool CanEdit => User.IsInRole(Accounts.Roles.Officer);

    /// <summary>The units whose cards the user may move: their own subtree (a coordinating bureau reads the whole level).</summary>
    private HashSet<Guid> _writable = [];

    public bool CanMove(ProjectRow card) => CanEdit && _writable.Contains(card.OrgId);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Columns = await search.BoardAsync(Filter(), ct: ct);
        _writable = (await orgs.ListAsync(includeInactive: true, ct)).Where(o => currentUser.CanWrite(o.Path)).Select(o => o.Id).ToHashSet();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, string? to, DateOnly? date, decimal? contractAmountWan, decimal? designedCapacity,
        decimal? actualCapacity, string? reason, long version, CancellationToken ct)
    {
        try
        {
            long? amount = contractAmountWan is { } wan ? ChineseText.FormYuan(wan, ChineseText.Wan, "contractAmountYuan") : null;
            var row = await stages.ChangeStageAsync(id, ProjectsApi.ParseStage(to), new StageEvidence(date, amount, designedCapacity, actualCapacity, reason), version, ct);
            Moved = row.Name;
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Unprocessable or DomainErrorKind.Conflict)
        {
            Error = e.Localize(L);
        }
        await LoadAsync(ct);
        return Page();
    }

    private ProjectFilter Filter() => new(Q, OrgId: OrgId, Industry: Industry);

    public string Query() => Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["orgId"] = OrgId?.ToString(), ["industry"] = Industry,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).Value ?? "";
}
