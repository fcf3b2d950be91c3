using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;
using static Zhaoshang.Web.Features.Projects.ProjectSheet;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// The ledger in from Excel, all or nothing: a project is recognised by its code, or by its unit and name, so the same
/// file twice changes nothing; a project imported at a later stage gets the history of how it got there.
/// </summary>
public sealed class ProjectImport(AppDb db, CurrentUser currentUser, AuditLog audit, TimeProvider time, ProjectImportRows rowReader)
{
    public async Task<ImportReport> ImportAsync(Stream input, int maxRows = ImportEndpoints.DefaultMaxRows, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        if (ImportSheet.TryOpen(input, SheetName, ImportRequired, ImportOptional, maxRows, out var refused) is not { } sheet)
        {
            return await audit.ImportedAsync("Project", refused, ct);
        }
        var rows = await rowReader.ParseAsync(sheet, ct);
        if (sheet.Errors.Count > 0)
        {
            return await audit.ImportedAsync("Project", ImportReport.Failed(rows.Count, sheet.Warnings, sheet.Errors), ct);
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
            return await audit.ImportedAsync("Project", ImportReport.Failed(rows.Count, sheet.Warnings, sheet.Errors), ct);
        }

        // Second pass, writing: in chunks (each saved and let go, so memory stays flat), all in one transaction. Changed
        // projects are saved through change tracking; new ones in bulk.
        var now = time.GetUtcNow().UtcDateTime;
        var year = time.Today().Year;
        var nextCode = await ProjectRules.NextCodeNumberAsync(db, year, ct);
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
                            Id = Guid.CreateVersion7(), Code = ProjectRules.Code(year, nextCode++), Name = row.Input.Name!, OrgId = row.Org.Id,
                            OrgPath = row.Org.Path, Stage = ProjectStage.Lead, CreatedAt = now,
                        };
                        ProjectRules.Apply(project, row.Input, row.Input.Name!);
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
                    ProjectRules.Apply(project, row.Input, row.Input.Name!);
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
        return await audit.ImportedAsync("Project", new ImportReport(rows.Count, created, updated, unchanged, sheet.Warnings, []), ct);
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
}
