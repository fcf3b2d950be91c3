using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>Seed 004's "5+3": the province's three coordination groups (协调小组) for major projects.</summary>
public enum CoordinationGroup
{
    Agriculture,
    Industry,
    Services,
}

/// <summary>Whose list a major project is on: the county's, the city's or the province's (拟招重大项目库 of each level).</summary>
public enum MajorLevel
{
    County,
    City,
    Province,
}

/// <summary>
/// A major project (拟招重大项目) and its "五个一" (seed 001): one responsible leader (包保领导), one task force (专班,
/// <see cref="MajorMember"/>), one plan (its milestones), one responsible department, kept to the end. It is on the list
/// of its <see cref="Level"/> either by its amount (the level's band, <see cref="MajorBand"/>) or designated by hand.
/// </summary>
public sealed class MajorProject : IScoped, IVersioned
{
    public Guid ProjectId { get; set; }
    public MajorLevel Level { get; set; }
    /// <summary>Designated by a person rather than by the band: the band sweep never lowers or removes it.</summary>
    public bool ByHand { get; set; }
    public CoordinationGroup Group { get; set; }
    /// <summary>The lead unit (牵头单位) that coordinates the project for its level.</summary>
    public Guid? LeadOrgId { get; set; }
    /// <summary>The responsible leader (包保领导): a user holding the leader role.</summary>
    public Guid? LeaderUserId { get; set; }
    /// <summary>The responsible department (责任部门).</summary>
    public Guid? ResponsibleOrgId { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    /// <summary>The project's code, name, stage and amount, copied (<see cref="MajorCopies"/>) so the list filters, counts and sorts in this table.</summary>
    [NotAudited]
    public string Code { get; set; } = "";
    [NotAudited]
    public string Name { get; set; } = "";
    [NotAudited]
    public ProjectStage Stage { get; set; }
    /// <summary>Its contract amount once signed, otherwise its agreed investment (<see cref="MajorDesignation.Amount"/>).</summary>
    [NotAudited]
    public long AmountYuan { get; set; }
    public DateTime DesignatedAt { get; set; }
    /// <summary>When its plan was last changed: a plan's save carries the version it was read at, like the "五个一".</summary>
    public DateTime? PlanChangedAt { get; set; }
    public long Version { get; set; }

    /// <summary>A new row of the list for a project, its copies taken.</summary>
    public static MajorProject For(Project p, MajorLevel level, CoordinationGroup group, bool byHand, DateTime now) => new()
    {
        ProjectId = p.Id, Level = level, Group = group, ByHand = byHand, OrgId = p.OrgId, OrgPath = p.OrgPath, Code = p.Code, Name = p.Name, Stage = p.Stage,
        AmountYuan = MajorDesignation.Amount(p), DesignatedAt = now,
    };
}

/// <summary>
/// One bigram of a major project's name (<see cref="Shared.Bigrams"/>), keyed (gram, path, project) like the ledger's
/// <see cref="ProjectNameBigram"/>: the list's name search reads the posting list of its caller's subtree instead of
/// testing every name of a province's list. Kept by <see cref="MajorCopies"/> with the list's other copies.
/// </summary>
public sealed class MajorNameBigram : INotAudited, IScoped
{
    public int Gram { get; set; }
    public string OrgPath { get; set; } = "";
    public Guid ProjectId { get; set; }

    public static IEnumerable<MajorNameBigram> For(Guid projectId, string name, string orgPath) =>
        Shared.Bigrams.Of(name).Select(g => new MajorNameBigram { Gram = g, OrgPath = orgPath, ProjectId = projectId });
}

/// <summary>A member of a major project's task force (专班): warned with the leader when a milestone slips.</summary>
public sealed class MajorMember : IScoped
{
    public Guid ProjectId { get; set; }
    public Guid UserId { get; set; }
    public string OrgPath { get; set; } = "";
}

/// <summary>
/// A level's band (data, edited by the system admin): a project at or above the amount (its contract amount once signed,
/// otherwise its agreed investment) is on that level's list. Defaults from DOMAIN.md's bands: county 2亿 (重点推介/签约),
/// city 10亿, province 20亿.
/// </summary>
public sealed class MajorBand
{
    public MajorLevel Level { get; set; }
    public long MinAmountYuan { get; set; }
    public long Version { get; set; }

    public static readonly (MajorLevel Level, long MinAmountYuan)[] Defaults =
        [(MajorLevel.County, 2 * Shared.ChineseText.Yi), (MajorLevel.City, 10 * Shared.ChineseText.Yi), (MajorLevel.Province, 20 * Shared.ChineseText.Yi)];
}

public sealed class MajorProjectConfiguration : IEntityTypeConfiguration<MajorProject>
{
    public void Configure(EntityTypeBuilder<MajorProject> e)
    {
        e.ToTable("MajorProjects");
        e.HasKey(x => x.ProjectId);
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Group).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Stage).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
        // The list's count, from the index alone, whatever it is filtered by.
        e.HasIndex(x => new { x.OrgPath, x.Stage, x.Level, x.Group, x.Name, x.Code });
        // The list's order (largest first) walked from its start for a wide scope, its filter read off the index: a page
        // deep in the list steps over the rows before it without reading them.
        e.HasIndex(x => new { x.AmountYuan, x.Code, x.OrgPath, x.Stage, x.Level, x.Group, x.Name });
        e.HasIndex(x => x.LeaderUserId);
        e.HasOne<Project>().WithOne().HasForeignKey<MajorProject>(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.LeadOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.ResponsibleOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class MajorNameBigramConfiguration : IEntityTypeConfiguration<MajorNameBigram>
{
    public void Configure(EntityTypeBuilder<MajorNameBigram> e)
    {
        e.ToTable("MajorNameBigrams");
        e.HasKey(x => new { x.Gram, x.OrgPath, x.ProjectId });
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => x.ProjectId);
        e.HasOne<MajorProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MajorMemberConfiguration : IEntityTypeConfiguration<MajorMember>
{
    public void Configure(EntityTypeBuilder<MajorMember> e)
    {
        e.ToTable("MajorMembers");
        e.HasKey(x => new { x.ProjectId, x.UserId });
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => x.UserId);
        e.HasIndex(x => x.OrgPath);
        e.HasOne<MajorProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MajorBandConfiguration : IEntityTypeConfiguration<MajorBand>
{
    public void Configure(EntityTypeBuilder<MajorBand> e)
    {
        e.ToTable("MajorBands");
        e.HasKey(x => x.Level);
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
