using System.Text;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// Chinese substring search: most Chinese words are two characters, which trigram indexes cannot serve, so names are
/// indexed by their character bigrams (each packed into an int). A query of two or more characters looks up its
/// bigrams in the index and then checks the substring on the few rows that hold all of them.
/// </summary>
public static class Bigrams
{
    /// <summary>Half-width, lower case, letters and digits only: "恒力（贵阳）产业园" → "恒力贵阳产业园".</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in ChineseText.ToHalfWidth(text))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString();
    }

    /// <summary>The distinct bigrams of the normalized text, in order of first appearance.</summary>
    public static List<int> Of(string text)
    {
        var s = Normalize(text);
        var grams = new List<int>(Math.Max(0, s.Length - 1));
        var seen = new HashSet<int>();
        for (var i = 0; i + 1 < s.Length; i++)
        {
            var gram = unchecked((int)(((uint)s[i] << 16) | s[i + 1]));
            if (seen.Add(gram))
            {
                grams.Add(gram);
            }
        }
        return grams;
    }
}
