using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public sealed record RuleInput(Guid AreaOrgId, TicketLevel? Level, TicketCategory Category, Guid? HandlerOrgId, bool ToJointMeeting, int SlaWorkingDays);

public sealed record RuleRow(Guid Id, Guid AreaOrgId, string AreaName, TicketLevel? Level, TicketCategory Category, Guid? HandlerOrgId, string? HandlerName,
    bool ToJointMeeting, int SlaWorkingDays, long Version);

public sealed record DeskInput(Guid AreaOrgId, TicketLevel Level, Guid DeskOrgId);

public sealed record DeskRow(Guid AreaOrgId, string AreaName, TicketLevel Level, Guid DeskOrgId, string DeskName, long Version);

public sealed record MeetingInput(Guid OrgId, DateOnly Date, string? Title);

public sealed record MeetingRow(Guid Id, Guid OrgId, string OrgName, DateOnly Date, string Title);

public sealed record DayInput(DateOnly Date, bool IsWorkday, string? Name);

public sealed record RoutingSettings(IReadOnlyList<RuleRow> Rules, IReadOnlyList<DeskRow> Desks, IReadOnlyList<MeetingRow> Meetings, IReadOnlyList<int> CalendarYears);

/// <summary>
/// The system admin's settings of the ticket workflow, as data: routing rules, desks, the joint meetings' dates, and
/// each year's public holidays and adjusted working days (the State Council publishes next year's each winter).
/// </summary>
public sealed class TicketSettings(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<RoutingSettings> GetAsync(CancellationToken ct)
    {
        currentUser.Require(Roles.SysAdmin);
        var rules = await db.Set<RoutingRule>().AsNoTracking().ToListAsync(ct);
        var desks = await db.Set<TicketDesk>().AsNoTracking().ToListAsync(ct);
        var today = time.Today();
        var meetings = await db.Set<JointMeeting>().IgnoreQueryFilters().AsNoTracking().Where(m => m.Date >= today).OrderBy(m => m.Date).ToListAsync(ct);
        var ids = rules.SelectMany(r => new[] { r.AreaOrgId, r.HandlerOrgId ?? Guid.Empty }).Concat(desks.SelectMany(d => new[] { d.AreaOrgId, d.DeskOrgId }))
            .Concat(meetings.Select(m => m.OrgId)).Distinct().ToList();
        var names = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var years = (await db.Set<CalendarDay>().AsNoTracking().Select(d => d.Date).ToListAsync(ct)).Select(d => d.Year).Distinct().Order().ToList();
        return new RoutingSettings(
            [.. rules.OrderBy(r => names.GetValueOrDefault(r.AreaOrgId)).ThenBy(r => r.Category).ThenBy(r => r.Level)
                .Select(r => new RuleRow(r.Id, r.AreaOrgId, names.GetValueOrDefault(r.AreaOrgId, ""), r.Level, r.Category, r.HandlerOrgId,
                    r.HandlerOrgId is { } h ? names.GetValueOrDefault(h) : null, r.ToJointMeeting, r.SlaWorkingDays, r.Version))],
            [.. desks.OrderBy(d => names.GetValueOrDefault(d.AreaOrgId)).ThenBy(d => d.Level)
                .Select(d => new DeskRow(d.AreaOrgId, names.GetValueOrDefault(d.AreaOrgId, ""), d.Level, d.DeskOrgId, names.GetValueOrDefault(d.DeskOrgId, ""), d.Version))],
            [.. meetings.Select(m => new MeetingRow(m.Id, m.OrgId, names.GetValueOrDefault(m.OrgId, ""), m.Date, m.Title))],
            years);
    }

    /// <summary>Adds the rule for (area, category, level), or replaces it: one rule per key, as the router reads them.</summary>
    public async Task<RuleRow> SaveRuleAsync(RuleInput input, CancellationToken ct)
    {
        currentUser.Require(Roles.SysAdmin);
        if (input.SlaWorkingDays is < 1 or > 250)
        {
            throw DomainException.Invalid("slaWorkingDays", "办理时限须为 1 至 250 个工作日。");
        }
        var area = await OrgAsync(input.AreaOrgId, "areaOrgId", ct);
        var handler = input.HandlerOrgId is { } h ? await OrgAsync(h, "handlerOrgId", ct) : null;
        if (input.ToJointMeeting && handler is not null && handler.Kind != OrgKind.LeadingGroupOffice)
        {
            throw DomainException.Invalid("handlerOrgId", "列入联席会议的问题由领导小组办公室承办：承办单位留空或选择领导小组办公室。");
        }
        var rule = await db.Set<RoutingRule>().FirstOrDefaultAsync(r => r.AreaOrgId == area.Id && r.Category == input.Category && r.Level == input.Level, ct);
        if (rule is null)
        {
            rule = new RoutingRule { Id = Guid.CreateVersion7(), AreaOrgId = area.Id, Category = input.Category, Level = input.Level };
            db.Set<RoutingRule>().Add(rule);
        }
        (rule.HandlerOrgId, rule.ToJointMeeting, rule.SlaWorkingDays) = (handler?.Id, input.ToJointMeeting, input.SlaWorkingDays);
        await db.SaveChangesAsync(ct);
        return (await GetAsync(ct)).Rules.Single(r => r.Id == rule.Id);
    }

    public async Task DeleteRuleAsync(Guid id, CancellationToken ct)
    {
        currentUser.Require(Roles.SysAdmin);
        var rule = await db.Set<RoutingRule>().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw DomainException.NotFound("派单规则不存在。");
        db.Remove(rule);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets which unit accepts and dispatches an area's tickets at a level.</summary>
    public async Task<DeskRow> SaveDeskAsync(DeskInput input, CancellationToken ct)
    {
        currentUser.Require(Roles.SysAdmin);
        var area = await OrgAsync(input.AreaOrgId, "areaOrgId", ct);
        var deskOrg = await OrgAsync(input.DeskOrgId, "deskOrgId", ct);
        var desk = await db.Set<TicketDesk>().FirstOrDefaultAsync(d => d.AreaOrgId == area.Id && d.Level == input.Level, ct);
        if (desk is null)
        {
            desk = new TicketDesk { AreaOrgId = area.Id, Level = input.Level };
            db.Set<TicketDesk>().Add(desk);
        }
        desk.DeskOrgId = deskOrg.Id;
        await db.SaveChangesAsync(ct);
        return (await GetAsync(ct)).Desks.Single(d => d.AreaOrgId == area.Id && d.Level == input.Level);
    }

    /// <summary>Schedules a joint meeting of a leading-group office: comprehensive problems go onto the next one's agenda.</summary>
    public async Task<MeetingRow> AddMeetingAsync(MeetingInput input, CancellationToken ct)
    {
        currentUser.Require(Roles.SysAdmin);
        var office = await OrgAsync(input.OrgId, "orgId", ct);
        if (office.Kind != OrgKind.LeadingGroupOffice)
        {
            throw DomainException.Invalid("orgId", "联席会议由领导小组办公室召开：请选择领导小组办公室。");
        }
        var today = time.Today();
        if (input.Date < today)
        {
            throw DomainException.Invalid("date", "会议日期不能早于今天。");
        }
        if (await db.Set<JointMeeting>().IgnoreQueryFilters().AnyAsync(m => m.OrgId == office.Id && m.Date == input.Date, ct))
        {
            throw DomainException.Invalid("date", "该办公室 {0} 已有联席会议。", input.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        var title = string.IsNullOrWhiteSpace(input.Title) ? $"联席会议（{input.Date:yyyy年M月d日}）" : input.Title.Trim();
        if (title.Length > 200)
        {
            throw DomainException.Invalid("title", "会议名称不超过 200 个字符。");
        }
        var meeting = new JointMeeting { Id = Guid.CreateVersion7(), OrgId = office.Id, OrgPath = office.Path, Date = input.Date, Title = title };
        db.Set<JointMeeting>().Add(meeting);
        await db.SaveChangesAsync(ct);
        return new MeetingRow(meeting.Id, office.Id, office.Name, meeting.Date, meeting.Title);
    }

    public async Task<List<CalendarDay>> CalendarAsync(int year, CancellationToken ct)
    {
        currentUser.Require(Roles.SysAdmin);
        var (first, last) = (new DateOnly(CheckYear(year), 1, 1), new DateOnly(year, 12, 31));
        return await db.Set<CalendarDay>().AsNoTracking().Where(d => d.Date >= first && d.Date <= last).OrderBy(d => d.Date).ToListAsync(ct);
    }

    /// <summary>
    /// Replaces a year's exceptions: the weekdays off (holidays) and the weekend days worked (调休). Every date must lie in
    /// the year, once; a holiday on a weekend or a "working" weekday changes nothing and is refused as a likely typo.
    /// </summary>
    public async Task<List<CalendarDay>> SetCalendarAsync(int year, IReadOnlyList<DayInput> days, CancellationToken ct)
    {
        currentUser.Require(Roles.SysAdmin);
        CheckYear(year);
        foreach (var (d, line) in days.Select((d, i) => (d, i + 1)))
        {
            var date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (d.Date.Year != year)
            {
                throw DomainException.Invalid("days", "第 {0} 行：{1} 不在 {2} 年。", line, date, year);
            }
            if (d.IsWorkday != (d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                throw DomainException.Invalid("days", d.IsWorkday ? "第 {0} 行：{1} 本是工作日，无须调休上班。" : "第 {0} 行：{1} 本是周末，无须设为假日。", line, date);
            }
            if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Trim().Length > 50)
            {
                throw DomainException.Invalid("days", "第 {0} 行：须写明节日名称（不超过 50 个字符）。", line);
            }
            if (days.Take(line - 1).Any(x => x.Date == d.Date))
            {
                throw DomainException.Invalid("days", "第 {0} 行：{1} 已在前面出现。", line, date);
            }
        }
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<CalendarDay>().RemoveRange(await db.Set<CalendarDay>().Where(d => d.Date >= first && d.Date <= last).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        db.Set<CalendarDay>().AddRange(days.Select(d => new CalendarDay { Date = d.Date, IsWorkday = d.IsWorkday, Name = d.Name!.Trim() }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await CalendarAsync(year, ct);
    }

    /// <summary>One line per day, as the settings page shows and reads them: "2027-02-07 班 春节调休上班" or "2027-02-08 休 春节".</summary>
    public static string Format(IEnumerable<CalendarDay> days) =>
        string.Join("\n", days.Select(d => $"{d.Date:yyyy-MM-dd} {(d.IsWorkday ? "班" : "休")} {d.Name}"));

    public static List<DayInput> Parse(string? text)
    {
        var days = new List<DayInput>();
        foreach (var (raw, line) in (text ?? "").Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(x => x.Item1.Length > 0))
        {
            var parts = raw.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || parts[1] is not ("休" or "班"))
            {
                throw DomainException.Invalid("days", "第 {0} 行“{1}”：格式为“日期 休/班 名称”，如“2027-02-08 休 春节”。", line, raw);
            }
            days.Add(new DayInput(date, parts[1] == "班", parts[2]));
        }
        return days;
    }

    private static int CheckYear(int year) =>
        year is >= 2000 and <= 2100 ? year : throw DomainException.Invalid("year", "年份须在 2000 至 2100 之间。");

    private async Task<Org> OrgAsync(Guid id, string field, CancellationToken ct) =>
        await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.IsActive, ct)
            ?? throw DomainException.Invalid(field, "所选单位不存在或已停用。");
}
