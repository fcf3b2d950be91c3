using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>
/// Activities from .xlsx, all or nothing: every row is checked by the same rules as the form (first visit a fact, the
/// 50 % part only on an inspection, a joint unit only for a principal leader's trip); one bad row writes no row, and
/// each error names its row and column. The export writes this same layout.
/// </summary>
public sealed class ActivityImport(AppDb db, ActivityService activities, CurrentUser currentUser, AuditLog audit)
{
    public const string SheetName = "招商活动";
    private const string CDate = "活动日期", CKind = "活动类型", CTitle = "活动名称", CEnterprises = "企业名称或统一社会信用代码",
        CProject = "项目编码", CPeople = "参加人员", CParticipants = "对接人员", CFirst = "首次拜访驻外办事处", CAccompanied = "陪同考察驻外办事处",
        CParticipated = "参与的驻外办事处", CLeader = "带队领导", COutcome = "成效";

    public const int MaxRows = 5_000;

    public static readonly string[] Required = [CDate, CKind, CTitle];
    public static readonly string[] Optional = [CEnterprises, CProject, CPeople, CParticipants, CFirst, CAccompanied, CParticipated, CLeader, COutcome];
    public static readonly string[] Columns = [CDate, CKind, CTitle, CEnterprises, CProject, CPeople, CParticipants, CFirst, CAccompanied, CParticipated, CLeader, COutcome];

    public static void WriteTemplate(Stream output) =>
        Xlsx.Write(output, SheetName, Columns, [], notes: new XlsxNotes("填写说明",
        [
            [.. Columns],
            ["2023-05-12", "拜访", "拜访某某新能源公司总部", "贵州某某新能源科技有限公司", null, "张三、李四", "王总", "市政府驻广州(深圳)办事处", null, null, null, "达成初步投资意向"],
            [],
            ["说明：在“招商活动”工作表中从第 2 行起填写，一行一次活动；本工作表只是示例，不会被导入。整个文件有一行出错则不导入任何一行。"],
            ["活动类型可填：" + string.Join("、", ActivityTerms.Typed.Select(ActivityTerms.Name))],
            ["一次活动的多家企业、多个驻外办事处用、分隔。企业须已在企业库登记（按全称或统一社会信用代码匹配）；首次拜访只能记在拜访上，陪同考察只能记在考察上（签约金额分别按 100%、50% 计入）。"],
            ["带队领导（仅领导赴省外招商）可填：党政主要领导、其他领导。"],
        ]));

    /// <summary>One activity in the import layout (the export's row).</summary>
    public static object?[] ToRow(ActivityRow a, ActivityNames names)
    {
        string? Offices(OfficeRole role) => a.Offices.Where(o => o.Role == role).Select(o => names.Orgs.GetValueOrDefault(o.OrgId)).ToList() is { Count: > 0 } list
            ? string.Join("、", list) : null;
        return
        [
            a.Date, ActivityTerms.Name(a.Kind), a.Title, string.Join("、", a.EnterpriseIds.Select(e => names.Enterprises.GetValueOrDefault(e) ?? "")), null,
            a.People, a.Participants, Offices(OfficeRole.FirstVisit), Offices(OfficeRole.Accompanied), Offices(OfficeRole.Participated),
            a.Leader is { } l ? ActivityTerms.Name(l) : null, a.Outcome,
        ];
    }

    public async Task<ImportReport> ImportAsync(Stream input, int maxRows = ImportEndpoints.DefaultMaxRows, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        // Each row is checked against the stored visits and leads, so a file holds at most a few thousand activities.
        if (ImportSheet.TryOpen(input, SheetName, Required, Optional, Math.Min(maxRows, MaxRows), out var refused) is not { } sheet)
        {
            return await audit.ImportedAsync("Activity", refused, ct);
        }
        var offices = (await activities.OfficesAsync(ct)).ToDictionary(o => o.Name, o => o.Id);
        var projectCodes = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        var firstVisits = new Dictionary<Guid, int>(); // enterprise → the row of this file that claims its first visit
        var rows = 0;
        var unchanged = 0;
        var seen = new Dictionary<(DateOnly, ActivityKind, string), int>();
        foreach (var (line, r) in sheet.DataRows())
        {
            rows++;
            var before = sheet.Errors.Count;
            var date = sheet.Date(line, r, CDate);
            if (date is null && sheet.Text(r, CDate) is null)
            {
                sheet.Error(line, CDate, "必填。");
            }
            ActivityKind? kind = null;
            if (sheet.Text(r, CKind) is not { } kindText)
            {
                sheet.Error(line, CKind, "必填。");
            }
            else if ((kind = ActivityTerms.ParseKind(kindText)) is null)
            {
                sheet.Error(line, CKind, "“{0}”不是有效的活动类型，可选：{1}。", kindText, string.Join("、", ActivityTerms.Typed.Select(ActivityTerms.Name)));
            }
            Guid[] enterprises = [];
            try
            {
                enterprises = await EnterpriseLookup.ResolveAsync(db, sheet.Text(r, CEnterprises), "enterpriseIds", ct);
            }
            catch (DomainException e)
            {
                sheet.Error(line, CEnterprises, e.Phrase);
            }
            Guid? project = null;
            if (sheet.Text(r, CProject) is { } code)
            {
                if (!projectCodes.TryGetValue(code, out var id))
                {
                    id = await db.Projects.AsNoTracking().Where(p => p.Code == code.ToUpperInvariant()).Select(p => p.Id).FirstOrDefaultAsync(ct);
                    projectCodes[code] = id;
                }
                if (id == Guid.Empty)
                {
                    sheet.Error(line, CProject, "未找到编码为“{0}”的项目（或不在您的数据范围内）。", code);
                }
                else
                {
                    project = id;
                }
            }
            var parts = new List<OfficePart>();
            foreach (var (column, role) in new[] { (CFirst, OfficeRole.FirstVisit), (CAccompanied, OfficeRole.Accompanied), (CParticipated, OfficeRole.Participated) })
            {
                foreach (var name in EnterpriseImport.Split(sheet.Text(r, column)))
                {
                    if (offices.TryGetValue(name, out var office))
                    {
                        parts.Add(new OfficePart(office, role));
                    }
                    else
                    {
                        sheet.Error(line, column, "“{0}”不是本市的驻外办事处，可选：{1}。", name, string.Join("、", offices.Keys));
                    }
                }
            }
            LeaderRank? leader = null;
            if (sheet.Text(r, CLeader) is { } leaderText && (leader = ActivityTerms.ParseLeader(leaderText)) is null)
            {
                sheet.Error(line, CLeader, "“{0}”无效，可选：党政主要领导、其他领导。", leaderText);
            }
            if (kind == ActivityKind.Visit && parts.Any(p => p.Role == OfficeRole.FirstVisit))
            {
                foreach (var e in enterprises)
                {
                    if (!firstVisits.TryAdd(e, line))
                    {
                        sheet.Error(line, CFirst, "第 {0} 行已登记对同一企业的首次拜访：首次拜访只有一次。", firstVisits[e]);
                    }
                }
            }
            var title = sheet.Text(r, CTitle);
            if (title is null)
            {
                sheet.Error(line, CTitle, "必填。");
            }
            if (sheet.Errors.Count > before || date is null || kind is null || title is null)
            {
                continue;
            }
            // The same activity (unit, date, kind, name) again is the same record: a file imported twice counts nothing twice.
            if (!seen.TryAdd((date.Value, kind.Value, title), line))
            {
                sheet.Error(line, CTitle, "与第 {0} 行是同一活动（同一日期、类型和名称），请合并为一行。", seen[(date.Value, kind.Value, title)]);
                continue;
            }
            if (await db.Activities.AsNoTracking().AnyAsync(a => a.OrgId == currentUser.OrgId && a.Date == date.Value && a.Kind == kind.Value && a.Title == title, ct))
            {
                unchanged++;
                continue;
            }
            try
            {
                await activities.AddAsync(new ActivityInput(kind.Value, date.Value, title, sheet.Text(r, CPeople), sheet.Text(r, CParticipants),
                    enterprises, project, sheet.Text(r, COutcome), [.. parts], leader), ct);
            }
            catch (DomainException e)
            {
                sheet.Error(line, Column(e), e.Phrase);
            }
        }
        if (sheet.Errors.Count > 0)
        {
            db.ChangeTracker.Clear(); // nothing of this file is written
            return await audit.ImportedAsync("Activity", ImportReport.Failed(rows, sheet.Warnings, sheet.Errors), ct);
        }
        await db.SaveChangesAsync(ct);
        return await audit.ImportedAsync("Activity", new ImportReport(rows, rows - unchanged, 0, unchanged, sheet.Warnings, []), ct);
    }

    private static string? Column(DomainException e) => e.Errors.Keys.FirstOrDefault() switch
    {
        "title" => CTitle,
        "date" => CDate,
        "enterpriseIds" => CEnterprises,
        "offices" => CFirst,
        "leader" or "jointOrgId" => CLeader,
        "text" => COutcome,
        _ => null,
    };
}
