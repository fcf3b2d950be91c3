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
