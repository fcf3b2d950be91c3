using System.Text;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>Ownership (央企, 国企, 民企, 外企).</summary>
public enum Ownership
{
    Unknown,
    CentralSoe,
    LocalSoe,
    Private,
    Foreign,
}

/// <summary>The classes that make an enterprise count in the assessment (seed 002's 优强企业 and the rest of DOMAIN.md).</summary>
[Flags]
public enum EnterpriseClass
{
    None = 0,
    Global500 = 1,
    China500 = 2,
    Private500 = 4,
    Listed = 8,
    Unicorn = 16,
    HighTech = 32,
    LittleGiant = 64,
}

/// <summary>专精特新 level.</summary>
public enum SpecializedLevel
{
    None,
    Provincial,
    National,
}

/// <summary>
/// An investor or target enterprise. Its identity (name, credit code, classes) is public registry data and shared
/// province-wide, so two counties courting the same company see one record; it is edited only within the
/// registering org's subtree. What a unit learns about it (contacts, and later visits and projects) is scoped.
/// </summary>
public sealed class Enterprise : IVersioned
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The name reduced for duplicate detection: no spaces, brackets, punctuation or company-form suffix.</summary>
    public string NameKey { get; set; } = "";
    /// <summary>统一社会信用代码, validated; unique when present (a target abroad may have none).</summary>
    public string? CreditCode { get; set; }
    public Ownership Ownership { get; set; }
    public EnterpriseClass Classes { get; set; }
    public SpecializedLevel Specialized { get; set; }
    /// <summary>优强企业: derived from the classes on every save, stored so lists can filter on it.</summary>
    public bool IsStrong { get; set; }
    public string? Headquarters { get; set; }
    public string? Industry { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// 优强企业 (seed 002): 央企, any 500强 (world, China, private), 省级以上专精特新 (专精特新“小巨人” is national), or 独角兽.
    /// </summary>
    public static bool Strong(Ownership ownership, EnterpriseClass classes, SpecializedLevel specialized) =>
        ownership == Ownership.CentralSoe
        || (classes & (EnterpriseClass.Global500 | EnterpriseClass.China500 | EnterpriseClass.Private500 | EnterpriseClass.Unicorn | EnterpriseClass.LittleGiant)) != 0
        || specialized >= SpecializedLevel.Provincial;

    public void Derive()
    {
        IsStrong = Strong(Ownership, Classes, Specialized);
        NameKey = KeyOf(Name);
    }

    private static readonly string[] FormSuffixes = ["股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司"];

    public static string KeyOf(string name)
    {
        var text = Shared.ChineseText.ToHalfWidth(name).ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }
        var key = builder.ToString();
        foreach (var suffix in FormSuffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && key.Length > suffix.Length + 1)
            {
                key = key[..^suffix.Length];
                break;
            }
        }
        return key;
    }
}

/// <summary>A contact person at an enterprise, recorded by one unit and visible in its scope; the phone is SM4-encrypted.</summary>
public sealed class EnterpriseContact : IScoped
{
    public Guid Id { get; set; }
    public Guid EnterpriseId { get; set; }
    public required string Name { get; set; }
    public string? Title { get; set; }
    /// <summary>SM4-GCM ciphertext of the phone number (base64), through the crypto provider.</summary>
    public string? PhoneCipher { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
