using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Users;

[Authorize(Policy = Policies.UserAdmin)]
public sealed class IndexModel(UserAdminService users, OrgService orgs) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "id")] public Guid? SelectedId { get; set; }
    [BindProperty(SupportsGet = true, Name = "msg")] public string? MessageKey { get; set; }

    private static readonly string[] Messages = ["角色已保存，该用户须重新登录。", "已解锁。", "账户已停用。", "账户已启用。", "已关联企业，该用户须重新登录。", "已解除企业关联。"];

    /// <summary>A confirmation: this page's own, or one of its known ones named in the address, never free text.</summary>
    public string? Message { get; private set; }

    public Paged<UserRow> Users { get; private set; } = new([], 0, 1, 50);
    public List<Org> Orgs { get; private set; } = [];
    public UserRow? Selected { get; private set; }
    public string? Error { get; set; }
    public string? OneTimePassword { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? displayName, Guid orgId, CancellationToken ct)
    {
        var (user, password) = await users.CreateAsync(new NewUser(userName ?? "", displayName ?? "", orgId), ct);
        SelectedId = user.Id;
        OneTimePassword = password;
        Message = "账户已创建。";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(Guid id, CancellationToken ct)
    {
        SelectedId = id;
        var reset = await users.ResetPasswordAsync(id, ct);
        OneTimePassword = reset.OneTimePassword;
        Message = reset.ServerFile is null ? "密码已重置，该用户的所有会话已失效。" : "管理员账户的一次性密码已写入服务器数据目录中的文件，请由服务器运维人员转交。";
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostRolesAsync(Guid id, string[]? roles, CancellationToken ct) =>
        Act(id, () => users.SetRolesAsync(id, roles ?? [], ct), "角色已保存，该用户须重新登录。", ct);

    public Task<IActionResult> OnPostUnlockAsync(Guid id, CancellationToken ct) => Act(id, () => users.UnlockAsync(id, ct), "已解锁。", ct);

    public Task<IActionResult> OnPostDisableAsync(Guid id, string? reason, CancellationToken ct) =>
        Act(id, () => users.SetDisabledAsync(id, true, reason, ct), "账户已停用。", ct);

    public Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken ct) =>
        Act(id, () => users.SetDisabledAsync(id, false, null, ct), "账户已启用。", ct);

    /// <summary>Ties an enterprise account to its enterprise (named by full name or credit code), or unties it.</summary>
    public async Task<IActionResult> OnPostEnterpriseAsync(Guid id, string? enterprise, bool unlink, CancellationToken ct)
    {
        (SelectedId, EnterpriseText) = (id, enterprise);
        var enterpriseId = unlink ? (Guid?)null : await users.FindEnterpriseAsync(enterprise, ct);
        await users.SetEnterpriseAsync(id, enterpriseId, ct);
        return RedirectToPage(new { id, q = Q, msg = unlink ? "已解除企业关联。" : "已关联企业，该用户须重新登录。" });
    }

    /// <summary>
    /// The new account's form shows each field's message by its field (a unit not found by the unit's); an enterprise
    /// not found is said by the enterprise field; a refused change of an account above the list.
    /// </summary>
    void IRefusalPage.Show(string handler, DomainException e, IStringLocalizer L)
    {
        switch (handler)
        {
            case "Create" when e.Kind == DomainErrorKind.NotFound:
                FieldErrors["orgId"] = e.Localize(L);
                break;
            case "Create":
                FormErrorFilter.Show(this, e, L);
                break;
            case "Enterprise" when e.Kind == DomainErrorKind.Validation:
                FieldErrors["enterprise"] = e.Localize(L);
                break;
            default:
                Error = e.Localize(L);
                break;
        }
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>What the administrator typed into the enterprise field, kept on an error.</summary>
    public string? EnterpriseText { get; private set; }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var stream = new MemoryStream();
        await users.ExportAsync(stream, Q, Sort, ct);
        stream.Position = 0;
        return File(stream, Xlsx.ContentType, "用户.xlsx");
    }

    /// <summary>The list's address with one setting changed, keeping the others (filter, sort, page).</summary>
    public string ListUrl(string? sort = null, int? page = null) => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q,
        ["sort"] = sort ?? Sort,
        ["p"] = (page ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    /// <summary>Clicking a header sorts by it, and clicking again reverses.</summary>
    public string SortUrl(string column) => ListUrl(Sort == column ? "-" + column : column);

    private async Task<IActionResult> Act(Guid id, Func<Task<UserRow>> action, string done, CancellationToken ct)
    {
        SelectedId = id;
        await action();
        return RedirectToPage(new { id, q = Q, msg = done });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Message ??= MessageKey is not null && Messages.Contains(MessageKey) ? MessageKey : null;
        Users = await users.SearchAsync(Q, Sort, PageNumber, 50, ct);
        Orgs = await orgs.ListAsync(includeInactive: false, ct);
        Selected = SelectedId is { } id ? Users.Items.FirstOrDefault(u => u.Id == id) ?? await users.GetAsync(id, ct) : null;
    }
}
