using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>
/// A project lead a unit reported (报送项目线索): an enterprise and what it may invest in. Seed 002 gives a resident
/// office +1 point for each enterprise of its leads that the city's principal leaders took up on an outbound trip
/// (<see cref="ActivityLead"/>: the trip that adopted it).
/// </summary>
/// <summary>Where a lead came from (seed 004's information channels: resident offices, chambers of commerce, leading enterprises …).</summary>
public enum LeadChannel
{
    ResidentOffice,
    Chamber,
    LeadingEnterprise,
    Fund,
    Soe,
    CentralSoe,
    Hometown,
    Event,
    /// <summary>一码投: an investor scanned a unit's entry code and sent an intention.</summary>
    EntryCode,
    Other,
}

public sealed class Lead : IScoped, IVersioned
{
    public Guid Id { get; set; }
    public Guid EnterpriseId { get; set; }
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public string? Content { get; set; }
    public Guid? ProjectId { get; set; }
    /// <summary>The information channel it came through (谋划: where the province's leads come from).</summary>
    public LeadChannel Channel { get; set; } = LeadChannel.Other;
    /// <summary>The unit that brought it, where one did (a resident office, an SOE).</summary>
    public Guid? SourceOrgId { get; set; }
    /// <summary>The enterprise that brought it, where one did (a chamber of commerce, a leading enterprise, a fund).</summary>
    public Guid? SourceEnterpriseId { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A lead taken up by a principal leaders' trip (纳入主要领导外出招商考察): recorded with the trip, by the unit that recorded it.</summary>
public sealed class ActivityLead
{
    public Guid ActivityId { get; set; }
    public Guid LeadId { get; set; }
}

public sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> e)
    {
        e.ToTable("Leads");
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Content).HasMaxLength(2000);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.OrgPath, x.Date });
        e.HasIndex(x => new { x.EnterpriseId, x.Date });
        e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(24);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ActivityLeadConfiguration : IEntityTypeConfiguration<ActivityLead>
{
    public void Configure(EntityTypeBuilder<ActivityLead> e)
    {
        e.ToTable("ActivityLeads");
        e.HasKey(x => new { x.ActivityId, x.LeadId });
        e.HasIndex(x => x.LeadId);
        e.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Restrict);
    }
}
