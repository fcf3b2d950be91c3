using System.Globalization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// The platform's time: China Standard Time (UTC+8, no daylight saving), whatever zone the server runs in. Instants are
/// stored in UTC; days, months and the times a page shows are China's. Never the server's local time.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Today in China by this clock.</summary>
    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(Local(time.GetUtcNow().UtcDateTime));

    /// <summary>A UTC instant (stored without its kind) as China's wall-clock time.</summary>
    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A UTC instant as China's time, written as a page or an export writes it.</summary>
    public static string Format(DateTime utc, string format = "yyyy-MM-dd HH:mm") => Local(utc).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The day (China) an instant falls on.</summary>
    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    /// <summary>The UTC instant a China day begins.</summary>
    public static DateTime StartUtc(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zone);
}
