using System.Text.Json;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>One generated project with every row that hangs off it, and the company it is named after.</summary>
public sealed record GeneratedProject(Project Project, List<ProjectNameBigram> Grams, List<ProjectStageChange> StageChanges,
    ProjectHandoff? Handoff, List<FundEntry> Funds, List<Activity> Activities, List<ActivityOffice> Offices)
{
    public string Company { get; init; } = "";
}

/// <summary>
/// Realistic Guizhou ledger data for demos and benchmarks: the same seed gives the same rows (ids included), and
/// projects are yielded one at a time so that a million of them never sit in memory. Every project is in a state the
/// stage machine could have produced, with the evidence each stage needs and its history.
/// </summary>
public sealed class LedgerGenerator
{
    /// <summary>Brand words are first × second character (3,600 pairs), so one brand matches about 0.03 % of names.</summary>
    public static readonly string BrandFirst = "恒华宏鑫瑞盛泰嘉金鼎德兴永安隆顺天宇博诚信明康海润远丰利福祥和通众正汇昌益成凯腾卓越辉星光伟力锦睿智航源晟森银鸿臻聚联久";
    public static readonly string BrandSecond = "达科创晖宝峰豪川阳辰翔宸元坤逸澜桥杰骏邦策韵祺霖岳亿彩晶锐雅融荣帆舟泽林云溪石岩江湖洋旭升尚诺威驰图鹏乾迅伦霆煜琪蔚珑曜";

    private static readonly string[] Places = Words("贵阳 遵义 六盘水 安顺 毕节 铜仁 黔西南 黔东南 黔南 贵安 修文 息烽 开阳 清镇 花溪 乌当 白云 观山湖 云岩 南明"
        + " 仁怀 赤水 盘州 兴义 凯里 都匀 福泉 威宁 习水 湄潭 凤冈 余庆 织金 黔西 大方 惠水 龙里 瓮安 荔波 镇远");

    private static readonly string[] CompanyWords = Words("集团 科技 实业 股份 控股 新材料 能源 智能 电子 药业 食品 建材 物流 投资    "); // 4 × none

    /// <summary>Typical products of each key industry (same order as <see cref="Industry.Guizhou"/>).</summary>
    private static readonly string[][] Products =
    [
        Words("煤矿智能化改造 煤层气开发利用 洗选煤 页岩气勘探开发"), Words("光伏电站 风电场 抽水蓄能电站 农光互补电站 储能电站"), Words("酱香白酒酿造 酒用包装 原酒基地 白酒技改扩能 烟用材料"),
        Words("装配式建筑构件 商品混凝土 新型墙体材料 绿色建材"), Words("磷酸铁 精细磷化工 氟化工 煤化工 湿法磷酸净化"), Words("航空零部件 智能装备制造 工程机械 电力装备 数控机床"),
        Words("铝合金精深加工 电解锰 钛材 铝箔 锰系新材料"), Words("辣椒制品加工 茶叶精深加工 食用菌 刺梨饮品 预制菜"), Words("数据中心 电子元器件 智算中心 服务器制造 软件外包"),
        Words("中药材加工 生物医药 医疗器械 中成药 康复医疗"), Words("锂电池正极材料 磷酸铁锂 电解液 动力电池 钠离子电池"), Words("新能源汽车零部件 整车制造 充换电站 电机电控"),
        Words("风光水火储一体化 综合能源站 氢能制储加 源网荷储一体化"), Words("电解铝 铝合金型材 再生铝 铝板带箔"), Words("竹木制品 家具制造 日化用品 纺织服装 纸制品"),
        Words("蔬菜保供基地 生态茶园 肉牛养殖 中药材种植 精品水果"), Words("温泉度假区 文旅综合体 民宿集群 康养小镇 红色旅游景区"), Words("冷链物流园 仓储配送中心 陆港物流枢纽 电商快递分拨中心"),
        Words("金融科技中心 区域总部 融资租赁 供应链金融平台"), Words("商业综合体 养老服务中心 职业教育基地 会展中心"),
    ];

    private static readonly string[] Suffixes = Words("项目 项目 建设项目 扩建项目 （一期）项目 （二期）项目 产业园 基地 产业基地 中心");
    private static readonly string[] PlainSuffixes = Words("项目 项目 建设项目 扩建项目 （二期）项目"); // after a product that names a site
    private static readonly string[] Channels = Words("以商招商 驻外招商 展会招商 委托招商 小分队招商 产业链招商 网络招商");
    private static readonly string[] HoldReasons = Words("资金未到位 用地手续未办结 企业战略调整 环评未获批复 市场行情变化");
    private static readonly string[] StopReasons = Words("企业放弃投资 项目选址变更至省外 企业资金链断裂 不符合产业政策 合同解除");
    private static readonly string[] Surnames = Words("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 罗 龙 杜 冉");
    private static readonly string[] GivenNames = Words("伟 芳 敏 静 强 磊 军 洋 勇 艳 杰 涛 明 超 霞 平 刚 桂英");
    private static readonly string[] Expos = Words("数博会 酒博会 农博会 中国—东盟博览会");
    private static readonly string[] Titles = Words("董事长 总经理 副总裁 投资总监 区域总经理");

    // Stage of each project (a rough picture of a provincial ledger: most projects are signed or later).
    private static readonly double[] StageShares = [0.12, 0.10, 0.13, 0.15, 0.18, 0.15, 0.09, 0.04, 0.04]; // in ProjectStage order

    private static readonly ProjectStage[] Forward =
        [ProjectStage.Reserve, ProjectStage.Negotiating, ProjectStage.Signed, ProjectStage.Started, ProjectStage.Operating, ProjectStage.AtCapacity];

    // Days between one stage and the next one reached (min, max), indexed by the stage reached.
    private static readonly Dictionary<ProjectStage, (int Min, int Max)> Gaps = new()
    {
        [ProjectStage.Reserve] = (15, 90), [ProjectStage.Negotiating] = (20, 120), [ProjectStage.Signed] = (30, 180),
        [ProjectStage.Started] = (30, 240), [ProjectStage.Operating] = (180, 720), [ProjectStage.AtCapacity] = (180, 540),
        [ProjectStage.OnHold] = (30, 365), [ProjectStage.Terminated] = (30, 365),
    };

    private readonly Random _random;
    private readonly Org[] _orgs;
    private readonly double[] _cumulativeWeight;
    private readonly Org[] _offices;
    private readonly DateOnly _first, _last;
    private readonly Dictionary<int, int> _codeCounters = [];
    private readonly Func<Org, string?> _place;

    private static readonly string[] PlaceSuffixes =
        ["布依族苗族自治州", "苗族侗族自治州", "布依族苗族自治县", "苗族自治县", "自治州", "自治县", "新区", "市", "区", "县", "州"];

    private static readonly string[] ZoneSuffixes =
        ["现代制造工业园区", "经济技术开发区", "高新技术开发区", "航空港经济区", "经济开发区", "综合保税区", "工业园区", "开发区", "园区"];

    /// <summary>
    /// The place a unit's name gives: 云岩区 → 云岩, 黔西南布依族苗族自治州 → 黔西南, 乌当经济开发区 → 乌当, 观山湖区现代制造工业园区 →
    /// 观山湖, 贵安新区 → 贵安; null for a unit that names no place (高新技术开发区, a bureau).
    /// </summary>
    public static string? PlaceOf(Org org)
    {
        var name = org.Name;
        if (org.Kind == OrgKind.DevZone && ZoneSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } zone)
        {
            name = name[..^zone.Length];
        }
        else if (org.Kind is not (OrgKind.City or OrgKind.District or OrgKind.DevZone))
        {
            return null;
        }
        var suffix = PlaceSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal) && name.Length > s.Length + 1);
        name = suffix is null ? name : name[..^suffix.Length];
        return name.Length >= 2 ? name : null;
    }

    /// <param name="orgs">Units that own projects; a city-level unit stands for its whole prefecture and gets more.</param>
    /// <param name="residentOffices">Resident offices (驻外办) that make or accompany visits.</param>
    /// <param name="place">The place a unit's project names carry (default: the unit's own, from its name).</param>
    public LedgerGenerator(IEnumerable<Org> orgs, IEnumerable<Org> residentOffices, int firstYear, int lastYear, int seed, Func<Org, string?>? place = null)
    {
        _place = place ?? PlaceOf;
        _random = new Random(seed); // System.Random with a seed is stable across .NET versions: same data every run
        _orgs = orgs.Where(o => Weight(o.Kind) > 0).OrderBy(o => o.Path, StringComparer.Ordinal).ToArray();
        _offices = residentOffices.OrderBy(o => o.Path, StringComparer.Ordinal).ToArray();
        ArgumentOutOfRangeException.ThrowIfZero(_orgs.Length, nameof(orgs));
        if (Products.Length != Industry.Guizhou.Length)
        {
            throw new InvalidOperationException("LedgerGenerator.Products must list products for every industry of Industry.Guizhou, in its order.");
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);
        var total = 0.0;
        _cumulativeWeight = _orgs.Select(o => total += Weight(o.Kind)).ToArray();
        _first = new DateOnly(firstYear, 1, 1);
        _last = new DateOnly(lastYear, 12, 31);
    }

    /// <summary>A prefecture (City) owns as many projects as a dozen districts; departments and SOEs own a few.</summary>
    public static double Weight(OrgKind kind) => kind switch
    {
        OrgKind.City => 12, OrgKind.District or OrgKind.DevZone => 1.8, OrgKind.Department or OrgKind.Soe => 0.5,
        OrgKind.Province or OrgKind.LeadingGroupOffice or OrgKind.TaskForce => 0.3, _ => 0,
    };

    public IEnumerable<GeneratedProject> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next(); // one at a time: a million projects never sit in memory
        }
    }

    private GeneratedProject Next()
    {
        var org = PickOrg();
        var industryIndex = _random.Next(Industry.Guizhou.Length);
        var industry = Industry.Guizhou[industryIndex];
        var stage = PickStage();
        // The stage reached before a project was put on hold or terminated.
        var reached = stage switch
        {
            ProjectStage.OnHold => Pick([ProjectStage.Negotiating, ProjectStage.Signed, ProjectStage.Signed, ProjectStage.Started, ProjectStage.Operating]),
            ProjectStage.Terminated => Pick([ProjectStage.Lead, ProjectStage.Reserve, ProjectStage.Negotiating, ProjectStage.Signed, ProjectStage.Started]),
            _ => stage,
        };
        // The moves after the lead; reserve and negotiation may be skipped (a lead can be signed at a 签约仪式).
        var path = Forward.Where(s => s <= reached && !(s < reached && _random.NextDouble() < (s == ProjectStage.Reserve ? 0.4 : s == ProjectStage.Negotiating ? 0.1 : 0)))
            .ToList();
        if (reached != stage)
        {
            path.Add(stage);
        }
        var gaps = path.Select(s => _random.Next(Gaps[s].Min, Gaps[s].Max + 1)).ToArray();
        var span = _last.DayNumber - _first.DayNumber;
        var scale = Math.Min(1.0, span * 0.9 / Math.Max(1, gaps.Sum()));
        var created = _first.AddDays(_random.Next(Math.Max(1, span - (int)(gaps.Sum() * scale))));
        var createdAt = At(created);
        var (name, company) = Name(org, industryIndex);
        var amountWan = (long)Math.Clamp(Math.Exp(Math.Log(15_000) + Normal()), 500, 5_000_000); // median 1.5亿
        var p = new Project
        {
            Id = NewId(createdAt), Code = NextCode(created.Year), Name = name, OrgId = org.Id, OrgPath = org.Path,
            LocationOrgId = org.Kind is OrgKind.District or OrgKind.DevZone ? org.Id : null, Industry = industry.Name,
            AgreedInvestmentYuan = amountWan * 10_000, IsIndustrial = _random.NextDouble() < 0.95 ? industry.Industrial : !industry.Industrial,
            IsHqEconomy = _random.NextDouble() < 0.05, IsDigitalEconomy = industryIndex == 8 || _random.NextDouble() < 0.08,
            IsCentralSoeProject = _random.NextDouble() < 0.04, Channel = Pick(Channels),
            PlannedJobs = (int)Math.Clamp(amountWan / 100 + _random.Next(20, 200), 10, 20_000), Stage = ProjectStage.Lead, CreatedAt = createdAt,
        };
        if (p.IsIndustrial)
        {
            p.LandMu = Math.Round((decimal)(amountWan / 300.0 * (0.5 + _random.NextDouble())), 2) + 5;
            p.FactoryAreaM2 = Math.Round(p.LandMu.Value * 666.67m * (decimal)(0.3 + _random.NextDouble() * 0.4), 2);
        }

        var changes = new List<ProjectStageChange>();
        ProjectHandoff? handoff = null;
        var date = created;
        for (var i = 0; i < path.Count; i++)
        {
            date = Min(date.AddDays((int)(gaps[i] * scale)), _last);
            var to = path[i];
            var evidence = new StageEvidence(date);
            switch (to)
            {
                case ProjectStage.Signed:
                    p.ContractAmountYuan = (long)(amountWan * (0.8 + _random.NextDouble() * 0.5)) * 10_000;
                    p.ContractDate = date;
                    evidence = evidence with { ContractAmountYuan = p.ContractAmountYuan };
                    break;
                case ProjectStage.Started:
                    p.StartDate = date;
                    handoff = new ProjectHandoff
                    {
                        ProjectId = p.Id, Code = p.Code, Name = p.Name, StartDate = date, AgreedInvestmentYuan = p.AgreedInvestmentYuan,
                        ContractAmountYuan = p.ContractAmountYuan, IsIndustrial = p.IsIndustrial, OrgPath = p.OrgPath, At = At(date),
                    };
                    break;
                case ProjectStage.Operating:
                    p.ProductionDate = date;
                    break;
                case ProjectStage.AtCapacity:
                    p.DesignedCapacity = _random.Next(10, 500) * 10m;
                    p.ActualCapacity = Math.Round(p.DesignedCapacity.Value * (decimal)(0.8 + _random.NextDouble() * 0.25), 2);
                    p.CapacityDate = date;
                    evidence = evidence with { DesignedCapacity = p.DesignedCapacity, ActualCapacity = p.ActualCapacity };
                    break;
                case ProjectStage.OnHold or ProjectStage.Terminated:
                    p.HeldFrom = to == ProjectStage.OnHold ? p.Stage : null;
                    p.StageReason = Pick(to == ProjectStage.OnHold ? HoldReasons : StopReasons);
                    evidence = evidence with { Reason = p.StageReason };
                    break;
            }
            var at = At(date);
            changes.Add(new ProjectStageChange
            {
                Id = NewId(at), ProjectId = p.Id, From = p.Stage, To = to, Date = date, Evidence = JsonSerializer.Serialize(evidence),
                UserName = null, At = at, OrgPath = p.OrgPath, // history from before the system: no user of it made the change
            });
            p.Stage = to;
            p.StageDate = date;
        }
        if (p.StartDate is null && p.Stage is not ProjectStage.Terminated)
        {
            p.PlannedStartDate = Min(date.AddDays(_random.Next(60, 400)), _last.AddYears(2));
        }
        var generated = new GeneratedProject(p, ProjectNameBigram.For(p).ToList(), changes, handoff, Funds(p), [], []) { Company = company };
        AddActivities(generated, company, created, date);
        return generated;
    }

    /// <summary>Monthly funds in place from the start on (about 25 months a started project, 10 on average over all).</summary>
    private List<FundEntry> Funds(Project p)
    {
        var funds = new List<FundEntry>();
        if (p.StartDate is not { } start)
        {
            return funds;
        }
        // A project on hold or terminated stops reporting funds.
        var end = p.Stage is ProjectStage.OnHold or ProjectStage.Terminated ? p.StageDate!.Value : _last;
        var months = (end.Year - start.Year) * 12 + end.Month - start.Month + 1;
        var count = Math.Min(months, 8 + _random.Next(36));
        var total = (p.ContractAmountYuan ?? p.AgreedInvestmentYuan) * (0.4 + _random.NextDouble() * 0.6);
        for (var i = 0; i < count; i++)
        {
            var month = new DateOnly(start.Year, start.Month, 1).AddMonths(i);
            var at = At(Min(month.AddMonths(1), _last)); // reported early the next month
            var entry = new FundEntry
            {
                Id = NewId(at), ProjectId = p.Id, Year = month.Year, Month = month.Month, At = at, OrgPath = p.OrgPath,
                AmountYuan = Math.Max(10_000, (long)(total / count * (0.5 + _random.NextDouble())) / 10_000 * 10_000),
                Evidence = _random.NextDouble() < 0.7 ? "月度到位资金报表" : null,
            };
            funds.Add(entry);
            if (_random.NextDouble() < 0.01) // a correction is a new, negative entry referring to the one it corrects
            {
                funds.Add(new FundEntry
                {
                    Id = NewId(entry.At.AddDays(3)), ProjectId = p.Id, Year = entry.Year, Month = entry.Month, AmountYuan = -entry.AmountYuan / 10,
                    Evidence = "更正：重复统计", CorrectsId = entry.Id, At = entry.At.AddDays(3), OrgPath = p.OrgPath,
                });
            }
        }
        return funds;
    }

    /// <summary>About five activities a project between its creation and its last stage; a fifth with a resident office.</summary>
    private void AddActivities(GeneratedProject g, string company, DateOnly from, DateOnly to)
    {
        var p = g.Project;
        var firstVisitDone = false;
        var count = 1 + _random.Next(9);
        for (var i = 0; i < count; i++)
        {
            var kind = p.ContractDate is not null && i == 0 ? ActivityKind.SigningCeremony : Pick(KindsByFrequency);
            var date = kind == ActivityKind.SigningCeremony ? p.ContractDate!.Value
                : Min(from.AddDays(_random.Next(Math.Max(1, Min(to.AddDays(60), _last).DayNumber - from.DayNumber))), _last);
            var activity = new Activity
            {
                Id = NewId(At(date)), Kind = kind, Date = date,
                Title = kind switch
                {
                    ActivityKind.Visit => $"拜访{company}等企业",
                    ActivityKind.Inspection => $"{company}来黔考察{p.Industry}项目",
                    ActivityKind.Negotiation => $"与{company}洽谈{p.Name}",
                    ActivityKind.Promotion => $"{Pick(Places)}{p.Industry}产业招商推介会",
                    ActivityKind.Expo => Pick(Expos) + "现场招商",
                    _ => $"{p.Name}签约仪式",
                },
                People = $"{Person()}、{Person()}", Participants = $"{company}{Pick(Titles)}{Person()}等{_random.Next(2, 9)}人",
                ProjectId = p.Id, Outcome = _random.NextDouble() < 0.5 ? "达成初步合作意向" : null, OrgId = p.OrgId, OrgPath = p.OrgPath,
                CreatedAt = At(date),
            };
            g.Activities.Add(activity);
            if (_offices.Length > 0 && _random.NextDouble() < 0.2)
            {
                // The first visit is a visit, and one office's; accompanying is an inspection (seed 002).
                var role = kind == ActivityKind.Visit && !firstVisitDone ? OfficeRole.FirstVisit
                    : kind == ActivityKind.Inspection ? OfficeRole.Accompanied : OfficeRole.Participated;
                g.Offices.Add(new ActivityOffice { ActivityId = activity.Id, OrgId = Pick(_offices).Id, Role = role });
                firstVisitDone |= role == OfficeRole.FirstVisit;
            }
        }
    }

    private static readonly ActivityKind[] KindsByFrequency = [ActivityKind.Visit, ActivityKind.Visit, ActivityKind.Visit, ActivityKind.Inspection,
        ActivityKind.Inspection, ActivityKind.Negotiation, ActivityKind.Negotiation, ActivityKind.Negotiation, ActivityKind.Promotion, ActivityKind.Expo];

    /// <summary>Place + brand + company word + product + suffix: "修文恒达新材料磷酸铁锂项目", and the company ("恒达新材料").</summary>
    private (string Name, string Company) Name(Org org, int industryIndex)
    {
        // A project is named after a place in its own unit (云岩区 → 云岩, 乌当经济开发区 → 乌当, a city's bureau → the city);
        // a unit whose place is unknown here takes one anywhere in the province.
        var place = _place(org) ?? Pick(Places);
        var brand = $"{BrandFirst[_random.Next(BrandFirst.Length)]}{BrandSecond[_random.Next(BrandSecond.Length)]}";
        var word = Pick(CompanyWords);
        var product = Pick(Products[industryIndex]);
        var suffix = Pick(product[^1] is '心' or '园' or '地' or '站' or '区' or '镇' or '部' or '台' or '纽' ? PlainSuffixes : Suffixes);
        return (place + brand + word + product + suffix, brand + (word.Length > 0 ? word : "集团"));
    }

    /// <summary>"XM-G" never collides with the app's own XM-{year}-NNNNNN sequence.</summary>
    private string NextCode(int year) => $"XM-G{year}-{_codeCounters[year] = _codeCounters.GetValueOrDefault(year) + 1:D6}";

    private Org PickOrg()
    {
        var x = _random.NextDouble() * _cumulativeWeight[^1];
        var i = Array.BinarySearch(_cumulativeWeight, x);
        return _orgs[Math.Min(i < 0 ? ~i : i, _orgs.Length - 1)];
    }

    private ProjectStage PickStage()
    {
        var x = _random.NextDouble();
        var i = 0;
        while (i < StageShares.Length - 1 && (x -= StageShares[i]) >= 0)
        {
            i++;
        }
        return (ProjectStage)i;
    }

    /// <summary>A version-7 id from the row's own time and the seeded generator (CreateVersion7 draws from the OS RNG).</summary>
    private Guid NewId(DateTime at)
    {
        Span<byte> b = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(b, (long)(at - DateTime.UnixEpoch).TotalMilliseconds << 16); // 48-bit ms
        _random.NextBytes(b[6..]);
        b[6] = (byte)(0x70 | (b[6] & 0x0F));
        b[8] = (byte)(0x80 | (b[8] & 0x3F));
        return new Guid(b, bigEndian: true);
    }

    /// <summary>An instant in office hours, China time (UTC+8), to the second.</summary>
    private DateTime At(DateOnly date) => date.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc).AddSeconds(_random.Next(8 * 3600));

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private string Person() => Pick(Surnames) + Pick(GivenNames);

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static string[] Words(string text) => text.Split(' ');
}
