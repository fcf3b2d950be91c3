using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zhaoshang.Web.Features.Audit;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditEntries");
        e.Property(a => a.Id).ValueGeneratedNever();
        e.Property(a => a.UserName).HasMaxLength(256);
        e.Property(a => a.OrgCode).HasMaxLength(32);
        e.Property(a => a.Roles).HasMaxLength(200);
        e.Property(a => a.Ip).HasMaxLength(64);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.ObjectType).HasMaxLength(64);
        e.Property(a => a.ObjectId).HasMaxLength(128);
        e.Property(a => a.Result).HasMaxLength(16);
        e.Property(a => a.Mac).HasMaxLength(64);
        e.HasIndex(a => a.At);
        e.HasIndex(a => a.UserName);
        e.HasIndex(a => a.Action);
        e.HasIndex(a => new { a.ObjectType, a.ObjectId });
    }
}

public sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> e)
    {
        e.ToTable("AuditHead");
        e.Property(h => h.Id).ValueGeneratedNever();
        e.Property(h => h.LastMac).HasMaxLength(64);
        e.Property(h => h.Mac).HasMaxLength(64);
        e.Property(h => h.Version).IsConcurrencyToken();
    }
}
