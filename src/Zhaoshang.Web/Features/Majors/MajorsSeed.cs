using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>The levels' bands (reference data, DOMAIN.md's defaults) and, with the demo ledger, its major projects listed by their band.</summary>
public sealed class MajorsSeed : ISeed
{
    public int Order => 13;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        var db = context.Db;
        if (!await db.MajorBands.AnyAsync(ct))
        {
            db.MajorBands.AddRange(MajorBand.Defaults.Select(d => new MajorBand { Level = d.Level, MinAmountYuan = d.MinAmountYuan }));
            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>
/// With the demo ledger just made: its major projects, listed by their band; 云岩区's signed ones with the city leader as
/// their leader, the district's officer on the task force, and a plan whose past nodes were met a few days either side
/// of their dates, but for one node each on two projects, left open (red on the Gantt; the sweep warns and files them).
/// </summary>
public sealed class DemoMajorsSeed : ISeed
{
    public int Order => 125;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        if (!context.DemoLedgerCreated)
        {
            return;
        }
        var services = context.Services;
        await services.GetRequiredService<MajorDesignation>().SweepBandsAsync(ct);
        var db = context.Db;
        var leader = await db.Users.Where(u => u.UserName == "leader.gy").Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        var officer = await db.Users.Where(u => u.UserName == "officer.yunyan").Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        Projects.ProjectStage[] signed = [Projects.ProjectStage.Signed, Projects.ProjectStage.Started, Projects.ProjectStage.Operating];
        var majors = await (from m in db.MajorProjects
                            join p in db.Projects on m.ProjectId equals p.Id
                            where p.OrgPath.Contains("/520103/") && signed.Contains(p.Stage)
                            orderby p.AgreedInvestmentYuan descending
                            select m).Take(6).ToListAsync(ct);
        foreach (var major in majors)
        {
            (major.LeaderUserId, major.ResponsibleOrgId) = (leader, major.OrgId);
            if (officer is { } o)
            {
                db.MajorMembers.Add(new MajorMember { ProjectId = major.ProjectId, UserId = o, OrgPath = major.OrgPath });
            }
        }
        await db.SaveChangesAsync(ct);
        var plans = services.GetRequiredService<MilestonePlans>();
        var today = services.GetRequiredService<TimeProvider>().Today();
        var random = new Random(19);
        for (var i = 0; i < majors.Count; i++)
        {
            var id = majors[i].ProjectId;
            var version = await db.MajorProjects.AsNoTracking().Where(m => m.ProjectId == id).Select(m => m.Version).FirstAsync(ct);
            var plan = await plans.CreateFromTemplateAsync(id, version, ct);
            // Nodes are met in order until a stage the project has not reached (its own dates stand for those).
            var actuals = new List<DateOnly?>();
            var reached = true;
            foreach (var n in plan)
            {
                var stage = IsStage(n.Code);
                reached &= !stage || n.ActualDate is not null;
                actuals.Add(stage ? n.ActualDate
                    : reached && n.PlannedDate is { } d && d < today.AddDays(-20) ? Min(d.AddDays(random.Next(-5, 20)), today) : null);
            }
            if (i < 2 && actuals.FindLastIndex(a => a is not null) is var last and >= 0 && !IsStage(plan[last].Code))
            {
                actuals[last] = null; // left open: overdue
            }
            var nodes = plan.Select((n, k) => new PlanNode(n.Code, n.Name, n.PlannedDate, actuals[k])).ToArray();
            version = await db.MajorProjects.AsNoTracking().Where(m => m.ProjectId == id).Select(m => m.Version).FirstAsync(ct);
            await plans.SaveAsync(id, new PlanInput(nodes, version), ct);
        }
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static bool IsStage(string code) => code is PlanTemplates.Start or PlanTemplates.Production or PlanTemplates.Capacity;
}
