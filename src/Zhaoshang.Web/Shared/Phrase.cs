using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// An argument of a message that is itself a word of the UI (a stage's name, a list of missing evidence): translated
/// with the message, so an English reader gets English throughout. It prints as its Chinese text elsewhere.
/// </summary>
public sealed record Word(params string[] Items)
{
    /// <summary>What joins several items: 、 (a list) or 或者 (alternatives), itself a word of the UI.</summary>
    public string Separator { get; init; } = "、";

    /// <summary>Alternatives: 提交人或者受理派单单位.</summary>
    public static Word Or(IEnumerable<string> items) => new([.. items]) { Separator = "或者" };

    /// <summary>The items' own English, where a word of the UI has one apart from the resources (a ticket action's name).</summary>
    public IReadOnlyList<string>? English { get; init; }

    /// <summary>A word with its own English (the same Chinese is a label elsewhere: 评价 is “Rating” as a column, “Rate” as an action).</summary>
    public static Word Bilingual(string chinese, string english) => new(chinese) { English = [english] };

    public override string ToString() => string.Join(Separator, Items);

    public static object Localize(object? argument, IStringLocalizer localizer) => argument switch
    {
        null => "",
        Word { English: { } english } when CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" => string.Join(", ", english),
        Word w => string.Join(localizer[w.Separator].Value, w.Items.Select(i => localizer[i].Value)),
        Phrase p => p.Localize(localizer),
        _ => argument,
    };
}

/// <summary>
/// A message with its values: the Chinese template (the resource key) and its arguments, kept apart until it is shown,
/// so that each reader gets it in their own language. It prints as its Chinese text elsewhere (logs, the audit).
/// </summary>
public sealed record Phrase(string Template, params object?[] Args)
{
    public override string ToString() => Args.Length == 0 ? Template : string.Format(CultureInfo.InvariantCulture, Template, Args);

    public string Localize(IStringLocalizer localizer) =>
        Args.Length == 0 ? localizer[Template].Value : localizer[Template, [.. Args.Select(a => Word.Localize(a, localizer))]].Value;

    /// <summary>Text a user wrote (an evidence note): shown as written, in every language.</summary>
    public static Phrase? Verbatim(string? text) => text is null ? null : new("{0}", text);

    /// <summary>
    /// The phrase as JSON, to keep beside a stored text (a ticket's history, an inbox message) so that it is shown in the
    /// reader's language later: {"t": template, "a": [{"s": text} | {"n": number} | {"d": date} | {"w": [words], …} | {"p": phrase}]}.
    /// </summary>
    public string ToJson() => ToNode().ToJsonString();

    /// <summary>A stored text in the reader's language: its phrase where one was kept, else the text as stored.</summary>
    public static string Show(string? json, string text, IStringLocalizer localizer) => FromJson(json)?.Localize(localizer) ?? text;

    /// <summary>The phrase stored by <see cref="ToJson"/>; null for no JSON or JSON that is not one.</summary>
    public static Phrase? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(json) is JsonObject node ? FromNode(node) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private JsonObject ToNode() => new()
    {
        ["t"] = Template,
        ["a"] = new JsonArray([.. Args.Select(a => (JsonNode?)(a switch
        {
            null => new JsonObject { ["s"] = "" },
            Phrase p => new JsonObject { ["p"] = p.ToNode() },
            Word w => new JsonObject
            {
                ["w"] = new JsonArray([.. w.Items.Select(i => (JsonNode?)i)]),
                ["sep"] = w.Separator,
                ["en"] = w.English is { } en ? new JsonArray([.. en.Select(i => (JsonNode?)i)]) : null,
            },
            DateOnly d => new JsonObject { ["d"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            int or long or decimal or double or float => new JsonObject { ["n"] = Convert.ToDecimal(a, CultureInfo.InvariantCulture) },
            _ => new JsonObject { ["s"] = a.ToString() },
        }))]),
    };

    private static Phrase FromNode(JsonObject node) => new(node["t"]!.GetValue<string>(), [.. node["a"]!.AsArray().Select(a => (object?)(a switch
    {
        JsonObject o when o["p"] is JsonObject p => FromNode(p),
        JsonObject o when o["w"] is JsonArray w => new Word([.. w.Select(i => i!.GetValue<string>())])
        {
            Separator = o["sep"]?.GetValue<string>() ?? "、",
            English = o["en"] is JsonArray en ? [.. en.Select(i => i!.GetValue<string>())] : null,
        },
        JsonObject o when o["d"] is { } d => DateOnly.ParseExact(d.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        JsonObject o when o["n"] is { } n => n.GetValue<decimal>(),
        JsonObject o => o["s"]?.GetValue<string>() ?? "",
        _ => "",
    }))]);
}
