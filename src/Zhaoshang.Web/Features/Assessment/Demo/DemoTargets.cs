using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>
/// The demo's 2023: seed 002's five decomposition tables, exactly as printed (their stated totals included, which do
/// not always add up), loaded through the same export layout and import a user would use; and the rules seed 002
/// states — the resident offices' bonuses and the provincial zones' standard-factory scoring. Seed 002 gives no
/// weights for the other indicators, so none are invented.
/// </summary>
public static class DemoTargets
{
    public const int Year = 2023;

    private static readonly (string? Code, string Header)[] DistrictColumns =
    [
        ("leaderTrips", "领导赴省外招商(次)"), ("industryFunds", "产业到位资金(亿元)"), ("industrialShare", "工业资金占比(%)"),
        ("industrialFunds", "工业到位资金"), ("strongEnterprises", "优强企业(个数)"), ("hqProjects", "总部经济(个数)"),
        ("digitalProjects", "数字经济(个数)"), ("centralSoeSigned", "央企签约金额(亿元)"),
    ];

    private const string FactoryRule = "2021年及以前建成的存量标准厂房使用率达90%以上的，得12分；2022年和2023年标准厂房建成一年后使用率达80%以上的，得12分；2023年在建的意向入驻率达50%的，得6分。按完成率得分。";
    private const string OfficeBonus = "1.报送项目线索，纳入市委、市政府主要领导外出招商考察，每家企业加1分。2.工业项目签约金额完成目标数后，每超出1亿元加0.2分。3.签约10亿元以上重大项目加5分；20亿元以上重大项目加10分。";

    public static IReadOnlyList<TargetTable> Tables() =>
    [
        Table("贵安新区、各区(市、县)、国家级开发区", "全市目标任务", DistrictColumns,
        [
            ("云岩区", [24, 75, 23, 17, 30, 5, 16, 10]), ("南明区", [24, 75, 23, 17, 30, 5, 16, 10]), ("花溪区", [24, 70, 42, 30, 23, 2, 7, 5]),
            ("乌当区", [24, 85, 56, 48, 23, 2, 7, 20]), ("白云区", [24, 85, 56, 48, 30, 8, 11, 10]), ("观山湖区", [24, 100, 56, 56, 35, 8, 22, 10]),
            ("清镇市", [24, 90, 60, 54, 30, 2, 6, 10]), ("修文县", [24, 90, 60, 54, 30, 2, 5, 10]), ("息烽县", [24, 70, 60, 42, 20, 1, 3, 5]),
            ("开阳县", [24, 85, 62, 53, 20, 1, 3, 5]), ("高新技术开发区", [24, 165, 64, 105, 40, 8, 22, 30]),
            ("经济技术开发区", [24, 165, 64, 105, 40, 8, 22, 30]), ("贵阳综合保税区", [24, 25, 63, 16, 9, null, 10, 5]),
            ("双龙航空港经济区", [24, 150, 64, 95, 30, 8, 20, 20]), ("贵安新区 (贵安综保区)", [12, 320, 48, 160, 30, 10, 30, 20]),
        ], [360, 1650, 55, 900, 420, 70, 200, 200]),
        Table("省级开发区", "合 计",
            [("leaderTrips", "领导赴省外招商(次)"), ("strongProjects", "签约优强项目(个数)"), ("industrialFunds", "工业到位资金(亿元)"), ("factoryCompletion", "标房招商完成比例(%)")],
        [
            ("乌当经济开发区", [24, 4, 43, null]), ("白云经济开发区", [24, 4, 43, null]), ("清镇经济开发区", [24, 4, 49, null]),
            ("修文经济开发区", [24, 4, 49, null]), ("息烽经济开发区", [24, 3, 38, null]), ("开阳经济开发区", [24, 4, 48, null]),
            ("花溪工业园区", [24, 3, 27, null]), ("观山湖区现代制造 工业园区", [24, 4, 50, null]),
        ], [192, 30, 347, null], new() { ["标房招商完成比例(%)"] = FactoryRule }),
        Table("驻外办事处(联络处)", "合计",
        [
            ("enterprisesVisited", "拜访企业(商协会)数(家)"), ("enterprisesInvited", "邀请企业来筑考察数/总数"), ("strongEnterprisesInvited", "邀请企业来筑考察数/优强企业数"),
            ("signedAmount", "项目签约金额(亿元)/总金额"), ("industrialSignedAmount", "项目签约金额(亿元)/工业项目金额"), ("digitalProjects", "数字经济(个)"),
            ("factoryArea", "标房招商面积(万平方米)"), (null, "加分指标"),
        ],
        [
            ("市政府驻北京联络处", [300, 30, 12, 150, 83, 5, 20, null]), ("市政府驻上海联络处", [300, 30, 12, 150, 83, 5, 20, null]),
            ("市政府驻广州〈深圳〉 办事处", [300, 50, 20, 150, 83, 5, 20, null]), ("市政府驻武汉办事处", [200, 20, 8, 100, 55, 2, 10, null]),
            ("市政府驻重庆〈成都〉 办事处", [200, 20, 8, 100, 55, 2, 10, null]),
        ], [1300, 150, 60, 650, 360, 19, 80, null], new() { ["加分指标"] = OfficeBonus }),
        Table("贵阳市、贵安新区有关部门", "合 计",
            [("leaderTrips", "领导赴省外招商(次)"), ("signedAmount", "签约金额(亿元)"), ("industrialSignedAmount", "工业项目签约金额(亿元)")],
        [
            ("市投资促进局", [24, 200, 120]), ("贵安新区投资促进局", [18, 150, 90]), ("市工商联", [10, 100, 60]), ("市发展改革委", [6, 20, 10]),
            ("市工业和信息化局", [6, 120, 120]), ("市农业农村局", [6, 20, 4]), ("市科技局", [6, 10, 2]), ("市商务局", [6, 40, 10]),
            ("市大数据局", [6, 40, 2]), ("市文化旅游局", [6, 40, 2]), ("市住房城乡建设局", [6, 20, 2]), ("市金融办", [6, 10, null]),
            ("市卫健局", [6, 20, 4]), ("市委军民融合办", [6, 80, 40]), ("市国资委", [6, 10, 4]),
        ], [94, 910, 440]),
        Table("市属国有企业", "合 计",
            [("leaderTrips", "领导赴省外招商(次)"), ("signedAmount", "签约金额(亿元)"), ("industrialSignedAmount", "工业项目签约金额(亿元)"), ("factoryArea", "标房招商面积(万平方米)")],
        [
            ("贵阳市产业发展控 股集团", [6, 100, 30, 125]), ("贵阳市城市建设投 资集团", [6, 40, 10, 30]), ("贵阳市农业农垦投 资发展集团", [6, 10, 5, 30]),
            ("贵阳水务集团", [6, 10, 5, 5]), ("贵阳市矿产能源投 资集团", [6, 40, 30, 5]), ("贵阳公共交通投资 运营集团", [6, 10, 5, 5]),
        ], [36, 210, 85, 200]),
    ];

    /// <summary>The rules seed 002 states for 2023.</summary>
    public static Rules Rules() => new()
    {
        Groups =
        [
            new GroupRules
            {
                Table = "驻外办事处(联络处)",
                Bonuses =
                [
                    new BonusRule { Kind = BonusKind.LeadsAdopted, Points = 1, Description = "报送项目线索，纳入市委、市政府主要领导外出招商考察，每家企业加1分" },
                    new BonusRule { Kind = BonusKind.AboveTarget, Indicator = "industrialSignedAmount", Per = 1, Points = 0.2m, Description = "工业项目签约金额完成目标数后，每超出1亿元加0.2分" },
                    new BonusRule
                    {
                        Kind = BonusKind.SignedProject, Description = "签约10亿元以上重大项目加5分；20亿元以上重大项目加10分",
                        Tiers = [new BonusTier(1_000_000_000, 5), new BonusTier(2_000_000_000, 10)],
                    },
                ],
            },
            new GroupRules
            {
                Table = "省级开发区",
                Indicators =
                [
                    new IndicatorRule { Indicator = "factoryStockUsage", Weight = 12, Target = 90 },
                    new IndicatorRule { Indicator = "factoryNewUsage", Weight = 12, Target = 80 },
                    new IndicatorRule { Indicator = "factoryIntendedOccupancy", Weight = 6, Target = 50 },
                ],
            },
        ],
    };

    /// <summary>Loads the tables and rules into a fresh demo database (nothing when the year has targets already).</summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDb>();
        if (await db.TargetYears.AnyAsync(y => y.Year == Year, ct))
        {
            return;
        }
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);
        using var workbook = new MemoryStream();
        TargetTablesWriter.Write(workbook, Tables(), indicators);
        workbook.Position = 0;
        var report = await services.GetRequiredService<TargetService>().ImportAsync(Year, workbook, 1000, ct);
        if (!report.Ok)
        {
            throw new InvalidOperationException("The demo targets did not import: " + string.Join("; ", report.Errors));
        }
        await services.GetRequiredService<RuleBook>().SaveRulesAsync(Year, Rules(), "2023年贵阳市招商引资工作要点（筑大招商办发〔2023〕7号）", ct);
    }

    private static TargetTable Table(string title, string totalLabel, (string? Code, string Header)[] columns, (string Unit, decimal?[] Values)[] rows,
        decimal?[] totals, Dictionary<string, string>? notes = null)
    {
        Dictionary<string, decimal?> Values(decimal?[] values) => columns.Select((c, i) => (c.Code, Value: values[i])).Where(x => x.Code is not null)
            .ToDictionary(x => x.Code!, x => x.Value);
        return new TargetTable(title, title, totalLabel, columns.Select(c => new TableColumn(c.Code, c.Header)).ToList(),
            rows.Select((r, i) => new TableRow(0, i + 1, r.Unit, Values(r.Values))).ToList(), Values(totals), notes ?? []);
    }
}
