using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Users;

[Authorize(Policy = Policies.UserAdmin)]
public sealed class IndexModel(UserAdminService users, OrgService orgs, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "id")] public Guid? SelectedId { get; set; }
    [BindProperty(SupportsGet = true, Name = "msg")] public string? Message { get; set; }

    public List<UserRow> Users { get; private set; } = [];
    public List<Org> Orgs { get; private set; } = [];
    public UserRow? Selected { get; private set; }
    public string? Error { get; private set; }
    public string? OneTimePassword { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? displayName, Guid orgId, CancellationToken ct)
    {
        try
        {
            var (user, password) = await users.CreateAsync(new NewUser(userName ?? "", displayName ?? "", orgId), ct);
            SelectedId = user.Id;
            OneTimePassword = password;
            Message = "账户已创建。";
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.NotFound)
        {
            if (e.Kind == DomainErrorKind.NotFound)
            {
                FieldErrors["orgId"] = e.Localize(L);
            }
            foreach (var (field, message) in e.LocalizedFieldErrors(L))
            {
                FieldErrors[field] = message;
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            OneTimePassword = await users.ResetPasswordAsync(id, ct);
            Message = "密码已重置，该用户的所有会话已失效。";
        }
        catch (DomainException e)
        {
            Error = e.Localize(L);
        }
        SelectedId = id;
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

    private async Task<IActionResult> Act(Guid id, Func<Task<UserRow>> action, string done, CancellationToken ct)
    {
        try
        {
            await action();
            return RedirectToPage(new { id, q = Q, msg = done });
        }
        catch (DomainException e)
        {
            Error = e.Localize(L);
            SelectedId = id;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await users.ListAsync(Q, ct);
        Orgs = await orgs.ListAsync(includeInactive: false, ct);
        Selected = SelectedId is { } id ? (Users.FirstOrDefault(u => u.Id == id) ?? (await users.ListAsync(null, ct)).FirstOrDefault(u => u.Id == id)) : null;
    }
}
