using System.Security.Cryptography;
using System.Text;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Shared;

public sealed class CryptoTests
{
    private readonly BouncyCastleCryptoProvider _crypto = new();

    [Fact]
    public void Sm3_matches_the_GB_T_32905_test_vector()
    {
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            Convert.ToHexStringLower(_crypto.Sm3(Encoding.ASCII.GetBytes("abc"))));
        Assert.Equal("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
            Convert.ToHexStringLower(_crypto.Sm3(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16))))));
    }

    [Fact]
    public void Sm4_matches_the_GB_T_32907_test_vector()
    {
        var key = Convert.FromHexString("0123456789abcdeffedcba9876543210");
        Assert.Equal("681edf34d206965e86b3e94f536e4246", Convert.ToHexStringLower(BouncyCastleCryptoProvider.Sm4EncryptBlock(key, key)));
    }

    [Fact]
    public void Hmac_sm3_is_keyed_and_follows_rfc_2104()
    {
        var data = Encoding.UTF8.GetBytes("招商引资 audit row");
        var key = Encoding.ASCII.GetBytes("key-one");
        var mac = _crypto.HmacSm3(key, data);
        Assert.Equal(32, mac.Length);
        Assert.Equal(mac, _crypto.HmacSm3(key, data));
        Assert.NotEqual(mac, _crypto.HmacSm3(Encoding.ASCII.GetBytes("key-two"), data));
        // RFC 2104 by hand: H((K ^ opad) || H((K ^ ipad) || m)) with a 64-byte block.
        var block = new byte[64];
        key.CopyTo(block, 0);
        var inner = _crypto.Sm3([.. block.Select(b => (byte)(b ^ 0x36)), .. data]);
        var outer = _crypto.Sm3([.. block.Select(b => (byte)(b ^ 0x5c)), .. inner]);
        Assert.Equal(outer, mac);
    }

    [Fact]
    public void Sm4_gcm_round_trips_and_refuses_tampered_data()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var sealedData = _crypto.Sm4Encrypt(key, Encoding.UTF8.GetBytes("13800000000"));
        Assert.Equal("13800000000", Encoding.UTF8.GetString(_crypto.Sm4Decrypt(key, sealedData)));
        Assert.NotEqual(sealedData, _crypto.Sm4Encrypt(key, Encoding.UTF8.GetBytes("13800000000")));
        sealedData[^1] ^= 1;
        Assert.Throws<CryptographicException>(() => _crypto.Sm4Decrypt(key, sealedData));
    }
}
