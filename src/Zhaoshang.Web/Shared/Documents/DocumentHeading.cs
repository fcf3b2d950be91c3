namespace Zhaoshang.Web.Shared.Documents;

/// <summary>
/// What a document sent as a 公文 carries above and below its text: the issuing unit (by default the caller's unit), the
/// document number the office assigns (e.g. 筑招商通〔2023〕6号), and the date (by default today in China).
/// </summary>
public sealed record DocumentHeading(string Issuer, string? Number, DateOnly Date)
{
    /// <summary>The heading a request asks for, each part one line of at most 60 characters; a bad part is a 400 naming its field.</summary>
    /// <remarks>
    /// The date comes as the form's text (yyyy-MM-dd): a form left empty sends "date=", which means today. The issuer left
    /// empty is the caller's unit, asked of <paramref name="callerUnit"/> (the orgs' service) only then.
    /// </remarks>
    public static async Task<DocumentHeading> ResolveAsync(string? issuer, string? number, string? dateText, Func<CancellationToken, Task<string>> callerUnit,
        TimeProvider time, CancellationToken ct)
    {
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(dateText))
        {
            date = DateOnly.TryParseExact(dateText.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)
                ? parsed : throw DomainException.Invalid("date", "成文日期“{0}”无效，应为 2023-12-31 这样的日期。", dateText);
        }
        foreach (var (field, text) in new[] { ("issuer", issuer), ("number", number) })
        {
            if (text is { } t && (t.Trim().Length > 60 || TextGuard.Forbidden(t, singleLine: true) is not null))
            {
                throw DomainException.Invalid(field, "发文机关和文号各为一行，不超过 60 个字符，且不能含控制字符。");
            }
        }
        if (date is { } d)
        {
            DayRange.Check(d, "date");
        }
        var unit = string.IsNullOrWhiteSpace(issuer) ? await callerUnit(ct) : issuer.Trim();
        var today = time.Today();
        return new DocumentHeading(unit, string.IsNullOrWhiteSpace(number) ? null : number.Trim(), date ?? today);
    }
}
