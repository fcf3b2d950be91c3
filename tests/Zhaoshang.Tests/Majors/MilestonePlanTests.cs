using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Majors;

/// <summary>
/// Issue 19, point 2: a major project's plan from its group's template, its dates kept by hand and checked whole, the
/// group templates checked whole; a slipping node warns the leader and the task force, and later opens one problem
/// through the dispatch.
/// </summary>
public sealed class MilestonePlanTests
{
    private static readonly Dictionary<string, string?> FastJobs = new()
    {
        ["Majors:SweepInterval"] = "00:00:00.300",
        ["Majors:LeaseTime"] = "00:00:05",
    };

    [Theory, SqliteData, PostgresData]
    public async Task A_plan_is_made_from_the_template_from_the_signing_and_a_bad_plan_writes_nothing(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var id = await Tickets.TicketFlow.SignedProjectAsync(officer, "云岩区计划表项目"); // signed 2026-09-01, industrial
        var major = await ListAsync(officer, id);

        var made = await officer.PostAsJsonAsync($"/api/majors/{id}/plan", new { version = major.GetProperty("version").GetInt64() });
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var plan = (await made.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        // The industry group's template: 备案 30 days after signing, 用地预审 30 after it, 土地供应 60 after that …
        Assert.Equal(["filing", "landPrecheck", "eia", "landSupply", "planning", "constructionPermit", "start", "structure", "equipment", "production", "capacity"],
            plan.Select(n => n.GetProperty("code").GetString()!).ToArray());
        Assert.Equal("2026-10-01", Planned(plan, "filing"));
        Assert.Equal("2026-10-31", Planned(plan, "landPrecheck"));
        Assert.Equal("2026-12-30", Planned(plan, "landSupply"));
        Assert.Equal("2027-03-15", Planned(plan, "start")); // 12-30 + 30 规划 + 30 施工许可 + 15
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/majors/{id}/plan", new { version = 1 })).StatusCode); // once

        // One bad row refuses the whole plan, naming the node and its field; nothing is written.
        var version = (await ListAsync(officer, id)).GetProperty("version").GetInt64();
        var nodes = plan.Select(n => new { code = n.GetProperty("code").GetString(), name = n.GetProperty("name").GetString(), plannedDate = n.GetProperty("plannedDate").GetString(), actualDate = (string?)null }).ToList();
        nodes[0] = nodes[0] with { actualDate = "2026-08-20" };
        var early = await officer.PutAsJsonAsync($"/api/majors/{id}/plan", new { nodes, version });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("早于项目签约日期 2026-09-01", problem.GetProperty("errors").GetProperty("nodes[0].actualDate")[0].GetString());
        nodes[0] = nodes[0] with { actualDate = "2026-09-20" };
        nodes[1] = nodes[1] with { code = "filing" };
        var twice = await officer.PutAsJsonAsync($"/api/majors/{id}/plan", new { nodes, version });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("重复", await twice.Content.ReadAsStringAsync());
        Assert.Null((await officer.GetFromJsonAsync<JsonElement>($"/api/majors/{id}/plan"))[0].GetProperty("actualDate").GetString());

        nodes[1] = nodes[1] with { code = "landPrecheck" };
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/majors/{id}/plan", new { nodes, version })).StatusCode);
        Assert.Equal("2026-09-20", (await officer.GetFromJsonAsync<JsonElement>($"/api/majors/{id}/plan"))[0].GetProperty("actualDate").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PutAsJsonAsync($"/api/majors/{id}/plan", new { nodes, version })).StatusCode); // stale
    }

    /// <summary>The plan as a workbook: exported in the import's format; a workbook with one bad row writes nothing and names the row and column.</summary>
    [Fact]
    public async Task A_plan_workbook_is_imported_whole_or_not_at_all()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var id = await Tickets.TicketFlow.SignedProjectAsync(officer, "云岩区计划导入项目");
        var version = (await ListAsync(officer, id)).GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/majors/{id}/plan", new { version })).StatusCode);
        version = (await ListAsync(officer, id)).GetProperty("version").GetInt64();
        var exported = await officer.GetAsync($"/api/majors/{id}/plan/export");
        Assert.Equal(Zhaoshang.Web.Shared.Xlsx.ContentType, exported.Content.Headers.ContentType?.MediaType);

        async Task<HttpResponseMessage> ImportAsync(IEnumerable<object?[]> rows)
        {
            var file = new MemoryStream();
            Zhaoshang.Web.Shared.Xlsx.Write(file, "计划表", ["序号", "节点", "计划日期", "实际日期"], rows);
            using var content = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "计划表.xlsx" } };
            return await officer.PostAsync($"/api/majors/{id}/plan/import?version={version}", content);
        }
        var bad = await ImportAsync([[1, "项目备案/核准", "2026-10-01", "2026-08-01"], [2, "开工", "2027-03-15", null], [3, "开工", "2027-04-01", null]]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 4 && e.GetProperty("column").GetString() == "节点");
        Assert.Equal(11, (await officer.GetFromJsonAsync<JsonElement>($"/api/majors/{id}/plan")).GetArrayLength()); // nothing written

        var early = await ImportAsync([[1, "项目备案/核准", "2026-10-01", "2026-08-01"], [2, "开工", "2027-03-15", null]]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        var rule = (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal((2, "实际日期"), (rule.GetProperty("row").GetInt32(), rule.GetProperty("column").GetString()));
        Assert.Contains("早于项目签约日期", rule.GetProperty("message").GetString());

        var good = await ImportAsync([[1, "项目备案/核准", "2026-10-01", "2026-09-25"], [2, "开工", "2027-03-15", null], [3, "试生产", "2027-12-01", null]]);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var plan = (await officer.GetFromJsonAsync<JsonElement>($"/api/majors/{id}/plan")).EnumerateArray().ToList();
        Assert.Equal(["filing", "start", "n1"], plan.Select(n => n.GetProperty("code").GetString()!).ToArray()); // matched by name; a new name is a new node
        Assert.Equal("2026-09-25", plan[0].GetProperty("actualDate").GetString());
    }

    [Fact]
    public async Task A_template_with_a_cycle_a_repeated_node_or_an_unknown_predecessor_is_refused()
    {
        using var app = new TestApp();
        var (_, password) = await app.AddUserAsync("sys.plans", Roles.SysAdmin, "520000");
        var admin = await app.ClientForAsync("sys.plans", password);
        async Task<string> RefusedAsync(object[] nodes)
        {
            var response = await admin.PutAsJsonAsync("/api/plan-templates/services", nodes);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("循环", await RefusedAsync([new { code = "a", name = "甲", after = "b", days = 1 }, new { code = "b", name = "乙", after = "a", days = 1 }]));
        Assert.Contains("重复", await RefusedAsync([new { code = "a", name = "甲", days = 1 }, new { code = "a", name = "乙", days = 1 }]));
        Assert.Contains("不在模板中", await RefusedAsync([new { code = "a", name = "甲", after = "z", days = 1 }]));
        Assert.Equal(9, (await admin.GetFromJsonAsync<JsonElement>("/api/plan-templates/services")).GetArrayLength()); // the default stands

        var saved = await admin.PutAsJsonAsync("/api/plan-templates/services", new object[] { new { code = "filing", name = "项目备案", days = 10 }, new { code = "start", name = "开工", after = "filing", days = 20 } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement>("/api/plan-templates/services")).GetArrayLength());
        var officer = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync("/api/plan-templates/services", new object[] { new { code = "a", name = "甲", days = 1 } })).StatusCode);
    }

    /// <summary>
    /// Templates per level: the city's own is in force in its districts, a district's own over the city's, the system's
    /// elsewhere; an officer coordinating a level edits that level's (not a neighbour's, not the system's); dropping a
    /// level's own brings back the one above; a plan is made from the template in force where the project is.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task A_level_keeps_its_own_template_and_a_plan_takes_the_nearest_levels(Db db)
    {
        using var app = new TestApp(db);
        var (city, yunyan, nanming) = ((await app.OrgAsync("520100")).Id, (await app.OrgAsync("520103")).Id, (await app.OrgAsync("520102")).Id);
        var bureau = await app.ClientForAsync("officer.tcj"); // the city's investment promotion bureau: it coordinates the city
        var officer = await app.ClientForAsync("officer.yunyan");
        var neighbour = await app.ClientForAsync("officer.nanming");
        async Task<string[]> CodesAsync(HttpClient client, string query) =>
            [.. (await client.GetFromJsonAsync<JsonElement>("/api/plan-templates/industry" + query)).EnumerateArray().Select(n => n.GetProperty("code").GetString()!)];
        var system = await CodesAsync(officer, "");
        Assert.Equal(11, system.Length);

        var saved = await bureau.PutAsJsonAsync($"/api/plan-templates/industry?orgId={city}", new object[]
        {
            new { code = "filing", name = "项目备案", days = 20 }, new { code = "land", name = "土地供应", after = "filing", days = 40 },
            new { code = "start", name = "开工", after = "land", days = 30 },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(["filing", "land", "start"], await CodesAsync(officer, $"?orgId={yunyan}")); // the city's, in its district
        Assert.Equal(["filing", "land", "start"], await CodesAsync(bureau, $"?orgId={city}"));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/plan-templates/industry?orgId={city}")).StatusCode); // above its scope
        Assert.Equal(system, await CodesAsync(officer, "")); // the system's stands

        // The district's officer keeps its own; the neighbour may not touch it, nor the city's, nor the system's.
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/plan-templates/industry?orgId={yunyan}",
            new object[] { new { code = "filing", name = "项目备案", days = 10 }, new { code = "start", name = "开工", after = "filing", days = 90 } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PutAsJsonAsync($"/api/plan-templates/industry?orgId={yunyan}", new object[] { new { code = "a", name = "甲", days = 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bureau.PutAsJsonAsync($"/api/plan-templates/industry?orgId={yunyan}",
            new object[] { new { code = "a", name = "甲", days = 1 } })).StatusCode); // the city's bureau sees the district but does not coordinate it
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PutAsJsonAsync($"/api/plan-templates/industry?orgId={city}", new object[] { new { code = "a", name = "甲", days = 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync("/api/plan-templates/industry", new object[] { new { code = "a", name = "甲", days = 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bureau.PutAsJsonAsync($"/api/plan-templates/industry?orgId={(await app.OrgAsync("520100-D01")).Id}",
            new object[] { new { code = "a", name = "甲", days = 1 } })).StatusCode); // a bureau is not a level
        Assert.Equal(["filing", "start"], await CodesAsync(officer, $"?orgId={yunyan}"));
        Assert.Equal(["filing", "land", "start"], await CodesAsync(neighbour, $"?orgId={nanming}"));

        // A 云岩区 project's plan follows 云岩区's own: signed 2026-09-01, filing 10 days after, start 90 after that.
        var id = await Tickets.TicketFlow.SignedProjectAsync(officer, "云岩区本级模板项目");
        var major = await ListAsync(officer, id);
        var plan = (await (await officer.PostAsJsonAsync($"/api/majors/{id}/plan", new { version = major.GetProperty("version").GetInt64() }))
            .Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(["filing", "start"], plan.Select(n => n.GetProperty("code").GetString()!).ToArray());
        Assert.Equal(["2026-09-11", "2026-12-10"], plan.Select(n => n.GetProperty("plannedDate").GetString()!).ToArray());

        // Dropping the district's own brings back the city's.
        var reset = await officer.DeleteAsync($"/api/plan-templates/industry?orgId={yunyan}");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(3, (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal(["filing", "land", "start"], await CodesAsync(officer, $"?orgId={yunyan}"));
    }

    /// <summary>
    /// Done-when: a node past the second threshold opens a problem routed as a hand-filed one is, once; a node past the
    /// first warns the leader and the task force, once.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task A_slipping_node_warns_the_leader_then_opens_one_problem_through_the_dispatch(Db db)
    {
        using var app = new TestApp(db, FastJobs);
        var officer = await app.ClientForAsync("officer.yunyan");
        var id = await Tickets.TicketFlow.SignedProjectAsync(officer, "云岩区逾期节点项目");
        var leader = await app.UserIdAsync("leader.gy");
        var member = await app.UserIdAsync("officer.tcj");
        var saved = await officer.PutAsJsonAsync($"/api/majors/{id}", new { leaderUserId = leader, taskForce = new[] { member } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("major").GetProperty("version").GetInt64();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddHours(8).UtcDateTime);
        var plan = new object[]
        {
            new { code = "landSupply", name = "土地供应", plannedDate = today.AddDays(-40).ToString("yyyy-MM-dd") }, // past both lines: warned and a problem
            new { code = "filing", name = "项目备案/核准", plannedDate = today.AddDays(-10).ToString("yyyy-MM-dd") }, // past the first: warned only
            new { code = "start", name = "开工", plannedDate = today.AddDays(30).ToString("yyyy-MM-dd") }, // not due
        };
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/majors/{id}/plan", new { nodes = plan, version })).StatusCode);

        var node = await WaitAsync(async () => (await officer.GetFromJsonAsync<JsonElement>($"/api/majors/{id}/plan"))[0] is var n
            && n.GetProperty("ticketId").ValueKind == JsonValueKind.String ? n : (JsonElement?)null);
        Assert.Equal(40, node.GetProperty("overdueDays").GetInt32());
        var opened = await officer.GetFromJsonAsync<JsonElement>($"/api/tickets/{node.GetProperty("ticketId").GetGuid()}");
        Assert.Equal("land", opened.GetProperty("ticket").GetProperty("category").GetString());
        Assert.Equal(id, opened.GetProperty("ticket").GetProperty("projectId").GetGuid());
        Assert.Contains("土地供应", opened.GetProperty("ticket").GetProperty("title").GetString());

        // Routed as a land problem filed by hand on the same project is: the same desk, the same rule.
        var byHand = await (await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", projectId = id, title = "用地指标" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(byHand.GetProperty("deskOrgId").GetGuid(), opened.GetProperty("deskOrgId").GetGuid());
        Assert.Equal(byHand.GetProperty("routingNote").GetString(), opened.GetProperty("routingNote").GetString());

        // The leader and the task force were told once, naming both late nodes; later rounds open and send nothing more.
        await Task.Delay(1500);
        var problems = await officer.GetFromJsonAsync<JsonElement>($"/api/tickets?projectId={id}");
        Assert.Equal(2, problems.GetProperty("total").GetInt32()); // the sweep's one and the hand-filed one
        foreach (var (user, password) in new[] { ("leader.gy", (string?)null), ("officer.tcj", null) })
        {
            var inbox = (await (await app.ClientForAsync(user, password)).GetFromJsonAsync<JsonElement>("/api/inbox")).GetProperty("items").GetProperty("items").EnumerateArray()
                .Where(m => m.GetProperty("title").GetString()!.Contains("云岩区逾期节点项目")).ToList();
            Assert.Single(inbox);
            Assert.Contains("土地供应", inbox[0].GetProperty("body").GetString());
            Assert.Contains("项目备案/核准", inbox[0].GetProperty("body").GetString());
        }
    }

    private static string Planned(List<JsonElement> plan, string code) => plan.Single(n => n.GetProperty("code").GetString() == code).GetProperty("plannedDate").GetString()!;

    /// <summary>The project's major-project record, listing it by hand first when it is not on a list yet.</summary>
    private static async Task<JsonElement> ListAsync(HttpClient client, Guid id)
    {
        if ((await client.GetAsync($"/api/majors/{id}")).StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/majors/{id}", new { })).StatusCode);
        }
        return (await client.GetFromJsonAsync<JsonElement>($"/api/majors/{id}")).GetProperty("major");
    }

    private static async Task<JsonElement> WaitAsync(Func<Task<JsonElement?>> probe)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The sweep did not act within 20 s.");
    }
}
