using Microsoft.AspNetCore.Identity;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Accounts;

public sealed class AppUser : IdentityUser<Guid>, IScoped, IVersioned
{
    public string DisplayName { get; set; } = "";
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    /// <summary>An enterprise account's enterprise (企业用户): it sees that enterprise's appeals and nothing else.</summary>
    public Guid? EnterpriseId { get; set; }
    public bool IsDisabled { get; set; }
    public string? DisabledReason { get; set; }
    public bool MustChangePassword { get; set; }
    public DateTime PasswordChangedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>A new account in <paramref name="org"/>, its password age counted from now.</summary>
    public static AppUser Create(string userName, string displayName, Org org, bool mustChangePassword, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserName = userName,
        DisplayName = displayName.Trim(),
        OrgId = org.Id,
        OrgPath = org.Path,
        MustChangePassword = mustChangePassword,
        PasswordChangedAt = now,
        CreatedAt = now,
    };

    [NotAudited]
    public override string? PasswordHash { get => base.PasswordHash; set => base.PasswordHash = value; }

    [NotAudited]
    public override string? SecurityStamp { get => base.SecurityStamp; set => base.SecurityStamp = value; }

    [NotAudited]
    public override string? ConcurrencyStamp { get => base.ConcurrencyStamp; set => base.ConcurrencyStamp = value; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    [NotAudited]
    public override string? ConcurrencyStamp { get => base.ConcurrencyStamp; set => base.ConcurrencyStamp = value; }
}

/// <summary>Hashes of a user's earlier passwords, so the last N cannot be reused.</summary>
public sealed class PasswordHistory : INotAudited, ISystemWritten
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One signed-in session, cookie or bearer token. Idle and absolute limits, logout and revocation (disable, role
/// change) all act on this row, so every node sees the same state.
/// </summary>
public sealed class UserSession : INotAudited, ISystemWritten
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    /// <summary>SHA-256 of a bearer token; null for a cookie session.</summary>
    public string? TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public string? Ip { get; set; }
}
