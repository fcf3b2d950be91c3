using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

/// <summary>The activities the assessment counts (visits, inspections, talks, events, leaders' trips): list, filters in the address, export.</summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class IndexModel(ActivityService activities, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public ActivityKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "msg")] public string? MessageKey { get; set; }

    private static readonly string[] Messages = ["已登记。", "已保存。"];
    public string? Message => MessageKey is not null && Messages.Contains(MessageKey) ? MessageKey : null;

    public Paged<ActivityRow> Activities { get; private set; } = new([], 0, 1, 50);
    public ActivityNames Names { get; private set; } = new(new Dictionary<Guid, string>(), new Dictionary<Guid, string>(), new Dictionary<Guid, string>());
    public string? Error { get; private set; }
    public bool CanEdit => User.IsInRole(Roles.Officer);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            DayRange.Check(From, "from");
            DayRange.Check(To, "to");
            Activities = await activities.SearchAsync(Kind, From, To, null, null, PageNumber, 50, ct);
            Names = await activities.NamesAsync([.. Activities.Items], ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation)
        {
            Error = e.Localize(L);
        }
    }

    /// <summary>Every activity the filter matches, in the import's layout (so an export can be corrected and imported elsewhere).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        DayRange.Check(From, "from");
            DayRange.Check(To, "to");
        var file = new MemoryStream();
        using (var writer = new XlsxWriter(file, ActivityImport.SheetName, ActivityImport.Columns))
        {
            for (var page = 1; ; page++)
            {
                var chunk = await activities.SearchAsync(Kind, From, To, null, null, page, Paged<ActivityRow>.MaxPageSize, ct);
                var names = await activities.NamesAsync([.. chunk.Items], ct);
                foreach (var a in chunk.Items)
                {
                    writer.Row(ActivityImport.ToRow(a, names));
                }
                if (!chunk.HasNext)
                {
                    break;
                }
            }
        }
        file.Position = 0;
        return File(file, Xlsx.ContentType, "招商活动.xlsx");
    }

    public string Query(int? page = null) => Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
    {
        ["kind"] = Kind?.ToString(), ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"), ["p"] = page is > 1 ? page.ToString() : null,
    }.Where(x => !string.IsNullOrEmpty(x.Value))).Value?.TrimStart('?') ?? "";
}
