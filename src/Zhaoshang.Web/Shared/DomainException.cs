using System.Globalization;
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
        : base(string.Format(CultureInfo.InvariantCulture, template, args ?? []))
    {
        Kind = kind;
        Template = template;
        Args = args ?? [];
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public DomainErrorKind Kind { get; }
    public string Template { get; }
    public object?[] Args { get; }
    public IDictionary<string, string[]> Errors { get; }

    public string Localize(IStringLocalizer localizer) => localizer[Template, [.. Args.Select(a => Word.Localize(a, localizer))]].Value;

    /// <summary>Each field's message in the user's language (a single-field error is the localised template).</summary>
    public Dictionary<string, string> LocalizedFieldErrors(IStringLocalizer localizer) =>
        Errors.ToDictionary(e => e.Key, e => Errors.Count == 1 && e.Value.Length == 1 ? Localize(localizer) : string.Join(" ", e.Value.Select(m => localizer[m].Value)));

    public static DomainException NotFound(string template, params object?[] args) => new(DomainErrorKind.NotFound, template, args);
    public static DomainException Forbidden(string template, params object?[] args) => new(DomainErrorKind.Forbidden, template, args);
    public static DomainException Unprocessable(string template, params object?[] args) => new(DomainErrorKind.Unprocessable, template, args);

    public static DomainException Invalid(string field, string template, params object?[] args)
    {
        var message = string.Format(CultureInfo.InvariantCulture, template, args);
        return new(DomainErrorKind.Validation, template, args, new Dictionary<string, string[]> { [field] = [message] });
    }
}

/// <summary>A stale write: somebody saved first. Carries the values now stored so the caller can choose.</summary>
public sealed class ConflictException : DomainException
{
    public ConflictException(string message, object current) : base(DomainErrorKind.Conflict, message) => Current = current;

    public ConflictException(string template, object? arg, object current) : base(DomainErrorKind.Conflict, template, [arg]) => Current = current;

    public object Current { get; }
}

/// <summary>
/// An argument of a message that is itself a word of the UI (a stage's name, a list of missing evidence): translated
/// with the message, so an English reader gets English throughout. It prints as its Chinese text elsewhere.
/// </summary>
public sealed record Word(params string[] Items)
{
    public override string ToString() => string.Join("、", Items);

    public static object Localize(object? argument, IStringLocalizer localizer) => argument switch
    {
        null => "",
        Word w => string.Join(localizer["、"].Value, w.Items.Select(i => localizer[i].Value)),
        _ => argument,
    };
}
