using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// The ledger in and out of Excel, in one layout: the export of a filtered list is a valid import, the template is
/// that layout empty. Import is all or nothing; a project is recognised by its code, or by its unit and name, so
/// the same file twice changes nothing.
/// </summary>
public sealed partial class ProjectService
{
    public const string SheetName = "项目";

    private const string CCode = "项目编码", CName = "项目名称", COrg = "责任单位", CLocation = "项目所在地", CIndustry = "所属产业",
        CInvestors = "投资企业", CAgreed = "约定投资额（万元）", CStage = "项目阶段", CContract = "签约金额（万元）", CContractDate = "签约日期",
        CPlannedStart = "计划开工日期", CStart = "开工日期", CProduction = "投产日期", CDesigned = "设计产能", CActual = "实际产能",
        CReason = "暂停或终止原因", CLand = "用地（亩）", CJobs = "计划用工（人）", CIndustrial = "工业项目", CHq = "总部经济",
        CDigital = "数字经济", CSoe = "央企项目", CChannel = "招商渠道", CFactory = "标准厂房面积（㎡）";

    public static readonly string[] ImportRequired = [CName, COrg, CAgreed];
    public static readonly string[] ImportOptional = [CCode, CLocation, CIndustry, CInvestors, CStage, CContract, CContractDate, CPlannedStart,
        CStart, CProduction, CDesigned, CActual, CReason, CLand, CJobs, CIndustrial, CHq, CDigital, CSoe, CChannel, CFactory];
    private static readonly string[] Layout = [CCode, CName, COrg, CLocation, CIndustry, CInvestors, CAgreed, CStage, CContract, CContractDate,
        CPlannedStart, CStart, CProduction, CDesigned, CActual, CReason, CLand, CJobs, CIndustrial, CHq, CDigital, CSoe, CChannel, CFactory];

    public static void WriteTemplate(Stream output)
    {
        // The example lives on a second sheet that the import never reads, so a template filled below it imports cleanly.
        using var writer = new XlsxWriter(output, SheetName, Layout, notes: new XlsxNotes("填写说明",
        [
            [.. Layout],
            ["", "某某新材料产业园项目", "云岩区", "云岩区", "基础材料", "贵州某某新材料有限公司", "1.2亿", "签约", "8000",
                "2024年3月1日", "2024-06-01", null, null, null, null, null, 120, 300, "是", "否", "否", "否", "以商招商", null],
            [],
            ["说明：在“项目”工作表中从第 2 行起填写，一行一个项目；本工作表只是示例，不会被导入。"],
            ["项目名称、责任单位、约定投资额必填；金额可写“1.2亿”“8000万”或以万元计的数字；日期可写 2024-03-01 或 2024年3月1日。"],
            ["项目编码留空则自动编号；已有项目（同一编码，或同一责任单位下的同名项目）会被更新而不是新增。多个投资企业用、分隔。"],
        ]));
    }

    /// <summary>Streams every project matching the filter (all pages) in the import layout, 2,000 rows at a time.</summary>
    public async Task<int> ExportAsync(Stream output, ProjectFilter filter, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var q = await FilteredAsync(filter, ct);
        var orgs = await db.Orgs.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var count = 0;
        using (var writer = new XlsxWriter(output, SheetName, Layout))
        {
            string? after = null;
            while (true)
            {
                var page = after is null ? q : q.Where(p => string.Compare(p.Code, after) > 0);
                var chunk = await page.OrderBy(p => p.Code).Take(2000).ToListAsync(ct);
                if (chunk.Count == 0)
                {
                    break;
                }
                var ids = chunk.Select(p => p.Id).ToList();
                var investors = (await db.ProjectInvestors.AsNoTracking().Where(i => ids.Contains(i.ProjectId))
                        .Join(db.Enterprises, i => i.EnterpriseId, e => e.Id, (i, e) => new { i.ProjectId, e.Name }).ToListAsync(ct))
                    .ToLookup(x => x.ProjectId, x => x.Name);
                foreach (var p in chunk)
                {
                    writer.Row(
                    [
                        p.Code, p.Name, orgs.GetValueOrDefault(p.OrgId), p.LocationOrgId is { } l ? orgs.GetValueOrDefault(l) : null, p.Industry,
                        string.Join("、", investors[p.Id].Order(StringComparer.Ordinal)), Wan(p.AgreedInvestmentYuan), StageMachine.Name(p.Stage),
                        p.ContractAmountYuan is { } c ? Wan(c) : null, p.ContractDate, p.PlannedStartDate, p.StartDate, p.ProductionDate,
                        p.DesignedCapacity, p.ActualCapacity, p.StageReason, p.LandMu, p.PlannedJobs, YesNo(p.IsIndustrial), YesNo(p.IsHqEconomy),
                        YesNo(p.IsDigitalEconomy), YesNo(p.IsCentralSoeProject), p.Channel, p.FactoryAreaM2,
                    ]);
                }
                count += chunk.Count;
                after = chunk[^1].Code;
            }
        }
        await audit.WriteAsync("export", Audit.AuditResults.Success, "Project", null,
            new { rows = count, filter = filter with { Page = 1, PageSize = 0 }, scope = currentUser.ScopeAll ? "/" : currentUser.ScopePath }, ct: ct);
        return count;
    }

    private static decimal Wan(long yuan) => yuan / (decimal)ChineseText.Wan;

    private static string YesNo(bool value) => value ? "是" : "否";

    private sealed record ImportRow(int Line, string? Code, Orgs.Org Org, Guid? LocationOrgId, ProjectInput Input, ProjectStage Stage,
        long? ContractAmountYuan, DateOnly? ContractDate, DateOnly? StartDate, DateOnly? ProductionDate, decimal? Designed, decimal? Actual,
        string? Reason);

    public async Task<ImportReport> ImportAsync(Stream input, int maxRows = ImportEndpoints.DefaultMaxRows, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        ImportSheet sheet;
        try
        {
            sheet = ImportSheet.Open(input, SheetName, ImportRequired, ImportOptional, maxRows);
        }
        catch (XlsxException e)
        {
            return await ImportAuditedAsync(ImportReport.Failed(0, [], [new SheetError(SheetName, null, null, e.Phrase)]), ct);
        }
        var rows = await ParseAsync(sheet, ct);
        if (sheet.Errors.Count > 0)
        {
            return await ImportAuditedAsync(ImportReport.Failed(rows.Count, sheet.Warnings, sheet.Errors), ct);
        }

        // First pass, reading only: which rows are existing projects, and may they be changed by this file?
        // Only the chunks that name existing projects are read again to write (a file of new projects, not at all).
        var chunks = rows.Chunk(ImportChunk).ToList();
        var naming = new HashSet<int>();
        for (var c = 0; c < chunks.Count; c++)
        {
            var known = await ExistingAsync(chunks[c], tracked: false, ct);
            if (known.Count > 0)
            {
                naming.Add(c);
            }
            foreach (var row in chunks[c])
            {
                var project = Match(row, known);
                if (row.Code is not null && project is null)
                {
                    sheet.Error(row.Line, CCode, "项目编码“{0}”不存在或不在您的数据范围内；新项目请留空编码。", row.Code);
                }
                else if (project is not null && project.Stage != row.Stage)
                {
                    sheet.Error(row.Line, CStage, "项目“{0}”现为“{1}”：已有项目的阶段须在项目页面变更（需要相应证明），不能通过导入修改。", project.Code, new Word(StageMachine.Name(project.Stage)));
                }
            }
        }
        if (sheet.Errors.Count > 0)
        {
            return await ImportAuditedAsync(ImportReport.Failed(rows.Count, sheet.Warnings, sheet.Errors), ct);
        }

        // Second pass, writing: in chunks (each saved and let go, so memory stays flat), all in one transaction. Changed
        // projects are saved through change tracking; new ones in bulk.
        var now = time.GetUtcNow().UtcDateTime;
        var nextCode = await NextCodeNumberAsync(ct);
        int created = 0, updated = 0, unchanged = 0;
        await using (var bulk = await SqlitePragmas.BulkWriteAsync(db, ct))
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            for (var c = 0; c < chunks.Count; c++)
            {
                var chunk = chunks[c];
                var known = naming.Contains(c) ? await ExistingAsync(chunk, tracked: true, ct) : [];
                var knownIds = known.Values.Select(p => p.Id).Distinct().ToList();
                var investors = knownIds.Count == 0 ? [] : await db.ProjectInvestors.Where(i => EF.Parameter(knownIds).Contains(i.ProjectId)).ToListAsync(ct);
                var grams = new List<ProjectNameBigram>();
                var added = new List<Project>();
                var addedInvestors = new List<ProjectInvestor>();
                var history = new List<ProjectStageChange>();
                var handoffs = new List<ProjectHandoff>();
                db.ChangeTracker.AutoDetectChangesEnabled = false; // off while adding (each Add would rescan); on for the save
                foreach (var row in chunk)
                {
                    var project = Match(row, known);
                    if (project is null)
                    {
                        project = new Project
                        {
                            Id = Guid.CreateVersion7(), Code = $"XM-{Today.Year}-{nextCode++:D6}", Name = row.Input.Name!, OrgId = row.Org.Id,
                            OrgPath = row.Org.Path, Stage = ProjectStage.Lead, CreatedAt = now,
                        };
                        Apply(project, row.Input, row.Input.Name!);
                        ImportStages(project, row, now, history, handoffs);
                        added.Add(project);
                        grams.AddRange(ProjectNameBigram.For(project));
                        addedInvestors.AddRange(row.Input.InvestorIds!.Select(e => new ProjectInvestor { ProjectId = project.Id, EnterpriseId = e }));
                        known[project.Code] = project; // a later row of the file cannot be the same project (checked when parsing)
                        created++;
                        continue;
                    }
                    var before = JsonSerializer.Serialize(project);
                    var regram = project.Name != row.Input.Name || project.OrgId != row.Org.Id;
                    if (regram)
                    {
                        db.ProjectNameBigrams.RemoveRange(await ProjectNameBigram.Stored(db.ProjectNameBigrams, project).ToListAsync(ct));
                    }
                    if (project.OrgId != row.Org.Id)
                    {
                        project.OrgId = row.Org.Id;
                        project.OrgPath = row.Org.Path;
                    }
                    Apply(project, row.Input, row.Input.Name!);
                    if (regram)
                    {
                        grams.AddRange(ProjectNameBigram.For(project));
                    }
                    var current = investors.Where(i => i.ProjectId == project.Id).Select(i => i.EnterpriseId).ToHashSet();
                    var wanted = row.Input.InvestorIds!.ToHashSet();
                    var investorsChanged = !current.SetEquals(wanted);
                    if (investorsChanged)
                    {
                        db.ProjectInvestors.RemoveRange(investors.Where(i => i.ProjectId == project.Id && !wanted.Contains(i.EnterpriseId)));
                        db.ProjectInvestors.AddRange(wanted.Except(current).Select(e => new ProjectInvestor { ProjectId = project.Id, EnterpriseId = e }));
                    }
                    if (before == JsonSerializer.Serialize(project) && !investorsChanged)
                    {
                        unchanged++;
                    }
                    else
                    {
                        updated++;
                    }
                }
                db.ChangeTracker.AutoDetectChangesEnabled = true;
                await db.SaveChangesAsync(ct);
                // New projects without change tracking (with the same audit records): tracking them cost most of an import.
                await BulkInsert.CreateAsync(db, added, ct);
                await BulkInsert.CreateAsync(db, addedInvestors, ct);
                await BulkInsert.WriteAsync(db, grams, ct);
                await BulkInsert.WriteAsync(db, history, ct);
                await BulkInsert.WriteAsync(db, handoffs, ct);
                db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync(ct);
        }
        return await ImportAuditedAsync(new ImportReport(rows.Count, created, updated, unchanged, sheet.Warnings, []), ct);
    }

    private const int ImportChunk = 1000;

    /// <summary>The existing projects a chunk of rows names, keyed by code and by "unit id|name".</summary>
    private async Task<Dictionary<string, Project>> ExistingAsync(IReadOnlyCollection<ImportRow> chunk, bool tracked, CancellationToken ct)
    {
        var codes = chunk.Where(r => r.Code is not null).Select(r => r.Code!).ToList();
        var names = chunk.Where(r => r.Code is null).Select(r => r.Input.Name!).Distinct().ToList();
        var query = tracked ? db.Projects : db.Projects.AsNoTracking();
        // Each list is one array parameter: the chunks' lists differ in length, and one parameter per element would
        // compile (and cache) a new query for every length.
        var found = await query.Where(p => EF.Parameter(codes).Contains(p.Code) || EF.Parameter(names).Contains(p.Name)).ToListAsync(ct);
        var known = new Dictionary<string, Project>();
        foreach (var p in found.OrderBy(p => p.CreatedAt))
        {
            known.TryAdd(p.Code, p);
            known.TryAdd($"{p.OrgId}|{p.Name}", p);
        }
        return known;
    }

    private static Project? Match(ImportRow row, Dictionary<string, Project> known) =>
        row.Code is not null ? known.GetValueOrDefault(row.Code) : known.GetValueOrDefault($"{row.Org.Id}|{row.Input.Name}");

    /// <summary>A project imported at a later stage gets the history of how it got there, dated by its evidence.</summary>
    private void ImportStages(Project project, ImportRow row, DateTime now, List<ProjectStageChange> history, List<ProjectHandoff> handoffs)
    {
        var path = new List<(ProjectStage To, DateOnly? Date)>();
        var target = row.Stage is ProjectStage.OnHold or ProjectStage.Terminated ? Reached(row) : row.Stage;
        if (target >= ProjectStage.Signed)
        {
            project.ContractAmountYuan = row.ContractAmountYuan;
            project.ContractDate = row.ContractDate;
            path.Add((ProjectStage.Signed, row.ContractDate));
        }
        else if (target != ProjectStage.Lead)
        {
            path.Add((target, null));
        }
        if (target >= ProjectStage.Started)
        {
            project.StartDate = row.StartDate;
            path.Add((ProjectStage.Started, row.StartDate));
            handoffs.Add(new ProjectHandoff
            {
                ProjectId = project.Id, Code = project.Code, Name = project.Name, StartDate = row.StartDate!.Value,
                AgreedInvestmentYuan = project.AgreedInvestmentYuan, ContractAmountYuan = project.ContractAmountYuan,
                IsIndustrial = project.IsIndustrial, OrgPath = project.OrgPath, At = now,
            });
        }
        if (target >= ProjectStage.Operating)
        {
            project.ProductionDate = row.ProductionDate;
            path.Add((ProjectStage.Operating, row.ProductionDate));
        }
        if (target == ProjectStage.AtCapacity)
        {
            project.DesignedCapacity = row.Designed;
            project.ActualCapacity = row.Actual;
            project.CapacityDate = row.ProductionDate;
            path.Add((ProjectStage.AtCapacity, row.ProductionDate));
        }
        if (row.Stage is ProjectStage.OnHold or ProjectStage.Terminated)
        {
            project.HeldFrom = row.Stage == ProjectStage.OnHold ? target : null;
            project.StageReason = row.Reason;
            path.Add((row.Stage, null));
        }
        var from = ProjectStage.Lead;
        foreach (var (to, date) in path)
        {
            history.Add(new ProjectStageChange
            {
                Id = Guid.CreateVersion7(), ProjectId = project.Id, From = from, To = to, Date = date, Evidence = "导入",
                UserId = currentUser.Id, UserName = currentUser.UserName, At = now, OrgPath = project.OrgPath,
            });
            from = to;
        }
        project.Stage = row.Stage;
        project.StageDate = path.LastOrDefault(p => p.Date is not null).Date;
    }

    /// <summary>The furthest stage a row's evidence shows (for a project imported on hold or terminated).</summary>
    private static ProjectStage Reached(ImportRow row) =>
        row.Designed is not null && row.ProductionDate is not null ? ProjectStage.AtCapacity
        : row.ProductionDate is not null ? ProjectStage.Operating
        : row.StartDate is not null ? ProjectStage.Started
        : row.ContractDate is not null ? ProjectStage.Signed
        : ProjectStage.Lead;

    private async Task<ImportReport> ImportAuditedAsync(ImportReport report, CancellationToken ct)
    {
        await audit.WriteAsync("import", report.Ok ? Audit.AuditResults.Success : Audit.AuditResults.Failure, "Project", null,
            new { report.Rows, report.Created, report.Updated, report.Unchanged, errors = report.Errors.Count }, ct: ct);
        return report;
    }
}
