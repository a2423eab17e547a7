using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Ca;
using Xunit;

namespace AmtSim.Pki.Tests.Ca;

/// <summary>The CA's own certificate encoding against .NET's <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, byte[])"/>: PKCS#1 v1.5 signatures are deterministic, so the two must agree byte for byte.</summary>
public sealed class CertificateEncoderTests
{
    private static readonly Lazy<RSA> IssuerKey = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> SubjectKey = new(() => RSA.Create(2048));
    private static readonly X500DistinguishedName Issuer = new("CN=Contoso Issuing CA, DC=contoso, DC=com");

    public static TheoryData<string, string, string, bool> Cases => new()
    {
        // notBefore, notAfter (round-trip format), serial (hex), with extensions
        { "2026-06-01T11:50:00.0000000+00:00", "2027-06-01T11:50:00.0000000+00:00", "0123456789ABCDEF0123456789ABCDEF", true },
        { "2026-06-01T11:50:07.1234567+00:00", "2027-06-01T11:50:07.9999999+00:00", "7F00000000000000000000000000FF01", true },
        { "2026-06-01T13:50:07.5000000+02:00", "2049-12-31T23:59:59.9990000+00:00", "01", true },
        { "2049-12-31T23:59:59.0000000+00:00", "2050-01-01T00:00:00.0000000+00:00", "1A2B", true },
        { "1949-12-31T23:59:59.0000000+00:00", "2060-03-04T05:06:07.8900000+00:00", "0102030405", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_SameInputs_GivesTheBytesDotNetCreates(string notBefore, string notAfter, string serialHex, bool extensions)
    {
        var request = Request(extensions);
        var from = DateTimeOffset.Parse(notBefore, System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(notAfter, System.Globalization.CultureInfo.InvariantCulture);
        var serial = Convert.FromHexString(serialHex);

        var ours = CertificateEncoder.Encode(request, Issuer, IssuerKey.Value, from, to, serial);

        using var dotnet = request.Create(Issuer, X509SignatureGenerator.CreateForRSA(IssuerKey.Value, RSASignaturePadding.Pkcs1), from, to, serial);
        Assert.Equal(Convert.ToHexString(dotnet.RawData), Convert.ToHexString(ours));
    }

    [Fact]
    public void Encode_NotAfterBeforeNotBefore_IsRefused()
    {
        var at = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Throws<ArgumentException>(() => CertificateEncoder.Encode(Request(true), Issuer, IssuerKey.Value, at, at.AddSeconds(-1), [0x01]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("00")]
    [InlineData("0012")]
    public void Encode_SerialNotPositiveAndMinimal_IsRefused(string serialHex)
    {
        var at = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

        var ex = Assert.Throws<ArgumentException>(() => CertificateEncoder.Encode(Request(true), Issuer, IssuerKey.Value, at, at.AddDays(1), Convert.FromHexString(serialHex)));

        Assert.Equal("serial", ex.ParamName);
    }

    [Fact]
    public void Encode_SerialWithTheZeroAPositiveHighByteNeeds_MatchesDotNet()
    {
        var at = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var serial = Convert.FromHexString("0080FF");

        var ours = CertificateEncoder.Encode(Request(true), Issuer, IssuerKey.Value, at, at.AddDays(1), serial);

        using var dotnet = Request(true).Create(Issuer, X509SignatureGenerator.CreateForRSA(IssuerKey.Value, RSASignaturePadding.Pkcs1), at, at.AddDays(1), serial);
        Assert.Equal(Convert.ToHexString(dotnet.RawData), Convert.ToHexString(ours));
    }

    [Fact]
    public void Encoded_DropsFractionsAndGoesToUtc()
    {
        var encoded = CertificateEncoder.Encoded(new DateTimeOffset(2026, 6, 1, 14, 0, 5, 999, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 12, 0, 5, TimeSpan.Zero), encoded);
        Assert.Equal(TimeSpan.Zero, encoded.Offset);
    }

    private static CertificateRequest Request(bool extensions)
    {
        var request = new CertificateRequest("CN=amt1.contoso.com", SubjectKey.Value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (extensions)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("amt1.contoso.com");
            request.CertificateExtensions.Add(san.Build());
        }

        return request;
    }
}
