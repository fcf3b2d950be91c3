using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>The users' own columns, after Identity's (the context configures Identity first).</summary>
public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> e)
    {
        e.Property(u => u.DisplayName).HasMaxLength(100);
        e.Property(u => u.OrgPath).HasMaxLength(400);
        e.Property(u => u.DisabledReason).HasMaxLength(200);
        e.Property(u => u.Version).IsConcurrencyToken();
        e.HasIndex(u => u.OrgPath);
        e.HasIndex(u => u.EnterpriseId);
        e.HasOne<Org>().WithMany().HasForeignKey(u => u.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PasswordHistoryConfiguration : IEntityTypeConfiguration<PasswordHistory>
{
    public void Configure(EntityTypeBuilder<PasswordHistory> e)
    {
        e.ToTable("PasswordHistories");
        e.HasIndex(h => h.UserId);
        e.HasOne<AppUser>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> e)
    {
        e.ToTable("UserSessions");
        e.Property(s => s.TokenHash).HasMaxLength(64);
        e.Property(s => s.RevokedReason).HasMaxLength(100);
        e.Property(s => s.Ip).HasMaxLength(64);
        e.HasIndex(s => s.TokenHash).IsUnique();
        e.HasIndex(s => s.UserId);
        e.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
