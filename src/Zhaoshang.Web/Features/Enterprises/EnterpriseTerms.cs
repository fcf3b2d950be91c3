namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>The words the forms and lists use for an enterprise's ownership, classes and 专精特新 level.</summary>
public static class EnterpriseTerms
{
    public static string Name(Ownership ownership) => ownership switch
    {
        Ownership.CentralSoe => "央企",
        Ownership.LocalSoe => "地方国企",
        Ownership.Private => "民企",
        Ownership.Foreign => "外企",
        _ => "未填",
    };

    public static string Name(EnterpriseClass c) => c switch
    {
        EnterpriseClass.Global500 => "世界500强",
        EnterpriseClass.China500 => "中国500强",
        EnterpriseClass.Private500 => "民营500强",
        EnterpriseClass.Listed => "上市公司",
        EnterpriseClass.Unicorn => "独角兽",
        EnterpriseClass.HighTech => "高新技术企业",
        EnterpriseClass.LittleGiant => "专精特新“小巨人”",
        _ => "无",
    };

    public static string Name(SpecializedLevel level) => level switch
    {
        SpecializedLevel.Provincial => "省级专精特新",
        SpecializedLevel.National => "国家级专精特新",
        _ => "无",
    };

    public static IEnumerable<EnterpriseClass> Each(EnterpriseClass classes) =>
        Enum.GetValues<EnterpriseClass>().Where(c => c != EnterpriseClass.None && classes.HasFlag(c));
}
