using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>What a valid session says about its user; rebuilt from the database at least every recheck interval.</summary>
public sealed record SessionPrincipal(Guid SessionId, Guid UserId, string UserName, string DisplayName, Guid OrgId,
    string OrgCode, string OrgName, string OrgPath, string ReadPath, string[] Roles, bool MustChangePassword, DateTime ExpiresAt, TimeSpan Idle)
{
    public const string MustChangePasswordClaim = "zs:must_change_password";
    public const string DisplayNameClaim = "zs:display_name";
    public const string OrgNameClaim = "zs:org_name";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, UserId.ToString()),
            new(ClaimTypes.Name, UserName),
            new(DisplayNameClaim, DisplayName),
            new(CurrentUser.OrgIdClaim, OrgId.ToString()),
            new(CurrentUser.OrgCodeClaim, OrgCode),
            new(CurrentUser.OrgPathClaim, OrgPath),
            new(CurrentUser.ReadPathClaim, ReadPath),
            // An assessor's work is the targets and figures of the units it reads, so it writes there; everyone else writes their own org's.
            new(CurrentUser.WritePathClaim, Roles.Contains(Accounts.Roles.Assessor) ? ReadPath : OrgPath),
            new(OrgNameClaim, OrgName),
            new(CurrentUser.SessionClaim, SessionId.ToString()),
        };
        claims.AddRange(Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (MustChangePassword)
        {
            claims.Add(new Claim(MustChangePasswordClaim, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>
/// Sessions for cookies and bearer tokens alike. Each node caches a session for a few seconds, then reads it again,
/// so logout, disabling a user or changing their roles ends every session everywhere within that interval.
/// </summary>
public sealed class SessionService(AppDb db, IMemoryCache cache, TimeProvider time, IOptions<SecurityOptions> options)
{
    private sealed class Cached(SessionPrincipal principal, DateTime lastSeen)
    {
        public SessionPrincipal Principal { get; set; } = principal;
        public DateTime LastSeen { get; set; } = lastSeen;
        public DateTime LastPersisted { get; set; } = lastSeen;
    }

    private SecurityOptions Rules => options.Value;
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Starts a session; for a bearer session also returns the token (only its hash is stored).</summary>
    public async Task<(SessionPrincipal Session, string? Token)> StartAsync(AppUser user, bool bearer, string? ip, CancellationToken ct = default)
    {
        string? token = bearer ? Base64Url(RandomNumberGenerator.GetBytes(32)) : null;
        var now = Now;
        var session = new UserSession
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            TokenHash = token is null ? null : Hash(token),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddHours(Rules.AbsoluteHours),
            Ip = ip,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var principal = await LoadAsync(session.Id, ct) ?? throw new InvalidOperationException("The new session could not be read back.");
        cache.Set(Key(session.Id), new Cached(principal, now), TimeSpan.FromSeconds(Rules.SessionRecheckSeconds));
        return (principal, token);
    }

    public async Task<SessionPrincipal?> ValidateTokenAsync(string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        var tokenKey = "zs-token:" + hash;
        if (!cache.TryGetValue(tokenKey, out Guid sessionId))
        {
            sessionId = await db.UserSessions.AsNoTracking().Where(s => s.TokenHash == hash).Select(s => s.Id).FirstOrDefaultAsync(ct);
            if (sessionId == Guid.Empty)
            {
                return null;
            }
            cache.Set(tokenKey, sessionId, TimeSpan.FromMinutes(5));
        }
        return await ValidateAsync(sessionId, ct);
    }

    /// <summary>The session's principal if it is still valid now (not revoked, not idle too long, not expired).</summary>
    public async Task<SessionPrincipal?> ValidateAsync(Guid sessionId, CancellationToken ct = default)
    {
        var now = Now;
        var key = Key(sessionId);
        if (!cache.TryGetValue(key, out Cached? cached) || cached is null)
        {
            var stored = await db.UserSessions.AsNoTracking().Where(s => s.Id == sessionId && s.RevokedAt == null)
                .Select(s => (DateTime?)s.LastSeenAt).FirstOrDefaultAsync(ct);
            var principal = stored is null ? null : await LoadAsync(sessionId, ct);
            if (principal is null)
            {
                return null;
            }
            cached = new Cached(principal, DateTime.SpecifyKind(stored!.Value, DateTimeKind.Utc));
            cache.Set(key, cached, TimeSpan.FromSeconds(Rules.SessionRecheckSeconds));
        }

        var p = cached.Principal;
        if (now >= p.ExpiresAt || now - cached.LastSeen > p.Idle)
        {
            await RevokeAsync(sessionId, now >= p.ExpiresAt ? "expired" : "idle", ct);
            return null;
        }
        cached.LastSeen = now;
        if (now - cached.LastPersisted >= TimeSpan.FromSeconds(Rules.SessionRecheckSeconds))
        {
            cached.LastPersisted = now;
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        }
        return p;
    }

    public async Task RevokeAsync(Guid sessionId, string reason, CancellationToken ct = default)
    {
        var now = Now;
        await db.UserSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        cache.Remove(Key(sessionId));
    }

    /// <summary>Ends every session of a user (disabled, roles changed, password reset).</summary>
    public async Task RevokeUserAsync(Guid userId, string reason, Guid? except = null, CancellationToken ct = default)
    {
        var now = Now;
        var keep = except ?? Guid.Empty;
        var open = db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep);
        var ids = await open.Select(s => s.Id).ToListAsync(ct);
        await open.ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
        foreach (var id in ids)
        {
            cache.Remove(Key(id));
        }
    }

    /// <summary>Drops this node's cached view so the next request reads the session again (after a password change).</summary>
    public void Forget(Guid sessionId) => cache.Remove(Key(sessionId));

    private async Task<SessionPrincipal?> LoadAsync(Guid sessionId, CancellationToken ct)
    {
        // Runs before the caller's identity is known, so it reads past the scope filter: it only ever loads the
        // session's own user.
        var row = await (
            from s in db.UserSessions.AsNoTracking()
            join u in db.Users.IgnoreQueryFilters().AsNoTracking() on s.UserId equals u.Id
            join o in db.Orgs.IgnoreQueryFilters().AsNoTracking() on u.OrgId equals o.Id
            from parent in db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == o.ParentId).DefaultIfEmpty()
            where s.Id == sessionId && s.RevokedAt == null && !u.IsDisabled
            select new
            {
                s.ExpiresAt, u.Id, u.UserName, u.DisplayName, u.MustChangePassword, OrgId = o.Id, o.Code, o.Name, o.Path, o.Kind, o.Coordinates,
                ParentKind = (OrgKind?)parent.Kind, ParentPath = parent.Path,
            }
        ).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var roles = await (
            from ur in db.UserRoles.AsNoTracking()
            join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id
            where ur.UserId == row.Id
            select r.Name!
        ).ToArrayAsync(ct);
        var idle = TimeSpan.FromMinutes(roles.Any(Accounts.Roles.IsAdmin) ? Rules.AdminIdleMinutes : Rules.IdleMinutes);
        // A bureau that coordinates its level reads the level's whole subtree.
        var readPath = row.Coordinates && Org.CanCoordinate(row.Kind, row.ParentKind) ? row.ParentPath! : row.Path;
        return new SessionPrincipal(sessionId, row.Id, row.UserName!, row.DisplayName, row.OrgId, row.Code, row.Name, row.Path, readPath,
            roles, row.MustChangePassword, DateTime.SpecifyKind(row.ExpiresAt, DateTimeKind.Utc), idle);
    }

    private static string Key(Guid sessionId) => "zs-session:" + sessionId;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
