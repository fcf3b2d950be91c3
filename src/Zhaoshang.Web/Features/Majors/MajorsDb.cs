using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Majors;

namespace Zhaoshang.Web.Data;

/// <summary>The major projects' part of the context.</summary>
public sealed partial class AppDb
{
    public DbSet<MajorProject> MajorProjects => Set<MajorProject>();
    public DbSet<MajorNameBigram> MajorNameBigrams => Set<MajorNameBigram>();
    public DbSet<MajorMember> MajorMembers => Set<MajorMember>();
    public DbSet<MajorBand> MajorBands => Set<MajorBand>();
    public DbSet<MilestoneTemplate> MilestoneTemplates => Set<MilestoneTemplate>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<Supervision> Supervisions => Set<Supervision>();
    public DbSet<SupervisionWeek> SupervisionWeeks => Set<SupervisionWeek>();

    /// <summary>Projects this context changed in a way the major-project list copies, until the save's refresh (<see cref="MajorCopies"/>).</summary>
    internal HashSet<Guid>? StaleMajorCopies { get; set; }
}
