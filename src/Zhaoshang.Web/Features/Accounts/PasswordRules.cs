using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>
/// Password quality under the 等保 profile: length, three of four character classes, not a common password, not
/// the user name, and none of the user's last N passwords.
/// </summary>
public sealed class PasswordRules(IOptions<SecurityOptions> options, AppDb db, IPasswordHasher<AppUser> hasher)
    : IPasswordValidator<AppUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var errors = Check(password ?? "", user.UserName, options.Value).ToList();
        if (errors.Count == 0 && await IsRecentAsync(user, password!))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordReused",
                Description = $"新密码不能与最近 {options.Value.PasswordHistory} 次使用过的密码相同。",
            });
        }
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    public static IEnumerable<IdentityError> Check(string password, string? userName, SecurityOptions rules)
    {
        if (password.Length < rules.MinPasswordLength)
        {
            yield return new IdentityError { Code = "PasswordTooShort", Description = $"密码至少需要 {rules.MinPasswordLength} 个字符。" };
        }
        var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (classes < rules.MinCharacterClasses)
        {
            yield return new IdentityError
            {
                Code = "PasswordClasses",
                Description = $"密码需包含大写字母、小写字母、数字、特殊字符中的至少 {rules.MinCharacterClasses} 类。",
            };
        }
        if (Common.Value.Contains(password.ToLowerInvariant()))
        {
            yield return new IdentityError { Code = "PasswordCommon", Description = "该密码过于常见，容易被猜中，请换一个。" };
        }
        if (!string.IsNullOrEmpty(userName) && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            yield return new IdentityError { Code = "PasswordContainsUserName", Description = "密码不能包含用户名。" };
        }
    }

    private async Task<bool> IsRecentAsync(AppUser user, string password)
    {
        var keep = options.Value.PasswordHistory;
        if (keep <= 0 || user.Id == Guid.Empty)
        {
            return false;
        }
        var hashes = await db.PasswordHistories.AsNoTracking().Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.CreatedAt).Take(keep - 1).Select(h => h.PasswordHash).ToListAsync();
        if (user.PasswordHash is not null)
        {
            hashes.Add(user.PasswordHash);
        }
        return hashes.Any(h => hasher.VerifyHashedPassword(user, h, password) != PasswordVerificationResult.Failed);
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Zhaoshang.Web.Features.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
