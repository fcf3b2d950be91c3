using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// One investment project on the ledger (台账), from lead to full production. Scoped by the responsible unit; the
/// stable <see cref="Id"/> is also the id handed to the development-and-reform 在建库 at start, so it is counted once.
/// Money is whole yuan (ADR-003).
/// </summary>
public sealed class Project : IScoped, IVersioned
{
    public Guid Id { get; set; }
    /// <summary>Readable, unique: ZS-2026-000123.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    /// <summary>Where the project is built (a district or zone), which may differ from the responsible unit.</summary>
    public Guid? LocationOrgId { get; set; }
    public string? Industry { get; set; }
    public long AgreedInvestmentYuan { get; set; }
    public long? ContractAmountYuan { get; set; }
    public DateOnly? ContractDate { get; set; }
    public DateOnly? PlannedStartDate { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? ProductionDate { get; set; }
    public DateOnly? CapacityDate { get; set; }
    public decimal? DesignedCapacity { get; set; }
    public decimal? ActualCapacity { get; set; }
    public decimal? LandMu { get; set; }
    public int? PlannedJobs { get; set; }
    public bool IsIndustrial { get; set; }
    public bool IsHqEconomy { get; set; }
    public bool IsDigitalEconomy { get; set; }
    public bool IsCentralSoeProject { get; set; }
    public string? Channel { get; set; }
    public decimal? FactoryAreaM2 { get; set; }
    public ProjectStage Stage { get; set; }
    /// <summary>The stage a project on hold was in, to resume there.</summary>
    public ProjectStage? HeldFrom { get; set; }
    public DateOnly? StageDate { get; set; }
    public string? StageReason { get; set; }
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One bigram of a project's name, for Chinese substring search (<see cref="Shared.Bigrams"/>). It carries the project's
/// org path and is keyed (gram, path, project), so a lookup reads only the bigrams inside the caller's subtree: a
/// county's posting list for a common word stays as short as the county, whatever the size of the province.
/// </summary>
public sealed class ProjectNameBigram : INotAudited, IScoped
{
    public int Gram { get; set; }
    public string OrgPath { get; set; } = "";
    public Guid ProjectId { get; set; }

    public static IEnumerable<ProjectNameBigram> For(Project project) =>
        Shared.Bigrams.Of(project.Name).Select(g => new ProjectNameBigram { Gram = g, OrgPath = project.OrgPath, ProjectId = project.Id });

    /// <summary>
    /// The stored bigrams of a project as it is now (call it before changing its name or unit), looked up by their key:
    /// there is no index by project.
    /// </summary>
    public static IQueryable<ProjectNameBigram> Stored(IQueryable<ProjectNameBigram> bigrams, Project project)
    {
        var grams = Shared.Bigrams.Of(project.Name);
        var (path, id) = (project.OrgPath, project.Id);
        return bigrams.Where(g => grams.Contains(g.Gram) && g.OrgPath == path && g.ProjectId == id);
    }
}

/// <summary>An investor of a project (a project may have several).</summary>
public sealed class ProjectInvestor
{
    public Guid ProjectId { get; set; }
    public Guid EnterpriseId { get; set; }
}

/// <summary>Every stage change, kept for the timeline: who, when, from what to what, with its evidence. It is history
/// derived from the project's own audited change (stage, dates and amounts before → after), so it is not audited twice.</summary>
public sealed class ProjectStageChange : IScoped, INotAudited
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public ProjectStage From { get; set; }
    public ProjectStage To { get; set; }
    public DateOnly? Date { get; set; }
    public string? Evidence { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public DateTime At { get; set; }
    public string OrgPath { get; set; } = "";
}

/// <summary>
/// Funds in place (到位资金) for a month. A correction is a new entry (negative if need be), never an overwrite, so
/// a closed month's figure can always be reproduced.
/// </summary>
public sealed class FundEntry : IScoped
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public long AmountYuan { get; set; }
    public string? Evidence { get; set; }
    public Guid? CorrectsId { get; set; }
    public Guid? UserId { get; set; }
    public DateTime At { get; set; }
    public string OrgPath { get; set; } = "";
}

/// <summary>
/// The hand-off to the development-and-reform commission's 在建库 when a project first starts: the same stable id,
/// so the project is counted once across both libraries. Derived from the project's audited start, not audited twice.
/// </summary>
public sealed class ProjectHandoff : IScoped, INotAudited
{
    public Guid ProjectId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public DateOnly StartDate { get; set; }
    public long AgreedInvestmentYuan { get; set; }
    public long? ContractAmountYuan { get; set; }
    public bool IsIndustrial { get; set; }
    public string OrgPath { get; set; } = "";
    public DateTime At { get; set; }
}
