using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Users;

public sealed record UserRow(Guid Id, string UserName, string DisplayName, Guid OrgId, string OrgCode, string OrgName,
    string[] Roles, bool IsDisabled, string? DisabledReason, bool IsLockedOut, bool MustChangePassword, DateTime? LastLoginAt, long Version,
    Guid? EnterpriseId = null, string? EnterpriseName = null);

public sealed record NewUser(string UserName, string DisplayName, Guid OrgId);

/// <summary>
/// User administration under 三员分立: the system admin creates, disables and resets accounts; only the security admin
/// grants roles and unlocks; nobody changes their own roles; an admin role is never combined with another role.
/// </summary>
public sealed class UserAdminService(
    AppDb db,
    UserManager<AppUser> users,
    SessionService sessions,
    PasswordService passwords,
    AuditLog audit,
    CurrentUser currentUser,
    TimeProvider time)
{
    /// <summary>The users in scope matching the filter, sorted ("userName", "org", "lastLogin"; "-" first for descending).</summary>
    public async Task<Paged<UserRow>> SearchAsync(string? q, string? sort, int page, int pageSize, CancellationToken ct = default)
    {
        (page, pageSize) = Paged<UserRow>.Clamp(page, pageSize);
        var query = Filter(q, null);
        var total = await query.CountAsync(ct);
        var rows = await Sort(query, sort).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<UserRow>(await ToRowsAsync(rows, ct), total, page, pageSize);
    }

    /// <summary>Every user the filter matches, for the export; the export itself is audited.</summary>
    public async Task<int> ExportAsync(Stream output, string? q, string? sort, CancellationToken ct = default)
    {
        var rows = await ToRowsAsync(await Sort(Filter(q, null), sort).ToListAsync(ct), ct);
        Xlsx.Write(output, "用户", ["用户名", "姓名", "单位编码", "单位", "角色", "状态", "最近登录(UTC)"], rows.Select(u => new object?[]
        {
            u.UserName, u.DisplayName, u.OrgCode, u.OrgName, string.Join(",", u.Roles),
            u.IsDisabled ? "停用" : u.IsLockedOut ? "锁定" : "正常", u.LastLoginAt?.ToString("yyyy-MM-dd HH:mm:ss"),
        }));
        await audit.WriteAsync("export", AuditResults.Success, "User", null,
            new { rows = rows.Count, q, scope = currentUser.ScopeAll ? "/" : currentUser.ScopePath }, ct: ct);
        return rows.Count;
    }

    public async Task<UserRow> GetAsync(Guid id, CancellationToken ct = default) =>
        (await ToRowsAsync(await Filter(null, id).ToListAsync(ct), ct)).SingleOrDefault()
        ?? throw DomainException.NotFound("用户不存在或不在您的数据范围内。");

    // Member-initialised (not positional) so that EF can filter and sort on it after the projection.
    private sealed class Joined
    {
        public required AppUser User { get; init; }
        public required string OrgCode { get; init; }
        public required string OrgName { get; init; }
    }

    private IQueryable<Joined> Filter(string? q, Guid? id)
    {
        currentUser.Require(Roles.SysAdmin, Roles.SecAdmin);
        var query = from u in db.Users.AsNoTracking()
                    join o in db.Orgs.AsNoTracking() on u.OrgId equals o.Id
                    select new Joined { User = u, OrgCode = o.Code, OrgName = o.Name };
        if (id is { } only)
        {
            query = query.Where(x => x.User.Id == only);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(x => x.User.UserName!.Contains(term) || x.User.DisplayName.Contains(term) || x.OrgName.Contains(term));
        }
        return query;
    }

    private static IQueryable<Joined> Sort(IQueryable<Joined> query, string? sort) => sort switch
    {
        "org" => query.OrderBy(x => x.OrgCode).ThenBy(x => x.User.UserName),
        "-org" => query.OrderByDescending(x => x.OrgCode).ThenBy(x => x.User.UserName),
        "lastLogin" => query.OrderBy(x => x.User.LastLoginAt).ThenBy(x => x.User.UserName),
        "-lastLogin" => query.OrderByDescending(x => x.User.LastLoginAt).ThenBy(x => x.User.UserName),
        "-userName" => query.OrderByDescending(x => x.User.UserName),
        _ => query.OrderBy(x => x.User.UserName),
    };

    private async Task<List<UserRow>> ToRowsAsync(List<Joined> rows, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ids = rows.Select(r => r.User.Id).ToList();
        var roles = await (from ur in db.UserRoles.AsNoTracking()
                           join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var enterpriseIds = rows.Where(r => r.User.EnterpriseId is not null).Select(r => r.User.EnterpriseId!.Value).Distinct().ToList();
        var enterprises = enterpriseIds.Count == 0 ? []
            : await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return rows.Select(x => new UserRow(x.User.Id, x.User.UserName!, x.User.DisplayName, x.User.OrgId, x.OrgCode, x.OrgName,
            [.. byUser[x.User.Id].Order()], x.User.IsDisabled, x.User.DisabledReason, x.User.LockoutEnd > now, x.User.MustChangePassword,
            x.User.LastLoginAt, x.User.Version, x.User.EnterpriseId,
            x.User.EnterpriseId is { } e ? enterprises.GetValueOrDefault(e) : null)).ToList();
    }

    /// <summary>Creates an account with a one-time password (returned once) and no roles; the security admin grants them.</summary>
    public async Task<(UserRow User, string Password)> CreateAsync(NewUser input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var userName = input.UserName?.Trim() ?? "";
        if (userName.Length is < 2 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw DomainException.Invalid("userName", "用户名须为 2–64 位字母、数字、“.”、“_”或“-”。");
        }
        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Trim().Length > 100)
        {
            throw DomainException.Invalid("displayName", "姓名不能为空，且不超过 100 个字符。");
        }
        var org = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == input.OrgId, ct)
            ?? throw DomainException.NotFound("所属单位不存在或不在您的数据范围内。");
        if (!org.IsActive)
        {
            throw DomainException.Invalid("orgId", "所属单位已停用。");
        }
        using (currentUser.AsSystem())
        {
            if (await users.FindByNameAsync(userName) is not null)
            {
                throw DomainException.Invalid("userName", "用户名“{0}”已存在。", userName);
            }
        }
        var user = AppUser.Create(userName, input.DisplayName, org, mustChangePassword: true, time.GetUtcNow().UtcDateTime);
        var password = PasswordService.Generate();
        (await users.CreateAsync(user, password)).Ensure("userName");
        await audit.WriteAsync("user.create", AuditResults.Success, "User", user.Id.ToString(), new { userName, org = org.Code }, ct: ct);
        return (await GetAsync(user.Id, ct), password);
    }

    /// <summary>The enterprise an administrator names on the user page: by its exact name or its credit code.</summary>
    public async Task<Guid> FindEnterpriseAsync(string? nameOrCode, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var text = nameOrCode?.Trim() ?? "";
        if (text.Length is 0 or > 200)
        {
            throw DomainException.Invalid("enterprise", "请填写企业名称或统一社会信用代码。");
        }
        var code = Enterprises.CreditCode.Normalize(text);
        var found = await db.Enterprises.AsNoTracking().Where(e => e.Name == text || e.CreditCode == code).Select(e => e.Id).Take(2).ToListAsync(ct);
        return found.Count switch
        {
            1 => found[0],
            0 => throw DomainException.Invalid("enterprise", "企业库中没有“{0}”：请按企业库中的全称或统一社会信用代码填写。", text),
            _ => throw DomainException.Invalid("enterprise", "有多家企业名为“{0}”，请改填统一社会信用代码。", text),
        };
    }

    /// <summary>Ties an enterprise account (企业用户) to its enterprise, or unties it (null): it then sees that enterprise's appeals.</summary>
    public async Task<UserRow> SetEnterpriseAsync(Guid id, Guid? enterpriseId, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var user = await FindAsync(id);
        if (enterpriseId is { } e && !await db.Enterprises.AnyAsync(x => x.Id == e, ct))
        {
            throw DomainException.Invalid("enterpriseId", "企业不存在，请先登记企业。");
        }
        user.EnterpriseId = enterpriseId;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync("user.enterprise", AuditResults.Success, "User", user.Id.ToString(), new { enterpriseId }, ct: ct);
        await sessions.RevokeUserAsync(user.Id, "enterprise", ct: ct);
        return await GetAsync(id, ct);
    }

    public async Task<UserRow> SetDisabledAsync(Guid id, bool disabled, string? reason, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        var user = await FindAsync(id);
        NotSelf(user, "不能停用或启用自己的账户。");
        if (disabled && string.IsNullOrWhiteSpace(reason))
        {
            throw DomainException.Invalid("reason", "请填写停用原因。");
        }
        user.IsDisabled = disabled;
        user.DisabledReason = disabled ? reason!.Trim() : null;
        if (!disabled)
        {
            // Re-enabled accounts start a new inactivity period.
            user.LastLoginAt = time.GetUtcNow().UtcDateTime;
        }
        (await users.UpdateAsync(user)).Ensure();
        if (disabled)
        {
            await sessions.RevokeUserAsync(user.Id, "disabled", ct: ct);
        }
        await audit.WriteAsync(disabled ? "user.disable" : "user.enable", AuditResults.Success, "User", user.Id.ToString(), new { reason }, ct: ct);
        return await GetAsync(id, ct);
    }

    public async Task<PasswordResetResult> ResetPasswordAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        NotSelf(await FindAsync(id), "不能重置自己的密码，请使用“修改密码”。");
        return await passwords.ResetAsync(id, ct);
    }

    public async Task<UserRow> UnlockAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SecAdmin);
        var user = await FindAsync(id);
        (await users.SetLockoutEndDateAsync(user, null)).Ensure();
        (await users.ResetAccessFailedCountAsync(user)).Ensure();
        await audit.WriteAsync("user.unlock", AuditResults.Success, "User", user.Id.ToString(), ct: ct);
        return await GetAsync(id, ct);
    }

    public async Task<UserRow> SetRolesAsync(Guid id, IReadOnlyCollection<string> roles, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SecAdmin);
        var user = await FindAsync(id);
        NotSelf(user, "不能修改自己的角色。");
        var wanted = roles.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
        var unknown = wanted.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid("roles", "未知角色：{0}。", string.Join("、", unknown));
        }
        if (wanted.Any(Roles.IsAdmin) && wanted.Count > 1)
        {
            throw DomainException.Invalid("roles", "三员分立：系统管理员、安全管理员、审计管理员角色不能与其他任何角色兼任。");
        }
        var current = await users.GetRolesAsync(user);
        var add = wanted.Except(current).ToList();
        var remove = current.Except(wanted).ToList();
        if (add.Count == 0 && remove.Count == 0)
        {
            return await GetAsync(id, ct);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        (await users.RemoveFromRolesAsync(user, remove)).Ensure("roles");
        (await users.AddToRolesAsync(user, add)).Ensure("roles");
        await tx.CommitAsync(ct);
        await sessions.RevokeUserAsync(user.Id, "rolesChanged", ct: ct);
        await audit.WriteAsync("user.roles", AuditResults.Success, "User", user.Id.ToString(), new { before = current, after = wanted }, ct: ct);
        return await GetAsync(id, ct);
    }

    private async Task<AppUser> FindAsync(Guid id) =>
        await users.FindByIdAsync(id.ToString()) ?? throw DomainException.NotFound("用户不存在或不在您的数据范围内。");

    private void NotSelf(AppUser user, string message)
    {
        if (user.Id == currentUser.Id)
        {
            throw DomainException.Forbidden(message);
        }
    }
}
