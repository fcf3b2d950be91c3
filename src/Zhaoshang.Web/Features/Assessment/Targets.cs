using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>A year's decomposition (目标任务分解): its tables and targets change together, under this version.</summary>
public sealed class TargetYear : IVersioned
{
    public int Year { get; set; }
    public long Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One decomposition table of a year (one group of units: districts and national zones, provincial zones, resident
/// offices, departments, SOEs): its indicator columns in order, and the stated total row exactly as written.
/// </summary>
public sealed class TargetSheet
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }

    /// <summary>The total row's label as written: 合计, 全市目标任务 …</summary>
    public string TotalLabel { get; set; } = "合计";

    /// <summary>[{indicator, header}] in column order; header "parent/child" for a two-row header; indicator null for a note column.</summary>
    public string ColumnsJson { get; set; } = "[]";

    /// <summary>{indicator: stated total} as written on the total row (a percentage as its number: 55 for 55 %).</summary>
    public string StatedTotalsJson { get; set; } = "{}";

    /// <summary>{header: text} of note columns (加分指标 …).</summary>
    public string NotesJson { get; set; } = "{}";
}

/// <summary>A unit's target for one indicator in one year; no value where the table says "-".</summary>
public sealed class Target : IScoped
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public Guid SheetId { get; set; }
    public int Row { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public required string IndicatorCode { get; set; }
    public decimal? Value { get; set; }
}

public sealed class TargetYearConfiguration : IEntityTypeConfiguration<TargetYear>
{
    public void Configure(EntityTypeBuilder<TargetYear> e)
    {
        e.ToTable("TargetYears");
        e.HasKey(x => x.Year);
        e.Property(x => x.Year).ValueGeneratedNever();
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

public sealed class TargetSheetConfiguration : IEntityTypeConfiguration<TargetSheet>
{
    public void Configure(EntityTypeBuilder<TargetSheet> e)
    {
        e.ToTable("TargetSheets");
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.TotalLabel).HasMaxLength(32);
        e.Property(x => x.ColumnsJson).HasMaxLength(8000);
        e.Property(x => x.StatedTotalsJson).HasMaxLength(4000);
        e.Property(x => x.NotesJson).HasMaxLength(8000);
        e.HasIndex(x => new { x.Year, x.Title }).IsUnique();
        e.HasOne<TargetYear>().WithMany().HasForeignKey(x => x.Year).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> e)
    {
        e.ToTable("Targets");
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.IndicatorCode).HasMaxLength(64);
        e.Property(x => x.Value).HasPrecision(18, 4);
        e.HasIndex(x => new { x.Year, x.OrgId, x.IndicatorCode }).IsUnique();
        e.HasIndex(x => new { x.Year, x.OrgPath });
        e.HasIndex(x => x.SheetId);
        e.HasOne<TargetSheet>().WithMany().HasForeignKey(x => x.SheetId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Indicator>().WithMany().HasForeignKey(x => x.IndicatorCode).OnDelete(DeleteBehavior.Restrict);
    }
}
