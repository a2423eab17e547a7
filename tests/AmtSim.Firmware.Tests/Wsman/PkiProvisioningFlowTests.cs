using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman;
using AmtSim.Firmware.Wsman.Classes;
using Xunit;

namespace AmtSim.Firmware.Tests.Wsman;

/// <summary>The WS-Man order of legacy PKI remote configuration (amt-reference.md §1.5), at the handler level.</summary>
public class PkiProvisioningFlowTests
{
    [Fact]
    public void PkiFlow_AmtReferenceOrder_EndsInPostAdminWithIssuedCertificate()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);

        // Enumerations first; the accepted TLS client chain puts the device in provisioning.
        Assert.Single(client.EnumerateAll("AMT_GeneralSettings").Items);
        Assert.Equal(ProvisioningState.In, device.State);
        Assert.Equal(11, client.EnumerateAll("CIM_SoftwareIdentity").Items.Count);
        var setup = Assert.Single(client.EnumerateAll("AMT_SetupAndConfigurationService").Items);
        Assert.Equal("1", setup.Elements().Single(e => e.Name.LocalName == "ProvisioningState").Value);

        Assert.Equal(0u, client.Invoke("AMT_SetupAndConfigurationService", "SetMEBxPassword", ("Password", "Mebx-P4ss!")).ReturnValue);

        var realm = client.Get("AMT_GeneralSettings").Text("DigestRealm");
        var ha1 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"admin:{realm}:Adm1n-P4ss!")));
        Assert.Equal(0u, client.Invoke("AMT_AuthorizationService", "SetAdminAclEntryEx", ("Username", "admin"), ("DigestPassword", ha1)).ReturnValue);

        Assert.Equal(0u, client.Invoke("AMT_TimeSynchronizationService", "GetLowAccuracyTimeSynch").ReturnValue);

        var generated = client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048"));
        Assert.Equal(0u, generated.ReturnValue);
        var keyHandle = generated.Text("Selector")!;
        Assert.Equal("Intel(r) AMT Key: Handle: 0", keyHandle);

        var derKey = Convert.FromBase64String(client.EnumerateAll("AMT_PublicPrivateKeyPair").Items.Single().Elements().Single(e => e.Name.LocalName == "DERKey").Value);
        using var devicePublic = RSA.Create();
        devicePublic.ImportRSAPublicKey(derKey, out _);
        var nullSigned = TestPki.NullSignedRequest("CN=pc1.contoso.com", devicePublic, new X509EnhancedKeyUsageExtension([new Oid(TestPki.ServerAuthOid)], false));

        var csrReply = client.Invoke("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx",
            ("KeyPair", WsmanTestClient.Reference("AMT_PublicPrivateKeyPair", "InstanceID", keyHandle)),
            ("SigningAlgorithm", "1"),
            ("NullSignedCertificateRequest", Convert.ToBase64String(nullSigned)));
        Assert.Equal(0u, csrReply.ReturnValue);

        // The server's CA signs the request (signature validation on: the device really signed it).
        var csr = CertificateRequest.LoadSigningRequest(Convert.FromBase64String(csrReply.Text("SignedCertificateRequest")!), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, RSASignaturePadding.Pkcs1);
        Assert.Equal("CN=pc1.contoso.com", csr.SubjectName.Name);
        Assert.Equal(TestPki.ServerAuthOid, csr.CertificateExtensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value);
        var (caCertificate, _) = TestPki.IssuingCa;
        using var issued = csr.Create(caCertificate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [7, 7]);

        var added = client.Invoke("AMT_PublicKeyManagementService", "AddCertificate", ("CertificateBlob", Convert.ToBase64String(issued.RawData)));
        Assert.Equal(0u, added.ReturnValue);
        var certificateHandle = added.Text("Selector")!;

        var context = client.Create("AMT_TLSCredentialContext",
            $"<r:ElementInContext>{WsmanTestClient.Reference("AMT_PublicKeyCertificate", "InstanceID", certificateHandle)}</r:ElementInContext>"
            + $"<r:ElementProvidingContext>{WsmanTestClient.Reference("AMT_TLSProtocolEndpointCollection", "ElementName", AmtTlsCredentialContext.CollectionName)}</r:ElementProvidingContext>");
        Assert.Equal(200, context.Status);

        var tls = client.Put("AMT_TLSSettingData",
            $"<r:ElementName>{AmtTlsSettingData.Remote}</r:ElementName><r:InstanceID>{AmtTlsSettingData.Remote}</r:InstanceID><r:MutualAuthentication>false</r:MutualAuthentication><r:Enabled>true</r:Enabled>",
            ("InstanceID", AmtTlsSettingData.Remote));
        Assert.Equal(200, tls.Status);
        Assert.Equal("true", tls.Text("Enabled"));

        Assert.Equal(0u, client.Invoke("AMT_SetupAndConfigurationService", "CommitChanges").ReturnValue);

        Assert.Equal(ProvisioningState.Post, device.State);
        Assert.Equal(ControlMode.Admin, device.ControlMode);
        Assert.Equal("Mebx-P4ss!", device.MebxPassword);
        Assert.Equal(ha1, device.AdminDigestHa1);
        Assert.NotNull(device.ProvisionedCertificate);
        Assert.True(device.ProvisionedCertificate.HasPrivateKey);
        Assert.Equal(issued.Thumbprint, device.ProvisionedCertificate.Thumbprint);
        Assert.Equal("2", client.Get("AMT_SetupAndConfigurationService").Text("ProvisioningState"));
        Assert.All(device.Audit.OfType<WsmanCallAudit>(), a => Assert.True(a.Succeeded, a.Describe()));
        Assert.Contains(device.Audit.OfType<StateChangeAudit>(), s => s.Cause == "CommitChanges" && s.To == "Post/Admin");
    }

    [Fact]
    public void CommitChanges_InPre_ReturnsNotPermittedAndStaysPre()
    {
        var (device, _) = TestDevices.Create();
        var reply = TestDevices.Client(device).Invoke("AMT_SetupAndConfigurationService", "CommitChanges");

        Assert.Equal(StateRules.NotPermitted, reply.ReturnValue);
        Assert.Equal(ProvisioningState.Pre, device.State);
    }

    // Issue 14: RPS commits its TLS settings after activation; real AMT answers 0 there.
    [Fact]
    public void CommitChanges_InPost_ReturnsZeroAndStaysPostAdmin()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");

        Assert.Equal(0u, TestDevices.Client(device).Invoke("AMT_SetupAndConfigurationService", "CommitChanges").ReturnValue);
        Assert.Equal((ProvisioningState.Post, ControlMode.Admin), (device.State, device.ControlMode));
        Assert.Empty(device.Audit.OfType<StateChangeRefusedAudit>());
    }

    [Fact]
    public void GeneratePkcs10RequestEx_Sha1Requested_SignsWithSha1AndServerSubject()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);
        var handle = client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048")).Text("Selector")!;
        var key = device.WsmanState.KeyPairs.Single().Key;

        var reply = client.Invoke("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx",
            ("KeyPair", WsmanTestClient.Reference("AMT_PublicPrivateKeyPair", "InstanceID", handle)),
            ("SigningAlgorithm", "0"),
            ("NullSignedCertificateRequest", Convert.ToBase64String(TestPki.NullSignedRequest("CN=x.contoso.com, O=Contoso", key))));

        var der = Convert.FromBase64String(reply.Text("SignedCertificateRequest")!);
        var (info, algorithm, signature) = TestPki.SplitRequest(der);
        Assert.Equal("1.2.840.113549.1.1.5", algorithm);
        Assert.True(key.VerifyData(info, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
        var csr = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA1, CertificateRequestLoadOptions.SkipSignatureValidation);
        Assert.Equal("CN=x.contoso.com, O=Contoso", csr.SubjectName.Name);
    }

    [Fact]
    public void GeneratePkcs10RequestEx_SignsTheServersRequestInfoAsItCame()
    {
        // An attribute besides the extensions (a challenge password): re-encoding the request from
        // its subject and extensions would drop it; AMT signs the info the server sent.
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);
        var handle = client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048")).Text("Selector")!;
        var key = device.WsmanState.KeyPairs.Single().Key;
        var nullSigned = TestPki.NullSignedRequest("CN=x.contoso.com", key, new AsnEncodedData("1.2.840.113549.1.9.7", [0x0c, 0x03, 0x61, 0x62, 0x63]));

        var reply = client.Invoke("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx",
            ("KeyPair", WsmanTestClient.Reference("AMT_PublicPrivateKeyPair", "InstanceID", handle)),
            ("SigningAlgorithm", "1"),
            ("NullSignedCertificateRequest", Convert.ToBase64String(nullSigned)));

        Assert.Equal(0u, reply.ReturnValue);
        var (info, algorithm, signature) = TestPki.SplitRequest(Convert.FromBase64String(reply.Text("SignedCertificateRequest")!));
        Assert.Equal(TestPki.SplitRequest(nullSigned).Info, info);
        Assert.Equal("1.2.840.113549.1.1.11", algorithm);
        Assert.True(key.VerifyData(info, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("trailing")]
    [InlineData("version 1")]
    public void GeneratePkcs10RequestEx_MalformedRequest_ReturnsInvalidParameterSayingSo(string damage)
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);
        var handle = client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048")).Text("Selector")!;
        var request = TestPki.NullSignedRequest("CN=x.contoso.com", device.WsmanState.KeyPairs.Single().Key);
        var damaged = damage switch
        {
            "truncated" => request[..^20],
            "trailing" => [.. request, 0x05, 0x00],
            _ => VersionOne(request),
        };

        var reply = client.Invoke("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx",
            ("KeyPair", WsmanTestClient.Reference("AMT_PublicPrivateKeyPair", "InstanceID", handle)),
            ("SigningAlgorithm", "1"),
            ("NullSignedCertificateRequest", Convert.ToBase64String(damaged)));

        Assert.Equal(AmtSetupAndConfigurationService.InvalidParameter, reply.ReturnValue);
        Assert.Contains(device.Audit.OfType<WsmanCallAudit>(), a => a.Outcome.Contains("is not a PKCS#10 request", StringComparison.Ordinal));

        // The version INTEGER is the first field of the info: 30 len 30 len 02 01 00.
        static byte[] VersionOne(byte[] der)
        {
            var copy = (byte[])der.Clone();
            var at = copy.AsSpan().IndexOf(stackalloc byte[] { 0x02, 0x01, 0x00 });
            copy[at + 2] = 1;
            return copy;
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not a certificate")]
    [InlineData("no validity")]
    [InlineData("issuer not a name")]
    public void AddCertificate_MalformedBlob_ReturnsInvalidParameterAndStoresNothing(string damage)
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);
        client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048"));
        using var issued = IssuedFor(device.WsmanState.KeyPairs.Single().Key);
        var der = issued.RawData;
        var blob = damage switch
        {
            "truncated" => der[..^1],
            "not a certificate" => TestPki.NullSignedRequest("CN=x", device.WsmanState.KeyPairs.Single().Key),
            "no validity" => WithTbsField(der, 4, null),
            _ => WithTbsField(der, 3, [0x30, 0x04, 0x31, 0x02, 0x05, 0x00]), // SEQUENCE { SET { NULL } }
        };

        var reply = client.Invoke("AMT_PublicKeyManagementService", "AddCertificate", ("CertificateBlob", Convert.ToBase64String(blob)));

        Assert.Equal(AmtSetupAndConfigurationService.InvalidParameter, reply.ReturnValue);
        Assert.Empty(device.WsmanState.Certificates);

        // The TBSCertificate with field #index (version, serial, signature, issuer, validity, ...) removed or replaced, every length adjusted.
        static byte[] WithTbsField(byte[] certificate, int index, byte[]? replacement)
        {
            var outer = new System.Formats.Asn1.AsnReader(certificate, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadSequence();
            var fields = new List<ReadOnlyMemory<byte>>();
            while (tbs.HasData)
            {
                fields.Add(tbs.ReadEncodedValue());
            }

            if (replacement is null)
            {
                fields.RemoveAt(index);
            }
            else
            {
                fields[index] = replacement;
            }

            var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    fields.ForEach(f => writer.WriteEncodedValue(f.Span));
                }

                while (outer.HasData)
                {
                    writer.WriteEncodedValue(outer.ReadEncodedValue().Span);
                }
            }

            return writer.Encode();
        }
    }

    [Fact]
    public void AddCertificate_IssuedForTheKeyPair_IsStoredAsSentAndLoadsOnUse()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);
        client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048"));
        using var issued = IssuedFor(device.WsmanState.KeyPairs.Single().Key);

        var reply = client.Invoke("AMT_PublicKeyManagementService", "AddCertificate", ("CertificateBlob", Convert.ToBase64String(issued.RawData)));

        Assert.Equal(0u, reply.ReturnValue);
        var stored = Assert.Single(device.WsmanState.Certificates);
        Assert.Equal(issued.RawData, stored.Der.ToArray());
        Assert.Equal(issued.Thumbprint, stored.Certificate.Thumbprint);
        Assert.Same(device.WsmanState.KeyPairs.Single(), stored.KeyPair);
        Assert.Equal(AmtPublicKeyManagementService.Duplicate, client.Invoke("AMT_PublicKeyManagementService", "AddCertificate", ("CertificateBlob", Convert.ToBase64String(issued.RawData))).ReturnValue);
    }

    private static X509Certificate2 IssuedFor(RSA key)
    {
        var request = new CertificateRequest("CN=pc1.contoso.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var (caCertificate, _) = TestPki.IssuingCa;
        return request.Create(caCertificate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [7, 7]);
    }

    [Fact]
    public void GeneratePkcs10RequestEx_ForeignPublicKey_ReturnsInvalidParameter()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);
        var handle = client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048")).Text("Selector")!;

        var reply = client.Invoke("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx",
            ("KeyPair", WsmanTestClient.Reference("AMT_PublicPrivateKeyPair", "InstanceID", handle)),
            ("SigningAlgorithm", "1"),
            ("NullSignedCertificateRequest", Convert.ToBase64String(TestPki.NullSignedRequest("CN=x", TestPki.TrustedChain.LeafKey))));

        Assert.Equal(AmtSetupAndConfigurationService.InvalidParameter, reply.ReturnValue);
    }

    [Fact]
    public void GenerateKeyPair_Not2048_ReturnsInvalidParameter()
    {
        var (device, _) = TestDevices.Create();
        var reply = TestDevices.Client(device, WsmanTestClient.TlsSetup).Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "1024"));

        Assert.Equal(AmtSetupAndConfigurationService.InvalidParameter, reply.ReturnValue);
        Assert.Empty(device.WsmanState.KeyPairs);
    }

    [Fact]
    public void GenerateKeyPair_InjectedKeySource_UsesItsKey()
    {
        var (device, _) = TestDevices.Create();
        var source = new FixedKeySource(TestPki.TrustedChain.LeafKey);
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup, TestDevices.Options with { KeySource = source });

        client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048"));

        Assert.Equal(2048, source.RequestedBits);
        Assert.Same(TestPki.TrustedChain.LeafKey, device.WsmanState.KeyPairs.Single().Key);
    }

    [Fact]
    public void AddCertificate_WithoutMatchingKey_ReturnsInvalidParameter()
    {
        var (device, _) = TestDevices.Create();
        var reply = TestDevices.Client(device, WsmanTestClient.TlsSetup).Invoke("AMT_PublicKeyManagementService", "AddCertificate", ("CertificateBlob", Convert.ToBase64String(TestPki.TrustedChain.Leaf.RawData)));

        Assert.Equal(AmtSetupAndConfigurationService.InvalidParameter, reply.ReturnValue);
    }

    [Fact]
    public void AddTrustedRootCertificate_ListedAsTrustedRoot()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup);

        Assert.Equal(0u, client.Invoke("AMT_PublicKeyManagementService", "AddTrustedRootCertificate", ("CertificateBlob", Convert.ToBase64String(TestPki.TrustedChain.Root.RawData))).ReturnValue);

        var item = client.EnumerateAll("AMT_PublicKeyCertificate").Items.Single();
        // Issue 15: real AMT spells it "TrustedRootCertficate"; with the correct spelling MeshCentral's clean-up deleted the MPS root.
        Assert.Equal("true", item.Elements().Single(e => e.Name.LocalName == "TrustedRootCertficate").Value);
        Assert.Equal(Convert.ToBase64String(TestPki.TrustedChain.Root.RawData), item.Elements().Single(e => e.Name.LocalName == "X509Certificate").Value);
    }

    [Fact]
    public void CreateTlsCredentialContext_Twice_Http400AlreadyExists()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, WsmanTestClient.TlsSetup, TestDevices.Options with { KeySource = new FixedKeySource(TestPki.TrustedChain.LeafKey) });
        client.Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", ("KeyAlgorithm", "0"), ("KeyLength", "2048"));
        var handle = client.Invoke("AMT_PublicKeyManagementService", "AddCertificate", ("CertificateBlob", Convert.ToBase64String(TestPki.TrustedChain.Leaf.RawData))).Text("Selector")!;
        var body = $"<r:ElementInContext>{WsmanTestClient.Reference("AMT_PublicKeyCertificate", "InstanceID", handle)}</r:ElementInContext>";

        Assert.Equal(200, client.Create("AMT_TLSCredentialContext", body).Status);
        var second = client.Create("AMT_TLSCredentialContext", body);

        Assert.Equal(400, second.Status);
        Assert.Equal("e:AlreadyExists", second.Subcode);
        Assert.Single(client.EnumerateAll("AMT_TLSCredentialContext").Items);
    }

    [Fact]
    public void CreateTlsCredentialContext_UnknownCertificate_Http400InvalidParameter()
    {
        var (device, _) = TestDevices.Create();
        var reply = TestDevices.Client(device, WsmanTestClient.TlsSetup).Create("AMT_TLSCredentialContext",
            $"<r:ElementInContext>{WsmanTestClient.Reference("AMT_PublicKeyCertificate", "InstanceID", "Intel(r) AMT Certificate: Handle: 9")}</r:ElementInContext>");

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:InvalidParameter", reply.Subcode);
    }

    private sealed class FixedKeySource(RSA key) : IKeyPairSource
    {
        public int RequestedBits { get; private set; }

        public GeneratedKey CreateKey(int bits)
        {
            RequestedBits = bits;
            return new GeneratedKey(key);
        }
    }
}
