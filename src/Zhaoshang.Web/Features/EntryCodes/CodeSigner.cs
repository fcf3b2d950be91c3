using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>What an address said, once its signature held.</summary>
public sealed record SignedCode(string Token, DateOnly ExpiresOn);

/// <summary>
/// Signs and checks an entry code's address: <c>/i/{token}-{yyyyMMdd}-{signature}</c>, the signature HMAC-SM3 over the
/// token and the expiry (through the crypto provider, under a key derived for this purpose only), 16 base32 characters.
/// Changing any character of the token, the date or the signature makes it fail; so does a code made with another key.
/// </summary>
public sealed class CodeSigner(ICryptoProvider crypto, IKeyRing keys)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    public const int TokenLength = 10;
    private const int SignatureLength = 16;
    private readonly byte[] _key = keys.DeriveKey("entry-codes", 32);

    public static string NewToken() => Base32(RandomNumberGenerator.GetBytes(8))[..TokenLength];

    /// <summary>The path the QR code holds.</summary>
    public string Path(string token, DateOnly expiresOn) => $"/i/{Segment(token, expiresOn)}";

    public string Segment(string token, DateOnly expiresOn)
    {
        var date = expiresOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return $"{token}-{date}-{Sign(token, date)}";
    }

    /// <summary>The token and expiry of a well-formed address whose signature holds; null for anything else.</summary>
    public SignedCode? Check(string? segment)
    {
        if (segment is null || segment.Length != TokenLength + 1 + 8 + 1 + SignatureLength || segment[TokenLength] != '-' || segment[TokenLength + 9] != '-')
        {
            return null;
        }
        var token = segment[..TokenLength];
        var date = segment.Substring(TokenLength + 1, 8);
        var signature = segment[(TokenLength + 10)..];
        if (!token.All(Alphabet.Contains) || !DateOnly.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(token, date));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)) ? new SignedCode(token, expires) : null;
    }

    private string Sign(string token, string date) =>
        Base32(crypto.HmacSm3(_key, Encoding.ASCII.GetBytes($"entry-code|{token}|{date}")))[..SignatureLength];

    private static string Base32(byte[] bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return text.ToString();
    }
}
