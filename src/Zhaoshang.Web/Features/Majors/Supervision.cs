using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// 挂牌督办: a leader lists a project or a problem as supervised, with a deadline and the unit responsible; that unit
/// writes a status line every week until it is lifted; a week that ends without its line is missing.
/// </summary>
public sealed class Supervision : IScoped, IVersioned
{
    public Guid Id { get; set; }
    public Guid? ProjectId { get; set; }
    public Guid? TicketId { get; set; }
    public required string Title { get; set; }
    public Guid LeaderUserId { get; set; }
    public Guid ResponsibleOrgId { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly Deadline { get; set; }
    public DateTime? LiftedAt { get; set; }
    public string OrgPath { get; set; } = "";
    public long Version { get; set; }
}

/// <summary>A week's status line of a supervised item (its week starts on a Monday); one per week, rewritten until the week ends.</summary>
public sealed class SupervisionWeek : IScoped
{
    public Guid SupervisionId { get; set; }
    public DateOnly WeekStart { get; set; }
    public required string Text { get; set; }
    public Guid UserId { get; set; }
    public DateTime At { get; set; }
    public string OrgPath { get; set; } = "";
}

public sealed class SupervisionConfiguration : IEntityTypeConfiguration<Supervision>
{
    public void Configure(EntityTypeBuilder<Supervision> e)
    {
        e.ToTable("Supervisions");
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.OrgPath);
        e.HasIndex(x => x.LeaderUserId);
        e.HasIndex(x => x.ResponsibleOrgId);
        e.HasIndex(x => x.ProjectId);
        e.HasIndex(x => x.TicketId);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.ResponsibleOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SupervisionWeekConfiguration : IEntityTypeConfiguration<SupervisionWeek>
{
    public void Configure(EntityTypeBuilder<SupervisionWeek> e)
    {
        e.ToTable("SupervisionWeeks");
        e.HasKey(x => new { x.SupervisionId, x.WeekStart });
        e.Property(x => x.Text).HasMaxLength(1000);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Supervision>().WithMany().HasForeignKey(x => x.SupervisionId).OnDelete(DeleteBehavior.Cascade);
    }
}
