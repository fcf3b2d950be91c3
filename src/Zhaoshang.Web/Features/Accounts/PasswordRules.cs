using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>
/// Password quality under the 等保 profile: length, three of four character classes, not a common password (nor a
/// common word with digits or symbols around it), nothing of the user's own (user name, name, unit), and none of the
/// user's last N passwords.
/// </summary>
public sealed class PasswordRules(IOptions<SecurityOptions> options, AppDb db, IPasswordHasher<AppUser> hasher)
    : IPasswordValidator<AppUser>
{
    private const int MinWordLength = 3;
    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommonPasswords);
    private static readonly char[] OrgSuffixes = ['省', '市', '区', '县', '州', '镇', '乡', '局', '委', '办'];

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var errors = Check(password ?? "", user.UserName, options.Value, await PersonalWordsAsync(user)).ToList();
        if (errors.Count == 0 && await IsRecentAsync(user, password!))
        {
            errors.Add(new PhrasedIdentityError("PasswordReused", new Shared.Phrase("新密码不能与最近 {0} 次使用过的密码相同。", options.Value.PasswordHistory)));
        }
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    /// <param name="personal">Words of the user's own besides the user name (name, unit name and code).</param>
    public static IEnumerable<IdentityError> Check(string password, string? userName, SecurityOptions rules, IEnumerable<string>? personal = null)
    {
        if (password.Length < rules.MinPasswordLength)
        {
            yield return new PhrasedIdentityError("PasswordTooShort", new Shared.Phrase("密码至少需要 {0} 个字符。", rules.MinPasswordLength));
        }
        var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (classes < rules.MinCharacterClasses)
        {
            yield return new PhrasedIdentityError("PasswordClasses", new Shared.Phrase("密码需包含大写字母、小写字母、数字、特殊字符中的至少 {0} 类。", rules.MinCharacterClasses));
        }
        if (CommonReason(password) is { } common)
        {
            yield return new IdentityError { Code = "PasswordCommon", Description = common };
        }
        if (!string.IsNullOrEmpty(userName) && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            yield return new IdentityError { Code = "PasswordContainsUserName", Description = "密码不能包含用户名。" };
        }
        else if (PersonalWords(userName, personal).Any(w => password.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            yield return new IdentityError { Code = "PasswordContainsPersonalInfo", Description = "密码不能包含用户名、姓名或所在单位的名称。" };
        }
    }

    /// <summary>
    /// Why the password counts as common, or null: it is on the list (also read back from l33t: p@ssw0rd), or it is a
    /// listed word with a guessable affix around it (Password123!, woaini1314, Zhangwei@1990): few digits, a listed
    /// number, a date or a run, and a few symbols. A long random number around a word is not guessable, so it passes.
    /// </summary>
    public static string? CommonReason(string password)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (IsListed(lower))
        {
            return "该密码过于常见，容易被猜中，请换一个。";
        }
        var start = 0;
        var end = lower.Length;
        while (start < end && !char.IsLetter(lower[start]))
        {
            start++;
        }
        while (end > start && !char.IsLetter(lower[end - 1]))
        {
            end--;
        }
        if (end - start >= MinWordLength && end - start < lower.Length && IsListed(lower[start..end])
            && IsGuessableAffix(string.Concat(lower.AsSpan(0, start), lower.AsSpan(end))))
        {
            return "该密码只是在常见密码或常用词前后加上数字或符号，容易被猜中，请换一个。";
        }
        return null;
    }

    private static bool IsListed(string word) =>
        Common.Value.Contains(word) || Common.Value.Contains(Unleet(word, 'i')) || Common.Value.Contains(Unleet(word, 'l'));

    private static string Unleet(string word, char one) => string.Create(word.Length, (word, one), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = state.word[i] switch
            {
                '@' or '4' => 'a',
                '3' => 'e',
                '1' or '!' or '|' => state.one,
                '0' => 'o',
                '$' or '5' => 's',
                '7' or '+' => 't',
                var c => c,
            };
        }
    });

    private static bool IsGuessableAffix(string affix)
    {
        var digits = string.Concat(affix.Where(char.IsAsciiDigit));
        if (affix.Length - digits.Length > 3)
        {
            return false;
        }
        return digits.Length <= 4 || Common.Value.Contains(digits)
            || (digits.Length is 6 or 8 && (digits.StartsWith("19", StringComparison.Ordinal) || digits.StartsWith("20", StringComparison.Ordinal)))
            || IsRun(digits, 0) || IsRun(digits, 1) || IsRun(digits, 9);
    }

    // 888888, 345678, 987654: each digit the previous one plus step (mod 10).
    private static bool IsRun(string digits, int step)
    {
        for (var i = 1; i < digits.Length; i++)
        {
            if ((digits[i - 1] - '0' + step) % 10 != digits[i] - '0')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The parts of the user name (officer, yunyan) and the given words long enough to mean something.</summary>
    private static IEnumerable<string> PersonalWords(string? userName, IEnumerable<string>? personal)
    {
        var parts = (userName ?? "").Split(['.', '_', '-', '@', ' '], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in parts.Concat(personal ?? []).Select(w => w.Trim()))
        {
            // Two Chinese characters are a name (张伟, 云岩); Latin letters and digits need four.
            if (word.Length >= (word.Any(c => c > '\u2e7f') ? 2 : 4))
            {
                yield return word;
            }
        }
    }

    /// <summary>The user's display name, and the name (also without its 区/县/局 …) and code of the user's unit.</summary>
    private async Task<List<string>> PersonalWordsAsync(AppUser user)
    {
        var words = new List<string> { user.DisplayName };
        // Read within the caller's scope: the user's own unit is in it, and so is a unit the admin creates a user in.
        var org = await db.Orgs.AsNoTracking().Where(o => o.Id == user.OrgId).Select(o => new { o.Name, o.Code }).FirstOrDefaultAsync();
        if (org is not null)
        {
            words.Add(org.Code);
            words.Add(org.Name);
            if (org.Name.Length >= 3 && OrgSuffixes.Contains(org.Name[^1]))
            {
                words.Add(org.Name[..^1]);
            }
        }
        return words;
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

    /// <summary>The list written by tools/common_passwords.py (about 66,000 entries), read once.</summary>
    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Zhaoshang.Web.Features.Accounts.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var words = new List<string>(70_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim().ToLowerInvariant());
            }
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
