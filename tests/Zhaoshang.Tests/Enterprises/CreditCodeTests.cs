using Zhaoshang.Web.Features.Enterprises;

namespace Zhaoshang.Tests.Enterprises;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example printed in GB 32100-2015
    [InlineData("91110108551385082Q")]
    [InlineData("914403001922038216")]
    [InlineData("91110000100010433L")]
    public void Real_codes_pass(string code) => Assert.Null(CreditCode.Validate(code, out _));

    [Fact]
    public void Full_width_lower_case_and_spaces_are_normalised()
    {
        Assert.Null(CreditCode.Validate(" ９１３５０１００ｍ０００１００ｙ４３ ", out var normalized));
        Assert.Equal("91350100M000100Y43", normalized);
    }

    [Theory]
    [InlineData("91350100M000100Y44", "第 18 位应为“3”")]
    [InlineData("91350100M0001", "18 位，实际为 13 位")]
    [InlineData("91350100I000100Y43", "第 9 位“I”")]
    [InlineData("913501000001001", "被 Excel 当作数字保存")]
    [InlineData("", "不能为空")]
    public void Wrong_codes_are_refused_with_the_reason(string code, string reason) =>
        Assert.Contains(reason, CreditCode.Validate(code, out _));

    [Fact]
    public void Every_single_character_change_is_caught()
    {
        const string code = "91350100M000100Y43";
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (var i = 0; i < 17; i++)
        {
            foreach (var c in alphabet.Where(c => c != code[i]))
            {
                var changed = code[..i] + c + code[(i + 1)..];
                Assert.False(CreditCode.IsValid(changed), changed);
            }
        }
    }
}
