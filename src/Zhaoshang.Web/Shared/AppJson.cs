using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// The JSON the platform writes itself — stored definitions and snapshots, chart data, webhook bodies: camelCase, nulls
/// left out, Chinese written as Chinese (not \u escapes).
/// </summary>
public static class AppJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// An enum stored and sent by its camelCase name ("distinctEnterprises"), never by its number: for enums that are data
/// (an indicator's definition, a bonus rule), so that a stored definition reads the same after a member is added.
/// </summary>
public sealed class JsonNamedEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) where T : struct, Enum;
