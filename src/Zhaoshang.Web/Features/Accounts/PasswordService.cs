using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>Password changes by their owner and resets by the system admin, with history and expiry bookkeeping.</summary>
public sealed record PasswordResetResult(string? OneTimePassword, string? ServerFile);

public sealed class PasswordService(
    AppDb db,
    UserManager<AppUser> users,
    SessionService sessions,
    FailedPasswords failedPasswords,
    AuditLog audit,
    CurrentUser currentUser,
    AppPaths paths,
    TimeProvider time,
    IOptions<SecurityOptions> options)
{
    public async Task ChangeOwnAsync(string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(currentUser.Id?.ToString() ?? "")
            ?? throw DomainException.NotFound("用户不存在。");
        var previousHash = user.PasswordHash;
        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            // Counted like a failed sign-in, so a stolen session cannot guess the password without locking the account.
            await audit.WriteAsync("password.change", AuditResults.Failure, "User", user.Id.ToString(), new { reason = "wrongCurrentPassword" }, ct: ct);
            await failedPasswords.CountAsync(user, "passwordChange", actor: null, ct);
            if (await users.IsLockedOutAsync(user))
            {
                await sessions.RevokeUserAsync(user.Id, "lockedOut", ct: ct);
            }
            throw DomainException.Invalid("currentPassword", "当前密码不正确。");
        }
        (await users.ChangePasswordAsync(user, currentPassword, newPassword)).Ensure("newPassword");
        await AfterChangeAsync(user, previousHash, mustChange: false, ct);
        // Every other session of this user ends; this one goes on with the change-required flag gone.
        await sessions.RevokeUserAsync(user.Id, "passwordChanged", except: currentUser.SessionId, ct: ct);
        if (currentUser.SessionId is { } sid)
        {
            sessions.Forget(sid);
        }
        await audit.WriteAsync("password.change", AuditResults.Success, "User", user.Id.ToString(), ct: ct);
    }

    /// <summary>
    /// Sets a new random one-time password that must be changed at the next sign-in. For one of the three admins it
    /// is not handed to the caller (that would let one admin become another) but written to a file in the data
    /// folder on the server, for whoever operates the server.
    /// </summary>
    public async Task<PasswordResetResult> ResetAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw DomainException.NotFound("用户不存在。");
        var previousHash = user.PasswordHash;
        var password = Generate();
        (await users.RemovePasswordAsync(user)).Ensure("password");
        (await users.AddPasswordAsync(user, password)).Ensure("password");
        await AfterChangeAsync(user, previousHash, mustChange: true, ct);
        await sessions.RevokeUserAsync(user.Id, "passwordReset", ct: ct);
        var adminTarget = (await users.GetRolesAsync(user)).Any(Roles.IsAdmin);
        string? file = null;
        if (adminTarget)
        {
            file = paths.File($"password-reset-{user.UserName}-{time.GetUtcNow():yyyyMMddHHmmss}.txt");
            AppPaths.WriteSecretFile(file, $"{user.UserName}\t{password}\n");
        }
        await audit.WriteAsync("password.reset", AuditResults.Success, "User", user.Id.ToString(),
            new { deliveredTo = adminTarget ? "server file" : "caller" }, ct: ct);
        return new PasswordResetResult(adminTarget ? null : password, file is null ? null : Path.GetFileName(file));
    }

    private async Task AfterChangeAsync(AppUser user, string? previousHash, bool mustChange, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (previousHash is not null)
        {
            db.PasswordHistories.Add(new PasswordHistory { Id = Guid.CreateVersion7(), UserId = user.Id, PasswordHash = previousHash, CreatedAt = now });
        }
        user.PasswordChangedAt = now;
        user.MustChangePassword = mustChange;
        (await users.UpdateAsync(user)).Ensure();
        var keep = Math.Max(options.Value.PasswordHistory, 1);
        var stale = await db.PasswordHistories.Where(h => h.UserId == user.Id).OrderByDescending(h => h.CreatedAt).Skip(keep).ToListAsync(ct);
        db.PasswordHistories.RemoveRange(stale);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A random password that meets every rule: 16 characters from four classes, no look-alikes.</summary>
    public static string Generate()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!@#$%&*+-=?";
        const string all = upper + lower + digits + symbols;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

/// <summary>Daily: disables accounts unused for longer than the inactivity limit (also checked at every sign-in).</summary>
public sealed class AccountHousekeeping(IServiceScopeFactory scopes, TimeProvider time, IOptions<SecurityOptions> options,
    ILogger<AccountHousekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), time);
        do
        {
            try
            {
                await DisableInactiveAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Inactive-account sweep failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> DisableInactiveAsync(CancellationToken ct)
    {
        var days = options.Value.InactiveDisableDays;
        if (days <= 0)
        {
            return 0;
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-days);
        var stale = await db.Users.Where(u => !u.IsDisabled && (u.LastLoginAt ?? u.CreatedAt) < cutoff).ToListAsync(ct);
        foreach (var user in stale)
        {
            user.IsDisabled = true;
            user.DisabledReason = $"{days} 天未登录，自动停用";
        }
        await db.SaveChangesAsync(ct);
        foreach (var user in stale)
        {
            await sessions.RevokeUserAsync(user.Id, "inactive", ct: ct);
            await audit.WriteAsync("account.disable", AuditResults.Success, "User", user.Id.ToString(), new { reason = "inactive", days }, ct: ct);
        }
        return stale.Count;
    }
}
