using Microsoft.Extensions.Localization;

namespace Zhaoshang.Web.Shared;

public enum DomainErrorKind
{
    Validation,
    Forbidden,
    NotFound,
    Conflict,
    Unprocessable,
    TooManyRequests,
}

/// <summary>
/// A rule the request broke. The message is a Chinese template (the resource key) with its arguments, so each
/// caller shows it in the user's language; <see cref="Errors"/> names the fields.
/// </summary>
public class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string template, object?[]? args = null, IDictionary<string, string[]>? errors = null)
        : base(new Phrase(template, args ?? []).ToString())
    {
        Kind = kind;
        Template = template;
        Args = args ?? [];
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    /// <summary>A refusal naming fields, each with its own messages (the form shows each next to its field).</summary>
    public DomainException(string template, object?[] args, IReadOnlyDictionary<string, Phrase[]> fields)
        : this(DomainErrorKind.Validation, template, args, fields.ToDictionary(f => f.Key, f => f.Value.Select(p => p.ToString()).ToArray())) => _fields = fields;

    private readonly IReadOnlyDictionary<string, Phrase[]>? _fields;

    public DomainErrorKind Kind { get; }
    public string Template { get; }
    public object?[] Args { get; }
    public IDictionary<string, string[]> Errors { get; }

    public string Localize(IStringLocalizer localizer) => new Phrase(Template, Args).Localize(localizer);

    /// <summary>Each field's message in the user's language (a single-field error is the localised template).</summary>
    public Dictionary<string, string> LocalizedFieldErrors(IStringLocalizer localizer) =>
        LocalizedErrors(localizer).ToDictionary(e => e.Key, e => string.Join(" ", e.Value));

    /// <summary>Each field's messages in the user's language, as the API's validation problem lists them.</summary>
    public Dictionary<string, string[]> LocalizedErrors(IStringLocalizer localizer) =>
        Fields.ToDictionary(f => f.Key, f => f.Value.Select(p => p.Localize(localizer)).ToArray());

    /// <summary>Each named field's messages as templates with their values.</summary>
    public IReadOnlyDictionary<string, Phrase[]> Fields => _fields
        ?? Errors.ToDictionary(e => e.Key, e => Errors.Count == 1 && e.Value.Length == 1 ? [Phrase] : e.Value.Select(m => new Phrase(m)).ToArray());

    /// <summary>The refusal's template and arguments.</summary>
    public Phrase Phrase => new(Template, Args);

    public static DomainException NotFound(string template, params object?[] args) => new(DomainErrorKind.NotFound, template, args);
    public static DomainException Forbidden(string template, params object?[] args) => new(DomainErrorKind.Forbidden, template, args);
    public static DomainException Unprocessable(string template, params object?[] args) => new(DomainErrorKind.Unprocessable, template, args);

    public static DomainException Invalid(string field, string template, params object?[] args) =>
        new(template, args, new Dictionary<string, Phrase[]> { [field] = [new(template, args)] });

    /// <summary>Every field's problem at once: one field's is the refusal itself, several are counted.</summary>
    public static DomainException Invalid(IReadOnlyDictionary<string, Phrase> problems)
    {
        var fields = problems.ToDictionary(p => p.Key, p => new[] { p.Value });
        return problems.Count == 1
            ? new(problems.Values.Single().Template, problems.Values.Single().Args, fields)
            : new("请修正标出的 {0} 处错误。", [problems.Count], fields);
    }

    /// <summary>One field's several messages (the password's rules): the refusal says them all.</summary>
    public static DomainException Invalid(string field, IReadOnlyList<Phrase> messages) =>
        new(string.Join(" ", messages.Select((_, i) => "{" + i + "}")), [.. messages], new Dictionary<string, Phrase[]> { [field] = [.. messages] });
}

/// <summary>A stale write: somebody saved first. Carries the values now stored so the caller can choose.</summary>
public sealed class ConflictException : DomainException
{
    public ConflictException(string message, object current) : base(DomainErrorKind.Conflict, message) => Current = current;

    public ConflictException(string template, object? arg, object current) : base(DomainErrorKind.Conflict, template, [arg]) => Current = current;

    public object Current { get; }
}
