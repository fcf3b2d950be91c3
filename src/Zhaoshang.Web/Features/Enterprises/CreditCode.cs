namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>
/// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015): registration authority, organisation
/// type, 6-digit division code, 9-character organisation code, and a check character over the first 17.
/// </summary>
public static class CreditCode
{
    // GB 32100-2015 character set: digits and upper-case letters without I, O, S, V, Z.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Normalises (trims, upper-cases, full-width to half-width) and validates; null when valid, else the reason.</summary>
    public static string? Validate(string? input, out string normalized) =>
        Problem(input, out normalized)?.ToString();

    /// <summary>The reason as a message template and its values (a page shows it in the reader's language); null when valid.</summary>
    public static Shared.Phrase? Problem(string? input, out string normalized)
    {
        normalized = Normalize(input);
        if (normalized.Length == 0)
        {
            return new Shared.Phrase("统一社会信用代码不能为空。");
        }
        if (normalized.Length != 18)
        {
            return normalized.All(char.IsAsciiDigit) && normalized.Length == 15
                ? new Shared.Phrase("统一社会信用代码应为 18 位；这是 15 位数字，像是被 Excel 当作数字保存后丢失了精度，请把该列设为文本后重新填写。")
                : new Shared.Phrase("统一社会信用代码应为 18 位，实际为 {0} 位。", normalized.Length);
        }
        for (var i = 0; i < normalized.Length; i++)
        {
            if (Alphabet.IndexOf(normalized[i]) < 0)
            {
                return new Shared.Phrase("统一社会信用代码第 {0} 位“{1}”不是有效字符（不使用 I、O、S、V、Z）。", i + 1, normalized[i]);
            }
        }
        var expected = CheckCharacter(normalized);
        return normalized[17] == expected ? null : new Shared.Phrase("统一社会信用代码校验位错误：第 18 位应为“{0}”，实际为“{1}”。", expected, normalized[17]);
    }

    public static bool IsValid(string? input) => Validate(input, out _) is null;

    /// <summary>The check character for the first 17 characters (which must be in the alphabet).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> code)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(code[i]) * Weights[i];
        }
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }

    public static string Normalize(string? input) =>
        Shared.ChineseText.ToHalfWidth(input ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
