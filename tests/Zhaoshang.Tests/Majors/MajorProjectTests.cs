using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Majors;

namespace Zhaoshang.Tests.Majors;

/// <summary>
/// Issue 19, point 1: the 拟招重大项目库 — projects at or above their level's band are listed at the highest level they
/// reach, others by hand; each keeps its "五个一"; each level sees its subtree.
/// </summary>
public sealed class MajorProjectTests
{
    private const long Yi = 100_000_000;

    [Theory, SqliteData, PostgresData]
    public async Task Projects_reach_each_levels_list_by_their_band_and_a_lead_does_not(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var small = await ProjectAsync(officer, "云岩区一亿项目", 1 * Yi, "reserve");
        var county = await ProjectAsync(officer, "云岩区三亿项目", 3 * Yi, "negotiating");
        var city = await ProjectAsync(officer, "云岩区十二亿项目", 12 * Yi, "reserve");
        var province = await ProjectAsync(officer, "云岩区二十五亿项目", 25 * Yi, "reserve");
        var lead = await ProjectAsync(officer, "云岩区三十亿线索", 30 * Yi, null);
        await SweepAsync(app);

        var listed = await ListAsync(officer, "");
        Assert.Equal(["county", "city", "province"], new[] { county, city, province }.Select(id => listed[id].GetProperty("level").GetString()!).ToArray());
        Assert.False(listed.ContainsKey(small));
        Assert.False(listed.ContainsKey(lead));
        Assert.Equal([city], (await ListAsync(officer, "?level=city")).Keys.ToArray());
        Assert.False(listed[county].GetProperty("byHand").GetBoolean());

        // The system admin lowers the city's band to 3亿: the sweep raises the 3亿 project to the city's list, and lists nothing new below.
        var (_, password) = await app.AddUserAsync("sys.majors", Roles.SysAdmin, "520000");
        var admin = await app.ClientForAsync("sys.majors", password);
        var wrongOrder = await admin.PutAsJsonAsync("/api/majors/bands", new[] { Band("county", 5 * Yi), Band("city", 3 * Yi), Band("province", 20 * Yi) });
        Assert.Equal(HttpStatusCode.BadRequest, wrongOrder.StatusCode);
        Assert.Contains("县级 ≤ 市级 ≤ 省级", await wrongOrder.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync("/api/majors/bands", new[] { Band("county", 2 * Yi), Band("city", 3 * Yi), Band("province", 20 * Yi) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/majors/bands", new[] { Band("county", 2 * Yi), Band("city", 3 * Yi), Band("province", 20 * Yi) })).StatusCode);
        Assert.Equal("city", (await ListAsync(officer, ""))[county].GetProperty("level").GetString());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_project_is_listed_by_hand_with_its_five_ones_and_each_level_sees_its_subtree(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var id = await ProjectAsync(officer, "云岩区手动列入项目", 1 * Yi, "negotiating");
        var lead = await ProjectAsync(officer, "云岩区线索项目", 1 * Yi, null);
        var leader = await app.UserIdAsync("leader.gy");
        var member = await app.UserIdAsync("officer.yunyan");
        var department = await app.OrgAsync("520103");

        // Refused, each by its field: a lead is not a major project; an officer is not a leader; no unit by that id.
        var refused = await officer.PutAsJsonAsync($"/api/majors/{lead}", new { });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("线索阶段", await refused.Content.ReadAsStringAsync());
        var notLeader = await officer.PutAsJsonAsync($"/api/majors/{id}", new { leaderUserId = member, responsibleOrgId = Guid.CreateVersion7() });
        Assert.Equal(HttpStatusCode.BadRequest, notLeader.StatusCode);
        var errors = (await notLeader.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("leaderUserId", out _));
        Assert.True(errors.TryGetProperty("responsibleOrgId", out _));

        // Someone of another city is neither above the project nor in the caller's scope: not on its task force.
        var elsewhere = await officer.PutAsJsonAsync($"/api/majors/{id}", new { taskForce = new[] { await app.UserIdAsync("officer.zunyi") } });
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.True((await elsewhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("taskForce", out _));
        Assert.DoesNotContain("遵义", await officer.GetStringAsync($"/api/majors/{id}/people"));

        var saved = await officer.PutAsJsonAsync($"/api/majors/{id}", new
        {
            group = "industry", leaderUserId = leader, responsibleOrgId = department.Id, taskForce = new[] { member },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var major = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("major");
        Assert.True(major.GetProperty("byHand").GetBoolean());
        Assert.Equal("county", major.GetProperty("level").GetString()); // below every band: the county's list
        Assert.Equal("industry", major.GetProperty("group").GetString());
        Assert.Equal("市级领导（演示）", major.GetProperty("leaderName").GetString());
        Assert.Equal(department.Name, major.GetProperty("responsibleOrgName").GetString());
        Assert.Equal(1, major.GetProperty("taskForceSize").GetInt32());

        // A stale edit is a conflict; the current one goes through.
        var version = major.GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/majors/{id}", new { group = "services", leaderUserId = leader, version })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PutAsJsonAsync($"/api/majors/{id}", new { group = "agriculture", version })).StatusCode);

        // The city's bureau reads its level's list; another district does not see this one.
        Assert.True((await ListAsync(await app.ClientForAsync("officer.tcj"), "")).ContainsKey(id));
        var nanming = await app.ClientForAsync("officer.nanming");
        Assert.False((await ListAsync(nanming, "")).ContainsKey(id));
        Assert.Equal(HttpStatusCode.NotFound, (await nanming.GetAsync($"/api/majors/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nanming.PutAsJsonAsync($"/api/majors/{id}", new { })).StatusCode);
    }

    private static object Band(string level, long amount) => new { level, minAmountYuan = amount };

    /// <summary>
    /// The list keeps its projects' name, stage, amount and unit (to filter, count and sort 50,000 in its own table): a
    /// save of the project refreshes them at once, a project handed to another unit takes its plan along into that
    /// unit's scope, and a change that bypassed the save is put back by the next sweep. Its name index (bigrams) follows
    /// the name and the unit the same way.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task The_list_follows_its_projects_name_stage_amount_and_unit(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var id = await ProjectAsync(officer, "云岩区跟随项目", 3 * Yi, "negotiating");
        await SweepAsync(app);
        var zone = await app.AddOrgAsync("520103-GS", "云岩区跟随园区", Web.Features.Orgs.OrgKind.DevZone, "520103");
        var (_, zonePassword) = await app.AddUserAsync("officer.gs", Roles.Officer, "520103-GS");
        var zoneOfficer = await app.ClientForAsync("officer.gs", zonePassword);
        Assert.False((await ListAsync(zoneOfficer, "")).ContainsKey(id));
        var major = (await ListAsync(officer, ""))[id];
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/majors/{id}/plan", new { version = major.GetProperty("version").GetInt64() })).StatusCode);

        // Signed at 25亿, then renamed and handed to the zone.
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-04-01", contractAmountYuan = 25 * Yi })).StatusCode);
        var version = (await officer.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("project").GetProperty("version").GetInt64();
        var moved = await officer.PutAsJsonAsync($"/api/projects/{id}", new { name = "云岩区跟随项目（二期）", orgId = zone.Id, agreedInvestmentYuan = 3 * Yi, version });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());

        var row = (await ListAsync(zoneOfficer, "?q=二期"))[id];
        Assert.Equal("云岩区跟随项目（二期）", row.GetProperty("name").GetString());
        Assert.Equal("signed", row.GetProperty("stage").GetString());
        Assert.Equal(25 * Yi, row.GetProperty("amountYuan").GetInt64());
        Assert.Equal("云岩区跟随园区", row.GetProperty("orgName").GetString());
        Assert.Contains(id, (await ListAsync(officer, "?stage=signed")).Keys);
        Assert.DoesNotContain(id, (await ListAsync(officer, "?stage=negotiating")).Keys);
        Assert.NotEmpty((await zoneOfficer.GetFromJsonAsync<JsonElement>($"/api/majors/{id}/plan")).EnumerateArray());

        // A change that went around the save (a repair by hand in the database) is put back by the sweep.
        await app.WithDbAsync(d => d.Projects.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "云岩区跟随项目（三期）")));
        Assert.DoesNotContain(id, (await ListAsync(zoneOfficer, "?q=三期")).Keys);
        await SweepAsync(app);
        Assert.Contains(id, (await ListAsync(zoneOfficer, "?q=三期")).Keys);
        Assert.Equal(id, Assert.Single(await ListAsync(zoneOfficer, "?q=跟随项目（三")).Key);
        Assert.Empty(await ListAsync(zoneOfficer, "?q=跟随项目（二"));
        // One character has no bigram: the names themselves are read.
        Assert.Contains(id, (await ListAsync(zoneOfficer, "?q=随")).Keys);

        // A row of the list without its name index (listed before the index existed) is found again after the sweep.
        await app.WithDbAsync(d => d.MajorNameBigrams.Where(g => g.ProjectId == id).ExecuteDeleteAsync());
        Assert.DoesNotContain(id, (await ListAsync(zoneOfficer, "?q=三期")).Keys);
        await SweepAsync(app);
        Assert.Contains(id, (await ListAsync(zoneOfficer, "?q=三期")).Keys);
        Assert.True(await app.WithDbAsync(d => d.MajorNameBigrams.IgnoreQueryFilters().Where(g => g.ProjectId == id).AllAsync(g => g.OrgPath == zone.Path)));
    }

    internal static async Task<Guid> ProjectAsync(HttpClient officer, string name, long amount, string? stage)
    {
        var created = await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = amount });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (stage is not null)
        {
            var moved = await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = stage, date = "2026-03-01" });
            Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        }
        return id;
    }

    internal static async Task SweepAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<MajorDesignation>().SweepBandsAsync();
    }

    private static async Task<Dictionary<Guid, JsonElement>> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/majors" + query)).GetProperty("items").EnumerateArray()
            .ToDictionary(m => m.GetProperty("projectId").GetGuid());
}
