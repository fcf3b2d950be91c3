using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// The demo's routing data for 贵阳市 (seed 001's mechanism): the city bureau is the desk for city-level tickets, the
/// provincial bureau for province-level ones; factor problems go to the factor-guarantee departments, comprehensive ones
/// to the leading-group office's joint meeting, single items to whichever department the dispatcher picks.
/// </summary>
public static class DemoRouting
{
    public static async Task SeedAsync(AppDb db, IReadOnlyDictionary<string, Org> byCode, DateTime now)
    {
        if (!byCode.TryGetValue(GuizhouOrgs.GuiyangCode, out var guiyang))
        {
            return;
        }
        Guid Id(string code) => byCode[code].Id;
        db.Set<TicketDesk>().AddRange(
            new TicketDesk { AreaOrgId = guiyang.Id, Level = TicketLevel.City, DeskOrgId = Id("520100-D01") },
            new TicketDesk { AreaOrgId = Id(GuizhouOrgs.ProvinceCode), Level = TicketLevel.Province, DeskOrgId = Id("520000-D01") });
        RoutingRule Rule(TicketCategory category, string? handler, int days, bool meeting = false) => new()
        {
            Id = Guid.CreateVersion7(), AreaOrgId = guiyang.Id, Category = category, HandlerOrgId = handler is null ? null : Id(handler),
            SlaWorkingDays = days, ToJointMeeting = meeting,
        };
        db.Set<RoutingRule>().AddRange(
            Rule(TicketCategory.SingleItem, null, 10),
            Rule(TicketCategory.Land, "520100-D16", 15),
            Rule(TicketCategory.Power, "520100-D04", 10),
            Rule(TicketCategory.Water, "520100-D04", 10),
            Rule(TicketCategory.Gas, "520100-D04", 10),
            Rule(TicketCategory.Financing, "520100-D12", 10),
            Rule(TicketCategory.Labour, "520100-D17", 10),
            Rule(TicketCategory.Approvals, "520100-D18", 5),
            Rule(TicketCategory.Comprehensive, "520100-LGO", 20, meeting: true));
        // The joint meeting sits on the last Friday of each of the next three months.
        var office = byCode["520100-LGO"];
        var today = ChinaTime.Day(now);
        for (var m = 0; m < 3; m++)
        {
            var month = new DateOnly(today.Year, today.Month, 1).AddMonths(m + 1).AddDays(-1);
            while (month.DayOfWeek != DayOfWeek.Friday)
            {
                month = month.AddDays(-1);
            }
            db.Set<JointMeeting>().Add(new JointMeeting
            {
                Id = Guid.CreateVersion7(), OrgId = office.Id, OrgPath = office.Path, Date = month, Title = $"贵阳市重大招商项目联席会议（{month:yyyy年M月}）",
            });
        }
        await db.SaveChangesAsync();
    }
}
