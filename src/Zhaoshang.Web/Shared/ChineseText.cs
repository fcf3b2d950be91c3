using System.Globalization;
using System.Text;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// Reading numbers, amounts and dates the way Chinese spreadsheets and forms write them: full-width digits,
/// thousands separators, 万/亿 units, "2024年3月1日", Excel date serials.
/// </summary>
public static class ChineseText
{
    /// <summary>A heading's number in Chinese (一、二 … 十一 … 九十九), as 公文 number their parts.</summary>
    public static string Numeral(int n)
    {
        const string digits = "零一二三四五六七八九";
        return n switch
        {
            < 0 => n.ToString(CultureInfo.InvariantCulture),
            < 10 => digits[n].ToString(),
            10 => "十",
            < 20 => "十" + digits[n - 10],
            < 100 => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString()),
            _ => n.ToString(CultureInfo.InvariantCulture),
        };
    }

    public const long Wan = 10_000;
    public const long Yi = 100_000_000;

    /// <summary>
    /// The largest amount one entry may hold: 10 万亿 yuan, beyond any investment project. Bounding every entry keeps
    /// every sum a report makes far inside a long, so one officer's absurd row cannot break a province's report.
    /// </summary>
    public const long MaxYuan = 10_000_000_000_000;

    /// <summary>Why an amount cannot be an entry's (beyond ±10 万亿 yuan), or null.</summary>
    public static Phrase? OutOfRange(long yuan) => yuan is > MaxYuan or < -MaxYuan ? new Phrase("金额超出合理范围（单笔不超过 10 万亿元）。") : null;

    /// <summary>
    /// A form's amount in 万元 or 亿元 as whole yuan; an amount beyond an entry's range is the field's error, checked before
    /// converting (99999999999999999 亿 does not fit a long).
    /// </summary>
    public static long FormYuan(decimal amount, long unit, string field) =>
        Math.Abs(amount) > MaxYuan / unit ? throw DomainException.Invalid(field, "金额超出合理范围（单笔不超过 10 万亿元）。") : (long)decimal.Round(amount * unit);

    /// <summary>Full-width ASCII (０-９, Ａ-Ｚ, ，．…) and the ideographic space to their half-width forms.</summary>
    public static string ToHalfWidth(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// A unit's or header's name as people type it compared as one: half-width, without spaces (a PDF's line wraps), with
    /// every bracket style as ( ) — "市政府驻广州〈深圳〉 办事处", "市政府驻广州（深圳）办事处" and "市政府驻广州(深圳)办事处" are one key.
    /// </summary>
    public static string NameKey(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in ToHalfWidth(text ?? ""))
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            builder.Append(c switch
            {
                '〈' or '《' or '【' or '〔' or '[' or '<' or '{' => '(',
                '〉' or '》' or '】' or '〕' or ']' or '>' or '}' => ')',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>A name key without a trailing qualifier in brackets ("贵安新区(贵安综保区)" → "贵安新区"), or null if it has none.</summary>
    public static string? WithoutQualifier(string key)
    {
        if (key.Length < 3 || key[^1] != ')')
        {
            return null;
        }
        var open = key.LastIndexOf('(');
        return open > 0 ? key[..open] : null;
    }

    /// <summary>
    /// Parses an amount to whole yuan: "1.2亿", "500万元", "3,000万", "１２００", "-50万". A bare number is in
    /// <paramref name="defaultUnit"/> yuan (1, 万 or 亿, as the column header says). Null when valid, else the reason.
    /// </summary>
    public static Phrase? TryParseAmount(string? text, long defaultUnit, out long yuan)
    {
        yuan = 0;
        var s = ToHalfWidth(text ?? "").Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return new Phrase("金额不能为空。");
        }
        var unit = defaultUnit;
        foreach (var (suffix, value) in new (string, long)[] { ("亿元", Yi), ("亿", Yi), ("万元", Wan), ("万", Wan), ("元", 1) })
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = value;
                s = s[..^suffix.Length];
                break;
            }
        }
        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return new Phrase("“{0}”不是有效金额（示例：1.2亿、500万元、3,000万）。", text);
        }
        decimal exact;
        try
        {
            exact = number * unit;
        }
        catch (OverflowException)
        {
            return new Phrase("金额“{0}”超出合理范围（单笔不超过 10 万亿元）。", text);
        }
        if (exact != decimal.Truncate(exact))
        {
            return new Phrase("金额“{0}”不是整元数。", text);
        }
        if (exact is > MaxYuan or < -MaxYuan)
        {
            return new Phrase("金额“{0}”超出合理范围（单笔不超过 10 万亿元）。", text);
        }
        yuan = (long)exact;
        return null;
    }

    /// <summary>
    /// Parses a date: "2024年3月1日", "2024-03-01", "2024/3/1", "2024.3.1", or an Excel serial number (1900 system).
    /// Null when valid, else the reason.
    /// </summary>
    public static Phrase? TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        var s = ToHalfWidth(text ?? "").Trim();
        if (s.Length == 0)
        {
            return new Phrase("日期不能为空。");
        }
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && !s.Contains('-') && !s.Contains('/'))
        {
            // Excel's serial day 1 is 1900-01-01 and it counts a 29 February 1900 that never was (serial 60).
            if (serial is < 1 or > 2_958_465 || serial != Math.Floor(serial) || (int)serial == 60)
            {
                return new Phrase("“{0}”不是有效的 Excel 日期。", text);
            }
            date = DateOnly.FromDateTime(new DateTime(1899, 12, 31).AddDays(serial > 60 ? serial - 1 : serial));
            return null;
        }
        s = s.Replace("年", "-", StringComparison.Ordinal).Replace("月", "-", StringComparison.Ordinal).Replace("日", "", StringComparison.Ordinal)
            .Replace("号", "", StringComparison.Ordinal).Replace('/', '-').Replace('.', '-');
        var parts = s.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 3 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var y) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var m)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var d)
            && y is >= 1900 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            date = new DateOnly(y, m, d);
            return null;
        }
        return new Phrase("“{0}”不是有效日期（示例：2024-03-01 或 2024年3月1日）。", text);
    }
}
