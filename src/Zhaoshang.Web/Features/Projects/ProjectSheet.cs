using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// The ledger's one Excel layout: the export of a filtered list is a valid import, the template is that layout empty
/// (with an example on a sheet the import never reads).
/// </summary>
public static class ProjectSheet
{
    public const string SheetName = "项目";

    internal const string CCode = "项目编码", CName = "项目名称", COrg = "责任单位", CLocation = "项目所在地", CIndustry = "所属产业",
        CInvestors = "投资企业", CAgreed = "约定投资额（万元）", CStage = "项目阶段", CContract = "签约金额（万元）", CContractDate = "签约日期",
        CPlannedStart = "计划开工日期", CStart = "开工日期", CProduction = "投产日期", CDesigned = "设计产能", CActual = "实际产能",
        CReason = "暂停或终止原因", CLand = "用地（亩）", CJobs = "计划用工（人）", CIndustrial = "工业项目", CHq = "总部经济",
        CDigital = "数字经济", CSoe = "央企项目", CChannel = "招商渠道", CFactory = "标准厂房面积（㎡）";

    public static readonly string[] ImportRequired = [CName, COrg, CAgreed];
    public static readonly string[] ImportOptional = [CCode, CLocation, CIndustry, CInvestors, CStage, CContract, CContractDate, CPlannedStart,
        CStart, CProduction, CDesigned, CActual, CReason, CLand, CJobs, CIndustrial, CHq, CDigital, CSoe, CChannel, CFactory];
    internal static readonly string[] Layout = [CCode, CName, COrg, CLocation, CIndustry, CInvestors, CAgreed, CStage, CContract, CContractDate,
        CPlannedStart, CStart, CProduction, CDesigned, CActual, CReason, CLand, CJobs, CIndustrial, CHq, CDigital, CSoe, CChannel, CFactory];

    public static void WriteTemplate(Stream output)
    {
        // The example lives on a second sheet that the import never reads, so a template filled below it imports cleanly.
        using var writer = new XlsxWriter(output, SheetName, Layout, notes: new XlsxNotes("填写说明",
        [
            [.. Layout],
            ["", "某某新材料产业园项目", "云岩区", "云岩区", "基础材料", "贵州某某新材料有限公司", "1.2亿", "签约", "8000",
                "2024年3月1日", "2024-06-01", null, null, null, null, null, 120, 300, "是", "否", "否", "否", "以商招商", null],
            [],
            ["说明：在“项目”工作表中从第 2 行起填写，一行一个项目；本工作表只是示例，不会被导入。"],
            ["项目名称、责任单位、约定投资额必填；金额可写“1.2亿”“8000万”或以万元计的数字；日期可写 2024-03-01 或 2024年3月1日。"],
            ["项目编码留空则自动编号；已有项目（同一编码，或同一责任单位下的同名项目）会被更新而不是新增。多个投资企业用、分隔。"],
        ]));
    }

}
