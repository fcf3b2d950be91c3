using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>
/// The demo year's leader trips and leads (seed 002): every unit that has a 领导赴省外招商 target makes trips out of the
/// province, its principal leaders or others, each meeting a few enterprises (a district's principal leader who also
/// heads its provincial zone counts the trip for both); every resident office reports leads, and the city's principal
/// leaders take some of them up on trips the city bureau records. So no unit's trips or bonus are zero by construction.
/// </summary>
public static class DemoActivities
{
    private static readonly string[] Cities = ["北京", "上海", "深圳", "广州", "杭州", "苏州", "成都", "重庆", "武汉", "长沙", "厦门", "天津"];

    public static void Add(AppDb db, IReadOnlyList<Org> units, IReadOnlyList<Enterprise> enterprises, int year, Random random, DateTime now)
    {
        if (enterprises.Count == 0)
        {
            return;
        }
        var met = new HashSet<(Guid, Guid)>();
        void Meet(Activity trip, Guid enterprise)
        {
            if (met.Add((trip.Id, enterprise)))
            {
                db.Set<ActivityEnterprise>().Add(new ActivityEnterprise { ActivityId = trip.Id, EnterpriseId = enterprise, Date = trip.Date, Kind = trip.Kind, OrgPath = trip.OrgPath });
            }
        }
        Activity Trip(Org org, DateOnly date, LeaderRank leader, Guid? joint, string city)
        {
            var trip = new Activity
            {
                Id = Guid.CreateVersion7(), Kind = ActivityKind.LeaderTrip, Date = date, Leader = leader, JointOrgId = joint,
                Title = $"{(leader == LeaderRank.Principal ? "主要领导" : "分管领导")}率队赴{city}招商", People = "带队领导及招商专班",
                OrgId = org.Id, OrgPath = org.Path, CreatedAt = now,
            };
            db.Activities.Add(trip);
            for (var i = 1 + random.Next(3); i > 0; i--)
            {
                Meet(trip, enterprises[random.Next(enterprises.Count)].Id);
            }
            return trip;
        }
        DateOnly Day() => new DateOnly(year, 1, 1).AddDays(random.Next(DateTime.IsLeapYear(year) ? 366 : 365));

        // Trips: a district or zone a couple a month, a department or SOE one every other month, each unit at its own pace.
        var zones = units.Where(u => u.Kind == OrgKind.DevZone && u.ParentId is not null).ToLookup(u => u.ParentId!.Value);
        foreach (var unit in units.Where(u => u.Kind is OrgKind.District or OrgKind.DevZone or OrgKind.Department or OrgKind.Soe))
        {
            var count = unit.Kind is OrgKind.District or OrgKind.DevZone ? 8 + random.Next(18) : 2 + random.Next(6);
            for (var i = 0; i < count; i++)
            {
                var principal = random.NextDouble() < 0.5;
                // A district's principal leader who heads one of its provincial zones too: the trip counts for both.
                var joint = principal && unit.Kind == OrgKind.District && zones[unit.Id].FirstOrDefault() is { } zone && random.NextDouble() < 0.3 ? zone.Id : (Guid?)null;
                Trip(unit, Day(), principal ? LeaderRank.Principal : LeaderRank.Other, joint, Cities[random.Next(Cities.Length)]);
            }
        }

        // Leads: each resident office reports a dozen; the city's principal leaders take some up (recorded by the city bureau).
        var bureau = units.FirstOrDefault(u => u.Kind == OrgKind.Department && u.Coordinates);
        var leads = new List<Lead>();
        foreach (var office in units.Where(u => u.Kind == OrgKind.ResidentOffice))
        {
            for (var i = 0; i < 8 + random.Next(8); i++)
            {
                var enterprise = enterprises[random.Next(enterprises.Count)];
                var lead = new Lead
                {
                    Id = Guid.CreateVersion7(), EnterpriseId = enterprise.Id, Date = new DateOnly(year, 1, 1).AddDays(random.Next(300)),
                    Title = $"{enterprise.Name}投资意向", Content = "企业有意在筑投资建设区域总部及生产基地，请求对接用地与配套政策。",
                    OrgId = office.Id, OrgPath = office.Path, CreatedAt = now,
                };
                leads.Add(lead);
                db.Set<Lead>().Add(lead);
            }
        }
        if (bureau is null)
        {
            return;
        }
        for (var i = 0; i < 6; i++)
        {
            var date = new DateOnly(year, 2 * i + 1, 15);
            var trip = Trip(bureau, date, LeaderRank.Principal, null, Cities[i]);
            trip.Title = $"市委、市政府主要领导赴{Cities[i]}招商考察";
            var open = leads.Where(l => l.Date <= date).ToList();
            foreach (var lead in Enumerable.Range(0, Math.Min(open.Count, 2 + random.Next(3))).Select(_ => open[random.Next(open.Count)]).Distinct())
            {
                db.Set<ActivityLead>().Add(new ActivityLead { ActivityId = trip.Id, LeadId = lead.Id });
                Meet(trip, lead.EnterpriseId); // the trip met the enterprise it took up
            }
        }
    }
}
