using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;
using static Zhaoshang.Web.Features.Projects.ProjectSheet;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>The ledger out to Excel: a filtered list in the import's layout, and the 在建库 hand-offs.</summary>
public sealed class ProjectExport(AppDb db, CurrentUser currentUser, AuditLog audit, ProjectSearch search)
{
    /// <summary>Streams every project matching the filter (all pages) in the import layout, 2,000 rows at a time.</summary>
    public async Task<int> ExportAsync(Stream output, ProjectFilter filter, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var q = await search.FilteredAsync(filter, ct);
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

    /// <summary>The 在建库 hand-offs in scope (started in the period), as a workbook for the development-and-reform commission.</summary>
    public async Task<int> ExportHandoffsAsync(Stream output, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Leader, Roles.Officer);
        var q = db.ProjectHandoffs.AsNoTracking();
        if (from is { } f)
        {
            q = q.Where(h => h.StartDate >= f);
        }
        if (to is { } t)
        {
            q = q.Where(h => h.StartDate <= t);
        }
        var rows = await q.OrderBy(h => h.StartDate).ThenBy(h => h.Code).ToListAsync(ct);
        Xlsx.Write(output, "在建库移交", ["项目编号", "项目ID", "项目名称", "开工日期", "约定投资额(万元)", "合同投资额(万元)", "工业项目"],
            rows.Select(h => new object?[]
            {
                h.Code, h.ProjectId.ToString(), h.Name, h.StartDate, h.AgreedInvestmentYuan / (decimal)ChineseText.Wan,
                h.ContractAmountYuan is { } c ? c / (decimal)ChineseText.Wan : null, h.IsIndustrial ? "是" : "否",
            }));
        await audit.WriteAsync("export", Audit.AuditResults.Success, "ProjectHandoff", null,
            new { rows = rows.Count, from, to, scope = currentUser.ScopeAll ? "/" : currentUser.ScopePath }, ct: ct);
        return rows.Count;
    }
}
