using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Data;

/// <summary>The ledger's part of the context (configured in ProjectConfiguration.cs).</summary>
public sealed partial class AppDb
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectNameBigram> ProjectNameBigrams => Set<ProjectNameBigram>();
    public DbSet<Industry> Industries => Set<Industry>();
    public DbSet<SavedFilter> SavedFilters => Set<SavedFilter>();
    public DbSet<ProjectInvestor> ProjectInvestors => Set<ProjectInvestor>();
    public DbSet<ProjectStageChange> ProjectStageChanges => Set<ProjectStageChange>();
    public DbSet<FundEntry> FundEntries => Set<FundEntry>();
    public DbSet<ProjectHandoff> ProjectHandoffs => Set<ProjectHandoff>();
}
