using Microsoft.AspNetCore.Identity;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>
/// Identity's own messages in Chinese, so that none of its English reaches a user ("Passwords must be at least 8
/// characters."); the codes stay Identity's. Each message the UI shows has its English in tools/resx_en.py.
/// </summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "操作失败，请重试。");
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "数据已被他人修改，请刷新后重试。");
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "当前密码不正确。");
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "令牌无效或已过期。");
    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "恢复码无效。");
    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "该外部登录已关联到其他账户。");
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "用户名“{0}”无效：只能包含字母、数字和 . _ - @ +。", userName);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "电子邮箱“{0}”无效。", email);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "用户名“{0}”已被使用。", userName);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "电子邮箱“{0}”已被使用。", email);
    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), "角色名“{0}”无效。", role);
    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), "角色名“{0}”已存在。", role);
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "该用户已设置密码。");
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "该用户未启用锁定。");
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), "该用户已有角色“{0}”。", role);
    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), "该用户没有角色“{0}”。", role);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "密码至少需要 {0} 个字符。", length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), "密码至少需要 {0} 个不同的字符。", uniqueChars);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "密码须包含至少一个特殊字符。");
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "密码须包含至少一个数字。");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "密码须包含至少一个小写字母。");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "密码须包含至少一个大写字母。");

    private static PhrasedIdentityError Error(string code, string template, params object?[] args) => new(code, new(template, args));
}

/// <summary>An Identity error that keeps its message's template and values, so that a page shows it in the reader's language.</summary>
public sealed class PhrasedIdentityError : IdentityError
{
    public PhrasedIdentityError(string code, Phrase phrase)
    {
        Code = code;
        Phrase = phrase;
        Description = phrase.ToString();
    }

    public Phrase Phrase { get; }

    /// <summary>Any Identity error's message as a phrase (one of Identity's own is its text).</summary>
    public static Phrase Of(IdentityError error) => error is PhrasedIdentityError p ? p.Phrase : new(error.Description);
}
