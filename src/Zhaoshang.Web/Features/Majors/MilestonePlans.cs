using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>A node of a plan as it is read: its dates, how many days it is overdue (open and past its planned date), and the problem it opened.</summary>
public sealed record MilestoneRow(Guid Id, string Code, string Name, int SortOrder, DateOnly? PlannedDate, DateOnly? ActualDate, int? OverdueDays,
    Guid? TicketId);

/// <summary>A plan as the page, the API and the workbook give it: every node, and the version of the major project it was read at.</summary>
public sealed record PlanInput(PlanNode[]? Nodes = null, long Version = 0);

public sealed record PlanNode(string? Code = null, string? Name = null, DateOnly? PlannedDate = null, DateOnly? ActualDate = null);

/// <summary>
/// A major project's plan (一张计划表): made from its group's template, its dates then kept and corrected by hand, the
/// actual start, production and capacity dates the project's own. A save is whole, checked whole, and refused with the
/// node and field named: an actual date before the signing or after today, a node twice, a date out of range.
/// </summary>
public sealed class MilestonePlans(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    public const int MaxNodes = 40;

    private DateOnly Today => time.Today();

    public async Task<IReadOnlyList<MilestoneRow>> PlanAsync(Guid projectId, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        if (!await db.MajorProjects.AnyAsync(m => m.ProjectId == projectId, ct))
        {
            throw DomainException.NotFound("该项目不是重大项目，或不在您的数据范围内。");
        }
        var nodes = await db.Milestones.AsNoTracking().Where(m => m.ProjectId == projectId).OrderBy(m => m.SortOrder).ToListAsync(ct);
        var today = Today;
        return [.. nodes.Select(n => Row(n, today))];
    }

    public static MilestoneRow Row(Milestone n, DateOnly today) => new(n.Id, n.Code, n.Name, n.SortOrder, n.PlannedDate, n.ActualDate,
        n.ActualDate is null && n.PlannedDate is { } p && p < today ? today.DayNumber - p.DayNumber : null, n.TicketId);

    /// <summary>Makes the plan from the project's group template, dated from its signing (or today, before it signs); once.</summary>
    public async Task<IReadOnlyList<MilestoneRow>> CreateFromTemplateAsync(Guid projectId, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var (major, project) = await MajorAsync(projectId, version, ct);
        if (await db.Milestones.AnyAsync(m => m.ProjectId == projectId, ct))
        {
            throw DomainException.Unprocessable("该项目已有计划表；请直接修改其中的节点。");
        }
        var template = await TemplateAsync(major.Group, major.OrgPath, ct);
        var dates = PlanTemplates.Dates(template, project.ContractDate ?? Today);
        var order = 0;
        foreach (var node in PlanTemplates.Check(template))
        {
            db.Milestones.Add(new Milestone
            {
                Id = Guid.CreateVersion7(), ProjectId = projectId, Code = node.Code!, Name = node.Name!.Trim(), SortOrder = ++order,
                PlannedDate = dates[node.Code!], ActualDate = StageDate(project, node.Code!), OrgPath = major.OrgPath,
            });
        }
        major.PlanChangedAt = time.GetUtcNow().UtcDateTime;
        await SaveAsync(projectId, ct);
        return await PlanAsync(projectId, ct);
    }

    /// <summary>Saves the plan whole: the nodes given, in their order; a node left out goes, unless its slipping opened a problem.</summary>
    public async Task<IReadOnlyList<MilestoneRow>> SaveAsync(Guid projectId, PlanInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var (major, project) = await MajorAsync(projectId, input.Version, ct);
        var nodes = input.Nodes ?? [];
        Check(nodes, project.ContractDate, Today);
        var stored = await db.Milestones.Where(m => m.ProjectId == projectId).ToDictionaryAsync(m => m.Code, ct);
        var kept = nodes.Select(n => n.Code!.Trim()).ToHashSet();
        foreach (var gone in stored.Values.Where(m => !kept.Contains(m.Code)))
        {
            if (gone.TicketId is not null)
            {
                throw DomainException.Invalid("nodes", "节点“{0}”已因逾期开出问题，不能从计划中删除。", gone.Name);
            }
            db.Milestones.Remove(gone);
        }
        var order = 0;
        foreach (var n in nodes)
        {
            var code = n.Code!.Trim();
            if (!stored.TryGetValue(code, out var row))
            {
                row = new Milestone { Id = Guid.CreateVersion7(), ProjectId = projectId, Code = code, Name = "", OrgPath = major.OrgPath };
                db.Milestones.Add(row);
            }
            if (row.PlannedDate != n.PlannedDate)
            {
                row.WarnedAt = null; // a new date is a new promise: warned again if it slips
            }
            (row.Name, row.SortOrder, row.PlannedDate, row.ActualDate) = (n.Name!.Trim(), ++order, n.PlannedDate, n.ActualDate);
        }
        major.PlanChangedAt = time.GetUtcNow().UtcDateTime;
        await SaveAsync(projectId, ct);
        return await PlanAsync(projectId, ct);
    }

    /// <summary>
    /// Replaces the plan with a workbook's (all or nothing): each bad cell named by row and column, the plan's own rules
    /// (an actual date before the signing …) named against the row they fall on; nothing is written unless all is good.
    /// </summary>
    public async Task<ImportReport> ImportAsync(Guid projectId, Stream input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var current = await PlanAsync(projectId, ct); // not found unless the caller sees the major project
        if (ImportSheet.TryOpen(input, PlanSheet.SheetName, PlanSheet.Required, PlanSheet.Optional, MaxNodes + 1, out var refused) is not { } sheet)
        {
            return refused;
        }
        var rows = PlanSheet.Read(sheet, current);
        if (rows is null)
        {
            return ImportReport.Failed(sheet.RowCount - 1, sheet.Warnings, sheet.Errors);
        }
        try
        {
            await SaveAsync(projectId, new PlanInput([.. rows.Select(r => r.Node)], version), ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation && e.Errors.Count > 0)
        {
            foreach (var (field, messages) in e.Fields)
            {
                var match = System.Text.RegularExpressions.Regex.Match(field, @"^nodes\[(\d+)\]\.(\w+)$");
                var line = match.Success ? rows[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Line : (int?)null;
                foreach (var message in messages)
                {
                    sheet.Errors.Add(new SheetError(sheet.Name, line, match.Success ? PlanSheet.ColumnOf(match.Groups[2].Value) : null, message));
                }
            }
            return ImportReport.Failed(sheet.RowCount - 1, sheet.Warnings, sheet.Errors);
        }
        var known = current.Select(n => n.Code).ToHashSet();
        var created = rows.Count(r => !known.Contains(r.Node.Code!));
        return new ImportReport(rows.Count, created, rows.Count - created, 0, sheet.Warnings, []);
    }

    /// <summary>
    /// A plan's nodes, each refused with its row and field: a code (letters, digits, - or _) once, a name, dates between
    /// 2000 and 2100, an actual date neither after today nor before the project's signing.
    /// </summary>
    public static void Check(IReadOnlyList<PlanNode> nodes, DateOnly? signed, DateOnly today)
    {
        if (nodes.Count > MaxNodes)
        {
            throw DomainException.Invalid("nodes", "计划表最多 {0} 个节点。", MaxNodes);
        }
        var problems = new Dictionary<string, Phrase>();
        var codes = new HashSet<string>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var name = n.Name?.Trim() ?? "";
            var label = name.Length > 0 ? name : n.Code ?? "";
            if (string.IsNullOrWhiteSpace(n.Code) || n.Code.Trim().Length > 32 || !n.Code.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                problems[$"nodes[{i}].code"] = new Phrase("第 {0} 个节点的编码须为 1 至 32 个字母、数字、- 或 _。", i + 1);
            }
            else if (!codes.Add(n.Code.Trim()))
            {
                problems[$"nodes[{i}].code"] = new Phrase("节点编码“{0}”重复。", n.Code.Trim());
            }
            if (name.Length is 0 or > 50)
            {
                problems[$"nodes[{i}].name"] = new Phrase("第 {0} 个节点的名称不能为空，且不超过 50 个字符。", i + 1);
            }
            foreach (var (field, date) in new[] { ("plannedDate", n.PlannedDate), ("actualDate", n.ActualDate) })
            {
                if (date is { } d && (d.Year < 2000 || d.Year > 2100))
                {
                    problems[$"nodes[{i}].{field}"] = new Phrase("节点“{0}”的日期须在 2000 年至 2100 年之间。", label);
                }
            }
            if (n.ActualDate is { } actual && !problems.ContainsKey($"nodes[{i}].actualDate"))
            {
                if (actual > today)
                {
                    problems[$"nodes[{i}].actualDate"] = new Phrase("节点“{0}”的实际完成日期 {1:yyyy-MM-dd} 晚于今天。", label, actual);
                }
                else if (signed is { } s && actual < s)
                {
                    problems[$"nodes[{i}].actualDate"] = new Phrase("节点“{0}”的实际完成日期 {1:yyyy-MM-dd} 早于项目签约日期 {2:yyyy-MM-dd}。", label, actual, s);
                }
            }
        }
        if (problems.Count > 0)
        {
            throw DomainException.Invalid(problems);
        }
    }

    /// <summary>
    /// The template in force at a level (a province's, city's or county's path; "/" for the system's): the level's own,
    /// else the nearest level's above it, else the system's, else the default.
    /// </summary>
    public async Task<IReadOnlyList<TemplateNode>> TemplateAsync(CoordinationGroup group, string levelPath, CancellationToken ct = default) =>
        (await InForceAsync(group, levelPath, ct)).Nodes;

    /// <summary>The template in force at a level and whose it is: the path of the level that keeps it, or none for the built-in default.</summary>
    public async Task<(IReadOnlyList<TemplateNode> Nodes, string? From)> InForceAsync(CoordinationGroup group, string levelPath, CancellationToken ct = default)
    {
        string[] paths = ["/", .. MajorDesignation.Ancestors(levelPath)];
        var rows = await db.MilestoneTemplates.AsNoTracking().Where(t => t.Group == group && paths.Contains(t.LevelPath)).ToListAsync(ct);
        var nearest = rows.GroupBy(r => r.LevelPath).MaxBy(g => g.Key.Length);
        return nearest is null
            ? (PlanTemplates.Defaults[group], null)
            : ([.. nearest.OrderBy(r => r.SortOrder).Select(r => new TemplateNode(r.Code, r.Name, r.After, r.Days))], nearest.Key);
    }

    /// <summary>Whether the caller may keep a level's template: the system admin any; an officer the level it coordinates (its read scope is that level).</summary>
    public bool CanEditTemplate(string levelPath) =>
        currentUser.IsInRole(Roles.SysAdmin) || (levelPath != "/" && currentUser.IsInRole(Roles.Officer) && currentUser.ReadPath == levelPath);

    /// <summary>The template in force at a level the caller sees (none: the system's).</summary>
    public async Task<IReadOnlyList<TemplateNode>> TemplateAsync(CoordinationGroup group, Guid? levelOrgId, CancellationToken ct = default) =>
        await TemplateAsync(group, await LevelPathAsync(levelOrgId, false, ct), ct);

    /// <summary>
    /// Replaces a level's own template of a group, checked whole: the system's by the system admin, a province's, city's or
    /// county's by the system admin or an officer coordinating that level. The plans already made keep their own nodes.
    /// </summary>
    public async Task<IReadOnlyList<TemplateNode>> SetTemplateAsync(CoordinationGroup group, Guid? levelOrgId, IReadOnlyList<TemplateNode> nodes, CancellationToken ct = default)
    {
        var path = await LevelPathAsync(levelOrgId, true, ct);
        PlanTemplates.Check(nodes);
        db.MilestoneTemplates.RemoveRange(await db.MilestoneTemplates.Where(t => t.LevelPath == path && t.Group == group).ToListAsync(ct));
        var order = 0;
        db.MilestoneTemplates.AddRange(nodes.Select(n => new MilestoneTemplate
        {
            LevelPath = path, Group = group, Code = n.Code!.Trim(), Name = n.Name!.Trim(), After = string.IsNullOrWhiteSpace(n.After) ? null : n.After.Trim(),
            Days = n.Days, SortOrder = ++order,
        }));
        await db.SaveChangesAsync(ct);
        return await TemplateAsync(group, path, ct);
    }

    /// <summary>Drops a level's own template of a group: the level above's is then in force. Returns that one.</summary>
    public async Task<IReadOnlyList<TemplateNode>> ResetTemplateAsync(CoordinationGroup group, Guid? levelOrgId, CancellationToken ct = default)
    {
        var path = await LevelPathAsync(levelOrgId, true, ct);
        db.MilestoneTemplates.RemoveRange(await db.MilestoneTemplates.Where(t => t.LevelPath == path && t.Group == group).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        return await TemplateAsync(group, path, ct);
    }

    /// <summary>The path of a level the caller sees (a province, city, county or zone); none: the system's, "/".</summary>
    private async Task<string> LevelPathAsync(Guid? levelOrgId, bool write, CancellationToken ct)
    {
        if (levelOrgId is not { } id)
        {
            if (write)
            {
                currentUser.Require(Roles.SysAdmin);
            }
            return "/";
        }
        var org = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。");
        if (org.Kind is not (Orgs.OrgKind.Province or Orgs.OrgKind.City or Orgs.OrgKind.District or Orgs.OrgKind.DevZone))
        {
            throw DomainException.Invalid("orgId", "计划模板按层级设置：须为省、市、区县或开发区。");
        }
        if (write && !CanEditTemplate(org.Path))
        {
            throw DomainException.Forbidden("只有系统管理员或协调本级的招商人员可以修改本级的计划模板。");
        }
        return org.Path;
    }

    /// <summary>The project's own stage dates stand for the nodes of its start, production and capacity.</summary>
    public static DateOnly? StageDate(Projects.Project p, string code) => code switch
    {
        PlanTemplates.Start => p.StartDate,
        PlanTemplates.Production => p.ProductionDate,
        PlanTemplates.Capacity => p.CapacityDate,
        _ => null,
    };

    private async Task<(MajorProject Major, Projects.Project Project)> MajorAsync(Guid projectId, long version, CancellationToken ct)
    {
        var major = await db.MajorProjects.FirstOrDefaultAsync(m => m.ProjectId == projectId, ct)
            ?? throw DomainException.NotFound("该项目不是重大项目，或不在您的数据范围内。");
        db.Entry(major).Property(m => m.Version).OriginalValue = version;
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == projectId, ct);
        return (major, project);
    }

    private async Task SaveAsync(Guid projectId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is MajorProject))
        {
            var stored = await db.MajorProjects.AsNoTracking().FirstAsync(m => m.ProjectId == projectId, ct);
            throw new ConflictException("该重大项目的计划表已被他人修改，请查看最新内容后再保存。", stored);
        }
    }
}
