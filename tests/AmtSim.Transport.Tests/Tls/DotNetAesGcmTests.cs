using AmtSim.Transport.Tls;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class DotNetAesGcmTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] Nonce = [.. Enumerable.Range(40, 12).Select(i => (byte)i)];
    private static readonly byte[] Aad = "record header"u8.ToArray();
    private static readonly byte[] Plaintext = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7))];

    private static byte[] BouncyCastleGcm(bool encrypt, byte[] input)
    {
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(encrypt, new AeadParameters(new KeyParameter(Key), 128, Nonce, Aad));
        var output = new byte[gcm.GetOutputSize(input.Length)];
        var n = gcm.ProcessBytes(input, 0, input.Length, output, 0);
        gcm.DoFinal(output, n);
        return output;
    }

    private static byte[] Run(DotNetAesGcm cipher, byte[] input)
    {
        cipher.Init(Nonce, 16, null);
        var output = new byte[cipher.GetOutputSize(input.Length)];
        Assert.Equal(output.Length, cipher.DoFinal(Aad, input, 0, input.Length, output, 0));
        return output;
    }

    private static DotNetAesGcm Keyed(bool encrypting)
    {
        var cipher = new DotNetAesGcm(encrypting);
        cipher.SetKey(Key, 0, Key.Length);
        return cipher;
    }

    [Fact]
    public void Encrypt_SameKeyNonceAad_SameBytesAsBouncyCastlesGcm()
        => Assert.Equal(BouncyCastleGcm(true, Plaintext), Run(Keyed(true), Plaintext));

    [Fact]
    public void Decrypt_BouncyCastleCiphertext_GivesThePlaintext()
        => Assert.Equal(Plaintext, Run(Keyed(false), BouncyCastleGcm(true, Plaintext)));

    [Fact]
    public void Encrypt_InPlaceAsTheRecordLayerDoesIt_SameBytes()
    {
        var cipher = Keyed(true);
        cipher.Init(Nonce, 16, null);
        var buffer = new byte[Plaintext.Length + 16];
        Plaintext.CopyTo(buffer, 0);

        cipher.DoFinal(Aad, buffer, 0, Plaintext.Length, buffer, 0);

        Assert.Equal(BouncyCastleGcm(true, Plaintext), buffer);
    }

    [Fact]
    public void Decrypt_TamperedTag_FailsWithBadRecordMac()
    {
        var ciphertext = BouncyCastleGcm(true, Plaintext);
        ciphertext[^1] ^= 1;

        var alert = Assert.Throws<TlsFatalAlert>(() => Run(Keyed(false), ciphertext));
        Assert.Equal(AlertDescription.bad_record_mac, alert.AlertDescription);
    }

    [Fact]
    public void Decrypt_ShorterThanTheTag_FailsWithBadRecordMac()
        => Assert.Equal(AlertDescription.bad_record_mac, Assert.Throws<TlsFatalAlert>(() => Run(Keyed(false), new byte[15])).AlertDescription);

    [Fact]
    public void Init_BeforeTheKey_Throws()
        => Assert.Throws<InvalidOperationException>(() => new DotNetAesGcm(true).Init(Nonce, 16, null));
}
