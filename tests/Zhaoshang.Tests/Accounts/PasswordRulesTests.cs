using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Accounts;

public sealed class PasswordRulesTests
{
    private static readonly SecurityOptions Rules = new();

    [Theory]
    [InlineData("Ab1!xyz", "PasswordTooShort")]
    [InlineData("abcdefgh12", "PasswordClasses")]
    [InlineData("ABCDEFGH!!", "PasswordClasses")]
    [InlineData("P@ssw0rd", "PasswordCommon")]
    [InlineData("Admin@123", "PasswordCommon")]
    [InlineData("1qaz@WSX", "PasswordCommon")]
    [InlineData("Zhang.San-2026", "PasswordContainsUserName")]
    // Security report D11: breached passwords, pinyin, keyboard walks, and a listed word with a guessable affix.
    [InlineData("Password123!", "PasswordCommon")]
    [InlineData("P@ssw0rd2026!", "PasswordCommon")]
    [InlineData("woaini1314", "PasswordCommon")]
    [InlineData("Aini1314!", "PasswordCommon")]
    [InlineData("1qaz2wsx", "PasswordCommon")]
    [InlineData("1qaz@WSX3edc", "PasswordCommon")]
    [InlineData("Qwe123!@#", "PasswordCommon")]
    [InlineData("Zhangwei@1990", "PasswordCommon")]
    [InlineData("Wangfang19900101!", "PasswordCommon")]
    [InlineData("Dragon#888888", "PasswordCommon")]
    [InlineData("Sunshine@2026", "PasswordCommon")]
    [InlineData("5201314Abc!", "PasswordCommon")]
    [InlineData("Guiyang@123", "PasswordCommon")]
    [InlineData("Zhang#Xy-9921", "PasswordContainsPersonalInfo")]
    public void Weak_passwords_are_refused_with_the_rule_they_break(string password, string code)
    {
        var errors = PasswordRules.Check(password, "zhang.san", Rules).ToList();
        Assert.Contains(code, errors.Select(e => e.Code));
        Assert.All(errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Description));
    }

    [Theory]
    [InlineData("云岩区Ab1!x2")]
    [InlineData("Yy云岩#2026")]
    [InlineData("Ab1!520103x")]
    public void A_password_with_the_users_unit_or_name_in_it_is_refused(string password) =>
        Assert.Contains("PasswordContainsPersonalInfo", PasswordRules.Check(password, "officer.yunyan", Rules, ["云岩区官员", "云岩区", "云岩", "520103"]).Select(e => e.Code));

    [Theory]
    [InlineData("Guiyang#Tzj2026")]
    [InlineData("qian-nan-2026-ok")]
    [InlineData("XIAN.FENG.77a")]
    [InlineData("Monkey#83920571!")] // a listed word, but with a number nobody guesses
    [InlineData("Tr0ub4dor&3x")]
    [InlineData("纸上谈兵@Ab12")]
    public void Passwords_with_length_and_three_classes_pass(string password) =>
        Assert.Empty(PasswordRules.Check(password, "zhang.san", Rules, ["张三", "云岩区", "云岩", "520103"]));

    [Fact]
    public void Generated_passwords_always_meet_the_rules()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.Empty(PasswordRules.Check(PasswordService.Generate(), "someone", Rules));
        }
    }
}
