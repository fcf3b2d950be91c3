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
/// A rule the request broke. The message is already in the user's language; <see cref="Errors"/> names fields.
/// </summary>
public class DomainException(DomainErrorKind kind, string message, IDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;
    public IDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public static DomainException NotFound(string message) => new(DomainErrorKind.NotFound, message);
    public static DomainException Forbidden(string message) => new(DomainErrorKind.Forbidden, message);
    public static DomainException Invalid(string field, string message) =>
        new(DomainErrorKind.Validation, message, new Dictionary<string, string[]> { [field] = [message] });
    public static DomainException Unprocessable(string message) => new(DomainErrorKind.Unprocessable, message);
}

/// <summary>A stale write: somebody saved first. Carries the values now stored so the caller can choose.</summary>
public sealed class ConflictException(string message, object current) : DomainException(DomainErrorKind.Conflict, message)
{
    public object Current { get; } = current;
}
