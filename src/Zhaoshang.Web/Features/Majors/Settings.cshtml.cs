using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// The major projects' data: the levels' amount bands (the system admin's) and the plan templates per coordination group
/// and level — the system's (the system admin's) or a province's, city's or county's own (the officers coordinating it).
/// </summary>
[Authorize(Roles = Roles.SysAdmin + "," + Roles.LedgerReaders)]
public sealed class SettingsModel(MajorDesignation designation, MilestonePlans plans, OrgService orgs, CurrentUser currentUser, IStringLocalizer<SharedResource> L)
    : PageModel, IRefusalPage
{
    /// <summary>Rows the template form offers beyond its nodes, for new ones (a blank row is left out).</summary>
    public const int SpareRows = 4;

    [BindProperty(SupportsGet = true)] public Guid? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty] public List<TemplateNode> Nodes { get; set; } = [];
    [BindProperty] public decimal? CountyYi { get; set; }
    [BindProperty] public decimal? CityYi { get; set; }
    [BindProperty] public decimal? ProvinceYi { get; set; }

    public List<MajorBand> Bands { get; private set; } = [];
    public List<Org> Levels { get; private set; } = [];
    public CoordinationGroup Chosen { get; private set; }
    public string LevelPath { get; private set; } = "/";
    /// <summary>Whose template is in force here: a level's name, the system's, or the built-in default.</summary>
    public string Source { get; private set; } = "";
    public bool Own { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanEditBands => currentUser.IsInRole(Roles.SysAdmin);
    public string? Message { get; private set; }
    public string? Error { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["majors-settings"] as string;
        await ReloadAsync(ct);
    }

    public Task<IActionResult> OnPostTemplateAsync(CancellationToken ct) => ActAsync(async () =>
        await plans.SetTemplateAsync(GroupOf(), Level, Coded(Nodes.Where(n => !string.IsNullOrWhiteSpace(n.Name)).ToList()), ct), "计划模板已保存。");

    /// <summary>The page shows names only: a new node gets the next free code ("n1", "n2" …), as a plan's new node does.</summary>
    public static List<TemplateNode> Coded(List<TemplateNode> nodes)
    {
        var used = nodes.Where(n => !string.IsNullOrWhiteSpace(n.Code)).Select(n => n.Code!).ToHashSet();
        var next = 0;
        return [.. nodes.Select(n =>
        {
            if (!string.IsNullOrWhiteSpace(n.Code))
            {
                return n;
            }
            string code;
            do
            {
                code = "n" + ++next;
            }
            while (!used.Add(code));
            return n with { Code = code };
        })];
    }

    public Task<IActionResult> OnPostResetAsync(CancellationToken ct) => ActAsync(async () => await plans.ResetTemplateAsync(GroupOf(), Level, ct), "已改用上级的计划模板。");

    public Task<IActionResult> OnPostBandsAsync(CancellationToken ct) => ActAsync(async () => await designation.SetBandsAsync(
        [new BandBody(MajorLevel.County, Yuan(CountyYi, "countyYi")), new BandBody(MajorLevel.City, Yuan(CityYi, "cityYi")), new BandBody(MajorLevel.Province, Yuan(ProvinceYi, "provinceYi"))], ct),
        "金额标准已保存，并已按新标准认定重大项目。");

    private async Task<IActionResult> ActAsync(Func<Task> work, string done)
    {
        await work();
        TempData["majors-settings"] = L[done].Value;
        return Redirect($"/Majors/Settings?group={ApiEnum.Name(GroupOf())}{(Level is { } l ? $"&level={l}" : "")}");
    }

    private static long Yuan(decimal? yi, string field) => yi is { } v && v > 0 && v <= 100_000
        ? (long)Math.Round(v * ChineseText.Yi, MidpointRounding.AwayFromZero)
        : throw DomainException.Invalid(field, "金额标准须大于 0 亿元，且不超过 10 万亿元。");

    private CoordinationGroup GroupOf() => ApiEnum.Parse<CoordinationGroup>(Group, "group") ?? CoordinationGroup.Industry;

    public async Task ReloadAsync(CancellationToken ct)
    {
        Chosen = GroupOf();
        Bands = await designation.BandsAsync(ct);
        Levels = [.. (await orgs.ListAsync(includeInactive: false, ct)).Where(o => o.Kind is OrgKind.Province or OrgKind.City or OrgKind.District or OrgKind.DevZone)];
        if (Level is { } id && Levels.FirstOrDefault(o => o.Id == id) is { } level)
        {
            LevelPath = level.Path;
        }
        else
        {
            Level = null;
        }
        var (nodes, from) = await plans.InForceAsync(Chosen, LevelPath, ct);
        Own = from == LevelPath;
        Source = from switch
        {
            null => L["系统默认模板"].Value,
            "/" => L["全系统模板"].Value,
            _ => Levels.FirstOrDefault(o => o.Path == from)?.Name ?? L["上级的模板"].Value,
        };
        CanEdit = plans.CanEditTemplate(LevelPath);
        // A refused save shows the nodes as typed; otherwise as in force.
        if (Nodes.Count == 0)
        {
            Nodes = [.. nodes];
        }
        CountyYi ??= Yi(MajorLevel.County);
        CityYi ??= Yi(MajorLevel.City);
        ProvinceYi ??= Yi(MajorLevel.Province);
    }

    private decimal Yi(MajorLevel level) => Bands.First(b => b.Level == level).MinAmountYuan / (decimal)ChineseText.Yi;

}
