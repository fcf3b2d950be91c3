using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// A major project's designation and its "五个一", as the page and the API give them: the level and group (by default
/// from its amount and industry), the lead unit, the responsible leader, the responsible department and the task force.
/// <see cref="Version"/> is the version an edit was read at.
/// </summary>
public sealed record MajorInput(MajorLevel? Level = null, CoordinationGroup? Group = null, Guid? LeadOrgId = null, Guid? LeaderUserId = null,
    Guid? ResponsibleOrgId = null, Guid[]? TaskForce = null, long Version = 0);

/// <summary>Someone who may lead a major project or sit on its task force (a leader, officer or handler): of the project's own unit, above it, or in the caller's scope.</summary>
public sealed record MajorPerson(Guid Id, string Name, string OrgName, bool IsLeader);

/// <summary>
/// Designating a major project by hand and keeping its "五个一" (one leader, one task force, one plan, one department, to
/// the end), and the band sweep that puts every project at or above its level's band on the list. Only a project from
/// 储备 on is a major project; a lead is not yet one, a terminated one no longer.
/// </summary>
public sealed class MajorDesignation(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    public const int MaxTaskForce = 30;

    /// <summary>The stages a major project is listed in: from 储备 to 达产, and on hold (the pool runs 储备—洽谈—签约—开工—投产).</summary>
    public static readonly ProjectStage[] Listed =
        [ProjectStage.Reserve, ProjectStage.Negotiating, ProjectStage.Signed, ProjectStage.Started, ProjectStage.Operating, ProjectStage.AtCapacity, ProjectStage.OnHold];

    /// <summary>Designates the project (by hand) or changes its "五个一"; a stale version is a conflict.</summary>
    public async Task<MajorProject> SaveAsync(Guid projectId, MajorInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
            ?? throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
        if (!Listed.Contains(project.Stage))
        {
            throw DomainException.Invalid("projectId", "线索阶段和已终止的项目不能列为重大项目（该项目处于“{0}”）。", new Word(StageMachine.Name(project.Stage)));
        }
        var problems = new Dictionary<string, Phrase>();
        if (input.Level is { } level && !Enum.IsDefined(level))
        {
            problems["level"] = new Phrase("重大项目层级无效。");
        }
        if (input.Group is { } group && !Enum.IsDefined(group))
        {
            problems["group"] = new Phrase("协调小组无效。");
        }
        foreach (var (field, id) in new[] { ("leadOrgId", input.LeadOrgId), ("responsibleOrgId", input.ResponsibleOrgId) })
        {
            if (id is { } org && !await db.Orgs.IgnoreQueryFilters().AnyAsync(o => o.Id == org && o.IsActive, ct))
            {
                problems[field] = new Phrase("单位不存在或已停用。");
            }
        }
        var members = (input.TaskForce ?? []).Distinct().ToArray();
        var named = members.Concat(input.LeaderUserId is { } l ? [l] : []).ToArray();
        var people = named.Length == 0 ? [] : (await PeopleAsync(project.OrgPath, named, ct)).ToDictionary(p => p.Id);
        if (input.LeaderUserId is { } leader && people.GetValueOrDefault(leader) is not { IsLeader: true })
        {
            problems["leaderUserId"] = new Phrase("包保领导须是本单位、上级单位（含其部门）或您所辖范围内的领导账号。");
        }
        if (members.Length > MaxTaskForce)
        {
            problems["taskForce"] = new Phrase("专班成员最多 {0} 人。", MaxTaskForce);
        }
        else if (members.FirstOrDefault(m => !people.ContainsKey(m)) is var stranger && stranger != Guid.Empty)
        {
            problems["taskForce"] = new Phrase("专班成员须是本单位、上级单位（含其部门）或您所辖范围内的账号。");
        }
        if (problems.Count > 0)
        {
            throw DomainException.Invalid(problems);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ApplyAsync(project, input, members, ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && attempt == 0)
            {
                // The band sweep listed the project at the same moment: it is on the list now; apply the five to that row.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<MajorProject> ApplyAsync(Projects.Project project, MajorInput input, Guid[] members, CancellationToken ct)
    {
        var projectId = project.Id;
        var major = await db.MajorProjects.FirstOrDefaultAsync(m => m.ProjectId == projectId, ct);
        if (major is null)
        {
            var bands = await BandsAsync(ct);
            major = MajorProject.For(project, input.Level ?? LevelOf(bands, Amount(project)) ?? MajorLevel.County, input.Group ?? await GroupOfAsync(project, ct),
                true, time.GetUtcNow().UtcDateTime);
            db.MajorProjects.Add(major);
        }
        else
        {
            db.Entry(major).Property(m => m.Version).OriginalValue = input.Version;
            major.Level = input.Level ?? major.Level;
            major.Group = input.Group ?? major.Group;
        }
        major.LeadOrgId = input.LeadOrgId;
        major.LeaderUserId = input.LeaderUserId;
        major.ResponsibleOrgId = input.ResponsibleOrgId;
        var current = await db.MajorMembers.Where(m => m.ProjectId == projectId).ToListAsync(ct);
        db.MajorMembers.RemoveRange(current.Where(m => !members.Contains(m.UserId)));
        db.MajorMembers.AddRange(members.Where(m => current.All(c => c.UserId != m))
            .Select(m => new MajorMember { ProjectId = projectId, UserId = m, OrgPath = project.OrgPath }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is MajorProject))
        {
            var stored = await db.MajorProjects.AsNoTracking().FirstAsync(m => m.ProjectId == projectId, ct);
            throw new ConflictException("该重大项目已被他人修改，请查看最新内容后再保存。", stored);
        }
        return major;
    }

    /// <summary>
    /// The people who may lead a project or sit on its task force: users of the project's unit, of the units above it and
    /// of those levels' departments (a city bureau on a county's project), and users in the caller's own scope. Only
    /// those named, when given.
    /// </summary>
    public async Task<List<MajorPerson>> PeopleAsync(string projectOrgPath, IReadOnlyCollection<Guid>? only = null, CancellationToken ct = default)
    {
        var ancestors = Ancestors(projectOrgPath);
        // The units above the project and the departments of each of those levels (a city bureau on a county's project).
        OrgKind[] sideKinds = [OrgKind.Department, OrgKind.LeadingGroupOffice, OrgKind.TaskForce];
        var levels = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => ancestors.Contains(o.Path)).Select(o => o.Id).ToListAsync(ct);
        var sides = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => o.ParentId != null && levels.Contains(o.ParentId.Value) && sideKinds.Contains(o.Kind))
            .Select(o => o.Path).ToListAsync(ct);
        var above = ancestors.Concat(sides).ToList();
        var leaderRole = await db.Roles.Where(r => r.Name == Roles.Leader).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var working = await db.Roles.Where(r => Roles.Ledger.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        // Two reads — the units above the project (past the scope), and the caller's own scope — since IgnoreQueryFilters
        // lifts the scope of the whole query it sits in.
        var fromAbove = await PeopleQuery(db.Users.IgnoreQueryFilters().Where(u => above.Contains(u.OrgPath)), only, working, leaderRole).ToListAsync(ct);
        var inScope = await PeopleQuery(db.Users, only, working, leaderRole).ToListAsync(ct);
        var rows = fromAbove.Concat(inScope).DistinctBy(r => r.Id).OrderBy(r => r.Path).ThenBy(r => r.DisplayName).Take(2000).ToList();
        return [.. rows.Select(r => new MajorPerson(r.Id, r.DisplayName, r.OrgName, r.IsLeader))];
    }

    private sealed record PersonRow(Guid Id, string DisplayName, string OrgName, string Path, bool IsLeader);

    /// <summary>The working accounts (leaders, officers, handlers; not admins or assessors) of a set of users, with their unit.</summary>
    private IQueryable<PersonRow> PeopleQuery(IQueryable<Accounts.AppUser> users, IReadOnlyCollection<Guid>? only, List<Guid> working, Guid leaderRole)
    {
        users = users.AsNoTracking().Where(u => !u.IsDisabled && u.EnterpriseId == null && db.UserRoles.Any(r => r.UserId == u.Id && working.Contains(r.RoleId)));
        if (only is not null)
        {
            users = users.Where(u => only.Contains(u.Id));
        }
        return from u in users
               join o in db.Orgs on u.OrgId equals o.Id into orgs
               from o in orgs.DefaultIfEmpty()
               select new PersonRow(u.Id, u.DisplayName, o == null ? "" : o.Name, o == null ? "" : o.Path,
                   db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == leaderRole));
    }

    /// <summary>
    /// The band sweep: every listed project at or above the county band is on the list, at the highest level whose band
    /// it meets; one designated by hand keeps its level unless its amount now lifts it. Returns the rows it added or raised.
    /// </summary>
    public async Task<int> SweepBandsAsync(CancellationToken ct = default)
    {
        using var system = currentUser.AsSystem();
        await MajorCopies.RefreshAsync(db, null, ct);
        var bands = await BandsAsync(ct);
        var lowest = bands.Min(b => b.MinAmountYuan);
        var candidates = await db.Projects.AsNoTracking()
            .Where(p => Listed.Contains(p.Stage) && (p.ContractAmountYuan ?? p.AgreedInvestmentYuan) >= lowest)
            .GroupJoin(db.MajorProjects, p => p.Id, m => m.ProjectId, (p, m) => new { p, m })
            .SelectMany(x => x.m.DefaultIfEmpty(), (x, m) => new
            {
                Project = new Project
                {
                    Id = x.p.Id, Code = x.p.Code, Name = x.p.Name, OrgId = x.p.OrgId, OrgPath = x.p.OrgPath, Stage = x.p.Stage, IsIndustrial = x.p.IsIndustrial,
                    Industry = x.p.Industry, ContractAmountYuan = x.p.ContractAmountYuan, AgreedInvestmentYuan = x.p.AgreedInvestmentYuan,
                },
                Level = m == null ? (MajorLevel?)null : m.Level,
            })
            .ToListAsync(ct);
        var changed = 0;
        var now = time.GetUtcNow().UtcDateTime;
        var agriculture = await AgricultureAsync(ct);
        foreach (var chunk in candidates.Chunk(1000))
        {
            var raise = new List<(Guid Id, MajorLevel Level)>();
            foreach (var c in chunk)
            {
                var level = LevelOf(bands, Amount(c.Project))!.Value;
                if (c.Level is null)
                {
                    db.MajorProjects.Add(MajorProject.For(c.Project, level, GroupOf(c.Project.IsIndustrial, c.Project.Industry, agriculture), false, now));
                    changed++;
                }
                else if (level > c.Level)
                {
                    raise.Add((c.Project.Id, level));
                }
            }
            foreach (var (id, level) in raise)
            {
                var row = await db.MajorProjects.FirstAsync(m => m.ProjectId == id, ct);
                row.Level = level;
                changed++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return changed;
    }

    /// <summary>
    /// The three levels' bands (system admin): each level once, county ≤ city ≤ province; the sweep then lists what the
    /// new bands reach (it never removes a project already on a list: a major project stays one to the end).
    /// </summary>
    public async Task<List<MajorBand>> SetBandsAsync(IReadOnlyList<BandBody> body, CancellationToken ct = default)
    {
        currentUser.Require(Roles.SysAdmin);
        if (body.Count != 3 || body.Select(b => b.Level).Distinct().Count() != 3 || body.Any(b => !Enum.IsDefined(b.Level)))
        {
            throw DomainException.Invalid("level", "须为县级、市级、省级各给出一个金额标准。");
        }
        foreach (var band in body)
        {
            if (band.MinAmountYuan <= 0 || ChineseText.OutOfRange(band.MinAmountYuan) is not null)
            {
                throw DomainException.Invalid("minAmountYuan", "{0}重大项目的金额标准须大于 0，且不超过 10 万亿元。", new Word(MajorSearch.LevelName(band.Level)));
            }
        }
        var ordered = body.OrderBy(b => b.Level).Select(b => b.MinAmountYuan).ToArray();
        if (ordered[0] > ordered[1] || ordered[1] > ordered[2])
        {
            throw DomainException.Invalid("minAmountYuan", "金额标准须县级 ≤ 市级 ≤ 省级。");
        }
        var stored = await db.MajorBands.ToListAsync(ct);
        foreach (var band in body)
        {
            if (stored.FirstOrDefault(s => s.Level == band.Level) is { } row)
            {
                row.MinAmountYuan = band.MinAmountYuan;
            }
            else
            {
                db.MajorBands.Add(new MajorBand { Level = band.Level, MinAmountYuan = band.MinAmountYuan });
            }
        }
        await db.SaveChangesAsync(ct);
        await SweepBandsAsync(ct);
        return await BandsAsync(ct);
    }

    public async Task<List<MajorBand>> BandsAsync(CancellationToken ct = default)
    {
        var bands = await db.MajorBands.AsNoTracking().ToListAsync(ct);
        return bands.Count == 3 ? [.. bands.OrderBy(b => b.Level)]
            : [.. MajorBand.Defaults.Select(d => bands.FirstOrDefault(b => b.Level == d.Level) ?? new MajorBand { Level = d.Level, MinAmountYuan = d.MinAmountYuan })];
    }

    /// <summary>The highest level whose band an amount meets, or none below the county's.</summary>
    public static MajorLevel? LevelOf(IEnumerable<MajorBand> bands, long amountYuan) =>
        bands.Where(b => amountYuan >= b.MinAmountYuan).Select(b => (MajorLevel?)b.Level).Max();

    public static long Amount(Project p) => p.ContractAmountYuan ?? p.AgreedInvestmentYuan;

    /// <summary>"/520000/520100/520103/" → "/520000/", "/520000/520100/", "/520000/520100/520103/".</summary>
    public static string[] Ancestors(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return [.. Enumerable.Range(1, parts.Length).Select(n => "/" + string.Join('/', parts.Take(n)) + "/")];
    }

    private async Task<CoordinationGroup> GroupOfAsync(Project p, CancellationToken ct) => GroupOf(p.IsIndustrial, p.Industry, await AgricultureAsync(ct));

    private async Task<HashSet<string>> AgricultureAsync(CancellationToken ct) =>
        [.. await db.Industries.AsNoTracking().Where(i => !i.IsIndustrial && i.Name.Contains("农业")).Select(i => i.Name).ToListAsync(ct)];

    /// <summary>The coordination group a project's industry points to: industrial projects to the industry group, agricultural ones to agriculture, the rest to services.</summary>
    public static CoordinationGroup GroupOf(bool isIndustrial, string? industry, IReadOnlySet<string> agriculture) =>
        isIndustrial ? CoordinationGroup.Industry : industry is not null && agriculture.Contains(industry) ? CoordinationGroup.Agriculture : CoordinationGroup.Services;
}
