using Microsoft.AspNetCore.Identity;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Accounts;

public static class IdentityResults
{
    /// <summary>An Identity write that did not happen is an error, never a silent success.</summary>
    public static void Ensure(this IdentityResult result, string field = "user")
    {
        if (result.Succeeded)
        {
            return;
        }
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new DomainException(DomainErrorKind.Conflict, "数据已被他人修改，请刷新后重试。");
        }
        var messages = result.Errors.Select(e => e.Description).ToArray();
        throw new DomainException(DomainErrorKind.Validation, string.Join(" ", messages), null, new Dictionary<string, string[]> { [field] = messages });
    }

    /// <summary>Counts a failed password check, retrying when a concurrent attempt saved first, so none is lost.</summary>
    public static async Task CountFailedAccessAsync(this UserManager<AppUser> users, AppUser user, Data.AppDb db)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if ((await users.AccessFailedAsync(user)).Succeeded)
            {
                return;
            }
            await db.Entry(user).ReloadAsync();
        }
        throw new DomainException(DomainErrorKind.Conflict, "数据已被他人修改，请刷新后重试。");
    }
}
