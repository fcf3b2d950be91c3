using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// The ledger's filters as an address carries them — the API's list and export, the ledger page and its export, a saved
/// filter, the board: stages and views by their names, amounts by band (the assessment's bands) or by bounds in 元.
/// </summary>
public sealed record ProjectQuery(string? Q = null, string[]? Stage = null, Guid? OrgId = null, string? Industry = null, string? Band = null,
    long? MinAmountYuan = null, long? MaxAmountYuan = null, bool? Industrial = null, bool? Stalled = null, string? View = null,
    string? Sort = null, int? Page = null, int? PageSize = null, DateOnly? SignedFrom = null, DateOnly? SignedTo = null, DateOnly? StartedTo = null,
    DateOnly? ProducedTo = null)
{
    /// <summary>Amount bands (亿元) as the assessment's bonus rules draw them.</summary>
    public static readonly (string Key, string Label, long? Min, long? Max)[] Bands =
    [
        ("lt1", "1亿元以下", null, ChineseText.Yi),
        ("1to10", "1–10亿元", ChineseText.Yi, 10 * ChineseText.Yi),
        ("10to20", "10–20亿元", 10 * ChineseText.Yi, 20 * ChineseText.Yi),
        ("ge20", "20亿元及以上", 20 * ChineseText.Yi, null),
    ];

    /// <summary>The stages named, without a form's blank "all" choice.</summary>
    public string[] Stages => [.. (Stage ?? []).Where(s => !string.IsNullOrWhiteSpace(s))];

    /// <summary>
    /// The search's filter: bounds in 元 where either is given, otherwise the band's; a stage that is not one is refused
    /// (422), naming the stages there are.
    /// </summary>
    public ProjectFilter ToFilter()
    {
        var band = Bands.FirstOrDefault(b => b.Key == Band);
        var (min, max) = MinAmountYuan is null && MaxAmountYuan is null ? (band.Min, band.Max) : (MinAmountYuan, MaxAmountYuan);
        return new ProjectFilter(Q, Stages is { Length: > 0 } stages ? [.. stages.Select(ProjectsApi.ParseStage)] : null, OrgId, Industry,
            min, max, Industrial, View, Sort, Page ?? 1, PageSize ?? 50, Stalled, SignedFrom, SignedTo, StartedTo, ProducedTo);
    }

    /// <summary>
    /// The filter as the ledger page's query string, for its links, its export and a saved filter: the page's keys
    /// (amounts by band, the page number as p), with another sort or page where given.
    /// </summary>
    public string ToQueryString(string? sort = null, int? page = null)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add(new(key, text));
            }
        }
        Add("q", Q);
        foreach (var s in Stages)
        {
            Add("stage", s);
        }
        Add("orgId", OrgId);
        Add("industry", Industry);
        Add("band", Band);
        Add("industrial", Industrial?.ToString().ToLowerInvariant());
        Add("stalled", Stalled?.ToString().ToLowerInvariant());
        Add("view", View);
        Add("signedFrom", SignedFrom?.ToString("yyyy-MM-dd"));
        Add("signedTo", SignedTo?.ToString("yyyy-MM-dd"));
        Add("startedTo", StartedTo?.ToString("yyyy-MM-dd"));
        Add("producedTo", ProducedTo?.ToString("yyyy-MM-dd"));
        Add("sort", sort ?? Sort);
        if (page is > 1)
        {
            Add("p", page);
        }
        return QueryString.Create(parts).Value?.TrimStart('?') ?? "";
    }
}
