using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Projects;

public sealed class ProjectTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_project_moves_through_its_stages_with_evidence_and_keeps_its_history_and_funds(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var investor = await (await officer.PostAsJsonAsync("/api/enterprises", new { name = "中粮可口可乐饮料有限公司", ownership = "centralSoe" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var created = await officer.PostAsJsonAsync("/api/projects", new
        {
            name = "中粮可口可乐贵州工厂", agreedInvestmentYuan = 1_000_000_000, isIndustrial = true, industry = "生态特色食品",
            investorIds = new[] { investor.GetProperty("enterprise").GetProperty("id").GetGuid() },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = project.GetProperty("id").GetGuid();
        Assert.Matches(@"^XM-\d{4}-000001$", project.GetProperty("code").GetString());
        Assert.Equal("lead", project.GetProperty("stage").GetString());

        var noAmount = await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-05-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noAmount.StatusCode);
        Assert.Contains("合同投资额", await noAmount.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "started", date = "2026-05-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "flying" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/projects/{id}/funds", new { year = 2026, month = 4, amountYuan = 1 })).StatusCode);

        var signed = await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-05-01", contractAmountYuan = 1_200_000_000 });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "started", date = "2026-06-15" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-06-16", contractAmountYuan = 1 })).StatusCode);

        var first = await (await officer.PostAsJsonAsync($"/api/projects/{id}/funds", new { year = 2026, month = 6, amountYuan = 300_000_000, evidence = "银行回单" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/projects/{id}/funds", new { year = 2026, month = 7, amountYuan = -1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync($"/api/projects/{id}/funds",
            new { year = 2026, month = 6, amountYuan = -50_000_000, evidence = "更正：重复计入", correctsId = first.GetProperty("id").GetGuid() })).StatusCode);

        var detail = await officer.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        Assert.Equal("started", detail.GetProperty("project").GetProperty("stage").GetString());
        Assert.Equal("2026-05-01", detail.GetProperty("project").GetProperty("contractDate").GetString());
        Assert.Equal(["lead→signed", "signed→started"], detail.GetProperty("stages").EnumerateArray()
            .Select(s => s.GetProperty("from").GetString() + "→" + s.GetProperty("to").GetString()).ToArray());
        Assert.Equal("officer.yunyan", detail.GetProperty("stages")[0].GetProperty("userName").GetString());
        Assert.Equal(250_000_000, detail.GetProperty("fundsTotalYuan").GetInt64());
        Assert.Equal(2, detail.GetProperty("funds").GetArrayLength());

        // A stale edit is a conflict with the stored values.
        var version = detail.GetProperty("project").GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/projects/{id}", new { name = "中粮可口可乐贵州工厂（一期）", agreedInvestmentYuan = 1_000_000_000, isIndustrial = true, version })).StatusCode);
        var stale = await officer.PutAsJsonAsync($"/api/projects/{id}", new { name = "过期", agreedInvestmentYuan = 1, version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("中粮可口可乐贵州工厂（一期）", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").GetProperty("name").GetString());

        // Hold and resume, then terminate with a reason.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "onHold" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "onHold", reason = "用地手续办理中" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "started" })).StatusCode);

        // Handed to the 在建库 once, at the first start, under the same stable id.
        var handoffs = Zhaoshang.Web.Shared.Xlsx.Read(await officer.GetStreamAsync("/api/projects/handoffs/export"), 100).Single();
        Assert.Equal(2, handoffs.Rows.Count);
        Assert.Equal(string.Join("|", project.GetProperty("code").GetString(), id, "中粮可口可乐贵州工厂", "2026-06-15"), string.Join("|", handoffs.Rows[1][..4]));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_county_officer_lists_only_the_county_and_filters_work(Db db)
    {
        using var app = new TestApp(db);
        var yunyan = await app.ClientForAsync("officer.yunyan");
        var nanming = await app.ClientForAsync("officer.nanming");
        foreach (var (client, name, amount) in new[] { (yunyan, "云岩区大数据中心", 2_000_000_000L), (yunyan, "云岩区商贸综合体", 500_000_000L), (nanming, "南明区白芨深加工", 300_000_000L) })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = amount })).StatusCode);
        }
        var mine = await yunyan.GetFromJsonAsync<JsonElement>("/api/projects");
        Assert.Equal(["云岩区大数据中心", "云岩区商贸综合体"], mine.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());

        var leader = await app.ClientForAsync("leader.gy");
        Assert.Equal(3, (await leader.GetFromJsonAsync<JsonElement>("/api/projects")).GetProperty("total").GetInt32());
        var band = await leader.GetFromJsonAsync<JsonElement>("/api/projects?minAmountYuan=1000000000");
        Assert.Equal(1, band.GetProperty("total").GetInt32());
        var text = await leader.GetFromJsonAsync<JsonElement>("/api/projects?q=" + Uri.EscapeDataString("白芨"));
        Assert.Equal("南明区白芨深加工", text.GetProperty("items")[0].GetProperty("name").GetString());
        var byOrg = await leader.GetFromJsonAsync<JsonElement>($"/api/projects?orgId={(await app.OrgAsync("520102")).Id}");
        Assert.Equal(1, byOrg.GetProperty("total").GetInt32());
        var leads = await leader.GetFromJsonAsync<JsonElement>("/api/projects?stage=lead&view=toAttract&pageSize=2");
        Assert.Equal(3, leads.GetProperty("total").GetInt32());
        Assert.Equal(2, leads.GetProperty("items").GetArrayLength());
        foreach (var (page, rows) in new[] { (2, 1), (3, 0) }) // a short last page, and a page past the end: the same total
        {
            var later = await leader.GetFromJsonAsync<JsonElement>($"/api/projects?stage=lead&view=toAttract&pageSize=2&page={page}");
            Assert.Equal((3, rows), (later.GetProperty("total").GetInt32(), later.GetProperty("items").GetArrayLength()));
        }
        Assert.Equal(0, (await leader.GetFromJsonAsync<JsonElement>("/api/projects?view=underConstruction")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync("/api/projects", new { name = "领导不录入", agreedInvestmentYuan = 1 })).StatusCode);
    }

    /// <summary>
    /// Issue 16, point 7: 拟招库 holds every project not yet started (lead, reserve, negotiating, signed), 在建库 the started
    /// ones until production; production and full production are views of their own.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task A_signed_project_not_yet_started_is_in_the_pool_to_attract_and_the_started_ones_in_construction_until_production(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        async Task<Guid> ProjectAsync(string name, params object[] stages)
        {
            var created = await (await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = 300_000_000 })).Content.ReadFromJsonAsync<JsonElement>();
            var id = created.GetProperty("id").GetGuid();
            foreach (var stage in stages)
            {
                Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{id}/stage", stage)).StatusCode);
            }
            return id;
        }
        var signed = new { to = "signed", date = "2026-01-10", contractAmountYuan = 300_000_000 };
        var started = new { to = "started", date = "2026-02-10" };
        await ProjectAsync("线索项目");
        await ProjectAsync("洽谈项目", new { to = "negotiating", date = "2026-01-05" });
        await ProjectAsync("已签约未开工项目", signed);
        await ProjectAsync("已开工项目", signed, started);
        await ProjectAsync("已投产项目", signed, started, new { to = "operating", date = "2026-03-10" });
        async Task<string> ViewAsync(string view) => string.Join("、", (await officer.GetFromJsonAsync<JsonElement>($"/api/projects?view={view}&sort=name"))
            .GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("已签约未开工项目、洽谈项目、线索项目", await ViewAsync("toAttract"));
        Assert.Equal("已开工项目", await ViewAsync("underConstruction"));
        Assert.Equal("已投产项目", await ViewAsync("operating"));
        Assert.Equal("", await ViewAsync("atCapacity"));
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/api/projects?view=nothing")).StatusCode);
    }

    /// <summary>Issue 16, point 11: the ledger finds a project by its investor (立根 finds 北京立根集团's coal-bed methane project).</summary>
    [Theory, SqliteData, PostgresData]
    public async Task The_ledger_finds_a_project_by_its_investors_name_within_the_callers_scope(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var investor = (await (await officer.PostAsJsonAsync("/api/enterprises", new { name = "北京立根集团", ownership = "private" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterprise").GetProperty("id").GetGuid();
        foreach (var (name, yuan, investors) in new[] { ("煤层气勘探开发及综合利用项目", 9_000_000_000, new[] { investor }), ("立根路商业综合体", 500_000_000, []), ("其他项目", 1, []) })
        {
            Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = yuan, investorIds = investors })).StatusCode);
        }
        var nanming = await app.ClientForAsync("officer.nanming");
        Assert.Equal(HttpStatusCode.Created, (await nanming.PostAsJsonAsync("/api/projects", new { name = "南明区煤层气项目", agreedInvestmentYuan = 1, investorIds = new[] { investor } })).StatusCode);
        async Task<string> FindAsync(HttpClient client, string q, string extra = "") => string.Join("、", (await client.GetFromJsonAsync<JsonElement>(
            "/api/projects?sort=name&q=" + Uri.EscapeDataString(q) + extra)).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("煤层气勘探开发及综合利用项目、立根路商业综合体", await FindAsync(officer, "立根"));
        Assert.Equal("煤层气勘探开发及综合利用项目", await FindAsync(officer, "北京立根集团"));
        Assert.Equal("煤层气勘探开发及综合利用项目", await FindAsync(officer, "立根", "&industrial=false&minAmountYuan=1000000000&stage=lead"));
        Assert.Equal("南明区煤层气项目", await FindAsync(nanming, "立根")); // each unit its own projects of the investor
    }

    [Theory, SqliteData, PostgresData]
    public async Task Chinese_text_search_finds_substrings_through_the_bigram_index_and_follows_renames(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var ids = new Dictionary<string, Guid>();
        foreach (var name in new[] { "恒力（贵阳）产业园", "中粮可口可乐贵州工厂", "开阳磷—硫—铁—铜—铁—锂—氟耦合循环经济项目", "ＡＢＣ数据中心" })
        {
            var created = await (await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = 1 })).Content.ReadFromJsonAsync<JsonElement>();
            ids[name] = created.GetProperty("id").GetGuid();
        }
        async Task<string[]> FindAsync(string q) => (await officer.GetFromJsonAsync<JsonElement>("/api/projects?sort=name&q=" + Uri.EscapeDataString(q)))
            .GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();

        Assert.Equal(["恒力（贵阳）产业园"], await FindAsync("贵阳"));
        Assert.Equal(["中粮可口可乐贵州工厂"], await FindAsync("可口可乐"));
        Assert.Equal(["中粮可口可乐贵州工厂"], await FindAsync("贵州工厂"));
        Assert.Equal(["开阳磷—硫—铁—铜—铁—锂—氟耦合循环经济项目"], await FindAsync("磷")); // one character: no bigram, a scan
        Assert.Equal(["开阳磷—硫—铁—铜—铁—锂—氟耦合循环经济项目"], await FindAsync("循环经济"));
        Assert.Empty(await FindAsync("贵州产业")); // every bigram is somewhere, but not the substring
        Assert.Empty(await FindAsync("阳产"));     // the bigram exists only across the bracket: the name does not contain it
        Assert.Equal(["ＡＢＣ数据中心"], await FindAsync("ＡＢＣ数据"));

        var detail = await officer.GetFromJsonAsync<JsonElement>($"/api/projects/{ids["恒力（贵阳）产业园"]}");
        var version = detail.GetProperty("project").GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/projects/{ids["恒力（贵阳）产业园"]}", new { name = "恒力新材料产业园", agreedInvestmentYuan = 1, version })).StatusCode);
        Assert.Empty(await FindAsync("贵阳"));
        Assert.Equal(["恒力新材料产业园"], await FindAsync("新材料"));
        var grams = await app.WithDbAsync(d => d.ProjectNameBigrams.CountAsync(g => g.ProjectId == ids["恒力（贵阳）产业园"]));
        Assert.Equal("恒力新材料产业园".Length - 1, grams);

        // The bigrams carry the org path: a search reads only the caller's subtree, and the unit filter narrows it.
        var nanming = await app.ClientForAsync("officer.nanming");
        Assert.Equal(HttpStatusCode.Created, (await nanming.PostAsJsonAsync("/api/projects", new { name = "南明新材料产业园", agreedInvestmentYuan = 1 })).StatusCode);
        Assert.Equal(["恒力新材料产业园"], await FindAsync("新材料"));
        var city = await app.ClientForAsync("leader.gy");
        async Task<string[]> CityFindAsync(string query) => (await city.GetFromJsonAsync<JsonElement>("/api/projects?sort=name&" + query))
            .GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["南明新材料产业园", "恒力新材料产业园"], await CityFindAsync("q=" + Uri.EscapeDataString("新材料")));
        var nanmingId = await app.WithDbAsync(d => d.Orgs.Where(o => o.Code == "520102").Select(o => o.Id).SingleAsync());
        Assert.Equal(["南明新材料产业园"], await CityFindAsync($"orgId={nanmingId}&q=" + Uri.EscapeDataString("新材料")));
        Assert.True(await app.WithDbAsync(d => d.ProjectNameBigrams.AllAsync(g => g.OrgPath == d.Projects.Where(p => p.Id == g.ProjectId).Select(p => p.OrgPath).FirstOrDefault())));
    }

    [Fact]
    public async Task Signed_projects_without_a_start_and_started_ones_without_production_are_flagged_as_stalled()
    {
        using var app = new TestApp(Db.Sqlite, new Dictionary<string, string?> { ["Ledger:Stalled:SignedWithoutStartDays"] = "90" });
        var officer = await app.ClientForAsync("officer.yunyan");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        async Task<Guid> SignedAsync(string name, DateOnly signedOn)
        {
            var p = await (await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = 100_000_000 })).Content.ReadFromJsonAsync<JsonElement>();
            var id = p.GetProperty("id").GetGuid();
            var signed = await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = signedOn.ToString("yyyy-MM-dd"), contractAmountYuan = 100_000_000 });
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
            return id;
        }
        await SignedAsync("签约91天未开工", today.AddDays(-91));
        await SignedAsync("签约89天", today.AddDays(-89));
        var old = await SignedAsync("开工19个月未投产", today.AddMonths(-20));
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{old}/stage", new { to = "started", date = today.AddMonths(-19).ToString("yyyy-MM-dd") })).StatusCode);

        var stalled = await officer.GetFromJsonAsync<JsonElement>("/api/projects?stalled=true&sort=name");
        Assert.Equal(["开工19个月未投产:startedNotOperating", "签约91天未开工:signedNotStarted"], stalled.GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString() + ":" + p.GetProperty("stalled").GetString()).Order(StringComparer.Ordinal).ToArray());
        var fresh = await officer.GetFromJsonAsync<JsonElement>("/api/projects?stalled=false");
        Assert.Equal("签约89天", fresh.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, fresh.GetProperty("items")[0].GetProperty("stalled").ValueKind);
    }
}
