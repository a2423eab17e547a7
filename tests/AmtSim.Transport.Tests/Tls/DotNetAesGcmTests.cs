using AmtSim.Transport.Tls;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class DotNetAesGcmTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] Nonce = [.. Enumerable.Range(40, 12).Select(i => (byte)i)];
    private static readonly byte[] Aad = "record header"u8.ToArray();
    private static readonly byte[] Plaintext = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7))];

    private static byte[] Run(IAeadBlockCipher cipher, bool encrypt, byte[] input, byte[]? key = null)
    {
        cipher.Init(encrypt, new AeadParameters(key is null ? null : new KeyParameter(key), 128, Nonce, Aad));
        var output = new byte[cipher.GetOutputSize(input.Length)];
        var n = cipher.ProcessBytes(input, 0, input.Length, output, 0);
        n += cipher.DoFinal(output, n);
        Assert.Equal(output.Length, n);
        return output;
    }

    [Fact]
    public void Encrypt_SameKeyNonceAad_SameBytesAsBouncyCastlesGcm()
    {
        var expected = Run(new GcmBlockCipher(new AesEngine()), true, Plaintext, Key);

        Assert.Equal(expected, Run(new DotNetAesGcm(), true, Plaintext, Key));
    }

    [Fact]
    public void Decrypt_BouncyCastleCiphertext_GivesThePlaintext()
    {
        var ciphertext = Run(new GcmBlockCipher(new AesEngine()), true, Plaintext, Key);

        Assert.Equal(Plaintext, Run(new DotNetAesGcm(), false, ciphertext, Key));
    }

    [Fact]
    public void Init_WithoutKeyAfterKeyedInit_KeepsTheKey()
    {
        var cipher = new DotNetAesGcm();
        Run(cipher, true, [1, 2, 3], Key);

        var again = Run(cipher, true, Plaintext);

        Assert.Equal(Run(new GcmBlockCipher(new AesEngine()), true, Plaintext, Key), again);
    }

    [Fact]
    public void Decrypt_TamperedTag_ThrowsInvalidCipherText()
    {
        var ciphertext = Run(new DotNetAesGcm(), true, Plaintext, Key);
        ciphertext[^1] ^= 1;

        Assert.Throws<InvalidCipherTextException>(() => Run(new DotNetAesGcm(), false, ciphertext, Key));
    }

    [Fact]
    public void Decrypt_ShorterThanTheTag_ThrowsInvalidCipherText()
        => Assert.Throws<InvalidCipherTextException>(() => Run(new DotNetAesGcm(), false, new byte[15], Key));

    [Fact]
    public void Init_FirstWithoutKey_Throws()
        => Assert.Throws<ArgumentException>(() => new DotNetAesGcm().Init(true, new AeadParameters(null, 128, Nonce, Aad)));
}
