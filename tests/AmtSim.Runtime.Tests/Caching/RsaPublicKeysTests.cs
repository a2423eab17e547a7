using System.Security.Cryptography;
using AmtSim.Runtime.Caching;
using Xunit;

namespace AmtSim.Runtime.Tests.Caching;

public sealed class RsaPublicKeysTests
{
    [Fact]
    public void Get_SameSubjectPublicKeyInfo_GivesTheOneSharedKeyThatVerifies()
    {
        using var signer = RSA.Create(2048);
        var spki = signer.ExportSubjectPublicKeyInfo();
        var data = "hello"u8.ToArray();
        var signature = signer.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var first = RsaPublicKeys.Get(spki);
        var again = RsaPublicKeys.Get((byte[])spki.Clone());

        Assert.Same(first, again);
        Assert.True(first.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Get_DifferentKeys_GivesDifferentKeys()
    {
        using var a = RSA.Create(2048);
        using var b = RSA.Create(2048);

        Assert.NotSame(RsaPublicKeys.Get(a.ExportSubjectPublicKeyInfo()), RsaPublicKeys.Get(b.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void Get_UnreadableKey_ThrowsAndKeepsNothing()
    {
        byte[] garbage = [0x30, 0x03, 0x02, 0x01, 0x00];

        Assert.ThrowsAny<CryptographicException>(() => RsaPublicKeys.Get(garbage));
        Assert.ThrowsAny<CryptographicException>(() => RsaPublicKeys.Get(garbage));
    }
}
