using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Shared;

public sealed class ChineseTextTests
{
    [Theory]
    [InlineData("1.2亿", 1, 120_000_000)]
    [InlineData("500万元", 1, 5_000_000)]
    [InlineData("3,000万", 1, 30_000_000)]
    [InlineData("１，２００万", 1, 12_000_000)]
    [InlineData("20亿元", 1, 2_000_000_000)]
    [InlineData("1650", ChineseText.Yi, 165_000_000_000)]
    [InlineData("85.5", ChineseText.Wan, 855_000)]
    [InlineData("12345元", ChineseText.Wan, 12_345)]
    [InlineData("-50万", 1, -500_000)]
    [InlineData("1.23456789亿", 1, 123_456_789)]
    public void Amounts_are_read_to_exact_yuan(string text, long defaultUnit, long expected)
    {
        Assert.Null(ChineseText.TryParseAmount(text, defaultUnit, out var yuan));
        Assert.Equal(expected, yuan);
    }

    [Theory]
    [InlineData("约1亿", "不是有效金额")]
    [InlineData("0.000001万", "不是整元数")]
    [InlineData("", "不能为空")]
    [InlineData("99999999999999亿", "超出合理范围")]
    public void Bad_amounts_say_why(string text, string reason) => Assert.Contains(reason, ChineseText.TryParseAmount(text, 1, out _)?.ToString());

    [Theory]
    [InlineData("2024年3月1日", 2024, 3, 1)]
    [InlineData("２０２４年３月１日", 2024, 3, 1)]
    [InlineData("2024-03-01", 2024, 3, 1)]
    [InlineData("2024/3/1", 2024, 3, 1)]
    [InlineData("2024.3.1", 2024, 3, 1)]
    [InlineData("45352", 2024, 3, 1)]
    [InlineData("45292", 2024, 1, 1)]
    [InlineData("61", 1900, 3, 1)]
    [InlineData("1", 1900, 1, 1)]
    public void Dates_are_read_as_written_in_Chinese_or_as_excel_serials(string text, int y, int m, int d)
    {
        Assert.Null(ChineseText.TryParseDate(text, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("2023年2月30日")]
    [InlineData("明年")]
    [InlineData("60")]
    [InlineData("45352.5")]
    public void Bad_dates_are_refused(string text) => Assert.NotNull(ChineseText.TryParseDate(text, out _));
}
