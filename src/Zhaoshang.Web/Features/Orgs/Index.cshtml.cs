using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Orgs;

[Microsoft.AspNetCore.Authorization.Authorize(Roles = Accounts.Roles.Government)]
public sealed class IndexModel(OrgService orgs, OrgExcel excel, CurrentUser currentUser, IStringLocalizer<SharedResource> L) : PageModel, IFormPage
{
    public sealed record OrgNode(Org Org, List<OrgNode> Children);

    public sealed class CreateForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public OrgKind Kind { get; set; } = OrgKind.Department;
        public Guid? ParentId { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Inactive { get; set; }
    [BindProperty(SupportsGet = true, Name = "id")] public Guid? SelectedId { get; set; }
    [BindProperty(SupportsGet = true, Name = "msg")] public string? MessageKey { get; set; }

    private static readonly string[] Messages = ["已创建。", "已保存。", "已移动。", "已启用。", "已停用。"];

    /// <summary>Only this page's own confirmations are shown, never text taken from the address.</summary>
    public string? Message => MessageKey is not null && Messages.Contains(MessageKey) ? MessageKey : null;

    public List<Org> All { get; private set; } = [];
    public List<OrgNode> Roots { get; private set; } = [];
    public Org? Selected { get; private set; }
    public string ScopeName { get; private set; } = "";
    public string? Error { get; set; }
    public Dictionary<string, string> FieldErrors { get; } = [];
    public CreateForm Form { get; private set; } = new();
    public OrgImportReport? ImportReport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ReloadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CreateForm form, CancellationToken ct)
    {
        Form = form;
        var org = await orgs.CreateAsync(new OrgInput(form.Code ?? "", form.Name ?? "", form.NameEn, form.Kind, form.ParentId), ct);
        return RedirectToPage(new { id = org.Id, msg = "已创建。" });
    }

    public Task<IActionResult> OnPostRenameAsync(Guid id, string name, string? nameEn, long version, bool[]? coordinates, CancellationToken ct) =>
        Act(id, () => orgs.RenameAsync(id, name, nameEn, version, ct, coordinates is { Length: > 0 } c ? c.Any(x => x) : null), "已保存。", ct);

    public Task<IActionResult> OnPostMoveAsync(Guid id, Guid parentId, long version, CancellationToken ct) =>
        Act(id, () => orgs.MoveAsync(id, parentId, version, ct), "已移动。", ct);

    public Task<IActionResult> OnPostToggleAsync(Guid id, bool active, long version, CancellationToken ct) =>
        Act(id, () => orgs.SetActiveAsync(id, active, version, ct), active ? "已启用。" : "已停用。", ct);

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var stream = new MemoryStream();
        await excel.ExportAsync(stream, ct);
        stream.Position = 0;
        return File(stream, Xlsx.ContentType, "单位.xlsx");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = L["请选择要导入的 .xlsx 文件。"];
        }
        else
        {
            await using var stream = file.OpenReadStream();
            ImportReport = await excel.ImportAsync(stream, ct);
        }
        await ReloadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> Act(Guid id, Func<Task<Org>> action, string done, CancellationToken ct)
    {
        await action();
        return RedirectToPage(new { id, msg = done });
    }

    /// <summary>The create form shows each field's message by its field; a refused change of a unit is said above the tree.</summary>
    void IRefusalPage.Show(string handler, DomainException e, IStringLocalizer L)
    {
        if (handler == "Create")
        {
            FormErrorFilter.Show(this, e, L);
        }
        else
        {
            Error = e.Localize(L);
        }
    }

    public IEnumerable<Org> ParentChoices(Org org) =>
        All.Where(o => o.IsActive && !o.Path.StartsWith(org.Path, StringComparison.Ordinal) && OrgKinds.AllowedParents[org.Kind].Contains(o.Kind));

    public async Task ReloadAsync(CancellationToken ct)
    {
        All = await orgs.ListAsync(includeInactive: true, ct);
        Selected = SelectedId is { } id ? All.FirstOrDefault(o => o.Id == id) : null;
        ScopeName = All.FirstOrDefault(o => o.Id == currentUser.OrgId)?.Name ?? "";
        var visible = All.Where(o => Inactive || o.IsActive).ToList();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            var hits = visible.Where(o => o.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || o.Code.Contains(term, StringComparison.OrdinalIgnoreCase)
                || (o.NameEn?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
            // Keep each hit's ancestors so the tree still reads as a tree.
            visible = visible.Where(o => hits.Any(h => h.Path.StartsWith(o.Path, StringComparison.Ordinal))).ToList();
        }
        var ids = visible.Select(o => o.Id).ToHashSet();
        var children = visible.Where(o => o.ParentId is { } p && ids.Contains(p)).ToLookup(o => o.ParentId!.Value);
        OrgNode Build(Org o) => new(o, children[o.Id].OrderBy(c => c.SortOrder).ThenBy(c => c.Code).Select(Build).ToList());
        Roots = visible.Where(o => o.ParentId is null || !ids.Contains(o.ParentId.Value)).OrderBy(o => o.Path).Select(Build).ToList();
    }
}
