using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Errors;
using AmtSim.Runtime.Time;
using AmtSim.Pki.Ca;
using Xunit;

namespace AmtSim.Pki.Tests.Ca;

public class EnterpriseCaTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<X509Certificate2> CaCert = new(CreateCaCertificate);
    private static readonly Lazy<RSA> DeviceKey = new(() => RSA.Create(2048));

    private static X509Certificate2 CreateCaCertificate()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=Contoso Issuing CA, DC=contoso, DC=com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        return req.CreateSelfSigned(Start.AddYears(-1), Start.AddYears(5));
    }

    private static byte[] DeviceCsr(string cn = "CN=ignored-by-supply-in-request")
        => new CertificateRequest(cn, DeviceKey.Value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();

    private static EnterpriseCa NewCa(CaPolicyModule policy, out VirtualTimeProvider time)
    {
        time = new VirtualTimeProvider(Start);
        return new EnterpriseCa(CaCert.Value, time, seed: 7, policy);
    }

    [Fact]
    public void Submit_AutoIssue_IssuesServerAuthCertificateForTheSuppliedFqdn()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);

        var request = ca.Submit(DeviceCsr(), "ConfigMgrAMTWebServer", "amt1.contoso.com");

        Assert.Equal(RequestDisposition.Issued, request.Disposition);
        var cert = Assert.IsType<X509Certificate2>(request.Certificate);
        Assert.Equal("CN=amt1.contoso.com", cert.Subject);
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);
        using var chain = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, VerificationTime = Start.UtcDateTime } };
        chain.ChainPolicy.CustomTrustStore.Add(CaCert.Value);
        Assert.True(chain.Build(cert), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        // What the CA says of the certificate without loading it is what the loaded certificate says.
        var issued = Assert.IsType<IssuedCertificate>(request.Issued);
        Assert.Equal(cert.SerialNumber, issued.SerialNumber);
        Assert.Equal(new DateTimeOffset(cert.NotBefore.ToUniversalTime()), issued.NotBefore);
        Assert.Equal(new DateTimeOffset(cert.NotAfter.ToUniversalTime()), issued.NotAfter);
        Assert.Equal(cert.RawData, issued.RawData);
        Assert.Same(cert, request.Certificate);
    }

    [Fact]
    public void Submit_CaCertificateNotYetValid_IsRefusedAsDotNetWould()
    {
        // The certificate starts 10 minutes before the CA's clock; a CA certificate that starts later cannot issue it.
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=Late CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        using var late = req.CreateSelfSigned(Start.AddMinutes(-5), Start.AddYears(5));
        var ca = new EnterpriseCa(late, new VirtualTimeProvider(Start), seed: 7);

        Assert.Throws<ArgumentException>(() => ca.Submit(DeviceCsr(), "WebServer", "a.contoso.com"));
    }

    [Fact]
    public void Submit_IssuerWithoutCertificateSigning_IsRefusedAsDotNetWould()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=Not a CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        using var leaf = req.CreateSelfSigned(Start.AddYears(-1), Start.AddYears(5));
        var ca = new EnterpriseCa(leaf, new VirtualTimeProvider(Start), seed: 7);

        Assert.Throws<ArgumentException>(() => ca.Submit(DeviceCsr(), "WebServer", "a.contoso.com"));
    }

    [Fact]
    public void Submit_PendingPolicy_LeavesRequestPendingUntilApproved()
    {
        var ca = NewCa(CaPolicyModule.Pending, out _);

        var request = ca.Submit(DeviceCsr(), "ConfigMgrAMTWebServer", "amt1.contoso.com");

        Assert.Equal(RequestDisposition.Pending, request.Disposition);
        Assert.Null(request.Certificate);

        ca.Approve(request.Id);

        Assert.Equal(RequestDisposition.Issued, ca.Get(request.Id).Disposition);
        Assert.NotNull(ca.Get(request.Id).Certificate);
    }

    // issue 18 item 6: approval per template.
    [Fact]
    public void Submit_AutoIssueAndTemplateRequiringApproval_IsPendingUntilAManagerIssuesIt()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out var time);
        ca.AddTemplate(new CertificateTemplate("AMTApproved", TemplateVersion.V2, TimeSpan.FromDays(365), RequiresApproval: true));

        var pending = ca.Submit(DeviceCsr(), "AMTApproved", "amt1.contoso.com");
        var other = ca.Submit(DeviceCsr(), "ConfigMgrAMTWebServer", "amt2.contoso.com");
        time.Advance(TimeSpan.FromSeconds(50));
        ca.Approve(pending.Id);

        Assert.Equal(RequestDisposition.Issued, other.Disposition);
        Assert.Equal(other.SubmittedAt, other.DecidedAt);
        Assert.Equal(RequestDisposition.Issued, pending.Disposition);
        Assert.Equal(Start.AddSeconds(50), pending.DecidedAt);
    }

    [Fact]
    public void Submit_PendingPolicy_LeavesEveryTemplatePending()
    {
        var ca = NewCa(CaPolicyModule.Pending, out _);

        var request = ca.Submit(DeviceCsr(), "WebServer", "amt1.contoso.com");

        Assert.Equal(RequestDisposition.Pending, request.Disposition);
        Assert.Null(request.DecidedAt);
    }

    [Fact]
    public void Template_VersionOneRequiringApproval_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CertificateTemplate("WebServer", TemplateVersion.V1, TimeSpan.FromDays(730), RequiresApproval: true));

        Assert.Contains("a version 1 template cannot require CA certificate manager approval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deny_Pending_RecordsWhenItWasRefused()
    {
        var ca = NewCa(CaPolicyModule.Pending, out var time);
        var request = ca.Submit(DeviceCsr(), "WebServer", "amt1.contoso.com");
        time.Advance(TimeSpan.FromMinutes(1));

        ca.Deny(request.Id);

        Assert.Equal((RequestDisposition.Denied, Start.AddMinutes(1)), (request.Disposition, request.DecidedAt));
    }

    [Fact]
    public void Submit_SameSeedSameRequests_GivesSameSerials()
    {
        var a = NewCa(CaPolicyModule.AutoIssue, out _).Submit(DeviceCsr(), "WebServer", "a.contoso.com");
        var b = NewCa(CaPolicyModule.AutoIssue, out _).Submit(DeviceCsr(), "WebServer", "a.contoso.com");

        Assert.Equal(a.Certificate!.SerialNumber, b.Certificate!.SerialNumber);
    }

    [Fact]
    public void Submit_TamperedRequest_IsRejected()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);
        var csr = DeviceCsr();
        csr[^5] ^= 0xff;

        Assert.Throws<InvalidInputException>(() => ca.Submit(csr, "WebServer", "a.contoso.com"));
    }

    [Fact]
    public void Submit_KeySeenBeforeButSignedByAnotherKey_IsRejected()
    {
        // The CA keeps each request key it imported; a later request naming the same key must still prove it holds it.
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);
        var genuine = DeviceCsr("CN=amt1.contoso.com");
        Assert.Equal(RequestDisposition.Issued, ca.Submit(genuine, "WebServer", "amt1.contoso.com").Disposition);
        using var other = RSA.Create(2048);

        var forged = Resign(genuine, other, "1.2.840.113549.1.1.11", HashAlgorithmName.SHA256);

        var ex = Assert.Throws<InvalidInputException>(() => ca.Submit(forged, "WebServer", "amt2.contoso.com"));
        Assert.Contains("not a valid signed PKCS#10 request", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_SubjectChangedAfterSigning_IsRejected()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);
        var csr = DeviceCsr("CN=amt1.contoso.com");
        ca.Submit(csr, "WebServer", "amt1.contoso.com");
        var at = csr.AsSpan().IndexOf("amt1"u8);

        csr[at + 3] = (byte)'9';

        Assert.Throws<InvalidInputException>(() => ca.Submit(csr, "WebServer", "amt1.contoso.com"));
    }

    [Theory]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void Submit_RsaRequestSignedWithAnotherSha2_IsIssued(string hash)
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);
        var csr = new CertificateRequest("CN=amt1.contoso.com", DeviceKey.Value, new HashAlgorithmName(hash), RSASignaturePadding.Pkcs1).CreateSigningRequest();

        Assert.Equal(RequestDisposition.Issued, ca.Submit(csr, "WebServer", "amt1.contoso.com").Disposition);
    }

    [Fact]
    public void Submit_RequestWithTrailingBytes_IsRejected()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);

        Assert.Throws<InvalidInputException>(() => ca.Submit([.. DeviceCsr(), 0x00], "WebServer", "a.contoso.com"));
    }

    /// <summary>The request's CertificationRequestInfo (subject and public key untouched) signed again by <paramref name="signer"/>.</summary>
    private static byte[] Resign(byte[] pkcs10, RSA signer, string algorithmOid, HashAlgorithmName hash)
    {
        var request = new System.Formats.Asn1.AsnReader(pkcs10, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var info = request.ReadEncodedValue().ToArray();
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(algorithmOid);
                writer.WriteNull();
            }

            writer.WriteBitString(signer.SignData(info, hash, RSASignaturePadding.Pkcs1));
        }

        return writer.Encode();
    }

    [Fact]
    public void Submit_UnknownTemplate_IsRejected()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);

        var ex = Assert.Throws<InvalidInputException>(() => ca.Submit(DeviceCsr(), "NoSuchTemplate", "a.contoso.com"));

        Assert.Contains("NoSuchTemplate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_V3_IsNotUsableByConfigurationManager()
    {
        Assert.True(CertificateTemplate.WebServerV1.UsableByConfigurationManager);
        Assert.True(CertificateTemplate.AmtWebServerV2.UsableByConfigurationManager);
        Assert.False(CertificateTemplate.AmtWebServerV3.UsableByConfigurationManager);
    }

    [Fact]
    public void BuildCrl_AfterSupersededRevocation_ListsTheSerialWithReason()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out var time);
        var cert = ca.Submit(DeviceCsr(), "WebServer", "a.contoso.com").Certificate!;
        time.Advance(TimeSpan.FromDays(1));

        ca.Revoke(cert, X509RevocationReason.Superseded);
        var crl = CertificateRevocationListBuilder.Load(ca.BuildCrl(), out var crlNumber);

        Assert.True(ca.IsRevoked(cert));
        Assert.Equal(1, (int)crlNumber);
        Assert.Single(ca.Revocations, r => r.Reason == X509RevocationReason.Superseded && r.RevokedAt == Start.AddDays(1));
        Assert.NotNull(crl);
    }

    [Fact]
    public void Revoke_CertificateFromElsewhere_Throws()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);

        Assert.Throws<InvalidOperationException>(() => ca.Revoke(CaCert.Value, X509RevocationReason.Superseded));
    }

    [Fact]
    public void Revoke_CertificateIssuedOnApproval_IsRecordedOnce()
    {
        var ca = NewCa(CaPolicyModule.Pending, out _);
        var request = ca.Submit(DeviceCsr(), "ConfigMgrAMTWebServer", "amt1.contoso.com");
        var cert = ca.Approve(request.Id).Certificate!;

        ca.Revoke(cert, X509RevocationReason.Superseded);
        ca.Revoke(cert, X509RevocationReason.Superseded);

        Assert.True(ca.IsRevoked(cert));
        Assert.Single(ca.Revocations);
    }

    [Fact]
    public void Get_RequestTheCaNeverSaw_Throws()
    {
        var ca = NewCa(CaPolicyModule.AutoIssue, out _);
        var request = ca.Submit(DeviceCsr(), "WebServer", "a.contoso.com");

        Assert.Same(request, ca.Get(request.Id));
        var ex = Assert.Throws<InvalidOperationException>(() => ca.Get(request.Id + 1));
        Assert.Contains($"no request {request.Id + 1}", ex.Message, StringComparison.Ordinal);
    }
}
