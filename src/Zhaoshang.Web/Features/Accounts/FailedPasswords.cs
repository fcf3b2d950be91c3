using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>
/// A wrong password counts towards the lockout whether it was typed to sign in or as the current password of a change;
/// the failure that locks the account writes the <c>lockout</c> audit event, whichever path it came through.
/// </summary>
public sealed class FailedPasswords(AppDb db, UserManager<AppUser> users, AuditLog audit, IOptions<SecurityOptions> options)
{
    /// <summary>
    /// Counts the failure, retrying when a concurrent attempt saved first (so none is lost); returns true when this
    /// failure locked the account (not one that raced it), after writing the audit event.
    /// </summary>
    public async Task<bool> CountAsync(AppUser user, string via, AuditActor? actor, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var lockoutBefore = user.LockoutEnd;
            if ((await users.AccessFailedAsync(user)).Succeeded)
            {
                if (user.LockoutEnd == lockoutBefore || !await users.IsLockedOutAsync(user))
                {
                    return false;
                }
                await audit.WriteAsync("lockout", AuditResults.Success, "User", user.Id.ToString(),
                    new { failures = options.Value.MaxFailedAttempts, until = user.LockoutEnd?.UtcDateTime, via }, actor, ct);
                return true;
            }
            await db.Entry(user).ReloadAsync(ct);
        }
        throw new DomainException(DomainErrorKind.Conflict, "数据已被他人修改，请刷新后重试。");
    }
}
