using System.Globalization;
using System.Text.RegularExpressions;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>
/// A period of a year, counted from 1 January ("以旬保月、以月保季、以季保年"): the year, a quarter (q1…q4), a month
/// (m1…m12) or a 旬 of a month (m6x1: 1–10 June, m6x2: 11–20, m6x3: 21 to the month's end). Its time progress is the
/// share of the year gone by at its end, in months (seed 002: targets are scheduled by the monthly average), refined
/// by the 旬 inside the month.
/// </summary>
public sealed partial record AssessmentPeriod(int Year, string Code, int Month, int? Xun)
{
    [GeneratedRegex(@"^(year|q([1-4])|m(1[0-2]|[1-9])(?:x([1-3]))?)$")]
    private static partial Regex Pattern();

    public static AssessmentPeriod Parse(int year, string? code)
    {
        var text = string.IsNullOrWhiteSpace(code) ? "year" : code.Trim().ToLowerInvariant();
        var match = Pattern().Match(text);
        if (year is < 2000 or > 2100 || !match.Success)
        {
            throw DomainException.Invalid("period", "考核期间“{0}”无效：可用 year、q1–q4、m1–m12，或旬 m6x1–m6x3。", code);
        }
        if (text == "year")
        {
            return new(year, text, 12, null);
        }
        if (match.Groups[2].Success)
        {
            return new(year, text, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) * 3, null);
        }
        int? xun = match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : null;
        return new(year, text, int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), xun);
    }

    /// <summary>The last day the period counts facts of.</summary>
    public DateOnly End => Xun switch
    {
        1 => new DateOnly(Year, Month, 10),
        2 => new DateOnly(Year, Month, 20),
        _ => new DateOnly(Year, Month, DateTime.DaysInMonth(Year, Month)),
    };

    /// <summary>Months gone by at the end of the period: 6 for June, 5⅔ for its second 旬.</summary>
    public decimal ElapsedMonths => Xun is { } x ? Month - 1 + x / 3m : Month;

    /// <summary>The time-progress expectation of an annual target: target × elapsed months / 12.</summary>
    public decimal Expected(decimal annualTarget) => annualTarget * ElapsedMonths / 12m;
}
