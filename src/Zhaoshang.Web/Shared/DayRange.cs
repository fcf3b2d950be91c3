using System.Globalization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// A filter's days (China time) as UTC instants, from the first day's start to the end of the last. Days outside
/// 2000–2100 are refused with the field that holds them (a forged 9999-12-31 has no next day to end on).
/// </summary>
public static class DayRange
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static (DateTime? Start, DateTime? End) ToUtc(DateOnly? from, DateOnly? to, string fromField = "from", string toField = "to")
    {
        Check(from, fromField);
        Check(to, toField);
        return (from is { } f ? ChinaTime.StartUtc(f) : null, to is { } t ? ChinaTime.StartUtc(t.AddDays(1)) : null);
    }

    public static void Check(DateOnly? day, string field)
    {
        if (day is { } d && (d < Earliest || d > Latest))
        {
            throw DomainException.Invalid(field, "日期 {0} 超出可查询范围（{1} 至 {2}）。",
                d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }
}
