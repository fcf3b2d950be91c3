extern alias BouncyCastle;

using System.Security.Cryptography;
using BouncyCastle::Org.BouncyCastle.Crypto.Digests;
using BouncyCastle::Org.BouncyCastle.Crypto.Engines;
using BouncyCastle::Org.BouncyCastle.Crypto.Macs;
using BouncyCastle::Org.BouncyCastle.Crypto.Modes;
using BouncyCastle::Org.BouncyCastle.Crypto.Parameters;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// The 国密 primitives the product uses, behind one seam so that a certified module can replace the software one.
/// </summary>
public interface ICryptoProvider
{
    byte[] Sm3(ReadOnlySpan<byte> data);
    byte[] HmacSm3(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data);
    /// <summary>SM4-GCM: a random 12-byte nonce, then the ciphertext with its 16-byte tag.</summary>
    byte[] Sm4Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext);
    byte[] Sm4Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData);
}

public sealed class BouncyCastleCryptoProvider : ICryptoProvider
{
    private const int NonceSize = 12;
    private const int TagBits = 128;

    public byte[] Sm3(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data.ToArray(), 0, data.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    public byte[] HmacSm3(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key.ToArray()));
        mac.BlockUpdate(data.ToArray(), 0, data.Length);
        var output = new byte[mac.GetMacSize()];
        mac.DoFinal(output, 0);
        return output;
    }

    public byte[] Sm4Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(true, new AeadParameters(new KeyParameter(key.ToArray()), TagBits, nonce));
        var output = new byte[NonceSize + cipher.GetOutputSize(plaintext.Length)];
        nonce.CopyTo(output, 0);
        var n = cipher.ProcessBytes(plaintext.ToArray(), 0, plaintext.Length, output, NonceSize);
        cipher.DoFinal(output, NonceSize + n);
        return output;
    }

    public byte[] Sm4Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData)
    {
        if (sealedData.Length < NonceSize + TagBits / 8)
        {
            throw new CryptographicException("SM4 data is too short.");
        }
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(false, new AeadParameters(new KeyParameter(key.ToArray()), TagBits, sealedData[..NonceSize].ToArray()));
        var body = sealedData[NonceSize..].ToArray();
        var output = new byte[cipher.GetOutputSize(body.Length)];
        try
        {
            var n = cipher.ProcessBytes(body, 0, body.Length, output, 0);
            cipher.DoFinal(output, n);
        }
        catch (BouncyCastle::Org.BouncyCastle.Crypto.InvalidCipherTextException e)
        {
            throw new CryptographicException("SM4 data failed authentication.", e);
        }
        return output;
    }

    /// <summary>One raw SM4 block, for checking the engine against the GB/T 32907 test vector.</summary>
    internal static byte[] Sm4EncryptBlock(byte[] key, byte[] block)
    {
        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(key));
        var output = new byte[16];
        engine.ProcessBlock(block, 0, output, 0);
        return output;
    }
}
