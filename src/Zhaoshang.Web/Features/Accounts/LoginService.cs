using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features.Accounts;

public enum LoginOutcome
{
    Success,
    InvalidCredentials,
    Disabled,
    RateLimited,
}

public sealed record LoginResult(LoginOutcome Outcome, SessionPrincipal? Session = null, string? Token = null)
{
    public bool Succeeded => Outcome == LoginOutcome.Success;

    public string Message => Outcome switch
    {
        LoginOutcome.InvalidCredentials => "用户名或密码错误。",
        LoginOutcome.Disabled => "该账户已停用，请联系系统管理员。",
        LoginOutcome.RateLimited => "登录尝试过于频繁，请一分钟后再试。",
        _ => "",
    };
}

/// <summary>
/// The one sign-in path for the login page and the token endpoint: rate limits, lockout, inactivity, password
/// expiry, the session, and the audit record of every attempt. An unknown name, a wrong password and a locked account
/// get the same answer after the same work (one password hash check), so the answer does not tell which names exist.
/// </summary>
public sealed class LoginService(
    AppDb db,
    UserManager<AppUser> users,
    IPasswordHasher<AppUser> hasher,
    SessionService sessions,
    LoginThrottle throttle,
    FailedPasswords failedPasswords,
    AuditLog audit,
    CurrentUser currentUser,
    TimeProvider time,
    IOptions<SecurityOptions> options)
{
    public async Task<LoginResult> SignInAsync(string userName, string password, bool bearer, CancellationToken ct = default)
    {
        userName = userName.Trim();
        var ip = currentUser.Ip;
        if (!throttle.TryAcquire(userName, ip))
        {
            await audit.WriteAsync("login", AuditResults.Denied, "User", null, new { reason = "rateLimited", via = Via(bearer) },
                new AuditActor(null, userName, null, null, null), ct);
            return new LoginResult(LoginOutcome.RateLimited);
        }

        using var system = currentUser.AsSystem();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            // The same work as a wrong password for a real account, so neither the answer nor its time tells the name exists.
            CheckDummyPassword(password);
            await FailAsync(null, userName, "unknownUser", bearer, ct);
            return new LoginResult(LoginOutcome.InvalidCredentials);
        }
        var actor = await ActorAsync(user, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var rules = options.Value;

        // While locked, every answer is the wrong-password one, even to the right password (as Keycloak does): a
        // distinct "locked" answer would tell that the name exists, and giving it only to the right password would let
        // guessing go on through the lockout. The page states the lockout rule; the security admin can unlock.
        if (await users.IsLockedOutAsync(user))
        {
            CheckDummyPassword(password);
            await FailAsync(actor, userName, "lockedOut", bearer, ct);
            return new LoginResult(LoginOutcome.InvalidCredentials);
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            await FailAsync(actor, userName, "wrongPassword", bearer, ct);
            await failedPasswords.CountAsync(user, Via(bearer), actor, ct);
            return new LoginResult(LoginOutcome.InvalidCredentials);
        }

        // Only whoever knows the password learns that the account is disabled.
        if (user.IsDisabled)
        {
            await FailAsync(actor, userName, "disabled", bearer, ct);
            return new LoginResult(LoginOutcome.Disabled);
        }
        if (rules.InactiveDisableDays > 0 && (user.LastLoginAt ?? user.CreatedAt) < now.AddDays(-rules.InactiveDisableDays))
        {
            user.IsDisabled = true;
            user.DisabledReason = $"{rules.InactiveDisableDays} 天未登录，自动停用";
            (await users.UpdateAsync(user)).Ensure();
            await audit.WriteAsync("account.disable", AuditResults.Success, "User", user.Id.ToString(),
                new { reason = "inactive", days = rules.InactiveDisableDays }, actor, ct);
            await FailAsync(actor, userName, "inactive", bearer, ct);
            return new LoginResult(LoginOutcome.Disabled);
        }

        // One statement, not a read-modify-write of the user row: the same account signing in twice at once (two tabs,
        // a browser and a client system) must not turn the second sign-in into a conflict.
        var mustChange = user.MustChangePassword || (rules.PasswordMaxAgeDays > 0 && user.PasswordChangedAt < now.AddDays(-rules.PasswordMaxAgeDays));
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.AccessFailedCount, 0).SetProperty(x => x.LastLoginAt, now).SetProperty(x => x.MustChangePassword, x => x.MustChangePassword || mustChange), ct);
        db.Entry(user).State = EntityState.Detached; // what it holds is stored now; the session's save must not write it again
        (user.AccessFailedCount, user.LastLoginAt, user.MustChangePassword) = (0, now, mustChange);
        var (session, token) = await sessions.StartAsync(user, bearer, ip, ct);
        await audit.WriteAsync("login", AuditResults.Success, "User", user.Id.ToString(),
            new { via = Via(bearer), mustChangePassword = user.MustChangePassword }, actor, ct);
        return new LoginResult(LoginOutcome.Success, session, token);
    }

    public async Task SignOutAsync(CancellationToken ct = default)
    {
        if (currentUser.SessionId is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId, "logout", ct);
            await audit.WriteAsync("logout", AuditResults.Success, "User", currentUser.Id?.ToString(), ct: ct);
        }
    }

    private static string Via(bool bearer) => bearer ? "token" : "form";

    // A hash of a random password, made once with the app's own hasher (so with the same cost as a real one).
    private static string? _dummyHash;

    private void CheckDummyPassword(string password)
    {
        var dummy = new AppUser();
        _dummyHash ??= hasher.HashPassword(dummy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(dummy, _dummyHash, password);
    }

    private Task FailAsync(AuditActor? actor, string userName, string reason, bool bearer, CancellationToken ct) =>
        audit.WriteAsync("login", AuditResults.Failure, "User", actor?.UserId?.ToString(), new { reason, via = Via(bearer) },
            actor ?? new AuditActor(null, userName, null, null, null), ct);

    private async Task<AuditActor> ActorAsync(AppUser user, CancellationToken ct)
    {
        var orgCode = await db.Orgs.IgnoreQueryFilters().Where(o => o.Id == user.OrgId).Select(o => o.Code).FirstOrDefaultAsync(ct);
        var roles = await users.GetRolesAsync(user);
        return new AuditActor(user.Id, user.UserName, user.OrgId, orgCode, string.Join(',', roles));
    }
}
