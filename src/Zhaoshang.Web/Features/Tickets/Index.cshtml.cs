using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>What the ticket pages share: who may open them, the enterprise view, names and colours.</summary>
public static class TicketPages
{
    /// <summary>Everyone who sees tickets: the business staff, and enterprise accounts (their own appeals).</summary>
    public const string Readers = Roles.Leader + "," + Roles.Officer + "," + Roles.Handler + "," + Roles.Assessor + "," + Roles.Enterprise;

    /// <summary>Who may file a ticket.</summary>
    public const string Submitters = Roles.Officer + "," + Roles.Handler + "," + Roles.Enterprise;


    /// <summary>An enterprise account with no staff role: it sees only its own appeals (我的诉求).</summary>
    public static bool IsEnterprise(ClaimsPrincipal user) => user.IsInRole(Roles.Enterprise) && !Roles.Staff.Any(user.IsInRole);

    public static bool CanSubmit(ClaimsPrincipal user) => user.IsInRole(Roles.Officer) || user.IsInRole(Roles.Handler) || user.IsInRole(Roles.Enterprise);

    /// <summary>A timeline entry's name: the transition's, or the two events outside the table.</summary>
    public static string ActionName(string action) => action switch
    {
        "submit" => "提交",
        "attach" => "上传附件",
        _ => TicketWorkflow.Table.FirstOrDefault(t => t.Action == action)?.Name ?? action,
    };

    /// <summary>The state's badge colour; the state's name is always written too.</summary>
    public static string StateClass(TicketState state) => state switch
    {
        TicketState.Submitted or TicketState.Accepted => "bg-azure-lt",
        TicketState.Returned => "bg-yellow-lt",
        TicketState.Declined => "bg-secondary-lt",
        TicketState.Dispatched or TicketState.InProgress => "bg-blue-lt",
        TicketState.Answered or TicketState.AwaitingRating => "bg-teal-lt",
        TicketState.Closed => "bg-green-lt",
        _ => "bg-secondary-lt",
    };

    public static string Local(DateTime utc, string format = "yyyy-MM-dd HH:mm") =>
        ChinaTime.Local(utc).ToString(format);
}

/// <summary>The ticket list (问题协调与企业诉求; an enterprise account's 我的诉求): filters in the address, paging, export of what is filtered.</summary>
[Authorize(Roles = TicketPages.Readers)]
public sealed class IndexModel(TicketQueries tickets, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public TicketKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public TicketState? State { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Open { get; set; }
    [BindProperty(SupportsGet = true)] public TicketCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Overdue { get; set; }
    /// <summary>Rated at this many stars or more (the cockpit's satisfaction figures open the list with it).</summary>
    [BindProperty(SupportsGet = true)] public int? MinRating { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Paged<TicketRow> Tickets { get; private set; } = new([], 0, 1, 50);
    public string? Error { get; private set; }
    public bool IsEnterprise => TicketPages.IsEnterprise(User);
    public bool CanSubmit => TicketPages.CanSubmit(User);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Tickets = await tickets.SearchAsync(Filter(), PageNumber, 50, ct);
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Unprocessable or DomainErrorKind.Forbidden)
        {
            Error = e.Localize(L);
        }
    }

    public TicketFilter Filter() => new(Kind, State, Open, Category, null, null, Overdue == true ? true : null, Q, From, To, MinRating is >= 1 and <= 5 ? MinRating : null);

    /// <summary>The current filter as a query string (without paging), for links and the export.</summary>
    public string Query(int? page = null)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add(new(key, text));
            }
        }
        Add("kind", Kind);
        Add("state", State);
        Add("open", Open?.ToString().ToLowerInvariant());
        Add("category", Category);
        Add("overdue", Overdue == true ? "true" : null);
        Add("minRating", MinRating is >= 1 and <= 5 ? MinRating : null);
        Add("q", Q?.Trim());
        Add("from", From?.ToString("yyyy-MM-dd"));
        Add("to", To?.ToString("yyyy-MM-dd"));
        if (page is > 1)
        {
            Add("p", page);
        }
        return QueryString.Create(parts).Value?.TrimStart('?') ?? "";
    }
}
