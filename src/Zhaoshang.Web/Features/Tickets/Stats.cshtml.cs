using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>The closed loop in numbers: received, solved, closure and on-time rates, handling days and overdue, by a chosen dimension.</summary>
[Authorize(Roles = TicketPages.Readers)]
public sealed class StatsModel(TicketStatistics tickets, IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>The dimensions, in the order the selector offers them.</summary>
    public static readonly (string Key, string Label)[] Groupings =
    [
        ("department", "按承办单位"),
        ("category", "按问题类型"),
        ("month", "按月份"),
        ("kind", "按类别"),
    ];

    [BindProperty(SupportsGet = true)] public string? By { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public TicketKind? Kind { get; set; }

    public TicketStats? Stats { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Stats = await tickets.StatsAsync(By, From, To, Kind, ct);
            By = Stats.By;
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Unprocessable or DomainErrorKind.Forbidden)
        {
            Error = e.Localize(L);
        }
    }

    /// <summary>The current selection as a query string, for the export.</summary>
    public string Query()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(new(key, value));
            }
        }
        Add("by", By);
        Add("from", From?.ToString("yyyy-MM-dd"));
        Add("to", To?.ToString("yyyy-MM-dd"));
        Add("kind", Kind?.ToString());
        return QueryString.Create(parts).Value?.TrimStart('?') ?? "";
    }

    /// <summary>A dimension value's name: categories, kinds and the fixed words are translated, unit names and months shown as they are.</summary>
    public string RowName(StatsRow row) => Stats?.By is "department" && row.Name != "未派单" && row.Name != "合计" || Stats?.By is "month" && row.Name != "合计"
        ? row.Name : L[row.Name];
}
