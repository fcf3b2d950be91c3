using System.Text;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// Encrypts personal fields (phone numbers) at rest with SM4 through the crypto provider, under a key derived from
/// the key kept outside the database.
/// </summary>
public sealed class FieldCipher(ICryptoProvider crypto, IKeyRing keys)
{
    private byte[] Key => keys.DeriveKey("field-encryption", 16);

    public string? Protect(string? plain) =>
        string.IsNullOrEmpty(plain) ? null : Convert.ToBase64String(crypto.Sm4Encrypt(Key, Encoding.UTF8.GetBytes(plain)));

    public string? Unprotect(string? cipher) =>
        string.IsNullOrEmpty(cipher) ? null : Encoding.UTF8.GetString(crypto.Sm4Decrypt(Key, Convert.FromBase64String(cipher)));

    /// <summary>A phone number for lists: 138****5678.</summary>
    public static string? Mask(string? phone) =>
        phone is null ? null : phone.Length <= 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}
