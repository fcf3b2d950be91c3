using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>A major project: its level and group, its "五个一", and (for an officer) listing it or changing them.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class DetailModel(MajorSearch majors, MajorDesignation designation, MilestonePlans plans, ProjectEditing projects, OrgService orgs,
    TimeProvider time, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> L) : PageModel, IFormPage, IShowsConflict
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public MajorInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "msg")] public string? MessageKey { get; set; }

    /// <summary>The plan's rows as posted (name, dates, the node's code); a blank row is left out.</summary>
    [BindProperty] public List<PlanNode> Nodes { get; set; } = [];

    private static readonly string[] Messages = ["已列为重大项目。", "已保存。", "计划表已生成。", "计划表已保存。", "计划表已导入。"];
    public string? Message => MessageKey is not null && Messages.Contains(MessageKey) ? MessageKey : null;

    public Project Project { get; private set; } = null!;
    /// <summary>The project's major-project record; null while it is not (yet) one.</summary>
    public MajorDetail? Major { get; private set; }
    public List<MajorPerson> People { get; private set; } = [];
    public List<Org> Orgs { get; private set; } = [];
    public Dictionary<string, string> FieldErrors { get; } = [];
    public string? Error { get; set; }
    public MajorProject? Current { get; private set; }
    public IReadOnlyList<MilestoneRow> Plan { get; private set; } = [];
    /// <summary>China's today (never the server's): the Gantt's line and what is overdue.</summary>
    public DateOnly Today => time.Today();
    /// <summary>The plan's own refusal (a stale plan, a plan made twice, a workbook's rows), shown by the plan.</summary>
    public string? PlanError { get; private set; }
    public ImportReport? PlanReport { get; private set; }
    object? IShowsConflict.Current { set => Current = value as MajorProject; }

    public bool CanEdit => User.IsInRole(Roles.Officer) && MajorDesignation.Listed.Contains(Project.Stage);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        if (Major?.Major is { } m)
        {
            Input = new MajorInput(m.Level, m.Group, m.LeadOrgId, m.LeaderUserId, m.ResponsibleOrgId, [.. Major.TaskForce.Select(p => p.Id)], m.Version);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var wasMajor = await majors.IsMajorAsync(Id, ct);
        await designation.SaveAsync(Id, Input, ct);
        return Redirect($"/Majors/Detail?id={Id}&msg=" + Uri.EscapeDataString(wasMajor ? "已保存。" : "已列为重大项目。"));
    }

    public async Task<IActionResult> OnPostCreatePlanAsync(long version, CancellationToken ct)
    {
        await plans.CreateFromTemplateAsync(Id, version, ct);
        return Redirect($"/Majors/Detail?id={Id}&msg=" + Uri.EscapeDataString("计划表已生成。") + "#plan");
    }

    public async Task<IActionResult> OnPostPlanAsync(long version, CancellationToken ct)
    {
        // A row the officer added gets a code of its own; a row left blank is no node.
        var rows = Nodes.Where(n => !string.IsNullOrWhiteSpace(n.Name) || n.PlannedDate is not null || n.ActualDate is not null).ToList();
        var used = rows.Select(n => n.Code).Where(c => !string.IsNullOrEmpty(c)).ToHashSet();
        var next = 0;
        string NewCode()
        {
            string code;
            do { code = "n" + (++next).ToString(System.Globalization.CultureInfo.InvariantCulture); } while (used.Contains(code));
            used.Add(code);
            return code;
        }
        await plans.SaveAsync(Id, new PlanInput([.. rows.Select(n => string.IsNullOrEmpty(n.Code) ? n with { Code = NewCode() } : n)], version), ct);
        return Redirect($"/Majors/Detail?id={Id}&msg=" + Uri.EscapeDataString("计划表已保存。") + "#plan");
    }

    public async Task<IActionResult> OnGetPlanExportAsync(CancellationToken ct)
    {
        var file = new MemoryStream();
        PlanSheet.Write(file, await plans.PlanAsync(Id, ct));
        file.Position = 0;
        return File(file, Xlsx.ContentType, $"{(await projects.GetAsync(Id, ct)).Project.Code} {L["计划表"]}.xlsx");
    }

    public async Task<IActionResult> OnPostPlanImportAsync(IFormFile? file, long version, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            PlanError = L["请选择要导入的 .xlsx 文件。"];
        }
        else
        {
            await using var stream = file.OpenReadStream();
            PlanReport = (await plans.ImportAsync(Id, stream, version, ct)).In(L);
            if (PlanReport.Ok)
            {
                return Redirect($"/Majors/Detail?id={Id}&msg=" + Uri.EscapeDataString("计划表已导入。") + "#plan");
            }
        }
        await ReloadAsync(ct);
        return Page();
    }

    /// <summary>The "五个一" form shows its refusal by its fields; the plan's forms by the plan.</summary>
    void IRefusalPage.Show(string handler, DomainException e, Microsoft.Extensions.Localization.IStringLocalizer localizer)
    {
        if (handler is "Plan" or "CreatePlan" or "PlanImport")
        {
            foreach (var (field, message) in e is ConflictException ? [] : e.LocalizedFieldErrors(localizer))
            {
                FieldErrors["plan-" + field] = message;
            }
            PlanError = e is ConflictException || FieldErrors.Count == 0 ? e.Localize(localizer) : localizer["计划表有 {0} 处需要修改，见标红的单元格。", FieldErrors.Count];
        }
        else
        {
            FormErrorFilter.Show(this, e, localizer);
        }
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        Project = (await projects.GetAsync(Id, ct)).Project;
        Major = await majors.IsMajorAsync(Id, ct) ? await majors.GetAsync(Id, ct) : null;
        Plan = Major is null ? [] : await plans.PlanAsync(Id, ct);
        if (User.IsInRole(Roles.Officer))
        {
            People = await designation.PeopleAsync(Project.OrgPath, ct: ct);
            Orgs = await orgs.ListAsync(includeInactive: false, ct);
        }
    }

    public string Invalid(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";

    /// <summary>The Gantt's span: from the signing (or the first date) to the last date or today, a little past.</summary>
    public (DateOnly From, DateOnly To) Span(DateOnly today)
    {
        var dates = Plan.SelectMany(n => new[] { n.PlannedDate, n.ActualDate }).OfType<DateOnly>().Append(today).ToList();
        if (Project.ContractDate is { } signed)
        {
            dates.Add(signed);
        }
        var (from, to) = (dates.Min(), dates.Max());
        return (from, to.DayNumber - from.DayNumber < 30 ? from.AddDays(30) : to.AddDays(Math.Max(7, (to.DayNumber - from.DayNumber) / 40)));
    }

    /// <summary>Where a date stands on the Gantt, in per cent of its width.</summary>
    public static string At(DateOnly date, (DateOnly From, DateOnly To) span) =>
        (100.0 * (date.DayNumber - span.From.DayNumber) / Math.Max(1, span.To.DayNumber - span.From.DayNumber)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
