using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>
/// The demo year's investors: each generated project's company becomes an enterprise of the registry, about a fifth of
/// them 优强 (a central SOE, a 500强, a 专精特新 or a 独角兽), tied to the project as its investor and to the activities that
/// met it. Every unit with signings in the year gets at least one strong investor, so no unit's 优强企业 is zero by chance.
/// Generated names, never real companies' (the seeds' real projects keep their own investors).
/// </summary>
public static class DemoInvestors
{
    /// <summary>
    /// The enterprise the demo's enterprise account (enterprise.demo) belongs to, registered by its zone, so an investor
    /// can file and follow an appeal out of the box (the demo ledger's appeals are this enterprise's).
    /// </summary>
    public static Enterprise AccountEnterprise(Org registrar, DateTime now)
    {
        const string first17 = "91520100MA6J9W4P0";
        var enterprise = new Enterprise
        {
            Id = Guid.CreateVersion7(), Name = "贵州云创智能装备有限公司", CreditCode = first17 + CreditCode.CheckCharacter(first17),
            Ownership = Ownership.Private, Classes = EnterpriseClass.HighTech, Headquarters = "贵阳", Industry = "先进装备制造", OrgId = registrar.Id, OrgPath = registrar.Path, CreatedAt = now,
        };
        enterprise.Derive();
        return enterprise;
    }

    private static readonly string[] Regions = ["贵州", "贵阳", "北京", "上海", "广东", "深圳", "浙江", "江苏", "重庆", "四川", "湖南", "福建"];

    public static List<Enterprise> Attach(AppDb db, IReadOnlyList<GeneratedProject> generated, Org registrar,
        int year, Random random, DateTime now)
    {
        var enterprises = new List<Enterprise>();
        var byName = new Dictionary<string, Enterprise>();
        foreach (var g in generated)
        {
            var p = g.Project;
            var name = $"{Regions[random.Next(Regions.Length)]}{g.Company}有限公司";
            var roll = random.NextDouble();
            if (!byName.TryGetValue(name, out var enterprise)) // the same company again: a second project of one investor
            {
                enterprise = new Enterprise
                {
                    Id = Guid.CreateVersion7(), Name = name, OrgId = registrar.Id, OrgPath = registrar.Path, CreatedAt = now, Industry = p.Industry,
                };
                (enterprise.Ownership, enterprise.Classes, enterprise.Specialized) = roll switch
                {
                    < 0.05 => (Ownership.CentralSoe, EnterpriseClass.China500, SpecializedLevel.None),
                    < 0.09 => (Ownership.Private, EnterpriseClass.Private500 | EnterpriseClass.Listed, SpecializedLevel.None),
                    < 0.17 => (Ownership.Private, EnterpriseClass.HighTech, SpecializedLevel.Provincial),
                    < 0.19 => (Ownership.Private, EnterpriseClass.Unicorn, SpecializedLevel.None),
                    < 0.35 => (Ownership.Private, EnterpriseClass.HighTech, SpecializedLevel.None),
                    < 0.45 => (Ownership.LocalSoe, EnterpriseClass.None, SpecializedLevel.None),
                    _ => (Ownership.Private, EnterpriseClass.None, SpecializedLevel.None),
                };
                enterprise.Derive();
                byName[name] = enterprise;
                db.Enterprises.Add(enterprise);
            }
            enterprises.Add(enterprise);
            db.ProjectInvestors.Add(new ProjectInvestor { ProjectId = p.Id, EnterpriseId = enterprise.Id });
            // The project's visits, inspections and talks met its investor.
            foreach (var activity in g.Activities.Where(a => a.Kind is ActivityKind.Visit or ActivityKind.Inspection or ActivityKind.Negotiation or ActivityKind.SigningCeremony))
            {
                db.Set<ActivityEnterprise>().Add(new ActivityEnterprise
                {
                    ActivityId = activity.Id, EnterpriseId = enterprise.Id, Date = activity.Date, Kind = activity.Kind, OrgPath = activity.OrgPath,
                });
            }
        }
        // A unit whose year's signings all came from ordinary companies gets one strong investor among them.
        var byProject = generated.Zip(enterprises).ToDictionary(x => x.First.Project.Id, x => x.Second);
        enterprises = enterprises.Distinct().ToList();
        foreach (var unit in generated.Where(g => g.Project.ContractDate?.Year == year).GroupBy(g => g.Project.OrgId))
        {
            if (!unit.Any(g => byProject[g.Project.Id].IsStrong))
            {
                var investor = byProject[unit.OrderByDescending(g => g.Project.ContractAmountYuan).First().Project.Id];
                investor.Specialized = SpecializedLevel.Provincial;
                investor.Classes |= EnterpriseClass.HighTech;
                investor.Derive();
            }
        }
        return enterprises;
    }
}
