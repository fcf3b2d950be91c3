using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>The major-project list's filters as an address carries them (the API's query and the page's).</summary>
public sealed record MajorQuery(string? Q = null, string? Level = null, string? Group = null, string[]? Stage = null, Guid? OrgId = null,
    int? Page = null, int? PageSize = null)
{
    public string[] Stages => [.. (Stage ?? []).Where(s => !string.IsNullOrWhiteSpace(s))];
}

/// <summary>A major project as its list shows it: the project, its level and group, and its "五个一" by name.</summary>
public sealed record MajorRow(Guid ProjectId, string Code, string Name, Guid OrgId, string OrgName, string Stage, long AmountYuan, string? Industry,
    DateOnly? ContractDate, MajorLevel Level, bool ByHand, CoordinationGroup Group, Guid? LeaderUserId, string? LeaderName, Guid? LeadOrgId,
    string? LeadOrgName, Guid? ResponsibleOrgId, string? ResponsibleOrgName, int TaskForceSize, long Version);

/// <summary>A major project whole: its row and its task force by name.</summary>
public sealed record MajorDetail(MajorRow Major, IReadOnlyList<MajorPerson> TaskForce);

/// <summary>
/// The 拟招重大项目库: the major projects of the caller's subtree (each level sees its own and those below), filtered and
/// paged, largest first; one major project with its task force.
/// </summary>
public sealed class MajorSearch(AppDb db, CurrentUser currentUser)
{
    public async Task<Paged<MajorRow>> SearchAsync(MajorQuery query, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var (page, size) = Paged<MajorRow>.Clamp(query.Page ?? 1, query.PageSize ?? 50);
        var unit = await UnitPathAsync(query, ct);
        var total = await Filtered(query, unit, walk: false, named: true).CountAsync(ct);
        // Many matches: the page walks the amount's order and stops at its last row, testing each name as it passes (a
        // word one project in ten carries fills a page within a few hundred); few: the name index finds them.
        var many = total >= WalkFrom;
        var rows = Filtered(query, unit, walk: many && db.Database.IsSqlite(), named: !many);
        var items = await WithProjects(rows.OrderByDescending(m => m.AmountYuan).ThenBy(m => m.Code).Skip((page - 1) * size).Take(size)).ToListAsync(ct);
        return new Paged<MajorRow>(await RowsAsync(Ordered(items), ct), total, page, size);
    }

    /// <summary>Every major project the filter matches (the export), largest first.</summary>
    public async Task<IReadOnlyList<MajorRow>> ListAsync(MajorQuery query, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var items = await WithProjects(Filtered(query, await UnitPathAsync(query, ct), walk: db.Database.IsSqlite(), named: true).OrderByDescending(m => m.AmountYuan).ThenBy(m => m.Code)
            .Take(100_000)).ToListAsync(ct);
        return await RowsAsync(Ordered(items), ct);
    }

    public async Task<MajorDetail> GetAsync(Guid projectId, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var item = await (from m in db.MajorProjects.AsNoTracking()
                          join p in db.Projects.AsNoTracking() on m.ProjectId equals p.Id
                          where m.ProjectId == projectId
                          select new Pair { Major = m, Project = p }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("该项目不是重大项目，或不在您的数据范围内。");
        var row = (await RowsAsync([item], ct))[0];
        var memberIds = await db.MajorMembers.AsNoTracking().Where(m => m.ProjectId == projectId).Select(m => m.UserId).ToListAsync(ct);
        var people = await PeopleAsync(memberIds, ct);
        return new MajorDetail(row, [.. memberIds.Where(people.ContainsKey).Select(id => people[id]).OrderBy(p => p.OrgName).ThenBy(p => p.Name)]);
    }

    public Task<bool> IsMajorAsync(Guid projectId, CancellationToken ct = default) => db.MajorProjects.AnyAsync(m => m.ProjectId == projectId, ct);

    /// <summary>A major project and its project, as one query composes them (a member initialiser EF can filter through).</summary>
    private sealed class Pair
    {
        public required MajorProject Major { get; init; }
        public required Project Project { get; init; }
    }

    /// <summary>The list's rows with their projects (a page of them: the filter, the count and the order stay in the list's own table).</summary>
    private IQueryable<Pair> WithProjects(IQueryable<MajorProject> majors) =>
        from m in majors
        join p in db.Projects.AsNoTracking() on m.ProjectId equals p.Id
        select new Pair { Major = m, Project = p };

    private static List<Pair> Ordered(List<Pair> items) => [.. items.OrderByDescending(x => x.Major.AmountYuan).ThenBy(x => x.Major.Code, StringComparer.Ordinal)];

    /// <summary>From this many matches on, a page walks the amount's index from the top (see <see cref="Under"/>).</summary>
    private const int WalkFrom = 1000;

    private async Task<string?> UnitPathAsync(MajorQuery query, CancellationToken ct) => query.OrgId is { } orgId
        ? (await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。")).Path
        : null;

    private IQueryable<MajorProject> Filtered(MajorQuery query, string? unitPath, bool walk, bool named)
    {
        var rows = db.MajorProjects.AsNoTracking();
        if (!currentUser.ScopeAll)
        {
            // The caller's scope as constants in place of the scope filter's parameters: a generic plan of those would take
            // a province's 50,000 rows for a county's few hundred. (The projects joined to a page are the rows' own, in the
            // same scope.)
            rows = Under(rows.IgnoreQueryFilters(), currentUser.ScopePath, walk);
        }
        if (unitPath is not null)
        {
            rows = Under(rows, unitPath, walk);
        }
        if (ApiEnum.Parse<MajorLevel>(query.Level, "level") is { } level)
        {
            rows = rows.Where(m => m.Level == level);
        }
        if (ApiEnum.Parse<CoordinationGroup>(query.Group, "group") is { } group)
        {
            rows = rows.Where(m => m.Group == group);
        }
        var stages = query.Stages.Select(ProjectsApi.ParseStage).ToArray();
        rows = stages.Length > 0 ? rows.Where(m => stages.Contains(m.Stage)) : rows.Where(m => m.Stage != ProjectStage.Terminated && m.Stage != ProjectStage.Lead);
        if (query.Q?.Trim() is { Length: > 0 } q)
        {
            if (q.Length > 100)
            {
                throw DomainException.Invalid("q", "搜索词不超过 100 个字符。");
            }
            // A code is Latin letters, digits and dashes: a term with anything else is looked for in the names only,
            // through their bigrams where it has any (two characters or more) and the caller wants them.
            if (q.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                rows = rows.Where(m => m.Name.Contains(q) || m.Code.Contains(q));
            }
            else
            {
                rows = (named ? Named(rows, q, unitPath) : rows).Where(m => m.Name.Contains(q));
            }
        }
        return rows;
    }

    /// <summary>
    /// The rows whose names hold every bigram of the term (up to four), each read from the name index inside the
    /// caller's subtree (and unit), so a name searched over a province reads its few thousand postings, not 50,000
    /// names. The bigram is written into the statement: a generic plan cannot tell a place name every tenth project
    /// carries from a brand only one does.
    /// </summary>
    private IQueryable<MajorProject> Named(IQueryable<MajorProject> rows, string term, string? unitPath)
    {
        var grams = db.MajorNameBigrams.AsNoTracking();
        if (!currentUser.ScopeAll)
        {
            grams = GramsUnder(grams.IgnoreQueryFilters(), currentUser.ScopePath);
        }
        if (unitPath is not null)
        {
            grams = GramsUnder(grams, unitPath);
        }
        foreach (var gram in Bigrams.Of(term).Take(4))
        {
            rows = rows.Where(m => grams.Where(g => g.Gram == EF.Constant(gram)).Select(g => g.ProjectId).Contains(m.ProjectId));
        }
        return rows;
    }

    private static IQueryable<MajorNameBigram> GramsUnder(IQueryable<MajorNameBigram> grams, string path)
    {
        var end = OrgPaths.End(path);
        return grams.Where(g => string.Compare(g.OrgPath, EF.Constant(path)) >= 0 && string.Compare(g.OrgPath, EF.Constant(end)) < 0);
    }

    /// <summary>
    /// The rows under a path. Counting, and a page of few matches, read the scope's index as a range. On SQLite a page of
    /// many matches instead walks the amount's index from the top, testing each entry's path (its filter columns are in
    /// that index): written as a prefix SQLite cannot take for a range, since without statistics it would read a
    /// province's rows by scope and sort them all. PostgreSQL, with statistics, chooses well from the range.
    /// </summary>
    private static IQueryable<MajorProject> Under(IQueryable<MajorProject> rows, string path, bool walk)
    {
        var end = OrgPaths.End(path);
        return walk
            ? rows.Where(m => m.OrgPath.Substring(0, EF.Constant(path.Length)) == EF.Constant(path))
            : rows.Where(m => string.Compare(m.OrgPath, EF.Constant(path)) >= 0 && string.Compare(m.OrgPath, EF.Constant(end)) < 0);
    }

    private async Task<List<MajorRow>> RowsAsync(IReadOnlyList<Pair> items, CancellationToken ct)
    {
        var orgIds = items.SelectMany(x => new[] { x.Project.OrgId, x.Major.LeadOrgId ?? Guid.Empty, x.Major.ResponsibleOrgId ?? Guid.Empty }).Distinct().ToList();
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var leaders = await PeopleAsync([.. items.Where(x => x.Major.LeaderUserId != null).Select(x => x.Major.LeaderUserId!.Value)], ct);
        var projectIds = items.Select(x => x.Major.ProjectId).ToList();
        var sizes = await db.MajorMembers.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId)).GroupBy(m => m.ProjectId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. items.Select(x => new MajorRow(x.Project.Id, x.Project.Code, x.Project.Name, x.Project.OrgId, orgs.GetValueOrDefault(x.Project.OrgId) ?? "", ApiEnum.Name(x.Project.Stage),
            x.Project.ContractAmountYuan ?? x.Project.AgreedInvestmentYuan, x.Project.Industry, x.Project.ContractDate, x.Major.Level, x.Major.ByHand, x.Major.Group,
            x.Major.LeaderUserId, x.Major.LeaderUserId is { } l ? leaders.GetValueOrDefault(l)?.Name : null,
            x.Major.LeadOrgId, x.Major.LeadOrgId is { } lo ? orgs.GetValueOrDefault(lo) : null,
            x.Major.ResponsibleOrgId, x.Major.ResponsibleOrgId is { } ro ? orgs.GetValueOrDefault(ro) : null, sizes.GetValueOrDefault(x.Major.ProjectId), x.Major.Version))];
    }

    /// <summary>People by id, whoever's scope they are in (a project's leader may sit above the reader).</summary>
    private async Task<Dictionary<Guid, MajorPerson>> PeopleAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await (from u in db.Users.IgnoreQueryFilters().AsNoTracking()
                          join o in db.Orgs.IgnoreQueryFilters().AsNoTracking() on u.OrgId equals o.Id
                          where ids.Contains(u.Id)
                          select new { u.Id, u.DisplayName, OrgName = o.Name }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new MajorPerson(r.Id, r.DisplayName, r.OrgName, false));
    }

    /// <summary>Names as the list, the page and the workbook show them.</summary>
    public static string LevelName(MajorLevel level) => level switch
    {
        MajorLevel.Province => "省级",
        MajorLevel.City => "市级",
        MajorLevel.County => "县级",
    };

    public static string GroupName(CoordinationGroup group) => group switch
    {
        CoordinationGroup.Agriculture => "农业组",
        CoordinationGroup.Industry => "工业组",
        CoordinationGroup.Services => "服务业组",
    };
}
