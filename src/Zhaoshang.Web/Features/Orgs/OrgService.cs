using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Orgs;

public sealed record OrgInput(string Code, string Name, string? NameEn, OrgKind Kind, Guid? ParentId, int SortOrder = 0);

/// <summary>The org tree: reads within the caller's scope, and the admin's create / rename / move / (de)activate.</summary>
public sealed class OrgService(AppDb db, CurrentUser currentUser, Audit.AuditLog audit, TimeProvider time)
{
    /// <summary>The caller's own unit's name: a document's issuer unless another is given.</summary>
    public async Task<string> CallerUnitNameAsync(CancellationToken ct) => (await FindForRulesAsync(currentUser.OrgId ?? Guid.Empty, ct))?.Name ?? "";

    public Task<List<Org>> ListAsync(bool includeInactive = true, CancellationToken ct = default) =>
        db.Orgs.AsNoTracking().Where(o => includeInactive || o.IsActive).OrderBy(o => o.Path).ToListAsync(ct);

    public async Task<Org> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。");

    public async Task<OrgDto> GetDtoAsync(Guid id, CancellationToken ct = default) => await ToDtoAsync(await GetAsync(id, ct), ct);

    /// <summary>
    /// A unit's kind and parent wherever it is, for rules that relate units (a zone's district, a bureau's city).
    /// Never returned to a caller as data: the tree a user may read is <see cref="ListAsync"/>.
    /// </summary>
    public Task<Org?> FindForRulesAsync(Guid id, CancellationToken ct = default) =>
        db.Orgs.AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(o => o.Id == id, ct);

    /// <summary>Whether the unit acts at the level of a city: the city itself, or a bureau, office or task force directly under it.</summary>
    public async Task<bool> IsCityLevelAsync(Org org, CancellationToken ct = default) =>
        org.Kind == OrgKind.City
        || (org.Kind is OrgKind.Department or OrgKind.LeadingGroupOffice or OrgKind.TaskForce && org.ParentId is { } parent
            && (await FindForRulesAsync(parent, ct))?.Kind == OrgKind.City);

    /// <summary>The org as the caller may see it: its parent is named only when the parent is in scope too.</summary>
    public async Task<OrgDto> ToDtoAsync(Org org, CancellationToken ct = default)
    {
        var parentVisible = org.ParentId is { } p && await db.Orgs.AnyAsync(o => o.Id == p, ct);
        return OrgDto.From(org) with { ParentId = parentVisible ? org.ParentId : null };
    }

    public async Task<Org> CreateAsync(OrgInput input, CancellationToken ct = default)
    {
        currentUser.Require(Accounts.Roles.SysAdmin);
        var code = Validate(input);
        if (await db.Orgs.IgnoreQueryFilters().AnyAsync(o => o.Code == code, ct))
        {
            throw DomainException.Invalid("code", "单位编码“{0}”已被使用。", code);
        }
        var parent = input.ParentId is null ? null : await TrackedAsync(input.ParentId.Value, ct);
        CheckPlacement(input.Kind, parent);
        var org = Org.Create(code, input.Name, input.NameEn, input.Kind, parent, input.SortOrder, time.GetUtcNow().UtcDateTime);
        db.Orgs.Add(org);
        await db.SaveChangesAsync(ct);
        return org;
    }

    /// <summary>Renames a unit; <paramref name="coordinates"/>, when given, sets whether it coordinates its level.</summary>
    public async Task<Org> RenameAsync(Guid id, string name, string? nameEn, long version, CancellationToken ct = default, bool? coordinates = null)
    {
        currentUser.Require(Accounts.Roles.SysAdmin);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw DomainException.Invalid("name", "单位名称不能为空，且不超过 100 个字符。");
        }
        CheckNameEn(nameEn);
        var org = await TrackedAsync(id, ct);
        ExpectVersion(org, version);
        org.Name = name.Trim();
        org.NameEn = string.IsNullOrWhiteSpace(nameEn) ? null : nameEn.Trim();
        if (coordinates is { } c && c != org.Coordinates)
        {
            var parent = org.ParentId is { } p ? await FindForRulesAsync(p, ct) : null;
            if (c && !Org.CanCoordinate(org.Kind, parent?.Kind))
            {
                throw DomainException.Invalid("coordinates", "只有省、市、区县直属的投资促进局（部门）或领导小组办公室才能协调本级。");
            }
            org.Coordinates = c;
        }
        await SaveAsync(org, ct);
        return org;
    }

    public async Task<Org> SetActiveAsync(Guid id, bool active, long version, CancellationToken ct = default)
    {
        currentUser.Require(Accounts.Roles.SysAdmin);
        var org = await TrackedAsync(id, ct);
        ExpectVersion(org, version);
        if (!active && await db.Orgs.AnyAsync(o => o.ParentId == id && o.IsActive, ct))
        {
            throw DomainException.Unprocessable("该单位下还有启用的下级单位，请先停用或移走下级单位。");
        }
        if (active && org.ParentId is { } parentId && !(await TrackedAsync(parentId, ct)).IsActive)
        {
            throw DomainException.Unprocessable("上级单位已停用，请先启用上级单位。");
        }
        org.IsActive = active;
        await SaveAsync(org, ct);
        return org;
    }

    /// <summary>Moves a unit (and its subtree) under another parent; every scoped row's path follows.</summary>
    public async Task<Org> MoveAsync(Guid id, Guid newParentId, long version, CancellationToken ct = default)
    {
        currentUser.Require(Accounts.Roles.SysAdmin);
        var org = await TrackedAsync(id, ct);
        ExpectVersion(org, version);
        var parent = await TrackedAsync(newParentId, ct);
        if (parent.Path.StartsWith(org.Path, StringComparison.Ordinal))
        {
            throw DomainException.Unprocessable("不能把单位移动到它自己或它的下级单位之下。");
        }
        CheckPlacement(org.Kind, parent);
        var oldPath = org.Path;
        var newPath = Org.ChildPath(parent.Path, org.Code);
        var depthShift = parent.Depth + 1 - org.Depth;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        org.ParentId = parent.Id;
        org.Path = newPath;
        org.Depth += depthShift;
        await SaveAsync(org, ct);
        var rewritten = await ScopedPathRewriter.RewriteAsync(db, oldPath, newPath, depthShift, ct);
        await tx.CommitAsync(ct);
        // The org's own row is audited by the save; the rows beneath it were rewritten in bulk, recorded here.
        await audit.WriteAsync("org.move", Audit.AuditResults.Success, "Org", org.Id.ToString(),
            new { before = oldPath, after = newPath, rowsRewritten = rewritten }, ct: ct);
        return org;
    }

    private async Task<Org> TrackedAsync(Guid id, CancellationToken ct) =>
        await db.Orgs.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。");

    private void ExpectVersion(Org org, long version) => db.Entry(org).Property(o => o.Version).OriginalValue = version;

    private async Task SaveAsync(Org org, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is Org))
        {
            var current = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == org.Id, ct);
            throw new ConflictException("该单位已被他人修改，请查看最新内容后再保存。", current is null ? new { } : OrgDto.From(current));
        }
    }

    internal static string Validate(OrgInput input)
    {
        var code = input.Code?.Trim() ?? "";
        if (code.Length is 0 or > 32 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw DomainException.Invalid("code", "单位编码须为 1–32 位字母、数字、“-”或“_”。");
        }
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100)
        {
            throw DomainException.Invalid("name", "单位名称不能为空，且不超过 100 个字符。");
        }
        if (TextGuard.Forbidden(input.Name, singleLine: true) is { } bad)
        {
            throw DomainException.Invalid("name", TextGuard.Message, "名称", TextGuard.Describe(bad));
        }
        CheckNameEn(input.NameEn);
        return code;
    }

    private static void CheckNameEn(string? nameEn)
    {
        if (nameEn?.Trim().Length > 200)
        {
            throw DomainException.Invalid("nameEn", "英文名称不超过 200 个字符。");
        }
    }

    internal static void CheckPlacement(OrgKind kind, Org? parent)
    {
        var allowed = OrgKinds.AllowedParents[kind];
        if (parent is null ? allowed.Length != 0 : !allowed.Contains(parent.Kind))
        {
            throw allowed.Length == 0
                ? DomainException.Invalid("parentId", "“{0}”类单位只能作为根单位。", new Word(kind.ChineseName()))
                : DomainException.Invalid("parentId", "“{0}”类单位的上级须为：{1}。", new Word(kind.ChineseName()), new Word([.. allowed.Select(k => k.ChineseName())]));
        }
        if (parent is { IsActive: false })
        {
            throw DomainException.Invalid("parentId", "上级单位已停用。");
        }
    }
}

public sealed record OrgDto(Guid Id, string Code, string Name, string? NameEn, string Kind, Guid? ParentId, string Path, bool IsActive, bool Coordinates, long Version)
{
    public static OrgDto From(Org o) => new(o.Id, o.Code, o.Name, o.NameEn, o.Kind.ApiName(), o.ParentId, o.Path, o.IsActive, o.Coordinates, o.Version);
}
