using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>The kanban by stage: a card moves only through a legal transition, with the evidence the stage needs.</summary>
public sealed class BoardModel(ProjectSearch search, ProjectStages stages, Orgs.OrgService orgs, Data.CurrentUser currentUser) : PageModel, IRefusalPage
{
    /// <summary>The ledger's filters in the address; the board shows every stage, so a stage or view named is left aside.</summary>
    [BindProperty(SupportsGet = true, Name = "")] public ProjectQuery Filter { get; set; } = new();

    public IReadOnlyList<BoardColumn> Columns { get; private set; } = [];
    public string? Error { get; set; }
    public string? Moved { get; private set; }
    public bool CanEdit => User.IsInRole(Accounts.Roles.Officer);

    /// <summary>The units whose cards the user may move: their own subtree (a coordinating bureau reads the whole level).</summary>
    private HashSet<Guid> _writable = [];

    public bool CanMove(ProjectRow card) => CanEdit && _writable.Contains(card.OrgId);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Columns = await search.BoardAsync(Filter.ToFilter(), ct: ct);
        _writable = (await orgs.ListAsync(includeInactive: true, ct)).Where(o => currentUser.CanWrite(o.Path)).Select(o => o.Id).ToHashSet();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, string? to, DateOnly? date, decimal? contractAmountWan, decimal? designedCapacity,
        decimal? actualCapacity, string? reason, long version, CancellationToken ct)
    {
        long? amount = contractAmountWan is { } wan ? ChineseText.FormYuan(wan, ChineseText.Wan, "contractAmountYuan") : null;
        var row = await stages.ChangeStageAsync(id, ProjectsApi.ParseStage(to), new StageEvidence(date, amount, designedCapacity, actualCapacity, reason), version, ct);
        Moved = row.Name;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The board's filter as a query string, for the moves (the page they come back to) and each column's "more" in the ledger.</summary>
    public string Query(string? stage = null) => (stage is null ? Filter : Filter with { Stage = [stage] }).ToQueryString();
}
