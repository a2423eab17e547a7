using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Transport.Tls;
using Org.BouncyCastle.Tls;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

/// <summary>Peer certificates as the TLS engine sees them: parsed once per distinct DER and shared (issue 20).</summary>
public sealed class DotNetTlsCertificateTests
{
    private static byte[] Der(string subject)
    {
        using var key = RSA.Create(2048);
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.RawData;
    }

    [Fact]
    public void CreateCertificate_SameDerTwice_OneParseShared()
    {
        var der = Der("CN=shared");

        var first = DotNetTlsCrypto.Instance.CreateCertificate(CertificateType.X509, der);
        var second = DotNetTlsCrypto.Instance.CreateCertificate(CertificateType.X509, (byte[])der.Clone());

        Assert.Same(first, second);
    }

    [Fact]
    public void CreateCertificate_DifferentDer_DifferentCertificates()
    {
        var a = DotNetTlsCrypto.Instance.CreateCertificate(CertificateType.X509, Der("CN=a"));
        var b = DotNetTlsCrypto.Instance.CreateCertificate(CertificateType.X509, Der("CN=b"));

        Assert.NotSame(a, b);
        Assert.NotEqual(a.GetEncoded(), b.GetEncoded());
    }

    [Fact]
    public void GetEncoded_TheBytesThatArrived_ACopyTheCallerCannotChange()
    {
        var der = Der("CN=bytes");
        var original = (byte[])der.Clone();
        var certificate = DotNetTlsCrypto.Instance.CreateCertificate(CertificateType.X509, der);

        certificate.GetEncoded()[0] ^= 0xff;
        der[^1] ^= 0xff;

        Assert.Equal(original, certificate.GetEncoded());
        Assert.Equal("CN=bytes", X509CertificateLoader.LoadCertificate(certificate.GetEncoded()).Subject);
    }

    [Fact]
    public void CreateCertificate_NotACertificate_Refused()
        => Assert.ThrowsAny<Exception>(() => DotNetTlsCrypto.Instance.CreateCertificate(CertificateType.X509, [0x30, 0x03, 0x02, 0x01, 0x01]));
}
