using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>The major-project list as a workbook: what the list shows, amounts in 万元, names not ids.</summary>
public static class MajorSheet
{
    public static readonly string[] Headers =
        ["项目编码", "项目名称", "责任单位", "层级", "认定方式", "协调小组", "阶段", "投资额（万元）", "签约日期", "所属产业", "包保领导", "牵头单位", "责任部门", "专班人数"];

    public static void Write(Stream output, IEnumerable<MajorRow> rows) =>
        Xlsx.Write(output, "重大项目库", Headers, rows.Select(r => new object?[]
        {
            r.Code, r.Name, r.OrgName, MajorSearch.LevelName(r.Level), r.ByHand ? "手动列入" : "按金额认定", MajorSearch.GroupName(r.Group),
            StageMachine.Name(Enum.Parse<ProjectStage>(r.Stage, ignoreCase: true)), r.AmountYuan / (decimal)ChineseText.Wan, r.ContractDate, r.Industry,
            r.LeaderName, r.LeadOrgName, r.ResponsibleOrgName, r.TaskForceSize,
        }), textColumns: [0]);
}
