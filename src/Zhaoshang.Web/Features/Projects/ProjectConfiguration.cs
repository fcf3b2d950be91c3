using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Projects;

public sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> e)
    {
        e.ToTable("Projects");
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Industry).HasMaxLength(64);
        e.Property(x => x.Channel).HasMaxLength(32);
        e.Property(x => x.Stage).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.HeldFrom).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.StageReason).HasMaxLength(500);
        e.Property(x => x.DesignedCapacity).HasPrecision(18, 2);
        e.Property(x => x.ActualCapacity).HasPrecision(18, 2);
        e.Property(x => x.LandMu).HasPrecision(18, 2);
        e.Property(x => x.FactoryAreaM2).HasPrecision(18, 2);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.Code).IsUnique();
        // The ledger's two ways in, a subtree (then a stage) or a stage (then a subtree), each carrying what a page's ids,
        // the default sort and the list's filters need (amounts, code, id; industrial, dates): a list finds, counts and
        // orders its unit's projects without reading them. The name only in the first, for a unit's list by name.
        e.HasIndex(x => new { x.OrgPath, x.Stage, x.ContractAmountYuan, x.AgreedInvestmentYuan, x.Code, x.Id, x.IsIndustrial, x.ContractDate, x.StartDate, x.Name })
            .HasDatabaseName("IX_Projects_Ledger_OrgPath");
        e.HasIndex(x => new { x.Stage, x.OrgPath, x.ContractAmountYuan, x.AgreedInvestmentYuan, x.Code, x.Id, x.IsIndustrial, x.ContractDate, x.StartDate })
            .HasDatabaseName("IX_Projects_Ledger_Stage");
        e.HasIndex(x => x.Name); // imports recognise a project by unit + name; the list sorts by name
        // The assessment adds up a year's funds in place by the project's flags: found by id without reading the project.
        e.HasIndex(x => new { x.Id, x.IsIndustrial, x.IsHqEconomy, x.IsDigitalEconomy, x.IsCentralSoeProject }).HasDatabaseName("IX_Projects_Flags");
        // The assessment's signings of a period: by contract date, with what it adds up (unit, amounts, area, flags).
        e.HasIndex(x => new { x.ContractDate, x.OrgPath, x.ContractAmountYuan, x.AgreedInvestmentYuan, x.FactoryAreaM2, x.IsIndustrial, x.IsHqEconomy,
            x.IsDigitalEconomy, x.IsCentralSoeProject, x.Id }).HasDatabaseName("IX_Projects_Signed");
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.LocationOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ProjectNameBigramConfiguration : IEntityTypeConfiguration<ProjectNameBigram>
{
    public void Configure(EntityTypeBuilder<ProjectNameBigram> e)
    {
        e.ToTable("ProjectNameBigrams");
        e.HasKey(x => new { x.Gram, x.OrgPath, x.ProjectId });
        e.Property(x => x.OrgPath).HasMaxLength(400);
        // No foreign key and no index by project: derived rows, found by their key (migration 000010).
    }
}

public sealed class ProjectInvestorConfiguration : IEntityTypeConfiguration<ProjectInvestor>
{
    public void Configure(EntityTypeBuilder<ProjectInvestor> e)
    {
        e.ToTable("ProjectInvestors");
        e.HasKey(x => new { x.ProjectId, x.EnterpriseId });
        e.HasIndex(x => x.EnterpriseId);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ProjectStageChangeConfiguration : IEntityTypeConfiguration<ProjectStageChange>
{
    public void Configure(EntityTypeBuilder<ProjectStageChange> e)
    {
        e.ToTable("ProjectStageChanges");
        e.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Evidence).HasMaxLength(1000);
        e.Property(x => x.UserName).HasMaxLength(256);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => x.ProjectId);
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class FundEntryConfiguration : IEntityTypeConfiguration<FundEntry>
{
    public void Configure(EntityTypeBuilder<FundEntry> e)
    {
        e.ToTable("FundEntries");
        e.Property(x => x.Evidence).HasMaxLength(500);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => new { x.ProjectId, x.Year, x.Month });
        e.HasIndex(x => x.OrgPath);
        // The assessment's one large read: a year's entries by unit and project, with the month and the amount.
        e.HasIndex(x => new { x.Year, x.OrgPath, x.ProjectId, x.Month, x.AmountYuan }).HasDatabaseName("IX_FundEntries_Assessment");
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ProjectHandoffConfiguration : IEntityTypeConfiguration<ProjectHandoff>
{
    public void Configure(EntityTypeBuilder<ProjectHandoff> e)
    {
        e.ToTable("ProjectHandoffs");
        e.HasKey(x => x.ProjectId);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => x.OrgPath);
        e.HasIndex(x => x.StartDate);
        e.HasOne<Project>().WithOne().HasForeignKey<ProjectHandoff>(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
