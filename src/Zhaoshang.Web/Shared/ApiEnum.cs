using System.Text.Json;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// Enums as the API and the query strings name them: camelCase (signed, onHold), read in any case; a number or an
/// undefined name is not a value.
/// </summary>
public static class ApiEnum
{
    public static string Name(string member) => JsonNamingPolicy.CamelCase.ConvertName(member);

    public static string Name<T>(T value) where T : struct, Enum => Name(value.ToString());

    /// <summary>The names a field accepts, for its error message: signed, started, …</summary>
    public static string Choices<T>() where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(Name));

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    /// <summary>A query string's value: null when empty, else the value or a 400 naming the field and the choices.</summary>
    public static T? Parse<T>(string? text, string field) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? null
        : TryParse<T>(text, out var value) ? value
        : throw DomainException.Invalid(field, "“{0}”不是有效的{1}，可选：{2}。", text, field, Choices<T>());
}
