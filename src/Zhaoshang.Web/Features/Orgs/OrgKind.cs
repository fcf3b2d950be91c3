namespace Zhaoshang.Web.Features.Orgs;

public enum OrgKind
{
    Province,
    City,
    District,
    DevZone,
    Department,
    ResidentOffice,
    Soe,
    LeadingGroupOffice,
    TaskForce,
}

public static class OrgKinds
{
    private static readonly OrgKind[] Administrative = [OrgKind.Province, OrgKind.City, OrgKind.District];

    /// <summary>Where each kind may hang in the tree: 省 → 市/州 → 区/县 → 园区, with the side units at each level.</summary>
    public static readonly IReadOnlyDictionary<OrgKind, OrgKind[]> AllowedParents = new Dictionary<OrgKind, OrgKind[]>
    {
        [OrgKind.Province] = [],
        [OrgKind.City] = [OrgKind.Province],
        [OrgKind.District] = [OrgKind.City],
        [OrgKind.DevZone] = [OrgKind.Province, OrgKind.City, OrgKind.District],
        [OrgKind.Department] = Administrative,
        [OrgKind.ResidentOffice] = Administrative,
        [OrgKind.Soe] = Administrative,
        [OrgKind.LeadingGroupOffice] = Administrative,
        [OrgKind.TaskForce] = Administrative,
    };

    public static string ApiName(this OrgKind kind) => Shared.ApiEnum.Name(kind);

    public static bool TryParse(string? text, out OrgKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        foreach (var k in Enum.GetValues<OrgKind>())
        {
            if (string.Equals(k.ToString(), text, StringComparison.OrdinalIgnoreCase) || k.ChineseName() == text)
            {
                kind = k;
                return true;
            }
        }
        return false;
    }

    public static string ChineseName(this OrgKind kind) => kind switch
    {
        OrgKind.Province => "省",
        OrgKind.City => "市/州",
        OrgKind.District => "区/县",
        OrgKind.DevZone => "开发区/园区",
        OrgKind.Department => "部门",
        OrgKind.ResidentOffice => "驻外办事处",
        OrgKind.Soe => "国有企业",
        OrgKind.LeadingGroupOffice => "领导小组办公室",
        OrgKind.TaskForce => "专班",
        _ => kind.ToString(),
    };
}
