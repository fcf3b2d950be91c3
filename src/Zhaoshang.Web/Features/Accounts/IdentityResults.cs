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
        // Identity's length check and ours say the same thing: say it once.
        throw DomainException.Invalid(field, result.Errors.Select(PhrasedIdentityError.Of).DistinctBy(p => p.ToString()).ToList());
    }
}
