namespace Zhaoshang.Web.Features.Activities;

/// <summary>The words forms, lists and spreadsheets use for an activity's kind, an office's part and who led a trip.</summary>
public static class ActivityTerms
{
    public static string Name(ActivityKind kind) => kind switch
    {
        ActivityKind.Visit => "拜访",
        ActivityKind.Inspection => "考察",
        ActivityKind.Negotiation => "洽谈",
        ActivityKind.Promotion => "推介会",
        ActivityKind.Expo => "博览会",
        ActivityKind.SigningCeremony => "签约仪式",
        ActivityKind.Intention => "扫码意向",
        _ => "领导赴省外招商",
    };

    /// <summary>The kinds a person records (扫码意向 is the intake's own).</summary>
    public static readonly ActivityKind[] Typed = [.. Enum.GetValues<ActivityKind>().Where(k => k != ActivityKind.Intention)];

    public static string Name(OfficeRole role) => role switch
    {
        OfficeRole.FirstVisit => "首次拜访",
        OfficeRole.Accompanied => "陪同考察",
        _ => "参与",
    };

    public static string Name(LeaderRank rank) => rank == LeaderRank.Principal ? "党政主要领导" : "其他领导";

    public static IEnumerable<string> Words =>
        Enum.GetValues<ActivityKind>().Select(Name).Concat(Enum.GetValues<OfficeRole>().Select(Name)).Concat(Enum.GetValues<LeaderRank>().Select(Name));

    /// <summary>A kind, role or rank as written in a spreadsheet cell (its word, or a common synonym); null when it is none.</summary>
    public static ActivityKind? ParseKind(string text) => text.Trim() switch
    {
        "领导外出招商" or "领导招商" => ActivityKind.LeaderTrip,
        "推介" or "招商推介会" => ActivityKind.Promotion,
        "展会" or "博览会" or "数博会" => ActivityKind.Expo,
        "签约" => ActivityKind.SigningCeremony,
        "来黔考察" => ActivityKind.Inspection,
        var t => Enum.GetValues<ActivityKind>().Cast<ActivityKind?>().FirstOrDefault(k => Name(k!.Value) == t),
    };

    public static LeaderRank? ParseLeader(string text) => text.Trim() switch
    {
        "党政主要领导" or "主要领导" => LeaderRank.Principal,
        "其他领导" or "其他" => LeaderRank.Other,
        _ => null,
    };
}
