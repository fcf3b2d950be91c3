using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

public sealed record ProjectInput(string? Name, Guid? OrgId, Guid? LocationOrgId, string? Industry, long AgreedInvestmentYuan,
    DateOnly? PlannedStartDate, decimal? LandMu, int? PlannedJobs, bool IsIndustrial, bool IsHqEconomy, bool IsDigitalEconomy,
    bool IsCentralSoeProject, string? Channel, decimal? FactoryAreaM2, Guid[]? InvestorIds);

public sealed record ProjectFilter(string? Q = null, ProjectStage[]? Stages = null, Guid? OrgId = null, string? Industry = null,
    long? MinAmountYuan = null, long? MaxAmountYuan = null, bool? Industrial = null, string? View = null, string? Sort = null,
    int Page = 1, int PageSize = 50, bool? Stalled = null, DateOnly? SignedFrom = null, DateOnly? SignedTo = null);

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

public sealed record StageChangeRow(string From, string To, DateOnly? Date, string? Evidence, string? UserName, DateTime At);

/// <summary>A month's funds in place. <see cref="Warning"/>: why the entry needed its note (far above the contract).</summary>
public sealed record FundRow(Guid Id, int Year, int Month, long AmountYuan, string? Evidence, Guid? CorrectsId, DateTime At)
{
    public string? Warning { get; init; }
}

public sealed record ProjectDetail(Project Project, IReadOnlyList<Guid> InvestorIds,
    IReadOnlyList<StageChangeRow> Stages, IReadOnlyList<FundRow> Funds, long FundsTotalYuan);

/// <summary>
/// The project ledger: officers record and move projects through the stage machine; leaders and handlers read.
/// Every project belongs to its responsible unit's scope; every change is audited and every stage change kept.
/// </summary>
public sealed partial class ProjectService(AppDb db, CurrentUser currentUser, AuditLog audit, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<StalledRules> stalledRules, LedgerTotals totals, Audit.ReadableChanges readable)
{

    private DateOnly Today => time.Today();

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

        Paged<ProjectRow> Page(List<LedgerHit> found, int count) => new(found.Select(h => Row(h.Row)).ToList(), count, page, size);
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
        $"{db.ScopeStart}|{Today:yyyy-MM-dd}|{JsonSerializer.Serialize(f with { Sort = null, Page = 1, PageSize = 0 })}";

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
    private async Task<IQueryable<Project>> FilteredAsync(ProjectFilter f, CancellationToken ct)
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
        if (f.Industrial is { } industrial)
        {
            q = q.Where(p => p.IsIndustrial == industrial);
        }
        if (f.Stalled is { } stalled)
        {
            var (signedBefore, startedBefore) = StalledCutoffs();
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

    public async Task<ProjectDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFound();
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
        var name = Validate(input);
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
            Code = await NextCodeAsync(ct),
            Name = name,
            OrgId = org.Id,
            OrgPath = org.Path,
            Stage = ProjectStage.Lead,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        Apply(project, input, name);
        db.Projects.Add(project);
        db.ProjectNameBigrams.AddRange(ProjectNameBigram.For(project));
        db.ProjectInvestors.AddRange((input.InvestorIds ?? []).Distinct().Select(e => new ProjectInvestor { ProjectId = project.Id, EnterpriseId = e }));
        await db.SaveChangesAsync(ct);
        return Row(project);
    }

    public async Task<ProjectRow> UpdateAsync(Guid id, ProjectInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var name = Validate(input);
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFound();
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
        Apply(project, input, name);
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
        await SaveAsync(id, ct);
        return Row(project);
    }

    private async Task SaveAsync(Guid id, CancellationToken ct)
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

    /// <summary>The next readable code of the year: XM-2026-000001. Codes are unique across all scopes.</summary>
    private async Task<string> NextCodeAsync(CancellationToken ct) =>
        $"XM-{Today.Year}-" + (await NextCodeNumberAsync(ct)).ToString("D6", CultureInfo.InvariantCulture);

    private async Task<int> NextCodeNumberAsync(CancellationToken ct)
    {
        var prefix = $"XM-{Today.Year}-";
        var end = OrgPaths.End(prefix);
        var last = await db.Projects.IgnoreQueryFilters().Where(p => string.Compare(p.Code, prefix) >= 0 && string.Compare(p.Code, end) < 0)
            .MaxAsync(p => (string?)p.Code, ct);
        return last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
    }

    /// <summary>Every field's problem at once, by field (the form shows them all, each next to its field).</summary>
    public static Dictionary<string, Phrase> Problems(ProjectInput input)
    {
        var problems = new Dictionary<string, Phrase>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            problems["name"] = new Phrase("项目名称不能为空，且不超过 200 个字符。");
        }
        if (input.AgreedInvestmentYuan < 0)
        {
            problems["agreedInvestmentYuan"] = new Phrase("约定投资总额不能为负数。");
        }
        else if (ChineseText.OutOfRange(input.AgreedInvestmentYuan) is { } problem)
        {
            problems["agreedInvestmentYuan"] = problem;
        }
        foreach (var (field, value, max) in new (string, decimal?, decimal)[]
                 { ("landMu", input.LandMu, 10_000_000), ("factoryAreaM2", input.FactoryAreaM2, 1_000_000_000), ("plannedJobs", input.PlannedJobs, 10_000_000) })
        {
            if (value < 0)
            {
                problems[field] = new Phrase("数量不能为负数。");
            }
            else if (value > max)
            {
                problems[field] = new Phrase("数量超出合理范围。");
            }
        }
        return problems;
    }

    private static string Validate(ProjectInput input)
    {
        var problems = Problems(input);
        return problems.Count == 0 ? input.Name!.Trim() : throw DomainException.Invalid(problems);
    }

    private static void Apply(Project p, ProjectInput input, string name)
    {
        p.Name = name;
        p.LocationOrgId = input.LocationOrgId;
        p.Industry = string.IsNullOrWhiteSpace(input.Industry) ? null : input.Industry.Trim();
        p.AgreedInvestmentYuan = input.AgreedInvestmentYuan;
        p.PlannedStartDate = input.PlannedStartDate;
        p.LandMu = input.LandMu;
        p.PlannedJobs = input.PlannedJobs;
        p.IsIndustrial = input.IsIndustrial;
        p.IsHqEconomy = input.IsHqEconomy;
        p.IsDigitalEconomy = input.IsDigitalEconomy;
        p.IsCentralSoeProject = input.IsCentralSoeProject;
        p.Channel = string.IsNullOrWhiteSpace(input.Channel) ? null : input.Channel.Trim();
        p.FactoryAreaM2 = input.FactoryAreaM2;
    }

    private static DomainException NotFound() => DomainException.NotFound("项目不存在或不在您的数据范围内。");


    /// <summary>Signed on or before the first date without a start, or started on or before the second without production.</summary>
    private (DateOnly SignedBefore, DateOnly StartedBefore) StalledCutoffs() =>
        (Today.AddDays(-stalledRules.Value.SignedWithoutStartDays), Today.AddMonths(-stalledRules.Value.StartedWithoutProductionMonths));

    internal ProjectRow Row(Project p)
    {
        var (signedBefore, startedBefore) = StalledCutoffs();
        var stalled = p.Stage == ProjectStage.Signed && p.ContractDate <= signedBefore ? "signedNotStarted"
            : p.Stage == ProjectStage.Started && p.StartDate <= startedBefore ? "startedNotOperating"
            : null;
        return new(p.Id, p.Code, p.Name, p.OrgId, ApiEnum.Name(p.Stage), p.AgreedInvestmentYuan, p.ContractAmountYuan,
            p.ContractDate, p.StartDate, p.Industry, p.IsIndustrial, p.Version, stalled, p.HeldFrom is { } held ? ApiEnum.Name(held) : null);
    }
}
