using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Enterprises;

public sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> e)
    {
        e.ToTable("Enterprises");
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.NameKey).HasMaxLength(200);
        e.Property(x => x.CreditCode).HasMaxLength(18);
        e.Property(x => x.Ownership).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Specialized).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Headquarters).HasMaxLength(200);
        e.Property(x => x.Industry).HasMaxLength(100);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.CreditCode).IsUnique();
        e.HasIndex(x => x.NameKey);
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class EnterpriseContactConfiguration : IEntityTypeConfiguration<EnterpriseContact>
{
    public void Configure(EntityTypeBuilder<EnterpriseContact> e)
    {
        e.ToTable("EnterpriseContacts");
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.PhoneCipher).HasMaxLength(200);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => x.EnterpriseId);
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
