using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Bench;

/// <summary>One column of a bulk-loaded table and how to read it from the entity (enums already as EF stores them).</summary>
public sealed record Column(string Name, Func<object, object?> Value);

/// <summary>A table the loader fills, with its key (to read an EF-written row back) and every column EF writes.</summary>
public sealed record Table(string Name, string[] Key, Column[] Columns, Func<GeneratedProject, IEnumerable<object>> Rows)
{
    private static Column C<T>(string name, Func<T, object?> value) => new(name, o => value((T)o));

    // Enums are stored as their names (HasConversion<string>), so they are written as strings here too.
    public static readonly Table[] All =
    [
        new("Projects", ["Id"],
        [
            C<Project>("Id", p => p.Id), C<Project>("Code", p => p.Code), C<Project>("Name", p => p.Name), C<Project>("OrgId", p => p.OrgId),
            C<Project>("OrgPath", p => p.OrgPath), C<Project>("LocationOrgId", p => p.LocationOrgId), C<Project>("Industry", p => p.Industry),
            C<Project>("AgreedInvestmentYuan", p => p.AgreedInvestmentYuan), C<Project>("ContractAmountYuan", p => p.ContractAmountYuan),
            C<Project>("ContractDate", p => p.ContractDate), C<Project>("PlannedStartDate", p => p.PlannedStartDate),
            C<Project>("StartDate", p => p.StartDate), C<Project>("ProductionDate", p => p.ProductionDate),
            C<Project>("CapacityDate", p => p.CapacityDate), C<Project>("DesignedCapacity", p => p.DesignedCapacity),
            C<Project>("ActualCapacity", p => p.ActualCapacity), C<Project>("LandMu", p => p.LandMu), C<Project>("PlannedJobs", p => p.PlannedJobs),
            C<Project>("IsIndustrial", p => p.IsIndustrial), C<Project>("IsHqEconomy", p => p.IsHqEconomy),
            C<Project>("IsDigitalEconomy", p => p.IsDigitalEconomy), C<Project>("IsCentralSoeProject", p => p.IsCentralSoeProject),
            C<Project>("Channel", p => p.Channel), C<Project>("FactoryAreaM2", p => p.FactoryAreaM2), C<Project>("Stage", p => p.Stage.ToString()),
            C<Project>("HeldFrom", p => p.HeldFrom?.ToString()), C<Project>("StageDate", p => p.StageDate), C<Project>("StageReason", p => p.StageReason),
            C<Project>("Version", p => p.Version), C<Project>("CreatedAt", p => p.CreatedAt),
        ], g => [g.Project]),
        new("ProjectNameBigrams", ["Gram", "OrgPath", "ProjectId"],
            [C<ProjectNameBigram>("Gram", g => g.Gram), C<ProjectNameBigram>("OrgPath", g => g.OrgPath), C<ProjectNameBigram>("ProjectId", g => g.ProjectId)], g => g.Grams),
        new("ProjectStageChanges", ["Id"],
        [
            C<ProjectStageChange>("Id", s => s.Id), C<ProjectStageChange>("ProjectId", s => s.ProjectId), C<ProjectStageChange>("From", s => s.From.ToString()),
            C<ProjectStageChange>("To", s => s.To.ToString()), C<ProjectStageChange>("Date", s => s.Date), C<ProjectStageChange>("Evidence", s => s.Evidence),
            C<ProjectStageChange>("UserId", s => s.UserId), C<ProjectStageChange>("UserName", s => s.UserName), C<ProjectStageChange>("At", s => s.At),
            C<ProjectStageChange>("OrgPath", s => s.OrgPath),
        ], g => g.StageChanges),
        new("ProjectHandoffs", ["ProjectId"],
        [
            C<ProjectHandoff>("ProjectId", h => h.ProjectId), C<ProjectHandoff>("Code", h => h.Code), C<ProjectHandoff>("Name", h => h.Name),
            C<ProjectHandoff>("StartDate", h => h.StartDate), C<ProjectHandoff>("AgreedInvestmentYuan", h => h.AgreedInvestmentYuan),
            C<ProjectHandoff>("ContractAmountYuan", h => h.ContractAmountYuan), C<ProjectHandoff>("IsIndustrial", h => h.IsIndustrial),
            C<ProjectHandoff>("OrgPath", h => h.OrgPath), C<ProjectHandoff>("At", h => h.At),
        ], g => g.Handoff is null ? [] : [g.Handoff]),
        new("FundEntries", ["Id"],
        [
            C<FundEntry>("Id", f => f.Id), C<FundEntry>("ProjectId", f => f.ProjectId), C<FundEntry>("Year", f => f.Year), C<FundEntry>("Month", f => f.Month),
            C<FundEntry>("AmountYuan", f => f.AmountYuan), C<FundEntry>("Evidence", f => f.Evidence), C<FundEntry>("CorrectsId", f => f.CorrectsId),
            C<FundEntry>("UserId", f => f.UserId), C<FundEntry>("At", f => f.At), C<FundEntry>("OrgPath", f => f.OrgPath),
        ], g => g.Funds),
        new("Activities", ["Id"],
        [
            C<Activity>("Id", a => a.Id), C<Activity>("Kind", a => a.Kind.ToString()), C<Activity>("Date", a => a.Date), C<Activity>("Title", a => a.Title),
            C<Activity>("People", a => a.People), C<Activity>("Participants", a => a.Participants),
            C<Activity>("ProjectId", a => a.ProjectId), C<Activity>("Outcome", a => a.Outcome), C<Activity>("OrgId", a => a.OrgId),
            C<Activity>("Leader", a => a.Leader?.ToString()), C<Activity>("JointOrgId", a => a.JointOrgId),
            C<Activity>("OrgPath", a => a.OrgPath), C<Activity>("Version", a => a.Version), C<Activity>("CreatedAt", a => a.CreatedAt),
        ], g => g.Activities),
        new("ActivityOffices", ["ActivityId", "OrgId"],
        [
            C<ActivityOffice>("ActivityId", o => o.ActivityId), C<ActivityOffice>("OrgId", o => o.OrgId), C<ActivityOffice>("Role", o => o.Role.ToString()),
        ], g => g.Offices),
    ];
}
