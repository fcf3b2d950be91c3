using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Assessment;

namespace Zhaoshang.Web.Data;

/// <summary>The assessment's part of the context.</summary>
public sealed partial class AppDb
{
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<TargetYear> TargetYears => Set<TargetYear>();
    public DbSet<TargetSheet> TargetSheets => Set<TargetSheet>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<RuleSet> RuleSets => Set<RuleSet>();
    public DbSet<Adjustment> Adjustments => Set<Adjustment>();
    public DbSet<ClosedMonth> ClosedMonths => Set<ClosedMonth>();
}
