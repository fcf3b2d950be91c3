using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// A key industry of the province (data, seeded by migration): Guizhou's ten industrial industries (十大工业产业)
/// plus the newer industrial focuses and the main service and agricultural sectors. A project names one by its name.
/// </summary>
public sealed class Industry
{
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    /// <summary>Whether projects of this industry are normally industrial (工业) projects; the project's own flag decides.</summary>
    public bool IsIndustrial { get; set; }
    /// <summary>
    /// Whether the industry is manufacturing (制造业, GB/T 4754-2017 section C). Energy, mining and power are industrial
    /// but not manufacturing; seed 002's 优强项目 are manufacturing projects of 3亿 or more.
    /// </summary>
    public bool IsManufacturing { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public static readonly (string Name, string NameEn, bool Industrial, bool Manufacturing)[] Guizhou =
    [
        ("基础能源", "Basic energy", true, false),
        ("清洁高效电力", "Clean and efficient power", true, false),
        ("优质烟酒", "Premium tobacco and liquor", true, true),
        ("新型建材", "New building materials", true, true),
        ("现代化工", "Modern chemicals", true, true),
        ("先进装备制造", "Advanced equipment manufacturing", true, true),
        ("基础材料", "Basic materials", true, true),
        ("生态特色食品", "Ecological specialty food", true, true),
        ("大数据电子信息", "Big data and electronic information", true, true),
        ("健康医药", "Health and medicine", true, true),
        ("新能源电池及材料", "New-energy batteries and materials", true, true),
        ("新能源汽车", "New-energy vehicles", true, true),
        ("新型综合能源", "New integrated energy", true, false),
        ("铝及铝加工", "Aluminium and its processing", true, true),
        ("现代轻工", "Modern light industry", true, true),
        ("现代山地特色高效农业", "Modern mountain agriculture", false, false),
        ("文化旅游", "Culture and tourism", false, false),
        ("现代物流", "Modern logistics", false, false),
        ("现代金融", "Modern finance", false, false),
        ("其他服务业", "Other services", false, false),
    ];
}

public sealed class IndustryConfiguration : IEntityTypeConfiguration<Industry>
{
    public void Configure(EntityTypeBuilder<Industry> e)
    {
        e.ToTable("Industries");
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(64);
        e.Property(x => x.NameEn).HasMaxLength(100);
    }
}

/// <summary>A ledger filter a user saved under a name, to reopen with one click. Private to its user.</summary>
public sealed class SavedFilter
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The query string of the ledger page, e.g. "stage=signed&amp;q=磷".</summary>
    public required string Query { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class SavedFilterConfiguration : IEntityTypeConfiguration<SavedFilter>
{
    public void Configure(EntityTypeBuilder<SavedFilter> e)
    {
        e.ToTable("SavedFilters");
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.Query).HasMaxLength(2000);
        e.HasIndex(x => new { x.UserId, x.Name }).IsUnique();
        e.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
