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
    public void Weak_passwords_are_refused_with_the_rule_they_break(string password, string code)
    {
        var errors = PasswordRules.Check(password, "zhang.san", Rules).Select(e => e.Code).ToList();
        Assert.Contains(code, errors);
    }

    [Theory]
    [InlineData("Guiyang#Tzj2026")]
    [InlineData("qian-nan-2026-ok")]
    [InlineData("XIAN.FENG.77a")]
    public void Passwords_with_length_and_three_classes_pass(string password) =>
        Assert.Empty(PasswordRules.Check(password, "zhang.san", Rules));

    [Fact]
    public void Generated_passwords_always_meet_the_rules()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.Empty(PasswordRules.Check(PasswordService.Generate(), "someone", Rules));
        }
    }
}
