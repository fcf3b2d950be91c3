using System.Globalization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>How the assessment pages write figures: amounts with two decimals, counts whole, rates with one decimal and %.</summary>
public static class Figures
{
    public static string Value(decimal? value, string unit) => value is not { } v ? "—" : unit switch
    {
        "%" => Numbers.Rate(v),
        "亿元" or "万元" or "万㎡" => v.ToString("N2", CultureInfo.InvariantCulture),
        _ => v.ToString("#,0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>The bulletin's colours: green ahead of time progress, blue on track, amber behind; always with the word too.</summary>
    public static string StatusClass(string? status) => status switch
    {
        "ahead" => "bg-green-lt",
        "onTrack" => "bg-blue-lt",
        "behind" => "bg-yellow-lt",
        _ => "bg-secondary-lt",
    };

    public static string StatusIcon(string? status) => status switch
    {
        "ahead" => "▲",
        "behind" => "▼",
        "onTrack" => "●",
        _ => "",
    };
}
