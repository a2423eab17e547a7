using System.Security.Cryptography;
using AmtSim.Transport.Tls;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class RawRsaTests
{
    private static readonly byte[] Sha256DigestInfoPrefix = Convert.FromHexString("3031300d060960864801650304020105000420");

    [Fact]
    public void SignPkcs1_DigestInfoPlusHash_EqualsDotNetSignHash()
    {
        using var key = RSA.Create(2048);
        var hash = SHA256.HashData("handshake"u8);

        var raw = RawRsa.SignPkcs1(key, [.. Sha256DigestInfoPrefix, .. hash]);

        Assert.Equal(key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), raw);
        Assert.True(RawRsa.OpenSslAvailable, "raw signing fell back to BigInteger: libcrypto.so.3 could not be called");
    }

    [Fact]
    public void SignPkcs1_WithoutOpenSslHandle_FallbackGivesSameSignature()
    {
        using var openSsl = RSA.Create(2048);
        using var copy = new ExportOnlyRsa(openSsl.ExportParameters(true));
        var md5sha1 = new byte[36];
        new Random(3).NextBytes(md5sha1);

        Assert.Equal(RawRsa.SignPkcs1(openSsl, md5sha1), RawRsa.SignPkcs1(copy, md5sha1));
    }

    /// <summary>An RSA that is not RSAOpenSsl, to force the BigInteger path.</summary>
    private sealed class ExportOnlyRsa(RSAParameters parameters) : RSA
    {
        public override RSAParameters ExportParameters(bool includePrivateParameters) => parameters;
        public override void ImportParameters(RSAParameters p) => throw new NotSupportedException();
        public override int KeySize => parameters.Modulus!.Length * 8;
    }
}
