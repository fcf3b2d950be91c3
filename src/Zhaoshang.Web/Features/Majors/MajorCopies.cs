using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// The major-project list keeps a copy of each project's code, name, stage, amount and unit, so that the list of tens of
/// thousands filters, counts and sorts in its own table rather than through a join to a million projects. The copy is
/// refreshed right after every save that changed one of them (in the caller's transaction, when there is one), and each
/// round of the sweeps puts back any that drifted (a save whose refresh never ran). A project moved to another unit
/// takes its plan's and task force's rows along into the new unit's scope. The list's name index
/// (<see cref="MajorNameBigram"/>) follows a new row, a new name and a new unit the same way.
/// </summary>
public sealed class MajorCopies : SaveChangesInterceptor
{
    private static readonly string[] Copied =
    [
        nameof(Project.Code), nameof(Project.Name), nameof(Project.Stage), nameof(Project.ContractAmountYuan), nameof(Project.AgreedInvestmentYuan),
        nameof(Project.OrgId), nameof(Project.OrgPath),
    ];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Take(eventData.Context) is { } stale)
        {
            RefreshAsync(stale.Db, stale.Ids, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } stale)
        {
            await RefreshAsync(stale.Db, stale.Ids, cancellationToken);
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Take(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is not AppDb db)
        {
            return;
        }
        foreach (var entry in db.ChangeTracker.Entries<Project>())
        {
            if (entry.State == EntityState.Modified && Copied.Any(c => entry.Property(c).IsModified))
            {
                (db.StaleMajorCopies ??= []).Add(entry.Entity.Id);
            }
        }
        foreach (var entry in db.ChangeTracker.Entries<MajorProject>())
        {
            if (entry.State == EntityState.Added)
            {
                // Newly listed: its name is indexed right after the save.
                (db.StaleMajorCopies ??= []).Add(entry.Entity.ProjectId);
            }
        }
    }

    private static (AppDb Db, Guid[] Ids)? Take(DbContext? context)
    {
        if (context is not AppDb { StaleMajorCopies: { Count: > 0 } ids } db)
        {
            return null;
        }
        db.StaleMajorCopies = null;
        return (db, [.. ids]);
    }

    /// <summary>
    /// Copies the projects' fields onto their rows of the list: those of <paramref name="projectIds"/>, or (none given)
    /// every row that differs from its project. Returns the rows refreshed.
    /// </summary>
    public static async Task<int> RefreshAsync(AppDb db, IReadOnlyCollection<Guid>? projectIds, CancellationToken ct)
    {
        if (projectIds is { Count: > 1000 })
        {
            // An import's save may change more projects than a statement may carry.
            var total = 0;
            foreach (var chunk in projectIds.Chunk(1000))
            {
                total += await RefreshAsync(db, chunk, ct);
            }
            return total;
        }
        var projects = db.Projects.IgnoreQueryFilters();
        var majors = db.MajorProjects.IgnoreQueryFilters();
        var inScope = projectIds is null ? majors : majors.Where(m => projectIds.Contains(m.ProjectId));
        // Renamed, moved or new to the list: their name index is written (again) after the copy.
        var bigrams = db.MajorNameBigrams.IgnoreQueryFilters();
        var renamed = await inScope.Where(m => projects.Any(p => p.Id == m.ProjectId && (p.Name != m.Name || p.OrgPath != m.OrgPath))
            || !bigrams.Any(g => g.ProjectId == m.ProjectId)).Select(m => m.ProjectId).ToListAsync(ct);
        majors = projectIds is null
            ? majors.Where(m => projects.Any(p => p.Id == m.ProjectId && (p.Code != m.Code || p.Name != m.Name || p.Stage != m.Stage
                || (p.ContractAmountYuan ?? p.AgreedInvestmentYuan) != m.AmountYuan || p.OrgId != m.OrgId || p.OrgPath != m.OrgPath)))
            : majors.Where(m => projectIds.Contains(m.ProjectId));
        var refreshed = await majors.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Code, m => projects.Where(p => p.Id == m.ProjectId).Select(p => p.Code).First())
            .SetProperty(m => m.Name, m => projects.Where(p => p.Id == m.ProjectId).Select(p => p.Name).First())
            .SetProperty(m => m.Stage, m => projects.Where(p => p.Id == m.ProjectId).Select(p => p.Stage).First())
            .SetProperty(m => m.AmountYuan, m => projects.Where(p => p.Id == m.ProjectId).Select(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan).First())
            .SetProperty(m => m.OrgId, m => projects.Where(p => p.Id == m.ProjectId).Select(p => p.OrgId).First())
            .SetProperty(m => m.OrgPath, m => projects.Where(p => p.Id == m.ProjectId).Select(p => p.OrgPath).First()), ct);
        if (refreshed > 0)
        {
            // The plan's and the task force's rows are seen where the project is.
            var moved = db.MajorProjects.IgnoreQueryFilters().Where(m => projectIds == null || projectIds.Contains(m.ProjectId));
            await db.Milestones.IgnoreQueryFilters().Where(n => moved.Any(m => m.ProjectId == n.ProjectId && m.OrgPath != n.OrgPath))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.OrgPath, n => moved.Where(m => m.ProjectId == n.ProjectId).Select(m => m.OrgPath).First()), ct);
            await db.MajorMembers.IgnoreQueryFilters().Where(x => moved.Any(m => m.ProjectId == x.ProjectId && m.OrgPath != x.OrgPath))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrgPath, x => moved.Where(m => m.ProjectId == x.ProjectId).Select(m => m.OrgPath).First()), ct);
        }
        await IndexNamesAsync(db, renamed, ct);
        return refreshed;
    }

    /// <summary>Brings the name index of these rows of the list to their (copied) names and units.</summary>
    private static async Task IndexNamesAsync(AppDb db, IReadOnlyList<Guid> projectIds, CancellationToken ct)
    {
        foreach (var chunk in projectIds.Chunk(1000))
        {
            var stored = await db.MajorNameBigrams.IgnoreQueryFilters().AsTracking().Where(g => chunk.Contains(g.ProjectId)).ToListAsync(ct);
            var rows = await db.MajorProjects.IgnoreQueryFilters().AsNoTracking().Where(m => chunk.Contains(m.ProjectId))
                .Select(m => new { m.ProjectId, m.Name, m.OrgPath }).ToListAsync(ct);
            var wanted = rows.SelectMany(r => MajorNameBigram.For(r.ProjectId, r.Name, r.OrgPath)).ToList();
            var kept = stored.Select(g => (g.Gram, g.OrgPath, g.ProjectId)).ToHashSet();
            var keep = wanted.Select(g => (g.Gram, g.OrgPath, g.ProjectId)).ToHashSet();
            var gone = stored.Where(g => !keep.Contains((g.Gram, g.OrgPath, g.ProjectId))).ToList();
            var added = wanted.Where(g => !kept.Contains((g.Gram, g.OrgPath, g.ProjectId))).ToList();
            if (gone.Count + added.Count > 0)
            {
                db.MajorNameBigrams.RemoveRange(gone);
                db.MajorNameBigrams.AddRange(added);
                await db.SaveChangesAsync(ct);
            }
            // Derived rows: not kept tracked.
            foreach (var gram in stored.Concat(added))
            {
                db.Entry(gram).State = EntityState.Detached;
            }
        }
    }
}
