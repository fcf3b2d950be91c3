using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// A node of a coordination group's plan template (data): its code and name, the node it follows and how many days after
/// it (or after signing, for a first node) it is planned. A template belongs to a level — the system's ("/", edited by
/// the system admin) or a province's, city's or county's own (edited by that level's coordinating unit) — and a project's
/// plan is made from the template of the nearest level above it that has one, then kept as its own.
/// </summary>
public sealed class MilestoneTemplate
{
    /// <summary>The path of the level whose template this is; "/" for the system's.</summary>
    public string LevelPath { get; set; } = "/";
    public CoordinationGroup Group { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    /// <summary>The node this one follows; none: it follows the signing.</summary>
    public string? After { get; set; }
    public int Days { get; set; }
}

/// <summary>A node of a major project's plan (项目建设计划、重点建设时间节点): planned and actual dates, and what its slipping set off.</summary>
public sealed class Milestone : IScoped
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public DateOnly? PlannedDate { get; set; }
    public DateOnly? ActualDate { get; set; }
    /// <summary>When the leader and the task force were warned that it is overdue (once).</summary>
    public DateTime? WarnedAt { get; set; }
    /// <summary>The problem (堵点) its slipping past the second threshold opened (once).</summary>
    public Guid? TicketId { get; set; }
    public string OrgPath { get; set; } = "";
}

public sealed class MilestoneTemplateConfiguration : IEntityTypeConfiguration<MilestoneTemplate>
{
    public void Configure(EntityTypeBuilder<MilestoneTemplate> e)
    {
        e.ToTable("MilestoneTemplates");
        e.HasKey(x => new { x.LevelPath, x.Group, x.Code });
        e.Property(x => x.LevelPath).HasMaxLength(400);
        e.Property(x => x.Group).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.After).HasMaxLength(32);
    }
}

public sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> e)
    {
        e.ToTable("Milestones");
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => new { x.ProjectId, x.Code }).IsUnique();
        e.HasIndex(x => x.OrgPath);
        // The sweep's read: open nodes by planned date.
        e.HasIndex(x => new { x.ActualDate, x.PlannedDate });
        e.HasOne<MajorProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
