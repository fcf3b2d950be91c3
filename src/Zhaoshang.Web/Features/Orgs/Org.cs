using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Orgs;

/// <summary>
/// A unit in the tree. <see cref="Path"/> is the chain of codes from the root ("/520000/520100/"), so a subtree is
/// one prefix; every scoped row copies its org's path.
/// </summary>
[ScopeColumn(nameof(Path))]
public sealed class Org : IScoped, IVersioned
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public OrgKind Kind { get; set; }
    public Guid? ParentId { get; set; }
    public required string Path { get; set; }
    public int Depth { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>
    /// Coordinates its level (协调本级): an investment promotion bureau or leading-group office reads the whole subtree of
    /// the province, city or district it sits under (it compiles that level's ledger and bulletins); writing stays with
    /// the responsible units.
    /// </summary>
    public bool Coordinates { get; set; }
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }

    string IScoped.OrgPath => Path;

    /// <summary>The name indented by its depth, as the settings pages' unit pickers list the tree.</summary>
    public static string Indented(Org o) => new string('　', o.Depth) + o.Name;

    public static string ChildPath(string? parentPath, string code) => (parentPath ?? "/") + code + "/";

    /// <summary>Only a bureau (部门) or a leading-group office directly under a province, city or district coordinates its level.</summary>
    public static bool CanCoordinate(OrgKind kind, OrgKind? parentKind) =>
        kind is OrgKind.Department or OrgKind.LeadingGroupOffice && parentKind is OrgKind.Province or OrgKind.City or OrgKind.District;

    /// <summary>A new unit under <paramref name="parent"/> (null for a root), with its path and depth derived.</summary>
    public static Org Create(string code, string name, string? nameEn, OrgKind kind, Org? parent, int sortOrder, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = code,
        Name = name.Trim(),
        NameEn = string.IsNullOrWhiteSpace(nameEn) ? null : nameEn.Trim(),
        Kind = kind,
        ParentId = parent?.Id,
        Path = ChildPath(parent?.Path, code),
        Depth = (parent?.Depth ?? -1) + 1,
        SortOrder = sortOrder,
        CreatedAt = now,
    };
}
