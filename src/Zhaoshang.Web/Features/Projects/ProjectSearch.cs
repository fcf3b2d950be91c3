using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

public sealed record ProjectFilter(string? Q = null, ProjectStage[]? Stages = null, Guid? OrgId = null, string? Industry = null,
    long? MinAmountYuan = null, long? MaxAmountYuan = null, bool? Industrial = null, string? View = null, string? Sort = null,
    int Page = 1, int PageSize = 50, bool? Stalled = null, DateOnly? SignedFrom = null, DateOnly? SignedTo = null, DateOnly? StartedTo = null,
    DateOnly? ProducedTo = null);

public sealed record BoardColumn(ProjectStage Stage, int Total, IReadOnlyList<ProjectRow> Cards);

/// <summary>
/// Finding projects: the ledger's filtered, paged list and its total row, the kanban by stage, and the filtered set the
/// export streams. Every query runs under the caller's scope.
/// </summary>
public sealed class ProjectSearch(AppDb db, CurrentUser currentUser, LedgerTotals totals, ProjectRows projectRows)
{
    public async Task<Paged<ProjectRow>> SearchAsync(ProjectFilter f, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var (page, size) = Paged<ProjectRow>.Clamp(f.Page, f.PageSize);
        // One connection for the few queries of a search (EF would open and close it around each of them).
        await db.Database.OpenConnectionAsync(ct);
        var search = !string.IsNullOrWhiteSpace(f.Q);
        // Taken before anything is read (the unit filter's path included): a change from here on makes the count stale.
        var slot = search ? default : totals.Find(db, TotalKey(f));
        var q = await FilteredAsync(f, ct);
        var paged = Sorted(q, f.Sort).Skip((page - 1) * size).Take(size);
        if (search)
        {
            // A text search is already narrowed to the bigrams' few ids: its rows are read directly, and it usually
            // fits on one page, whose shortness gives the total.
            var found = await paged.Select(Hit(() => -1)).ToListAsync(ct);
            return Page(found, found.Count < size && (found.Count > 0 || page == 1) ? (page - 1) * size + found.Count : await q.CountAsync(ct));
        }
        // A list: one statement. The page's ids come from the ledger indexes (path, stage, amounts, code and id), so a
        // unit's projects are found and ordered without reading them; then only those rows are read, each with the
        // filtered total (a subquery the database runs once) unless the total is known since the last change.
        var pageIds = paged.Select(p => p.Id);
        var rows = Sorted(db.Projects.AsNoTracking().Where(p => pageIds.Contains(p.Id)), f.Sort);
        var hits = await (slot.Total is null ? rows.Select(Hit(() => q.Count())) : rows.Select(Hit(() => -1))).ToListAsync(ct);
        var total = slot.Total ?? (hits is [{ Total: var counted }, ..] ? counted : page == 1 ? 0 : await q.CountAsync(ct));
        if (slot.Total is null)
        {
            slot.Keep(total);
        }
        return Page(hits, total);

        Paged<ProjectRow> Page(List<LedgerHit> found, int count) => new(found.Select(h => projectRows.Row(h.Row)).ToList(), count, page, size);
    }

    /// <summary>
    /// The total row of a filtered list: how many projects and their investment (the contract amount where signed, else
    /// the agreed one), in one aggregate. The ledger page asks for it after the list is shown, so the list stays as fast.
    /// </summary>
    public async Task<(int Count, long AmountYuan)> TotalsAsync(ProjectFilter f, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var q = await FilteredAsync(f, ct);
        var totals = await q.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Amount = g.Sum(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan) })
            .FirstOrDefaultAsync(ct);
        return totals is null ? (0, 0) : (totals.Count, totals.Amount);
    }

    /// <summary>What decides a list's total: the caller's scope, today (the stalled rule's cutoffs) and every filter.</summary>
    private string TotalKey(ProjectFilter f) =>
        $"{db.ScopeStart}|{projectRows.Today:yyyy-MM-dd}|{JsonSerializer.Serialize(f with { Sort = null, Page = 1, PageSize = 0 })}";

    private sealed class LedgerHit
    {
        public required Project Row { get; init; }
        public int Total { get; init; }
    }

    /// <summary>What a ledger row shows (nothing more is read), with the total the query computes beside it.</summary>
    private static Expression<Func<Project, LedgerHit>> Hit(Expression<Func<int>> total)
    {
        Expression<Func<Project, int, LedgerHit>> hit = (p, t) => new LedgerHit
        {
            Row = new Project
            {
                Id = p.Id, Code = p.Code, Name = p.Name, OrgId = p.OrgId, Stage = p.Stage, AgreedInvestmentYuan = p.AgreedInvestmentYuan,
                ContractAmountYuan = p.ContractAmountYuan, ContractDate = p.ContractDate, StartDate = p.StartDate, Industry = p.Industry,
                IsIndustrial = p.IsIndustrial, Version = p.Version, HeldFrom = p.HeldFrom,
            },
            Total = t,
        };
        return Expression.Lambda<Func<Project, LedgerHit>>(ReplacingExpressionVisitor.Replace(hit.Parameters[1], total.Body, hit.Body), hit.Parameters[0]);
    }

    private static IOrderedQueryable<Project> Sorted(IQueryable<Project> q, string? sort) => sort switch
    {
        "name" => q.OrderBy(p => p.Name).ThenBy(p => p.Code),
        "code" => q.OrderBy(p => p.Code),
        "contractDate" => q.OrderByDescending(p => p.ContractDate).ThenBy(p => p.Code),
        "amount" => q.OrderBy(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan).ThenBy(p => p.Code),
        _ => q.OrderByDescending(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan).ThenBy(p => p.Code),
    };

    /// <summary>The projects matching the filter (in scope), unsorted: shared by the list, the export and the kanban.</summary>
    internal async Task<IQueryable<Project>> FilteredAsync(ProjectFilter f, CancellationToken ct)
    {
        var q = db.Projects.AsNoTracking();
        string? orgPath = null;
        if (f.OrgId is { } orgId)
        {
            // The caller's own unit is in the session; another unit is read (and must be in scope).
            orgPath = orgId == currentUser.OrgId ? currentUser.OrgPath
                : await db.Orgs.Where(o => o.Id == orgId).Select(o => o.Path).FirstOrDefaultAsync(ct)
                  ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。");
            q = q.Under(p => p.OrgPath, orgPath!);
        }
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            q = await MatchTextAsync(q, f.Q.Trim(), orgPath, ct);
        }
        if (f.Stages is { Length: > 0 } stages)
        {
            // The stages are written into the statement: few combinations, and as an array parameter PostgreSQL planned
            // each execution again (0.3 ms) instead of keeping a generic plan.
            q = q.Where(p => EF.Constant(stages).Contains(p.Stage));
        }
        if (!string.IsNullOrEmpty(f.View))
        {
            var view = StageMachine.Views.GetValueOrDefault(f.View)
                ?? throw DomainException.Invalid("view", "“{0}”不是有效的库，可选：{1}。", f.View, string.Join(", ", StageMachine.Views.Keys));
            q = q.Where(p => EF.Constant(view).Contains(p.Stage));
        }
        if (!string.IsNullOrWhiteSpace(f.Industry))
        {
            q = q.Where(p => p.Industry == f.Industry);
        }
        if (f.MinAmountYuan is { } min)
        {
            q = q.Where(p => (p.ContractAmountYuan ?? p.AgreedInvestmentYuan) >= min);
        }
        if (f.MaxAmountYuan is { } max)
        {
            q = q.Where(p => (p.ContractAmountYuan ?? p.AgreedInvestmentYuan) < max);
        }
        if (f.SignedFrom is { } signedFrom)
        {
            q = q.Where(p => p.ContractDate >= signedFrom);
        }
        if (f.SignedTo is { } signedTo)
        {
            q = q.Where(p => p.ContractDate <= signedTo);
        }
        if (f.StartedTo is { } startedTo)
        {
            q = q.Where(p => p.StartDate <= startedTo);
        }
        if (f.ProducedTo is { } producedTo)
        {
            q = q.Where(p => p.ProductionDate <= producedTo);
        }
        if (f.Industrial is { } industrial)
        {
            q = q.Where(p => p.IsIndustrial == industrial);
        }
        if (f.Stalled is { } stalled)
        {
            var (signedBefore, startedBefore) = projectRows.StalledCutoffs();
            q = stalled
                ? q.Where(p => (p.Stage == ProjectStage.Signed && p.ContractDate <= signedBefore) || (p.Stage == ProjectStage.Started && p.StartDate <= startedBefore))
                : q.Where(p => !((p.Stage == ProjectStage.Signed && p.ContractDate <= signedBefore) || (p.Stage == ProjectStage.Started && p.StartDate <= startedBefore)));
        }
        return q;
    }

    /// <summary>
    /// A project code finds that project; other text is a substring of the name, or of one of its investors' names
    /// (立根 finds 北京立根集团's projects). Names are answered from the bigram index. The bigrams carry the org path, so
    /// every lookup reads only the caller's subtree (narrowed further by the unit filter). Short posting lists (a brand,
    /// a place) are read and intersected here, and their ids drive the query by primary key — no planner statistics
    /// needed. Bigrams with long lists (a frequent word such as 项目) are left to the database as subqueries. The
    /// substring itself is always checked last. Investors are found by name in the enterprise registry, then their
    /// projects through the investors' enterprise index.
    /// </summary>
    private async Task<IQueryable<Project>> MatchTextAsync(IQueryable<Project> q, string term, string? orgPath, CancellationToken ct)
    {
        if (term.StartsWith("XM-", StringComparison.OrdinalIgnoreCase))
        {
            var code = term.ToUpperInvariant();
            return q.Where(p => p.Code == code);
        }
        var grams = orgPath is null ? db.ProjectNameBigrams : db.ProjectNameBigrams.Under(g => g.OrgPath, orgPath);
        HashSet<Guid>? ids = null;
        var frequent = new List<int>();
        foreach (var gram in Bigrams.Of(term).Take(4))
        {
            var postings = await grams.Where(g => g.Gram == gram).OrderBy(g => g.OrgPath).ThenBy(g => g.ProjectId) // the key's order: no sort
                .Select(g => g.ProjectId).Take(ShortPostings + 1).ToListAsync(ct);
            if (postings.Count > ShortPostings)
            {
                frequent.Add(gram);
                continue;
            }
            ids = ids is null ? [.. postings] : [.. ids.Intersect(postings)];
            if (ids.Count == 0)
            {
                break;
            }
        }
        var investors = await db.Enterprises.AsNoTracking().Where(e => e.Name.Contains(term)).Select(e => e.Id).Take(ShortPostings + 1).ToListAsync(ct);
        if (investors.Count > ShortPostings)
        {
            // A word most investors' names hold (集团): each project's investors are checked in the database.
            var byName = ids is null ? q : q.Where(p => ids.Contains(p.Id));
            foreach (var gram in ids is null ? frequent : [])
            {
                byName = byName.Where(p => grams.Where(g => g.Gram == EF.Constant(gram)).Select(g => g.ProjectId).Contains(p.Id));
            }
            var matched = byName.Where(p => p.Name.Contains(term)).Select(p => p.Id);
            return q.Where(p => matched.Contains(p.Id)
                || db.ProjectInvestors.Any(i => i.ProjectId == p.Id && db.Enterprises.Any(e => e.Id == i.EnterpriseId && e.Name.Contains(term))));
        }
        var ofInvestors = investors.Count == 0 ? []
            : await db.ProjectInvestors.AsNoTracking().Where(i => investors.Contains(i.EnterpriseId)).Select(i => i.ProjectId).Distinct().ToListAsync(ct);
        if (ids is not null)
        {
            // The ids drive the query: as a limited subquery (ordered by id, so the limit is well defined) it is not
            // merged with the filters after it, so the database looks the ids up by primary key. Merged, SQLite (which
            // has no statistics) took a unit's stage range instead from five ids up: at 1,000,000 projects it read
            // thousands of index entries for five rows (0.46 ms instead of 0.05).
            var named = ids.Count == 0 ? [] : await q.Where(p => ids.Contains(p.Id) && p.Name.Contains(term)).Select(p => p.Id).ToListAsync(ct);
            var list = named.Union(ofInvestors).ToList();
            return q.Where(p => list.Contains(p.Id)).OrderBy(p => p.Id).Take(list.Count);
        }
        // A frequent bigram is written into the statement, not sent as a parameter: a prepared statement's generic plan
        // cannot tell a frequent word from a rare one (PostgreSQL: 108 ms instead of 17 at 1,000,000 projects). There
        // are few such bigrams in a scope, so few statements.
        var byGrams = q;
        foreach (var gram in frequent)
        {
            byGrams = byGrams.Where(p => grams.Where(g => g.Gram == EF.Constant(gram)).Select(g => g.ProjectId).Contains(p.Id));
        }
        byGrams = byGrams.Where(p => p.Name.Contains(term));
        return ofInvestors.Count == 0 ? byGrams : q.Where(p => byGrams.Select(x => x.Id).Contains(p.Id) || ofInvestors.Contains(p.Id));
    }

    private const int ShortPostings = 1000;

    public async Task<IReadOnlyList<Industry>> IndustriesAsync(CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        return await db.Industries.AsNoTracking().Where(i => i.IsActive).OrderBy(i => i.SortOrder).ToListAsync(ct);
    }

    /// <summary>The kanban: for each stage its count and its largest projects, under the same filters as the list.</summary>
    public async Task<IReadOnlyList<BoardColumn>> BoardAsync(ProjectFilter filter, int perColumn = 20, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var q = await FilteredAsync(filter with { Stages = null, View = null }, ct);
        var counts = await q.GroupBy(p => p.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var columns = new List<BoardColumn>();
        foreach (var stage in Enum.GetValues<ProjectStage>())
        {
            var cards = counts.GetValueOrDefault(stage) == 0 ? [] : await q.Where(p => p.Stage == stage)
                .OrderByDescending(p => p.ContractAmountYuan ?? p.AgreedInvestmentYuan).ThenBy(p => p.Code).Take(perColumn).ToListAsync(ct);
            columns.Add(new BoardColumn(stage, counts.GetValueOrDefault(stage), cards.Select(projectRows.Row).ToList()));
        }
        return columns;
    }
}
