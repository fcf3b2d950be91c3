using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// Filing a ticket: a signed project's blocking problem (staff) or an enterprise's appeal (an enterprise account files
/// only appeals, for its own enterprise), with attachments checked before anything is saved.
/// </summary>
[Authorize(Roles = TicketPages.Submitters)]
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class NewModel(TicketSubmission tickets, TicketAttachments attachments, ProjectSearch projects, ProjectEditing editing, KeptUploads keptUploads, Data.CurrentUser currentUser,
    IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>A ticket's whole allowance of attachments, and room for the form's fields.</summary>
    public const long UploadLimit = AttachmentRules.MaxFiles * AttachmentRules.MaxBytes + 1024 * 1024;

    [BindProperty(SupportsGet = true)] public TicketKind Kind { get; set; } = TicketKind.Problem;
    [BindProperty] public TicketCategory Category { get; set; } = TicketCategory.SingleItem;
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    /// <summary>The project's id or code.</summary>
    [BindProperty(SupportsGet = true, Name = "projectId")] public string? Project { get; set; }
    /// <summary>The enterprise's id, name or unified social credit code.</summary>
    [BindProperty(Name = "enterpriseId")] public string? Enterprise { get; set; }
    [BindProperty] public TicketLevel? Level { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    /// <summary>Files received with an earlier post of this form that came back with an error: kept, by token.</summary>
    [BindProperty] public List<string> Kept { get; set; } = [];
    public List<KeptUploads.Kept> KeptFiles { get; } = [];

    public bool IsEnterprise => TicketPages.IsEnterprise(User);
    /// <summary>The prefilled project, named so the user sees what the id stands for.</summary>
    public string? ProjectLabel { get; private set; }
    public string? Error { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    /// <summary>An investor's own projects before the signing, whose needs it may submit (the portal's choice).</summary>
    public IReadOnlyList<(Guid Id, string Code, string Name)> MyProjects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (IsEnterprise)
        {
            Kind = Kind == TicketKind.Needs ? TicketKind.Needs : TicketKind.Appeal;
            Project = null;
            MyProjects = await tickets.MyProjectsAsync(ct);
        }
        await DescribeProjectAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (IsEnterprise)
        {
            Kind = Kind == TicketKind.Needs ? TicketKind.Needs : TicketKind.Appeal;
            MyProjects = await tickets.MyProjectsAsync(ct);
        }
        var kept = await LoadKeptAsync(ct);
        var good = CheckFiles(kept.Count);
        if (FieldErrors.Count > 0)
        {
            await KeepAsync(kept, good, ct);
            await DescribeProjectAsync(ct);
            return Page();
        }
        TicketDetail created;
        try
        {
            var projectId = Kind is TicketKind.Problem or TicketKind.Needs ? await ResolveProjectAsync(ct) : null;
            var enterpriseId = Kind == TicketKind.Appeal && !IsEnterprise ? await ResolveEnterpriseAsync(ct) : null;
            created = await tickets.CreateAsync(new TicketInput(Kind, Category, Title, Description, projectId, enterpriseId, Level), ct);
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Unprocessable or DomainErrorKind.Forbidden or DomainErrorKind.NotFound)
        {
            foreach (var (field, message) in e.LocalizedFieldErrors(L))
            {
                FieldErrors[field] = message;
            }
            if (FieldErrors.Count == 0)
            {
                Error = e.Localize(L);
            }
            await KeepAsync(kept, good, ct);
            await DescribeProjectAsync(ct);
            return Page();
        }
        var id = created.Ticket.Id;
        var failures = new List<string>();
        foreach (var (name, content) in kept.Select(k => (k.Info.FileName, k.Content)).Concat(good))
        {
            try
            {
                await using var stream = new MemoryStream(content);
                await attachments.AttachAsync(id, name, stream, content.LongLength, ct);
            }
            catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Unprocessable or DomainErrorKind.Forbidden)
            {
                failures.Add(e.Localize(L));
            }
        }
        foreach (var k in kept)
        {
            keptUploads.Remove(currentUser.Id!.Value, k.Info.Token);
        }
        TempData["ticket-message"] = L["已提交，编号 {0}。", created.Ticket.Number].Value;
        if (failures.Count > 0)
        {
            TempData["attach-error"] = string.Join(" ", failures);
        }
        return Redirect($"/Tickets/Detail/{id}");
    }

    /// <summary>
    /// The attachment rules, checked before the ticket is saved so a bad file does not leave a half-filed ticket. Returns
    /// the files that pass (name and content), whatever else is wrong with the form.
    /// </summary>
    private List<(string Name, byte[] Content)> CheckFiles(int alreadyKept)
    {
        Files = [.. Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))];
        if (Files.Count + alreadyKept > AttachmentRules.MaxFiles)
        {
            FieldErrors["file"] = L["每个工单最多 {0} 个附件。", AttachmentRules.MaxFiles];
            return [];
        }
        var errors = new List<string>();
        var good = new List<(string, byte[])>();
        foreach (var file in Files)
        {
            var name = Path.GetFileName(file.FileName ?? "");
            if (file.Length > AttachmentRules.MaxBytes)
            {
                errors.Add(L["文件“{0}”超过 10 MB。", name]);
                continue;
            }
            using var buffer = new MemoryStream();
            using (var stream = file.OpenReadStream())
            {
                stream.CopyTo(buffer);
            }
            if (AttachmentRules.Detect(buffer.ToArray()) is null)
            {
                errors.Add(L["文件“{0}”的内容不是允许的类型（PDF、PNG、JPEG、Word .docx、Excel .xlsx）。", name]);
                continue;
            }
            good.Add((name, buffer.ToArray()));
        }
        if (errors.Count > 0)
        {
            FieldErrors["file"] = string.Join(" ", errors);
        }
        return good;
    }

    /// <summary>The files kept from earlier posts of this form (a token of another user, or expired, is simply not there).</summary>
    private async Task<List<(KeptUploads.Kept Info, byte[] Content)>> LoadKeptAsync(CancellationToken ct)
    {
        var kept = new List<(KeptUploads.Kept, byte[])>();
        foreach (var token in Kept.Distinct().Take(AttachmentRules.MaxFiles))
        {
            if (await keptUploads.FindAsync(currentUser.Id!.Value, token, ct) is { } found)
            {
                kept.Add(found);
            }
        }
        return kept;
    }

    /// <summary>The form comes back with an error: what was attached stays attached (the browser cannot refill a file field).</summary>
    private async Task KeepAsync(List<(KeptUploads.Kept Info, byte[] Content)> kept, List<(string Name, byte[] Content)> good, CancellationToken ct)
    {
        KeptFiles.AddRange(kept.Select(k => k.Info));
        foreach (var (name, content) in good)
        {
            KeptFiles.Add(await keptUploads.KeepAsync(currentUser.Id!.Value, name, content, ct));
        }
    }

    /// <summary>The project named by its id or its code (as the ledger shows it).</summary>
    private async Task<Guid?> ResolveProjectAsync(CancellationToken ct)
    {
        var text = Project?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }
        var found = await projects.SearchAsync(new ProjectFilter(Q: text, PageSize: 20), ct);
        return found.Items.FirstOrDefault(p => string.Equals(p.Code, text, StringComparison.OrdinalIgnoreCase))?.Id
            ?? throw DomainException.Invalid("projectId", "未找到编码为“{0}”的项目，请填写项目编码或从项目页面登记。", text);
    }

    /// <summary>The enterprise named by its id, its name or its credit code.</summary>
    private async Task<Guid?> ResolveEnterpriseAsync(CancellationToken ct)
    {
        var text = Enterprise?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }
        try
        {
            return (await editing.ResolveInvestorsAsync(text, ct)).FirstOrDefault();
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation)
        {
            throw DomainException.Invalid("enterpriseId", e.Template, e.Args);
        }
    }

    private async Task DescribeProjectAsync(CancellationToken ct)
    {
        if (Kind is not (TicketKind.Problem or TicketKind.Needs) || IsEnterprise || string.IsNullOrWhiteSpace(Project))
        {
            return;
        }
        try
        {
            var text = Project.Trim();
            var id = Guid.TryParse(text, out var parsed) ? parsed
                : (await projects.SearchAsync(new ProjectFilter(Q: text, PageSize: 20), ct)).Items.FirstOrDefault(p => string.Equals(p.Code, text, StringComparison.OrdinalIgnoreCase))?.Id;
            if (id is null)
            {
                return;
            }
            var p = (await editing.GetAsync(id.Value, ct)).Project;
            ProjectLabel = $"{p.Code} {p.Name}";
            Project = p.Code; // the field shows the project's code (its name beside it), never its internal id
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.NotFound or DomainErrorKind.Forbidden)
        {
            ProjectLabel = null;
        }
    }
}
