using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

public sealed record StageChangeRow(string From, string To, DateOnly? Date, string? Evidence, string? UserName, DateTime At);

/// <summary>A month's funds in place. <see cref="Warning"/>: why the entry needed its note (far above the contract).</summary>
public sealed record FundRow(Guid Id, int Year, int Month, long AmountYuan, string? Evidence, Guid? CorrectsId, DateTime At)
{
    public string? Warning { get; init; }
}

public sealed record ProjectDetail(Project Project, IReadOnlyList<Guid> InvestorIds,
    IReadOnlyList<StageChangeRow> Stages, IReadOnlyList<FundRow> Funds, long FundsTotalYuan);

/// <summary>
/// Recording a project: reading one with its stages and funds, registering it (as a lead, with the next code of the
/// year) and editing its fields, where a stale version is a conflict.
/// </summary>
public sealed class ProjectEditing(AppDb db, CurrentUser currentUser, TimeProvider time, ProjectRows projectRows)
{
    public async Task<ProjectDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw ProjectRules.NotFound();
        var investors = await db.ProjectInvestors.AsNoTracking().Where(i => i.ProjectId == id).Select(i => i.EnterpriseId).ToListAsync(ct);
        var stages = await db.ProjectStageChanges.AsNoTracking().Where(s => s.ProjectId == id).OrderBy(s => s.At).ToListAsync(ct);
        var funds = await db.FundEntries.AsNoTracking().Where(f => f.ProjectId == id).OrderBy(f => f.Year).ThenBy(f => f.Month).ThenBy(f => f.At).ToListAsync(ct);
        return new ProjectDetail(project, investors,
            stages.Select(s => new StageChangeRow(ApiEnum.Name(s.From), ApiEnum.Name(s.To), s.Date, s.Evidence, s.UserName, DateTime.SpecifyKind(s.At, DateTimeKind.Utc))).ToList(),
            funds.Select(f => new FundRow(f.Id, f.Year, f.Month, f.AmountYuan, f.Evidence, f.CorrectsId, DateTime.SpecifyKind(f.At, DateTimeKind.Utc))).ToList(),
            funds.Sum(f => f.AmountYuan));
    }

    public async Task<ProjectRow> CreateAsync(ProjectInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var name = ProjectRules.Validate(input);
        var org = await VisibleOrgAsync(input.OrgId ?? currentUser.OrgId!.Value, "orgId", ct);
        if (input.LocationOrgId is { } location)
        {
            await VisibleOrgAsync(location, "locationOrgId", ct);
        }
        await CheckInvestorsAsync(input.InvestorIds, ct);
        await CheckIndustryAsync(input.Industry, ct);
        var project = new Project
        {
            Id = Guid.CreateVersion7(),
            Code = ProjectRules.Code(projectRows.Today.Year, await ProjectRules.NextCodeNumberAsync(db, projectRows.Today.Year, ct)),
            Name = name,
            OrgId = org.Id,
            OrgPath = org.Path,
            Stage = ProjectStage.Lead,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        ProjectRules.Apply(project, input, name);
        db.Projects.Add(project);
        db.ProjectNameBigrams.AddRange(ProjectNameBigram.For(project));
        db.ProjectInvestors.AddRange((input.InvestorIds ?? []).Distinct().Select(e => new ProjectInvestor { ProjectId = project.Id, EnterpriseId = e }));
        await db.SaveChangesAsync(ct);
        return projectRows.Row(project);
    }

    public async Task<ProjectRow> UpdateAsync(Guid id, ProjectInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var name = ProjectRules.Validate(input);
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw ProjectRules.NotFound();
        // The bigrams carry the name and the org path: the old ones are found by their key before either changes.
        var stale = project.Name != name || input.OrgId is { } newOrg && newOrg != project.OrgId
            ? await ProjectNameBigram.Stored(db.ProjectNameBigrams, project).ToListAsync(ct)
            : null;
        if (input.OrgId is { } orgId && orgId != project.OrgId)
        {
            var org = await VisibleOrgAsync(orgId, "orgId", ct);
            project.OrgId = org.Id;
            project.OrgPath = org.Path;
        }
        if (input.LocationOrgId is { } location)
        {
            await VisibleOrgAsync(location, "locationOrgId", ct);
        }
        await CheckInvestorsAsync(input.InvestorIds, ct);
        await CheckIndustryAsync(input.Industry, ct);
        db.Entry(project).Property(p => p.Version).OriginalValue = version;
        if (stale is not null)
        {
            db.ProjectNameBigrams.RemoveRange(stale);
        }
        ProjectRules.Apply(project, input, name);
        if (stale is not null)
        {
            db.ProjectNameBigrams.AddRange(ProjectNameBigram.For(project));
        }
        if (input.InvestorIds is { } investors)
        {
            var current = await db.ProjectInvestors.Where(i => i.ProjectId == id).ToListAsync(ct);
            db.ProjectInvestors.RemoveRange(current.Where(c => !investors.Contains(c.EnterpriseId)));
            db.ProjectInvestors.AddRange(investors.Distinct().Where(e => current.All(c => c.EnterpriseId != e))
                .Select(e => new ProjectInvestor { ProjectId = id, EnterpriseId = e }));
        }
        await projectRows.SaveAsync(id, ct);
        return projectRows.Row(project);
    }

    private async Task<Orgs.Org> VisibleOrgAsync(Guid id, string field, CancellationToken ct) =>
        await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.IsActive, ct)
        ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。");

    private async Task CheckInvestorsAsync(Guid[]? ids, CancellationToken ct)
    {
        if (ids is { Length: > 0 })
        {
            var distinct = ids.Distinct().ToList();
            if (await db.Enterprises.CountAsync(e => distinct.Contains(e.Id), ct) != distinct.Count)
            {
                throw DomainException.Invalid("investorIds", "投资企业不存在，请先登记企业。");
            }
        }
    }

    /// <summary>Investors named by enterprise name or credit code, separated by 、 or commas (the form and the import).</summary>
    public Task<Guid[]> ResolveInvestorsAsync(string? text, CancellationToken ct = default) =>
        Enterprises.EnterpriseLookup.ResolveAsync(db, text, "investorIds", ct);

    private async Task CheckIndustryAsync(string? industry, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(industry) && !await db.Industries.AnyAsync(i => i.Name == industry.Trim() && i.IsActive, ct))
        {
            throw DomainException.Invalid("industry", "“{0}”不是全省重点产业之一，请从产业列表中选择。", industry);
        }
    }

}
