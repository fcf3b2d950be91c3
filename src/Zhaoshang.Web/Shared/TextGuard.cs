using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// Text people type may not carry invisible control characters (NUL, BEL…) or the characters that reverse how text is
/// shown (U+202E turns "invoice‮fdp.exe" around): a name that reads one way and is another is a spoofing tool. Line
/// breaks and tabs are text in a description, not in a short field such as a name or a title.
/// </summary>
public static class TextGuard
{
    /// <summary>Fields up to this length (names, titles, codes) are one line.</summary>
    public const int SingleLineUpTo = 200;

    /// <summary>The first character a field may not hold, or null.</summary>
    public static char? Forbidden(string text, bool singleLine)
    {
        foreach (var c in text)
        {
            var isBreak = c is '\n' or '\r' or '\t';
            if ((isBreak && singleLine) || (!isBreak && IsForbidden(c)))
            {
                return c;
            }
        }
        return null;
    }

    private static bool IsForbidden(char c) =>
        c is < ' ' or '\u007F' or (>= '\u0080' and <= '\u009F') // C0 and C1 controls, DEL
            or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') // bidi embeddings, overrides and isolates
            or '\u200E' or '\u200F' or '\u061C' // direction marks
            or '\u2028' or '\u2029' or '\uFEFF'; // line and paragraph separators, a stray byte-order mark

    public static string Describe(char c) => $"U+{(int)c:X4}";

    /// <summary>The message for a field holding such a character.</summary>
    public const string Message = "“{0}”含有不可见的控制字符或文字方向控制符（{1}），请删除后再保存。";

    /// <summary>Checks every text property an entity is saved with (added, or changed); throws naming the field.</summary>
    public static void Check(EntityEntry entry)
    {
        foreach (var property in entry.Properties)
        {
            if (property.Metadata.ClrType != typeof(string) || property.CurrentValue is not string text
                || (entry.State == Microsoft.EntityFrameworkCore.EntityState.Modified && !property.IsModified))
            {
                continue;
            }
            var max = property.Metadata.GetMaxLength();
            if (Forbidden(text, max is <= SingleLineUpTo) is { } c)
            {
                var field = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name);
                throw DomainException.Invalid(field, Message, field, Describe(c));
            }
        }
    }
}
