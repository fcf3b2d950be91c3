using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Assessment;

/// <summary>
/// The worked example's world (the facts summarised on AssessmentTests, on one database), and its steps: the year's rules
/// with the leads, trips and hand-entered figures they score, and a correction to a computed figure. Each behaviour
/// builds its own world and takes the steps it needs, so each stands alone.
/// </summary>
internal sealed class WorkedExample(TestApp app) : IDisposable
{
    private static async Task<Guid> EnterpriseAsync(HttpClient client, string name) =>
        (await (await client.PostAsJsonAsync("/api/enterprises", new { name, ownership = "private" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("enterprise").GetProperty("id").GetGuid();

    private static async Task<Guid> SignedProjectAsync(HttpClient client, string name, bool industrial, Guid investor, string date, long contractYuan,
        string? industry = null, decimal? factoryAreaM2 = null)
    {
        var created = await client.PostAsJsonAsync("/api/projects", new
        {
            name, agreedInvestmentYuan = contractYuan, isIndustrial = industrial, investorIds = new[] { investor }, industry, factoryAreaM2,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date, contractAmountYuan = contractYuan })).StatusCode);
        return id;
    }

    private static async Task FundsAsync(HttpClient client, Guid project, int month, long yuan) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/projects/{project}/funds", new { year = 2023, month, amountYuan = yuan })).StatusCode);

    private const long Yi = 100_000_000;

    /// <summary>Builds a world on the database and takes the given steps on it, in order (each a behaviour's part).</summary>
    public static async Task RunAsync(Db db, params Func<WorkedExample, Task>[] steps)
    {
        using var example = await BuildAsync(db);
        foreach (var step in steps)
        {
            await step(example);
        }
    }

    private HttpClient assessor = null!, yunyan = null!, nanming = null!, beijing = null!, shanghai = null!, zone = null!, district = null!, bureau = null!;
    private Guid e1, e2, e3, e4, e6, e7, e8, a, b, c, beijingId, shanghaiId, zoneId, yunyanId, wudang, lead4, leadShanghai;
    private object rules = null!;

    public static async Task<WorkedExample> BuildAsync(Db db)
    {
        var world = new WorkedExample(new TestApp(db));
        await world.SetUpAsync();
        return world;
    }

    public void Dispose() => app.Dispose();

    private async Task SetUpAsync()
    {
        assessor = await app.ClientForAsync("assessor.gy");
        var targets = Workbook.Build(
            new Workbook.Sheet("区县", [
                ["（区县）"],
                ["序号", "责任单位", "领导赴省外招商(次)", "产业到位资金(亿元)", "工业到位资金(亿元)", "工业资金占比(%)", "项目签约金额(亿元)"],
                ["1", "云岩区", "-", "20", "10", "50%", "24"],
                ["2", "南明区", "-", "8", "4", "50%", "20"],
                ["3", "乌当区", "12", "-", "-", "-", "-"],
                [null, "合计", "12", "28", "14", "50%", "44"],
            ]),
            new Workbook.Sheet("驻外", [
                ["（驻外办事处）"],
                ["序号", "责任单位", "拜访企业(商协会)数(家)", "项目签约金额(亿元)", "工业项目签约金额(亿元)", "标房招商面积(万平方米)"],
                ["1", "市政府驻北京联络处", "10", "30", "20", "2"],
                ["2", "市政府驻上海联络处", "4", "20", "30", "-"],
                [null, "合计", "14", "50", "50", "2"],
            ]),
            new Workbook.Sheet("省级开发区", [
                ["（省级开发区）"],
                ["序号", "责任单位", "领导赴省外招商(次)", "签约优强项目(个数)"],
                ["1", "乌当经济开发区", "24", "4"],
                [null, "合计", "24", "4"],
            ]));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(targets), "file", "t.xlsx" } })
        {
            Assert.Equal(HttpStatusCode.OK, (await assessor.PostAsync("/api/targets/import?year=2023", form)).StatusCode);
        }

        yunyan = await app.ClientForAsync("officer.yunyan");
        nanming = await app.ClientForAsync("officer.nanming");
        beijing = await app.ClientForAsync("officer.beijing");
        var (_, password) = await app.AddUserAsync("officer.shanghai", Roles.Officer, "520100-R02");
        shanghai = await app.ClientForAsync("officer.shanghai", password);
        e1 = await EnterpriseAsync(yunyan, "贵州甲材料有限公司");
        e2 = await EnterpriseAsync(nanming, "贵州乙能源有限公司");
        e3 = await EnterpriseAsync(yunyan, "贵州丙商贸有限公司");
        a = await SignedProjectAsync(yunyan, "甲材料产业园", industrial: true, e1, "2023-03-15", 12 * Yi, factoryAreaM2: 5_000);
        b = await SignedProjectAsync(yunyan, "丙商贸中心", industrial: false, e3, "2022-12-01", 5 * Yi);
        c = await SignedProjectAsync(nanming, "乙能源基地", industrial: true, e2, "2023-05-10", 25 * Yi, factoryAreaM2: 10_000);
        await FundsAsync(yunyan, a, 3, 3 * Yi);
        await FundsAsync(yunyan, a, 6, 2 * Yi);
        await FundsAsync(yunyan, b, 2, 1 * Yi);
        await FundsAsync(nanming, c, 5, 4 * Yi);
        beijingId = (await app.OrgAsync("520100-R01")).Id;
        shanghaiId = (await app.OrgAsync("520100-R02")).Id;
        await ActivityAsync(beijing, "visit", "2022-11-01", e1, beijingId, "firstVisit");
        await ActivityAsync(beijing, "inspection", "2023-04-01", e2, beijingId, "accompanied");
        await ActivityAsync(shanghai, "visit", "2023-02-10", e2, shanghaiId, "firstVisit");
        // One visit, two enterprises (point 3).
        e6 = await EnterpriseAsync(shanghai, "上海戊智能装备有限公司");
        e7 = await EnterpriseAsync(shanghai, "上海己生物医药有限公司");
        Assert.Equal(HttpStatusCode.Created, (await PostActivityAsync(shanghai, "visit", "2023-03-01", [e6, e7], shanghaiId, "firstVisit")).StatusCode);
        // 乌当经济开发区's signings: only the manufacturing one of 3亿 or more is a 优强项目 (point 1).
        // Desk officers of 乌当经济开发区 and 乌当区 (the demo has them with its ledger; this test writes its own facts).
        zone = await app.ClientForAsync("officer.wudangkf", (await app.AddUserAsync("officer.wudangkf", Roles.Officer, "520112-KF")).Password);
        district = await app.ClientForAsync("officer.wudang", (await app.AddUserAsync("officer.wudang", Roles.Officer, "520112")).Password);
        e8 = await EnterpriseAsync(zone, "贵州庚建材有限公司");
        await SignedProjectAsync(zone, "乌当新型建材产业园", industrial: true, e8, "2023-03-01", 5 * Yi, industry: "新型建材");
        await SignedProjectAsync(zone, "乌当煤层气开发利用项目", industrial: true, e8, "2023-04-01", 8 * Yi, industry: "基础能源");
        await SignedProjectAsync(zone, "乌当辣椒制品加工项目", industrial: true, e8, "2023-05-01", 2 * Yi, industry: "生态特色食品");
        // Leader trips (points 3 and 6): the district's principal leader heads the zone too; the zone's own two trips.
        zoneId = (await app.OrgAsync("520112-KF")).Id;
        async Task TripAsync(HttpClient client, string date, string leader, Guid? jointOrgId, Guid[] enterprises) =>
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/activities",
                new { kind = "leaderTrip", date, title = "赴深圳招商", leader, jointOrgId, enterpriseIds = enterprises })).StatusCode);
        await TripAsync(district, "2023-04-10", "principal", zoneId, []);
        await TripAsync(zone, "2023-05-05", "principal", null, [e8]);
        await TripAsync(zone, "2023-06-01", "other", null, [e1, e6, e7]);
    }

    private Task<HttpResponseMessage> PostActivityAsync(HttpClient client, string kind, string date, Guid[] enterprises, Guid office, string role) =>
        client.PostAsJsonAsync("/api/activities", new { kind, date, title = "走访", enterpriseIds = enterprises, offices = new[] { new { orgId = office, role } } });

    private async Task ActivityAsync(HttpClient client, string kind, string date, Guid enterprise, Guid office, string role) =>
        Assert.Equal(HttpStatusCode.Created, (await PostActivityAsync(client, kind, date, [enterprise], office, role)).StatusCode);

    public async Task FirstVisitClaimsAsync()
    {
        // The first visit is a fact: 上海's claim to E1 is refused with 北京's visit (point 5); accompanying is an inspection's.
        var claim = await PostActivityAsync(shanghai, "visit", "2023-01-20", [e1], shanghaiId, "firstVisit");
        Assert.Equal(HttpStatusCode.BadRequest, claim.StatusCode);
        var refusal = await claim.Content.ReadAsStringAsync();
        Assert.Contains("市政府驻北京联络处已于 2022-11-01 拜访“贵州甲材料有限公司”", refusal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostActivityAsync(shanghai, "visit", "2023-01-21", [e1], shanghaiId, "accompanied")).StatusCode);
    }

    public async Task TripRefusalsAsync()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await district.PostAsJsonAsync("/api/activities",
            new { kind = "leaderTrip", date = "2023-04-11", title = "非主要领导", leader = "other", jointOrgId = zoneId })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await district.PostAsJsonAsync("/api/activities",
            new { kind = "leaderTrip", date = "2023-04-11", title = "非本区开发区", leader = "principal", jointOrgId = (await app.OrgAsync("520113-KF")).Id })).StatusCode);
    }

    public async Task FiguresUpToJuneAsync()
    {
        var june = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6");
        Assert.Equal(50, june.GetProperty("timeProgress").GetDecimal());
        Assert.Equal("2023-06-30", june.GetProperty("periodEnd").GetString());
        var cells = june.GetProperty("cells").EnumerateArray().ToDictionary(
            x => (x.GetProperty("orgName").GetString(), x.GetProperty("indicator").GetString()),
            x => string.Join("|", new[] { "target", "actual", "completion", "expected" }.Select(p => x.GetProperty(p).ValueKind == JsonValueKind.Null ? "" : x.GetProperty(p).GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture)))
                + $"|{x.GetProperty("status").GetString()}|{x.GetProperty("rank")}/{x.GetProperty("groupSize")}");
        Assert.Equal("20|6|30|10|behind|2/2", cells[("云岩区", "industryFunds")]);
        Assert.Equal("10|5|50|5|onTrack|2/2", cells[("云岩区", "industrialFunds")]);
        Assert.Equal("50|83.3333|166.67|50|ahead|2/2", cells[("云岩区", "industrialShare")]);
        Assert.Equal("24|12|50|12|onTrack|2/2", cells[("云岩区", "signedAmount")]);
        Assert.Equal("8|4|50|4|onTrack|1/2", cells[("南明区", "industryFunds")]);
        Assert.Equal("4|4|100|2|ahead|1/2", cells[("南明区", "industrialFunds")]);
        Assert.Equal("50|100|200|50|ahead|1/2", cells[("南明区", "industrialShare")]);
        Assert.Equal("20|25|125|10|ahead|1/2", cells[("南明区", "signedAmount")]);
        Assert.Equal("30|24.5|81.67|15|ahead|2/2", cells[("市政府驻北京联络处", "signedAmount")]);
        Assert.Equal("10|0|0|5|behind|2/2", cells[("市政府驻北京联络处", "enterprisesVisited")]);
        Assert.Equal("20|25|125|10|ahead|1/2", cells[("市政府驻上海联络处", "signedAmount")]);
        Assert.Equal("4|3|75|2|ahead|1/2", cells[("市政府驻上海联络处", "enterprisesVisited")]);
        Assert.Equal("2|1.5|75|1|ahead|1/1", cells[("市政府驻北京联络处", "factoryArea")]);
        Assert.Equal("12|1|8.33|6|behind|1/1", cells[("乌当区", "leaderTrips")]);
        Assert.Equal("24|3|12.5|12|behind|1/1", cells[("乌当经济开发区", "leaderTrips")]);
        Assert.Equal("4|1|25|2|behind|1/1", cells[("乌当经济开发区", "strongProjects")]);

        var xun = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6x2");
        Assert.Equal("2023-06-20", xun.GetProperty("periodEnd").GetString());
        var yunyanFunds = xun.GetProperty("cells").EnumerateArray().Single(x => x.GetProperty("orgName").GetString() == "云岩区" && x.GetProperty("indicator").GetString() == "industryFunds");
        Assert.Equal(9.4444m, yunyanFunds.GetProperty("expected").GetDecimal());
        var q1 = (await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=q1")).GetProperty("cells").EnumerateArray()
            .Where(x => x.GetProperty("orgName").GetString() == "云岩区").ToDictionary(x => x.GetProperty("indicator").GetString()!, x => x.GetProperty("actual").GetDecimal());
        Assert.Equal((4m, 12m), (q1["industryFunds"], q1["signedAmount"]));
    }

    public async Task OwnRowsAsync()
    {
        // A unit sees its own rows, ranked among all its peers.
        var own = await yunyan.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6");
        Assert.All(own.GetProperty("cells").EnumerateArray(), x => Assert.Equal("云岩区", x.GetProperty("orgName").GetString()));
        Assert.Equal(5, own.GetProperty("cells").GetArrayLength()); // 领导赴省外招商 has no target for 云岩区 ("-")
        Assert.Equal(HttpStatusCode.BadRequest, (await assessor.GetAsync("/api/assessment?year=2023&period=m13")).StatusCode);
    }

    /// <summary>The year's rules, with what they score: leads the city's principal leaders took up, and 市工信局's figures entered by hand.</summary>
    public async Task ApplyRulesAsync()
    {
        // Points under the year's rules (seed 002's, as data) — by hand, up to June:
        // - 北京联络处: 项目签约金额 20 × 24.5/30 = 16.3333; 拜访企业 10 × 0/10 = 0. Bonuses: of its two reported leads, the
        //   city's principal leaders took E4's up on their trip of 20 May (twice, once more on 25 May: one enterprise), +1;
        //   工业项目签约金额 A 12 × 100 % + C 25 × 50 % = 24.5 against 20, 4 whole 亿 above, +0.8; credited signings A (12亿 ≥ 10亿,
        //   +5) and C (25亿 ≥ 20亿, +10) = +15. Total 33.1333, 2nd.
        // - 上海联络处: 签约 25/20 capped at 100 % → 20; 拜访 10 × 3/4 = 7.5; 工业 25 against 30, not met, 0; no lead taken up
        //   (its lead went on the city's other leaders' trip, which cannot adopt leads); C +10. Total 37.5, 1st.
        // - 乌当经济开发区 (市工信局's May figures, entered by hand): 存量使用率 81 of 90 → 12 × 0.9 = 10.8; 新建 85 of 80,
        //   capped → 12; 在建意向入驻率 40 of 50 → 6 × 0.8 = 4.8. Total 27.6; with July's 95 % stock usage (m7) 28.8.
        e4 = await EnterpriseAsync(beijing, "北京丁科技有限公司");
        var e5 = await EnterpriseAsync(beijing, "北京戊能源有限公司");
        async Task<Guid> LeadAsync(HttpClient client, Guid enterprise, string date)
        {
            var response = await client.PostAsJsonAsync("/api/leads", new { enterpriseId = enterprise, date, title = "投资意向线索", content = "拟在筑投资建设生产基地" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        lead4 = await LeadAsync(beijing, e4, "2023-05-01");
        await LeadAsync(beijing, e5, "2023-05-02");
        leadShanghai = await LeadAsync(shanghai, e6, "2023-05-03");
        bureau = await app.ClientForAsync("officer.tcj"); // 市投资促进局 records the city's principal leaders' trips
        var trip = await CityTripAsync(bureau, "2023-05-20", "principal", lead4);
        Assert.Equal(HttpStatusCode.Created, trip.StatusCode);
        Assert.Contains(e4.ToString(), await trip.Content.ReadAsStringAsync()); // the trip met the enterprise it took up
        Assert.Equal(HttpStatusCode.Created, (await CityTripAsync(bureau, "2023-05-25", "principal", lead4)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bureau.PostAsJsonAsync("/api/activities",
            new { kind = "leaderTrip", date = "2023-05-26", title = "市领导赴沪招商", leader = "other", enterpriseIds = new[] { e6 } })).StatusCode);
        wudang = (await app.OrgAsync("520112-KF")).Id;
        await AdjustAsync(5, "factoryStockUsage", 81);
        await AdjustAsync(5, "factoryNewUsage", 85);
        await AdjustAsync(5, "factoryIntendedOccupancy", 40);
        await AdjustAsync(7, "factoryStockUsage", 95);
        rules = new
        {
            rules = new
            {
                groups = new object[]
                {
                    new
                    {
                        table = "驻外办事处",
                        indicators = new[] { new { indicator = "signedAmount", weight = 20m }, new { indicator = "enterprisesVisited", weight = 10m } },
                        bonuses = new object[]
                        {
                            new { kind = "leadsAdopted", points = 1m, description = "报送项目线索纳入市主要领导外出招商考察，每家企业加1分" },
                            new { kind = "aboveTarget", indicator = "industrialSignedAmount", per = 1m, points = 0.2m, description = "工业项目签约金额完成目标后每超出1亿元加0.2分" },
                            new { kind = "signedProject", tiers = new[] { new { minYuan = 10 * Yi, points = 5m }, new { minYuan = 20 * Yi, points = 10m } }, description = "签约10亿元以上项目加5分，20亿元以上加10分" },
                        },
                    },
                    new
                    {
                        table = "省级开发区",
                        indicators = new[]
                        {
                            new { indicator = "factoryStockUsage", weight = 12m, target = 90m },
                            new { indicator = "factoryNewUsage", weight = 12m, target = 80m },
                            new { indicator = "factoryIntendedOccupancy", weight = 6m, target = 50m },
                        },
                        bonuses = Array.Empty<object>(),
                    },
                },
            },
            note = "2023年考核细则",
        };
        Assert.Equal(HttpStatusCode.OK, (await assessor.PutAsJsonAsync("/api/rules?year=2023", new { rules = new { groups = Array.Empty<object>() }, note = "草稿" })).StatusCode);
        var saved = await (await assessor.PutAsJsonAsync("/api/rules?year=2023", rules)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, saved.GetProperty("version").GetInt32());
    }

    public async Task PointsAsync()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await CityTripAsync(bureau, "2023-05-26", "other", leadShanghai)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await CityTripAsync(yunyan, "2023-05-26", "principal", leadShanghai)).StatusCode); // a district's leaders are not the city's
        Assert.Equal(HttpStatusCode.BadRequest, (await CityTripAsync(bureau, "2023-04-30", "principal", lead4)).StatusCode); // reported after the trip
        var adoptedLead = await beijing.GetFromJsonAsync<JsonElement>($"/api/leads/{lead4}");
        Assert.Equal(["2023-05-20", "2023-05-25"], adoptedLead.GetProperty("adoptedBy").EnumerateArray().Select(x => x.GetProperty("date").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await assessor.PostAsJsonAsync("/api/assessment/adjustments",
            new { year = 2023, month = 5, orgId = wudang, indicator = "factoryNewUsage", value = 1, reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await yunyan.PutAsJsonAsync("/api/rules?year=2023", rules)).StatusCode);
        // A bonus kind the rules do not know is refused by its place in the body, and saves nothing.
        var typo = await assessor.PutAsJsonAsync("/api/rules?year=2023",
            new { rules = new { groups = new[] { new { table = "驻外办事处", bonuses = new[] { new { kind = "leadAdopted", points = 1m } } } } } });
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("rules.groups[0].bonuses[0].kind", (await typo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var scored = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6");
        Assert.Equal(2, scored.GetProperty("ruleVersion").GetInt32());
        var units = scored.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("orgName").GetString()!,
            u => $"{u.GetProperty("points").GetDecimal()}|{string.Join(",", u.GetProperty("bonuses").EnumerateArray().Select(b => b.GetProperty("points").GetDecimal()))}|{u.GetProperty("total").GetDecimal()}|{u.GetProperty("rank").GetInt32()}");
        Assert.Equal("16.3333|1,0.8,15|33.1333|2", units["市政府驻北京联络处"]);
        Assert.Equal("27.5|0,0,10|37.5|1", units["市政府驻上海联络处"]);
        Assert.Equal("27.6||27.6|1", units["乌当经济开发区"]);
        Assert.Equal("leadsAdopted:,aboveTarget:industrialSignedAmount,signedProject:signedAmount", string.Join(",", scored.GetProperty("units").EnumerateArray()
            .Single(u => u.GetProperty("orgName").GetString() == "市政府驻北京联络处").GetProperty("bonuses").EnumerateArray()
            .Select(b => $"{b.GetProperty("kind").GetString()}:{(b.TryGetProperty("indicator", out var i) ? i.GetString() : "")}")));
        var stock = scored.GetProperty("cells").EnumerateArray().Single(x => x.GetProperty("indicator").GetString() == "factoryStockUsage");
        Assert.Equal((90m, 81m, 81m, 10.8m), (stock.GetProperty("target").GetDecimal(), stock.GetProperty("actual").GetDecimal(),
            stock.GetProperty("adjustment").GetDecimal(), stock.GetProperty("points").GetDecimal()));
        var july = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m7");
        Assert.Equal(28.8m, july.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("orgName").GetString() == "乌当经济开发区").GetProperty("total").GetDecimal());
    }

        private static async Task<HttpResponseMessage> CityTripAsync(HttpClient client, string date, string leader, params Guid[] leads) =>
            await client.PostAsJsonAsync("/api/activities", new { kind = "leaderTrip", date, title = "市主要领导赴京招商", leader, adoptedLeadIds = leads });

        private async Task AdjustAsync(int month, string indicator, decimal value, string? reason = "市工信局月度数据") =>
            Assert.Equal(HttpStatusCode.Created, (await assessor.PostAsJsonAsync("/api/assessment/adjustments", new { year = 2023, month, orgId = wudang, indicator, value, reason })).StatusCode);

    /// <summary>
    /// The assessment is kept until a table it is computed from changes: every table its computation reads (each SQL
    /// command of that computation, caught as EF sends it) is one whose changes are signalled — on PostgreSQL, each has its
    /// trigger; a second read is the one kept, and a fact entered is in the next.
    /// </summary>
    public async Task ReadsOnlySignalledTablesAsync()
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Zhaoshang.Web.Data.AppDb>();
            using var listening = System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(new Commands(db, read));
            // EF notices a new listener within seconds (it does not ask on every command while nobody listens).
            for (var i = 0; i < 300 && read.Count == 0; i++)
            {
                await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Orgs);
                await Task.Delay(100);
            }
            Assert.Contains("Orgs", read);
            read.Clear();
            await scope.ServiceProvider.GetRequiredService<Zhaoshang.Web.Features.Assessment.AssessmentService>()
                .ComputeAllAsync(2023, Zhaoshang.Web.Features.Assessment.AssessmentPeriod.Parse(2023, "m6"), CancellationToken.None);
        }
        Assert.Contains("FundEntries", read);
        Assert.Contains("ActivityOffices", read);
        Assert.All(read, table => Assert.Contains(table, Zhaoshang.Web.Data.ChangeSignal.Tables));
        if (app.Database.ProviderName == "Postgres")
        {
            var triggers = await app.WithDbAsync(d => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
                .ToListAsync(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.SqlQueryRaw<string>(d.Database, "SELECT tgname::text AS \"Value\" FROM pg_trigger")));
            Assert.All(Zhaoshang.Web.Data.ChangeSignal.Tables, table => Assert.Contains($"TR_{table}_SignalChange", triggers));
        }

        // Kept: the second read is the same computation; a fund entered is in the next.
        var cache = app.Services.GetRequiredService<Zhaoshang.Web.Features.Assessment.AssessmentCache>();
        static decimal? Funds(JsonElement view) => view.GetProperty("cells").EnumerateArray()
            .First(c => c.GetProperty("orgName").GetString() == "云岩区" && c.GetProperty("indicator").GetString() == "industryFunds").GetProperty("actual").GetDecimal();
        var before = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6");
        Assert.Equal(1, cache.Count);
        Assert.Equal(Funds(before), Funds(await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6")));
        Assert.Equal(1, cache.Count);
        await FundsAsync(yunyan, a, 6, 1 * Yi);
        Assert.Equal(Funds(before) + 1, Funds(await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6")));
    }

    /// <summary>The tables named by the SQL commands one context sends (each quoted name after FROM or JOIN).</summary>
    private sealed class Commands(Zhaoshang.Web.Data.AppDb db, HashSet<string> tables) : IObserver<System.Diagnostics.DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private static readonly System.Text.RegularExpressions.Regex Table = new(@"(?:FROM|JOIN)\s+""(\w+)""", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

        public void OnNext(System.Diagnostics.DiagnosticListener listener)
        {
            if (listener.Name == Microsoft.EntityFrameworkCore.DbLoggerCategory.Name)
            {
                listener.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData command && ReferenceEquals(command.Context, db)
                && e.Key == Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuting.Name)
            {
                lock (tables)
                {
                    foreach (System.Text.RegularExpressions.Match m in Table.Matches(command.Command.CommandText))
                    {
                        tables.Add(m.Groups[1].Value);
                    }
                }
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    public async Task CorrectAsync()
    {
        // A correction to a computed figure is added to it and shown as such; the ratio follows: 5 / 6.5 = 76.9231 %.
        yunyanId = (await app.OrgAsync("520103")).Id;
        Assert.Equal(HttpStatusCode.Created, (await assessor.PostAsJsonAsync("/api/assessment/adjustments",
            new { year = 2023, month = 6, orgId = yunyanId, indicator = "industryFunds", value = 0.5m, reason = "补录6月到位资金" })).StatusCode);
    }

    public async Task CorrectionAsync()
    {
        var corrected = (await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6")).GetProperty("cells").EnumerateArray()
            .Where(x => x.GetProperty("orgName").GetString() == "云岩区").ToDictionary(x => x.GetProperty("indicator").GetString()!);
        Assert.Equal((6.5m, 0.5m, 32.5m), (corrected["industryFunds"].GetProperty("actual").GetDecimal(), corrected["industryFunds"].GetProperty("adjustment").GetDecimal(),
            corrected["industryFunds"].GetProperty("completion").GetDecimal()));
        Assert.Equal(76.9231m, corrected["industrialShare"].GetProperty("actual").GetDecimal());
    }

    public async Task DrillDownAsync()
    {
        // Every figure drills down to the facts that make it, by the same rules: their total plus the adjustments is the figure.
        var drilled = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6");
        foreach (var cell in drilled.GetProperty("cells").EnumerateArray())
        {
            var facts = await FactsAsync(assessor, cell.GetProperty("orgId").GetGuid(), cell.GetProperty("indicator").GetString()!);
            var figure = $"{cell.GetProperty("orgName")}/{cell.GetProperty("indicator")}=";
            Assert.Equal(figure + cell.GetProperty("actual"), figure + facts.GetProperty("actual"));
        }
        Assert.Equal("fund:甲材料产业园:2023-03-01:3:1;fund:甲材料产业园:2023-06-01:2:1", Rows(await FactsAsync(assessor, yunyanId, "industrialFunds")));
        var allFunds = await FactsAsync(assessor, yunyanId, "industryFunds");
        Assert.Equal((6m, 6.5m, 3, 0.5m), (allFunds.GetProperty("computed").GetDecimal(), allFunds.GetProperty("actual").GetDecimal(),
            allFunds.GetProperty("facts").GetProperty("count").GetInt32(), Assert.Single(allFunds.GetProperty("adjustments").EnumerateArray()).GetProperty("value").GetDecimal()));
        Assert.Equal("signing:乙能源基地:2023-05-10:12.5:0.5;signing:甲材料产业园:2023-03-15:12:1", Rows(await FactsAsync(assessor, beijingId, "signedAmount")));
        Assert.Equal("enterprise:上海戊智能装备有限公司:2023-03-01:1:1;enterprise:上海己生物医药有限公司:2023-03-01:1:1;enterprise:贵州乙能源有限公司:2023-02-10:1:1",
            Rows(await FactsAsync(assessor, shanghaiId, "enterprisesVisited")));
        Assert.Equal("signing:乙能源基地:2023-05-10:1:1;signing:甲材料产业园:2023-03-15:0.5:1", Rows(await FactsAsync(assessor, beijingId, "factoryArea")));
        Assert.Equal("activity:赴深圳招商:2023-06-01:1:1;activity:赴深圳招商:2023-05-05:1:1;activity:赴深圳招商:2023-04-10:1:1",
            Rows(await FactsAsync(assessor, zoneId, "leaderTrips")));
        Assert.Equal("activity:赴深圳招商:2023-04-10:1:1", Rows(await FactsAsync(assessor, (await app.OrgAsync("520112")).Id, "leaderTrips")));
        var share = await FactsAsync(assessor, yunyanId, "industrialShare");
        Assert.Equal("industrialFunds=5;industryFunds=6.5", string.Join(";", share.GetProperty("parts").EnumerateArray().Select(p => $"{p.GetProperty("indicator").GetString()}={p.GetProperty("actual").GetDecimal()}")));
        var manual = await FactsAsync(assessor, wudang, "factoryStockUsage");
        Assert.Equal((81m, 90m, JsonValueKind.Null), (manual.GetProperty("actual").GetDecimal(), manual.GetProperty("target").GetDecimal(), manual.GetProperty("computed").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await yunyan.GetAsync($"/api/assessment/facts?year=2023&period=m6&orgId={(await app.OrgAsync("520102")).Id}&indicator=industryFunds")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await yunyan.GetAsync($"/api/assessment/facts?year=2023&period=m6&orgId={yunyanId}&indicator=nope")).StatusCode);
        var sheet = Zhaoshang.Web.Shared.Xlsx.Read(new MemoryStream(await assessor.GetByteArrayAsync(
            $"/api/assessment/facts?year=2023&period=m6&orgId={yunyanId}&indicator=industrialFunds&format=xlsx")), 100).Single();
        Assert.Equal(["类型|日期|名称", "到位资金|2023-03|甲材料产业园", "到位资金|2023-06|甲材料产业园", "||合计（共 2 条）"],
            sheet.Rows.Select(r => string.Join("|", r.Take(3))).ToArray());
        Assert.Equal("5", sheet.Rows[^1][6]);
        var versions = await assessor.GetFromJsonAsync<JsonElement>("/api/rules?year=2023");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
    }

        private Task<JsonElement> FactsAsync(HttpClient client, Guid org, string indicator, string period = "m6") =>
            client.GetFromJsonAsync<JsonElement>($"/api/assessment/facts?year=2023&period={period}&orgId={org}&indicator={indicator}");

        private static string Rows(JsonElement facts) => string.Join(";", facts.GetProperty("facts").GetProperty("rows").EnumerateArray().Select(r =>
            $"{r.GetProperty("kind").GetString()}:{r.GetProperty("title").GetString()}:{r.GetProperty("date").GetString()}:{r.GetProperty("value").GetDecimal()}:{r.GetProperty("weight").GetDecimal()}"
            + (r.GetProperty("late").GetBoolean() ? ":late" : "")));

    public async Task CloseJuneAsync()
    {
        // June is closed: its figures freeze. 1亿 of May funds entered afterwards is late: June stays at 6.5, the fund
        // is listed against June, and July (open) counts it: 7.5.
        Assert.Equal(HttpStatusCode.Forbidden, (await yunyan.PostAsync("/api/assessment/periods/2023/6/close", null)).StatusCode);
        var closing = await assessor.PostAsync("/api/assessment/periods/2023/6/close", null);
        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await assessor.PostAsync("/api/assessment/periods/2023/6/close", null)).StatusCode);
        var leader = await app.ClientForAsync("leader.gy");
        async Task<string> BulletinRowsAsync() => string.Join("\n", Zhaoshang.Web.Shared.Xlsx.Read(
            new MemoryStream(await leader.GetByteArrayAsync("/api/bulletins/2023/6?format=xlsx")), 1000).SelectMany(x => x.Rows).Select(r => string.Join("|", r)));
        var bulletinBefore = await BulletinRowsAsync();
        await FundsAsync(yunyan, a, 5, 1 * Yi);
        await ActivityAsync(shanghai, "visit", "2023-06-15", e1, shanghaiId, "participated");
        decimal Funds(JsonElement view) => view.GetProperty("cells").EnumerateArray()
            .Single(x => x.GetProperty("orgName").GetString() == "云岩区" && x.GetProperty("indicator").GetString() == "industryFunds").GetProperty("actual").GetDecimal();
        var frozen = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6");
        Assert.NotEqual(JsonValueKind.Null, frozen.GetProperty("closedAt").ValueKind);
        Assert.Equal(6.5m, Funds(frozen));
        Assert.Equal(2, frozen.GetProperty("ruleVersion").GetInt32());
        Assert.Equal("fund:6:100000000|activity:6:", string.Join("|", frozen.GetProperty("late").EnumerateArray().Select(f =>
            $"{f.GetProperty("kind").GetString()}:{f.GetProperty("closedMonth").GetInt32()}:{(f.GetProperty("amountYuan").ValueKind == JsonValueKind.Null ? "" : f.GetProperty("amountYuan").GetInt64())}")));
        var open = await assessor.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m7");
        Assert.Equal(7.5m, Funds(open));
        // Taking part in a visit (上海's to E1, after 北京's first one) counts the visit, not the signing: 上海 keeps C's 25亿 alone.
        Assert.Equal(25m, open.GetProperty("cells").EnumerateArray().Single(x => x.GetProperty("orgName").GetString() == "市政府驻上海联络处"
            && x.GetProperty("indicator").GetString() == "signedAmount").GetProperty("actual").GetDecimal());
        Assert.Equal("fund:甲材料产业园:2023-03-01:3:1;fund:甲材料产业园:2023-06-01:2:1;fund:甲材料产业园:2023-05-01:1:1:late;fund:丙商贸中心:2023-02-01:1:1",
            Rows(await FactsAsync(assessor, yunyanId, "industryFunds", "m7")));
        Assert.Equal(2, open.GetProperty("late").GetArrayLength());
        var ownFrozen = await yunyan.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6");
        Assert.All(ownFrozen.GetProperty("cells").EnumerateArray(), x => Assert.Equal("云岩区", x.GetProperty("orgName").GetString()));
        Assert.Equal("fund", Assert.Single(ownFrozen.GetProperty("late").EnumerateArray()).GetProperty("kind").GetString()); // not 上海's visit

        // The bulletin of the closed June, in its three formats: unchanged by the late facts, which it mentions.
        var bulletinAfter = await BulletinRowsAsync();
        // The same figures; only the note of the two late facts is new.
        Assert.Equal(bulletinBefore, string.Join("\n", bulletinAfter.Split('\n').Where(l => !l.StartsWith("关账后补录的事实 2 条", StringComparison.Ordinal))));
        Assert.Contains("关账后补录的事实 2 条", bulletinAfter);
        var yunyanRow = bulletinAfter.Split('\n').Single(r => r.StartsWith("云岩区|", StringComparison.Ordinal));
        // 产业到位资金: target, actual, completion 32.5 %, time progress 50 % (10 of 20 expected by June), status, rank.
        Assert.Contains("|20|6.5|0.325|0.5|滞后序时|2/2|", yunyanRow);
        Assert.Contains("2023年6月招商引资目标任务完成情况通报", bulletinAfter);
        var html = await leader.GetStringAsync("/api/bulletins/2023/6");
        Assert.Contains("序时进度 50%", html);
        Assert.Contains("本月已关账", html);
        Assert.Contains("关账后补录的事实 2 条", html);
        Assert.Contains("@media print", html);
        // In English when English is chosen: the title, the summary, the headers, indicators by their English names.
        var english = await leader.GetStringAsync("/api/bulletins/2023/6?culture=en&ui-culture=en");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Investment promotion targets: progress report, 6/2023", english);
        Assert.Contains("time progress 50%", english);
        Assert.Contains("Average completion", english);
        Assert.DoesNotContain("完成情况通报", english);
        var docxBytes = await leader.GetByteArrayAsync("/api/bulletins/2023/6?format=docx&number=" + Uri.EscapeDataString("筑招商通〔2023〕6号")
            + "&issuer=" + Uri.EscapeDataString("贵阳市产业大招商领导小组办公室") + "&date=2023-07-05");
        await BulletinReadBack.CheckAsync(docxBytes, await leader.GetByteArrayAsync("/api/bulletins/2023/6?format=xlsx"),
            await leader.GetFromJsonAsync<JsonElement>("/api/assessment?year=2023&period=m6"), await leader.GetFromJsonAsync<JsonElement>("/api/indicators"));
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/bulletins/2023/6?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/bulletins/2023/6?format=docx&number=" + Uri.EscapeDataString("筑\u0001号"))).StatusCode);
    }
}
