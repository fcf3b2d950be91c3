using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Tests.Projects;

public sealed class DemoLedgerTests
{
    [Fact]
    public async Task The_demo_ledger_holds_the_seeds_projects_with_their_facts_and_only_the_stages_the_seeds_prove()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Zhaoshang:DemoLedger"] = "true" });
        var projects = await app.WithDbAsync(d => d.Projects.IgnoreQueryFilters().ToListAsync());
        var byName = projects.ToDictionary(p => p.Name);
        foreach (var name in new[] { "恒力（贵阳）产业园项目", "万仁新能源汽车项目", "贵安新区华为云数据中心项目", "兴义万昌山边温泉项目", "瓮安磷氟新能源材料产业基地", "盘州磷氟煤产业基地项目" })
        {
            Assert.Contains(name, byName.Keys);
        }
        // 瓮安: 280亿 (seed 004), signed, in 瓮安县 under 黔南州.
        var wengan = byName["瓮安磷氟新能源材料产业基地"];
        Assert.Equal((ProjectStage.Signed, 28_000_000_000L), (wengan.Stage, wengan.ContractAmountYuan!.Value));
        Assert.EndsWith("/522700/522725/", wengan.OrgPath);
        // 恒力: the seed dates its signing and start but gives no amount, so the ledger does not claim the signing.
        var hengli = byName["恒力（贵阳）产业园项目"];
        Assert.Equal(ProjectStage.Negotiating, hengli.Stage);
        var note = await app.WithDbAsync(d => d.ProjectStageChanges.IgnoreQueryFilters().SingleAsync(s => s.ProjectId == hengli.Id));
        Assert.Contains("2020-12-26 开工", note.Evidence);
        Assert.True(await app.WithDbAsync(d => d.ProjectInvestors.AnyAsync(i => i.ProjectId == hengli.Id)));

        // Every Guiyang unit of seed 002 that owns projects has a 2023: projects, and funds or activities to count.
        var units = await app.WithDbAsync(d => d.Orgs.Where(o => o.Path.StartsWith("/520000/520100/") && o.Code != "520100").ToListAsync());
        var owners = units.Where(u => LedgerGenerator.Weight(u.Kind) > 0).ToList();
        Assert.True(owners.Count >= 40, $"{owners.Count} owning units");
        foreach (var unit in owners)
        {
            var ofUnit = projects.Where(p => p.OrgId == unit.Id && p.CreatedAt.Year == 2023).ToList();
            Assert.True(ofUnit.Count >= 4, $"{unit.Name}: {ofUnit.Count} projects in 2023");
        }
        var funds2023 = await app.WithDbAsync(d => d.FundEntries.IgnoreQueryFilters().Where(f => f.Year == 2023).SumAsync(f => f.AmountYuan));
        Assert.True(funds2023 > 0);
        var offices = units.Where(u => u.Kind == Zhaoshang.Web.Features.Orgs.OrgKind.ResidentOffice).Select(u => u.Id).ToList();
        Assert.All(offices, office => Assert.True(app.WithDbAsync(d => d.ActivityOffices.AnyAsync(a => a.OrgId == office)).Result, "a resident office without visits"));
        Assert.Equal(projects.Count, projects.Select(p => p.Code).Distinct().Count());

        // The leader of Guiyang sees Guiyang's, not 瓮安's.
        var leader = await app.ClientForAsync("leader.gy");
        async Task<List<string?>> FindAsync(string q) => (await leader.GetFromJsonAsync<JsonElement>("/api/projects?q=" + Uri.EscapeDataString(q)))
            .GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["恒力（贵阳）产业园项目"], await FindAsync("恒力（贵阳）"));
        Assert.Empty(await FindAsync("瓮安磷氟"));

        // Its 2023 assessment: seed 002's tables with their own mismatches (TargetTests adds them up by hand), the
        // rules seed 002 states, and figures computed from the generated year.
        var year = await leader.GetFromJsonAsync<JsonElement>("/api/targets?year=2023");
        Assert.Equal(5, year.GetProperty("sheets").GetArrayLength());
        Assert.Equal(5, year.GetProperty("warnings").GetArrayLength());
        var assessment = await leader.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=year");
        Assert.Equal(1, assessment.GetProperty("ruleVersion").GetInt32());
        var yunyanFunds = assessment.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("orgName").GetString() == "云岩区" && c.GetProperty("indicator").GetString() == "industryFunds");
        Assert.Equal(75, yunyanFunds.GetProperty("target").GetDecimal());
        Assert.True(yunyanFunds.GetProperty("actual").GetDecimal() > 0);
        Assert.Equal(5, assessment.GetProperty("units").EnumerateArray().Count(u => u.GetProperty("table").GetString() == "驻外办事处(联络处)"));

        // Issue 16, point 12: demo data a bureau would believe.
        // - Generated names name places in their own unit (云岩区's 云岩…, 乌当经济开发区's 乌当…, a city bureau's 贵阳…).
        var generated = projects.Where(p => p.Code.StartsWith("XM-2023-", StringComparison.Ordinal)).ToList();
        Assert.True(generated.Count > 300, $"{generated.Count} generated projects");
        var unitsById = units.ToDictionary(u => u.Id);
        foreach (var p in generated)
        {
            var unit = unitsById[p.OrgId];
            var place = LedgerGenerator.PlaceOf(unit) ?? (unit.ParentId is { } parent && unitsById.TryGetValue(parent, out var above) ? LedgerGenerator.PlaceOf(above) : "贵阳");
            Assert.True(p.Name.StartsWith(place!, StringComparison.Ordinal), $"{unit.Name}: {p.Name}");
        }
        // - Leader trips and strong enterprises are not zero for any unit that has a target for them; offices visit enterprises and earn lead bonuses.
        var cells = assessment.GetProperty("cells").EnumerateArray().ToList();
        foreach (var indicator in new[] { "leaderTrips", "strongEnterprises", "enterprisesVisited" })
        {
            var zero = cells.Where(c => c.GetProperty("indicator").GetString() == indicator && c.GetProperty("target").ValueKind == JsonValueKind.Number
                && c.GetProperty("actual").GetDecimal() == 0).Select(c => c.GetProperty("orgName").GetString()).ToList();
            Assert.True(zero.Count == 0, $"{indicator} is zero for {string.Join("、", zero)}");
        }
        Assert.Contains(assessment.GetProperty("units").EnumerateArray(), u => u.GetProperty("bonuses").EnumerateArray()
            .Any(b => b.GetProperty("kind").GetString() == "leadsAdopted" && b.GetProperty("points").GetDecimal() > 0));
        // - Problems and appeals in several states, each step taken by the account whose work it is.
        var states = await app.WithDbAsync(d => d.Set<Zhaoshang.Web.Features.Tickets.Ticket>().IgnoreQueryFilters().Select(t => t.State).Distinct().ToListAsync());
        Assert.True(states.Count >= 6, string.Join(", ", states));
        // - A desk officer for every district and zone (each receives its projects' problems and its investors' appeals);
        //   the enterprise account is tied to its enterprise.
        var officers = await app.WithDbAsync(d => (from u in d.Users.IgnoreQueryFilters()
                                                   join ur in d.UserRoles on u.Id equals ur.UserId
                                                   join r in d.Roles on ur.RoleId equals r.Id
                                                   where r.Name == Zhaoshang.Web.Features.Accounts.Roles.Officer
                                                   select u.OrgId).Distinct().ToListAsync());
        var desks = units.Where(u => u.Kind is Zhaoshang.Web.Features.Orgs.OrgKind.District or Zhaoshang.Web.Features.Orgs.OrgKind.DevZone).ToList();
        Assert.All(desks, d => Assert.True(officers.Contains(d.Id), $"{d.Name} has no desk officer"));
        Assert.NotNull(await app.WithDbAsync(d => d.Users.IgnoreQueryFilters().Where(u => u.UserName == "enterprise.demo").Select(u => u.EnterpriseId).SingleAsync()));
        // The assessor's home: the demo year's month close and the indicators behind time progress.
        using var assessor = await app.ClientForAsync("assessor.gy");
        var home = await assessor.GetStringAsync("/");
        Assert.Contains("2023年度考核", home);
        Assert.Contains("尚未关账", home);
        Assert.Matches(@"\d+ 项单位指标落后于时序进度（共 \d+ 项）", home);
    }
}
