using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zhaoshang.Web.Features.Orgs;

public sealed class OrgConfiguration : IEntityTypeConfiguration<Org>
{
    public void Configure(EntityTypeBuilder<Org> e)
    {
        e.ToTable("Orgs");
        e.Property(o => o.Code).HasMaxLength(32);
        e.Property(o => o.Name).HasMaxLength(100);
        e.Property(o => o.NameEn).HasMaxLength(200);
        e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(o => o.Path).HasMaxLength(400);
        e.Property(o => o.Version).IsConcurrencyToken();
        e.HasIndex(o => o.Code).IsUnique();
        e.HasIndex(o => o.Path);
        e.HasIndex(o => o.ParentId);
        e.HasOne<Org>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
