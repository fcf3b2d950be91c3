using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>When a project counts as stalled (闲置低效): configuration "Ledger:Stalled", yearly rules may change it.</summary>
public sealed class StalledRules
{
    public int SignedWithoutStartDays { get; set; } = 90;
    public int StartedWithoutProductionMonths { get; set; } = 18;
}

/// <summary>A ledger row; <see cref="HeldFrom"/> is the stage an on-hold project resumes to.</summary>
public sealed record ProjectRow(Guid Id, string Code, string Name, Guid OrgId, string Stage, long AgreedInvestmentYuan,
    long? ContractAmountYuan, DateOnly? ContractDate, DateOnly? StartDate, string? Industry, bool IsIndustrial, long Version,
    string? Stalled = null, string? HeldFrom = null);

/// <summary>
/// A project as every ledger use case answers it: its row (with the stalled rule of today), and its save, where a
/// stale version is a conflict carrying the current row.
/// </summary>
public sealed class ProjectRows(AppDb db, TimeProvider time, IOptions<StalledRules> stalledRules)
{
    public DateOnly Today => time.Today();

    /// <summary>Signed on or before the first date without a start, or started on or before the second without production.</summary>
    public (DateOnly SignedBefore, DateOnly StartedBefore) StalledCutoffs() =>
        (Today.AddDays(-stalledRules.Value.SignedWithoutStartDays), Today.AddMonths(-stalledRules.Value.StartedWithoutProductionMonths));

    public ProjectRow Row(Project p)
    {
        var (signedBefore, startedBefore) = StalledCutoffs();
        var stalled = p.Stage == ProjectStage.Signed && p.ContractDate <= signedBefore ? "signedNotStarted"
            : p.Stage == ProjectStage.Started && p.StartDate <= startedBefore ? "startedNotOperating"
            : null;
        return new(p.Id, p.Code, p.Name, p.OrgId, ApiEnum.Name(p.Stage), p.AgreedInvestmentYuan, p.ContractAmountYuan,
            p.ContractDate, p.StartDate, p.Industry, p.IsIndustrial, p.Version, stalled, p.HeldFrom is { } held ? ApiEnum.Name(held) : null);
    }

    /// <summary>Saves the scope's changes; a project changed by someone else since it was read is a conflict.</summary>
    public async Task SaveAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is Project))
        {
            var current = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == id, ct);
            throw new ConflictException("该项目已被他人修改，请查看最新内容后再保存。", Row(current));
        }
    }
}
