using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>
/// A year's assessment rules, as data: for each table (group of peer units) the indicators that score, their points
/// (pro rata to completion, capped), bonus rules, the resident offices' attribution and the status margin. Rules
/// change every year; editing them makes a new version, and every result names the version that computed it.
/// </summary>
public sealed record Rules
{
    /// <summary>Completion this many points ahead of (behind) the time progress is ahead (behind).</summary>
    public decimal StatusMargin { get; init; } = 5;

    public OfficeAttribution Attribution { get; init; } = OfficeAttribution.Seed002;

    public IReadOnlyList<GroupRules> Groups { get; init; } = [];
}

/// <summary>The rules of one table of the decomposition (by its title).</summary>
public sealed record GroupRules
{
    public required string Table { get; init; }
    public IReadOnlyList<IndicatorRule> Indicators { get; init; } = [];
    public IReadOnlyList<BonusRule> Bonuses { get; init; } = [];
}

/// <summary>
/// Points for an indicator: <see cref="Weight"/> × completion, completion capped at <see cref="Cap"/> (1 = 100 %).
/// <see cref="Target"/> sets the target where the table has none (标房: 90 % used → 12 points).
/// </summary>
public sealed record IndicatorRule
{
    public required string Indicator { get; init; }
    public decimal Weight { get; init; }
    public decimal Cap { get; init; } = 1;
    public decimal? Target { get; init; }
}

/// <summary>The kinds of bonus points (加分) a year's rules may give.</summary>
[JsonConverter(typeof(JsonNamedEnum<BonusKind>))]
public enum BonusKind
{
    /// <summary>
    /// <see cref="BonusRule.Points"/> per enterprise of the unit's reported leads that a principal leaders' trip of the
    /// city took up (seed 002: 报送项目线索，纳入市委、市政府主要领导外出招商考察，每家企业加 1 分).
    /// </summary>
    LeadsAdopted,
    /// <summary>Once the <see cref="BonusRule.Indicator"/>'s target is met, <see cref="BonusRule.Points"/> per whole <see cref="BonusRule.Per"/> above it.</summary>
    AboveTarget,
    /// <summary>For each project credited to the unit, the points of the highest of <see cref="BonusRule.Tiers"/> its contract reaches.</summary>
    SignedProject,
}

/// <summary>Bonus points (加分) of one kind, as the year's rules set them.</summary>
public sealed record BonusRule
{
    public required BonusKind Kind { get; init; }
    public string? Description { get; init; }
    public string? Indicator { get; init; }
    public decimal Points { get; init; }
    public decimal Per { get; init; } = 1;
    public IReadOnlyList<BonusTier>? Tiers { get; init; }
}

public sealed record BonusTier(long MinYuan, decimal Points);

/// <summary>A stored version of a year's rules.</summary>
public sealed class RuleSet
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public int Version { get; set; }
    public string RulesJson { get; set; } = "{}";
    public string? Note { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    public Rules Rules => JsonSerializer.Deserialize<Rules>(RulesJson, AppJson.Options)!;
}

/// <summary>
/// A hand-entered figure, with its reason: for a manual indicator the value from the month on (标房 usage from 市工信局),
/// for a computed one a correction added to what the ledger shows. Audited; shown as an adjustment.
/// </summary>
public sealed class Adjustment : IScoped
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public required string IndicatorCode { get; set; }
    public decimal Value { get; set; }
    public required string Reason { get; set; }
    public string? UserName { get; set; }
    public DateTime At { get; set; }
}

public sealed class RuleSetConfiguration : IEntityTypeConfiguration<RuleSet>
{
    public void Configure(EntityTypeBuilder<RuleSet> e)
    {
        e.ToTable("RuleSets");
        e.Property(x => x.RulesJson).HasMaxLength(32000);
        e.Property(x => x.Note).HasMaxLength(500);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
        e.HasIndex(x => new { x.Year, x.Version }).IsUnique();
    }
}

public sealed class AdjustmentConfiguration : IEntityTypeConfiguration<Adjustment>
{
    public void Configure(EntityTypeBuilder<Adjustment> e)
    {
        e.ToTable("Adjustments");
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.IndicatorCode).HasMaxLength(64);
        e.Property(x => x.Value).HasPrecision(18, 4);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.UserName).HasMaxLength(256);
        e.HasIndex(x => new { x.Year, x.OrgId, x.IndicatorCode });
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Orgs.Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Indicator>().WithMany().HasForeignKey(x => x.IndicatorCode).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// A month closed by the leading-group office: its assessment frozen as it stood (the snapshot), so its bulletin is
/// reproducible to the digit; facts entered later for it are flagged as late and count in the next open period.
/// </summary>
public sealed class ClosedMonth
{
    public int Year { get; set; }
    public int Month { get; set; }
    public DateTime ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public int? RuleVersion { get; set; }
    public string SnapshotJson { get; set; } = "{}";
}

public sealed class ClosedMonthConfiguration : IEntityTypeConfiguration<ClosedMonth>
{
    public void Configure(EntityTypeBuilder<ClosedMonth> e)
    {
        e.ToTable("ClosedMonths");
        e.HasKey(x => new { x.Year, x.Month });
        e.Property(x => x.ClosedBy).HasMaxLength(256);
    }
}
