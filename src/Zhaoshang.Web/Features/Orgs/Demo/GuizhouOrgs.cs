namespace Zhaoshang.Web.Features.Orgs;

public sealed record OrgSeed(string Code, string Name, string? NameEn, OrgKind Kind, string? ParentCode, bool Coordinates = false);

/// <summary>
/// The demo org tree: Guizhou, its nine prefecture-level cities and 贵安新区, and under Guiyang every responsible unit
/// of the 2023 target-decomposition tables (seed 002), named as the seed means them (without the PDF's line-wrap spaces).
/// Administrative divisions use their GB/T 2260 codes; other units hang their code off their parent's.
/// </summary>
public static class GuizhouOrgs
{
    public const string ProvinceCode = "520000";
    public const string GuiyangCode = "520100";

    public static readonly OrgSeed[] All =
    [
        new(ProvinceCode, "贵州省", "Guizhou Province", OrgKind.Province, null),
        new("520000-D01", "贵州省投资促进局", "Guizhou Investment Promotion Bureau", OrgKind.Department, ProvinceCode, Coordinates: true),
        new(GuiyangCode, "贵阳市", "Guiyang", OrgKind.City, ProvinceCode),
        new("520200", "六盘水市", "Liupanshui", OrgKind.City, ProvinceCode),
        new("520300", "遵义市", "Zunyi", OrgKind.City, ProvinceCode),
        new("520400", "安顺市", "Anshun", OrgKind.City, ProvinceCode),
        new("520500", "毕节市", "Bijie", OrgKind.City, ProvinceCode),
        new("520600", "铜仁市", "Tongren", OrgKind.City, ProvinceCode),
        new("522300", "黔西南布依族苗族自治州", "Qianxinan Prefecture", OrgKind.City, ProvinceCode),
        new("522600", "黔东南苗族侗族自治州", "Qiandongnan Prefecture", OrgKind.City, ProvinceCode),
        new("522700", "黔南布依族苗族自治州", "Qiannan Prefecture", OrgKind.City, ProvinceCode),

        // 贵安新区、各区(市、县)、国家级开发区
        new("520103", "云岩区", "Yunyan District", OrgKind.District, GuiyangCode),
        new("520102", "南明区", "Nanming District", OrgKind.District, GuiyangCode),
        new("520111", "花溪区", "Huaxi District", OrgKind.District, GuiyangCode),
        new("520112", "乌当区", "Wudang District", OrgKind.District, GuiyangCode),
        new("520113", "白云区", "Baiyun District", OrgKind.District, GuiyangCode),
        new("520115", "观山湖区", "Guanshanhu District", OrgKind.District, GuiyangCode),
        new("520181", "清镇市", "Qingzhen", OrgKind.District, GuiyangCode),
        new("520123", "修文县", "Xiuwen County", OrgKind.District, GuiyangCode),
        new("520122", "息烽县", "Xifeng County", OrgKind.District, GuiyangCode),
        new("520121", "开阳县", "Kaiyang County", OrgKind.District, GuiyangCode),
        new("520100-GX", "高新技术开发区", "Guiyang National High-tech Zone", OrgKind.DevZone, GuiyangCode),
        new("520100-JK", "经济技术开发区", "Guiyang Economic and Technological Development Zone", OrgKind.DevZone, GuiyangCode),
        new("520100-ZB", "贵阳综合保税区", "Guiyang Comprehensive Bonded Zone", OrgKind.DevZone, GuiyangCode),
        new("520100-SL", "双龙航空港经济区", "Shuanglong Airport Economic Zone", OrgKind.DevZone, GuiyangCode),
        // 贵阳贵安: the new area is one unit, assessed in Guiyang's table (which prints it "贵安新区 (贵安综保区)").
        new("GUIAN", "贵安新区", "Gui'an New Area", OrgKind.DevZone, GuiyangCode),

        // 省级开发区: each inside its district or county
        new("520112-KF", "乌当经济开发区", "Wudang Economic Development Zone", OrgKind.DevZone, "520112"),
        new("520113-KF", "白云经济开发区", "Baiyun Economic Development Zone", OrgKind.DevZone, "520113"),
        new("520181-KF", "清镇经济开发区", "Qingzhen Economic Development Zone", OrgKind.DevZone, "520181"),
        new("520123-KF", "修文经济开发区", "Xiuwen Economic Development Zone", OrgKind.DevZone, "520123"),
        new("520122-KF", "息烽经济开发区", "Xifeng Economic Development Zone", OrgKind.DevZone, "520122"),
        new("520121-KF", "开阳经济开发区", "Kaiyang Economic Development Zone", OrgKind.DevZone, "520121"),
        new("520111-GY", "花溪工业园区", "Huaxi Industrial Park", OrgKind.DevZone, "520111"),
        new("520115-GY", "观山湖区现代制造工业园区", "Guanshanhu Modern Manufacturing Industrial Park", OrgKind.DevZone, "520115"),

        // 驻外办事处(联络处)
        new("520100-R01", "市政府驻北京联络处", "Beijing Liaison Office", OrgKind.ResidentOffice, GuiyangCode),
        new("520100-R02", "市政府驻上海联络处", "Shanghai Liaison Office", OrgKind.ResidentOffice, GuiyangCode),
        new("520100-R03", "市政府驻广州(深圳)办事处", "Guangzhou (Shenzhen) Office", OrgKind.ResidentOffice, GuiyangCode),
        new("520100-R04", "市政府驻武汉办事处", "Wuhan Office", OrgKind.ResidentOffice, GuiyangCode),
        new("520100-R05", "市政府驻重庆(成都)办事处", "Chongqing (Chengdu) Office", OrgKind.ResidentOffice, GuiyangCode),

        // 贵阳市、贵安新区有关部门
        new("520100-D01", "市投资促进局", "Guiyang Investment Promotion Bureau", OrgKind.Department, GuiyangCode, Coordinates: true),
        new("520100-D02", "贵安新区投资促进局", "Gui'an Investment Promotion Bureau", OrgKind.Department, GuiyangCode),
        new("520100-D03", "市工商联", "Federation of Industry and Commerce", OrgKind.Department, GuiyangCode),
        new("520100-D04", "市发展改革委", "Development and Reform Commission", OrgKind.Department, GuiyangCode),
        new("520100-D05", "市工业和信息化局", "Bureau of Industry and Information Technology", OrgKind.Department, GuiyangCode),
        new("520100-D06", "市农业农村局", "Bureau of Agriculture and Rural Affairs", OrgKind.Department, GuiyangCode),
        new("520100-D07", "市科技局", "Science and Technology Bureau", OrgKind.Department, GuiyangCode),
        new("520100-D08", "市商务局", "Bureau of Commerce", OrgKind.Department, GuiyangCode),
        new("520100-D09", "市大数据局", "Big Data Bureau", OrgKind.Department, GuiyangCode),
        new("520100-D10", "市文化旅游局", "Culture and Tourism Bureau", OrgKind.Department, GuiyangCode),
        new("520100-D11", "市住房城乡建设局", "Housing and Urban-Rural Development Bureau", OrgKind.Department, GuiyangCode),
        new("520100-D12", "市金融办", "Financial Affairs Office", OrgKind.Department, GuiyangCode),
        new("520100-D13", "市卫健局", "Health Commission", OrgKind.Department, GuiyangCode),
        new("520100-D14", "市委军民融合办", "Military-Civilian Integration Office", OrgKind.Department, GuiyangCode),
        new("520100-D15", "市国资委", "State-owned Assets Supervision Commission", OrgKind.Department, GuiyangCode),
        // The factor-guarantee departments problems are routed to (seed 001: 要素问题转办要素保障部门).
        new("520100-D16", "市自然资源和规划局", "Bureau of Natural Resources and Planning", OrgKind.Department, GuiyangCode),
        new("520100-D17", "市人力资源社会保障局", "Bureau of Human Resources and Social Security", OrgKind.Department, GuiyangCode),
        new("520100-D18", "市政务服务中心", "Government Services Centre", OrgKind.Department, GuiyangCode),

        // 市属国有企业
        new("520100-S01", "贵阳市产业发展控股集团", "Guiyang Industrial Development Holding Group", OrgKind.Soe, GuiyangCode),
        new("520100-S02", "贵阳市城市建设投资集团", "Guiyang Urban Construction Investment Group", OrgKind.Soe, GuiyangCode),
        new("520100-S03", "贵阳市农业农垦投资发展集团", "Guiyang Agriculture and Land Reclamation Investment Group", OrgKind.Soe, GuiyangCode),
        new("520100-S04", "贵阳水务集团", "Guiyang Water Group", OrgKind.Soe, GuiyangCode),
        new("520100-S05", "贵阳市矿产能源投资集团", "Guiyang Mineral Energy Investment Group", OrgKind.Soe, GuiyangCode),
        new("520100-S06", "贵阳公共交通投资运营集团", "Guiyang Public Transport Investment Group", OrgKind.Soe, GuiyangCode),

        new("520100-LGO", "贵阳产业大招商工作领导小组办公室", "Guiyang Industrial Investment Leading Group Office", OrgKind.LeadingGroupOffice, GuiyangCode, Coordinates: true),

        // Counties and zones outside Guiyang where the seeds' named projects are built (seeds 000, 003, 004).
        new("520281", "盘州市", "Panzhou", OrgKind.District, "520200"),
        new("520381", "赤水市", "Chishui", OrgKind.District, "520300"),
        new("520423", "镇宁布依族苗族自治县", "Zhenning County", OrgKind.District, "520400"),
        new("520521", "大方县", "Dafang County", OrgKind.District, "520500"),
        new("520523", "金沙县", "Jinsha County", OrgKind.District, "520500"),
        new("520603", "万山区", "Wanshan District", OrgKind.District, "520600"),
        new("520600-DL", "大龙经济开发区", "Dalong Economic Development Zone", OrgKind.DevZone, "520600"),
        new("522301", "兴义市", "Xingyi", OrgKind.District, "522300"),
        new("522632", "榕江县", "Rongjiang County", OrgKind.District, "522600"),
        new("522633", "从江县", "Congjiang County", OrgKind.District, "522600"),
        new("522725", "瓮安县", "Weng'an County", OrgKind.District, "522700"),
    ];
}
