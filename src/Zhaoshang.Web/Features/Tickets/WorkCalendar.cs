using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// A day that is not what its weekday says: a public holiday on a weekday (IsWorkday false) or an adjusted working
/// day (调休) on a weekend (true). Yearly data, from the State Council's notice of each year's holidays.
/// </summary>
public sealed class CalendarDay
{
    public DateOnly Date { get; set; }
    public bool IsWorkday { get; set; }
    public string Name { get; set; } = "";
}

public sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> e)
    {
        e.ToTable("CalendarDays");
        e.HasKey(x => x.Date);
        e.Property(x => x.Name).HasMaxLength(50);
    }
}

/// <summary>Working days in China: Monday to Friday, less the year's holidays, plus its adjusted working days.</summary>
public sealed class WorkCalendar
{
    private readonly Dictionary<DateOnly, bool> _exceptions;

    public WorkCalendar(IEnumerable<CalendarDay> days, IEnumerable<int> years)
    {
        _exceptions = days.ToDictionary(d => d.Date, d => d.IsWorkday);
        Years = years.ToHashSet();
    }

    /// <summary>The years whose holidays are known; other years count weekdays only.</summary>
    public IReadOnlySet<int> Years { get; }

    public static async Task<WorkCalendar> LoadAsync(AppDb db, CancellationToken ct)
    {
        var days = await db.Set<CalendarDay>().AsNoTracking().ToListAsync(ct);
        return new WorkCalendar(days, days.Select(d => d.Date.Year).Distinct());
    }

    public bool IsWorkday(DateOnly date) =>
        _exceptions.TryGetValue(date, out var workday) ? workday : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The date <paramref name="days"/> working days after <paramref name="start"/> (which itself does not count).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var date = start;
        var step = days >= 0 ? 1 : -1;
        for (var left = Math.Abs(days); left > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkday(date))
            {
                left--;
            }
        }
        return date;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when to ≤ from).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkday(d))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// The notices of 2023–2026 (国务院办公厅关于部分节假日安排的通知): each holiday's days off that fall on weekdays, and the
    /// weekend days worked instead. Seeded at start for any year not yet in the table; an admin adds later years.
    /// </summary>
    public static IReadOnlyList<CalendarDay> Builtin { get; } = Build(
        ("元旦", "2023-01-02", null), ("春节", "2023-01-23..2023-01-27", "2023-01-28,2023-01-29"), ("清明节", "2023-04-05", null),
        ("劳动节", "2023-05-01..2023-05-03", "2023-04-23,2023-05-06"), ("端午节", "2023-06-22..2023-06-23", "2023-06-25"),
        ("中秋节、国庆节", "2023-09-29..2023-10-06", "2023-10-07,2023-10-08"),
        ("元旦", "2024-01-01", null), ("春节", "2024-02-12..2024-02-16", "2024-02-04,2024-02-18"), ("清明节", "2024-04-04..2024-04-05", "2024-04-07"),
        ("劳动节", "2024-05-01..2024-05-03", "2024-04-28,2024-05-11"), ("端午节", "2024-06-10", null), ("中秋节", "2024-09-16..2024-09-17", "2024-09-14"),
        ("国庆节", "2024-10-01..2024-10-07", "2024-09-29,2024-10-12"),
        ("元旦", "2025-01-01", null), ("春节", "2025-01-28..2025-02-04", "2025-01-26,2025-02-08"), ("清明节", "2025-04-04", null),
        ("劳动节", "2025-05-01..2025-05-05", "2025-04-27"), ("端午节", "2025-06-02", null),
        ("国庆节、中秋节", "2025-10-01..2025-10-08", "2025-09-28,2025-10-11"),
        ("元旦", "2026-01-01..2026-01-02", "2026-01-04"), ("春节", "2026-02-16..2026-02-23", "2026-02-14,2026-02-28"), ("清明节", "2026-04-06", null),
        ("劳动节", "2026-05-01..2026-05-05", "2026-05-09"), ("端午节", "2026-06-19", null), ("中秋节", "2026-09-25", null),
        ("国庆节", "2026-10-01..2026-10-07", "2026-09-20,2026-10-10"));

    private static List<CalendarDay> Build(params (string Name, string Off, string? Worked)[] holidays)
    {
        var days = new List<CalendarDay>();
        foreach (var (name, off, worked) in holidays)
        {
            var range = off.Split("..");
            var first = DateOnly.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
            var last = range.Length > 1 ? DateOnly.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture) : first;
            for (var d = first; d <= last; d = d.AddDays(1))
            {
                if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    days.Add(new CalendarDay { Date = d, IsWorkday = false, Name = name });
                }
            }
            foreach (var w in (worked ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                days.Add(new CalendarDay { Date = DateOnly.Parse(w, System.Globalization.CultureInfo.InvariantCulture), IsWorkday = true, Name = name + "调休上班" });
            }
        }
        return days;
    }

    /// <summary>Adds the built-in years the table does not hold yet (a year already there is left as the admin set it).</summary>
    public static async Task SeedAsync(AppDb db, CancellationToken ct)
    {
        var known = (await db.Set<CalendarDay>().Select(d => d.Date).ToListAsync(ct)).Select(d => d.Year).ToHashSet();
        var missing = Builtin.Where(d => !known.Contains(d.Date.Year)).Select(d => new CalendarDay { Date = d.Date, IsWorkday = d.IsWorkday, Name = d.Name }).ToList();
        if (missing.Count > 0)
        {
            db.Set<CalendarDay>().AddRange(missing);
            await db.SaveChangesAsync(ct);
        }
    }
}
