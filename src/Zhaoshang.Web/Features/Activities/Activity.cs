using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>拜访, 考察 (inspection trips to Guizhou), 洽谈, events (推介会, 博览会 such as 数博会, 签约仪式) and leaders' trips out of the province.</summary>
public enum ActivityKind
{
    Visit,
    Inspection,
    Negotiation,
    Promotion,
    Expo,
    SigningCeremony,

    /// <summary>领导赴省外招商: a leader-led trip out of the province (seed 002's first indicator).</summary>
    LeaderTrip,

    /// <summary>
    /// 扫码意向: an investor's intention sent through a unit's entry code (一码投). Recorded by the intake, never typed: a
    /// resident office whose code brought the enterprise made the first contact with it (its 首次拜访 credit).
    /// </summary>
    Intention,
}

/// <summary>
/// A resident office's part (seed 002, 项目签约金额认定标准): the first visit to an enterprise counts 100 % of its signed
/// amount, accompanying its inspection 50 %; taking part otherwise counts the office's visits and inspections but no
/// signed amount.
/// </summary>
public enum OfficeRole
{
    FirstVisit,
    Accompanied,
    Participated,
}

/// <summary>Who led a 领导赴省外招商 trip: the unit's principal party and government leaders (党政主要领导), or other leaders.</summary>
public enum LeaderRank
{
    Principal,
    Other,
}

/// <summary>
/// One investment-promotion activity, recorded by a unit and scoped to it. It may meet several enterprises
/// (<see cref="ActivityEnterprise"/>); a leader's trip names who led it and, where a district's principal leader also
/// heads one of its provincial zones (or the other way round), the other unit it counts for (<see cref="JointOrgId"/>).
/// </summary>
public sealed class Activity : IScoped, IVersioned
{
    public Guid Id { get; set; }
    public ActivityKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public string? People { get; set; }
    public string? Participants { get; set; }
    public Guid? ProjectId { get; set; }
    public string? Outcome { get; set; }
    /// <summary>A leader's trip only: who led it.</summary>
    public LeaderRank? Leader { get; set; }
    /// <summary>
    /// A principal leaders' trip only: the provincial zone (or its district) whose principal leader is the same person,
    /// which the trip counts for too (seed 002: "省级开发区党政主要领导由区县党政主要领导兼任的可重复计算").
    /// </summary>
    public Guid? JointOrgId { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// An enterprise the activity met. It carries the activity's date, kind and unit, so the assessment reads a year's
/// enterprises met, and the visits of one enterprise, from one index each without reading the activities.
/// </summary>
public sealed class ActivityEnterprise : IScoped
{
    public Guid ActivityId { get; set; }
    public Guid EnterpriseId { get; set; }
    public DateOnly Date { get; set; }
    public ActivityKind Kind { get; set; }
    public string OrgPath { get; set; } = "";
}

/// <summary>A resident office that took part, and whether it made the first visit, accompanied an inspection, or took part.</summary>
public sealed class ActivityOffice
{
    public Guid ActivityId { get; set; }
    public Guid OrgId { get; set; }
    public OfficeRole Role { get; set; }
}

public sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> e)
    {
        e.ToTable("Activities");
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Leader).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.People).HasMaxLength(500);
        e.Property(x => x.Participants).HasMaxLength(500);
        e.Property(x => x.Outcome).HasMaxLength(1000);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.OrgPath);
        // By date, carrying what the assessment reads (unit, kind, project, id): a year's activities, and the resident
        // offices' parts in them, without reading the activities. By project with the date: the earlier visits about
        // the year's signings.
        e.HasIndex(x => new { x.Date, x.OrgPath, x.Kind, x.ProjectId, x.Id }).HasDatabaseName("IX_Activities_Assessment");
        e.HasIndex(x => new { x.ProjectId, x.Date });
        e.HasIndex(x => x.JointOrgId);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.JointOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ActivityEnterpriseConfiguration : IEntityTypeConfiguration<ActivityEnterprise>
{
    public void Configure(EntityTypeBuilder<ActivityEnterprise> e)
    {
        e.ToTable("ActivityEnterprises");
        e.HasKey(x => new { x.ActivityId, x.EnterpriseId });
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => new { x.Date, x.OrgPath, x.Kind, x.EnterpriseId, x.ActivityId }).HasDatabaseName("IX_ActivityEnterprises_Assessment");
        e.HasIndex(x => new { x.EnterpriseId, x.Date });
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ActivityOfficeConfiguration : IEntityTypeConfiguration<ActivityOffice>
{
    public void Configure(EntityTypeBuilder<ActivityOffice> e)
    {
        e.ToTable("ActivityOffices");
        e.HasKey(x => new { x.ActivityId, x.OrgId });
        e.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => x.OrgId);
        e.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
