using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AmtSim.Pki.Ca;
using AmtSim.Protocol.Hello;
using AmtSim.Provisioning.Connect;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Provisioning.Wsman;

namespace AmtSim.Provisioning.Sccm;

/// <summary>Provisioning one device after its hello: name, namespace, TLS with the provisioning chain, WS-Man configuration, device certificate, commit.</summary>
public sealed partial class OobServicePoint
{
    private async Task ProvisionAsync(PkiHello hello, IPAddress peer, CancellationToken ct)
    {
        // A device greets again while its provisioning task runs (retries every minute); one task per device at a time.
        if (!_inProgress.TryAdd(hello.Uuid, 0))
        {
            return;
        }

        var slot = _provisioningSlots;
        try
        {
            if (slot is not null)
            {
                await slot.WaitAsync(ct);
            }

            try
            {
                await ProvisionOnceAsync(hello, peer, ct);
            }
            finally
            {
                slot?.Release();
            }
        }
        finally
        {
            _inProgress.TryRemove(hello.Uuid, out _);
        }
    }

    private async Task ProvisionOnceAsync(PkiHello hello, IPAddress peer, CancellationToken ct)
    {
        var subject = hello.Uuid.ToString();
        var thread = _options.WorkerThread;
        void Write(AmtOpMgrMessage message, params object[] values) => Log.WriteAbout(subject, thread, message, values);
        ProvisioningOutcome Fail(string? fqdn, ProvisioningStep step, string detail, byte? alert = null)
        {
            var outcome = new ProvisioningOutcome(hello.Uuid, peer, fqdn, false, step, detail, alert);
            _outcomes.Enqueue(outcome);
            Write(AmtOpMgrMessages.ProvisionTaskEnd);
            return outcome;
        }

        Write(AmtOpMgrMessages.ProvisionTaskBegin);
        Write(AmtOpMgrMessages.HelloReceived, hello.Uuid, peer, hello.Version, hello.RetryCount);

        var fqdn = await _resolver.ReverseLookupAsync(peer, ct);
        if (string.IsNullOrEmpty(fqdn))
        {
            Write(AmtOpMgrMessages.DeviceNameUnresolved, hello.Uuid, peer);
            Fail(null, ProvisioningStep.ResolveName, $"no PTR record for {peer}");
            return;
        }

        var machineId = MachineIdFor(hello.Uuid);
        if (!NamespaceRule.ShareNamespace(fqdn, _options.Fqdn))
        {
            Write(AmtOpMgrMessages.NamespaceMismatch, fqdn, _options.Fqdn);
            Write(AmtOpMgrMessages.CantFinishProvision, fqdn, 0);
            Fail(fqdn, ProvisioningStep.Namespace, $"{fqdn} and {_options.Fqdn} share no namespace");
            return;
        }

        var credential = CurrentCredential;
        if (credential is null)
        {
            Write(AmtOpMgrMessages.NoProvisionCertificate, fqdn);
            Fail(fqdn, ProvisioningStep.Certificate, "no valid provisioning certificate loaded");
            return;
        }

        // One certificate per server (seed 002): when its root is not among the hello's hashes the
        // service point says so and tries anyway; the device then refuses the chain in the handshake.
        if (!RootMatchesHello(credential, hello))
        {
            Write(AmtOpMgrMessages.NoMatchingRootHash, hello.Uuid);
        }

        Write(AmtOpMgrMessages.TryProvisioningAccount, fqdn);
        DeviceTlsSession session;
        try
        {
            session = await DeviceTlsConnector.ConnectAsync(new IPEndPoint(peer, _options.DeviceTlsPort), _options.Address, credential, ct);
        }
        catch (DeviceTlsException ex)
        {
            Write(AmtOpMgrMessages.TlsHandshakeDisconnected);
            Write(AmtOpMgrMessages.ApplyControlTokenError);
            Fail(fqdn, ProvisioningStep.TlsHandshake, ex.Message, ex.AlertReceived);
            return;
        }

        var firstSession = session;
        using var wsman = new WsmanClient(
            async token =>
            {
                var reuse = Interlocked.Exchange(ref firstSession, null);
                return reuse?.Stream ?? (await DeviceTlsConnector.ConnectAsync(new IPEndPoint(peer, _options.DeviceTlsPort), _options.Address, credential, token)).Stream;
            },
            fqdn,
            _options.DeviceTlsPort,
            new NetworkCredential("admin", ""));

        X509Certificate2? deviceCertificate = null;
        var step = "Enumerate AMT_GeneralSettings";
        try
        {
            var settings = await wsman.GetAsync("AMT_GeneralSettings", ct);
            var realm = settings.Descendants().FirstOrDefault(e => e.Name.LocalName == "DigestRealm")?.Value ?? "";
            step = "Enumerate CIM_SoftwareIdentity";
            await wsman.EnumerateAsync("CIM_SoftwareIdentity", ct);
            step = "Get AMT_SetupAndConfigurationService";
            await wsman.GetAsync("AMT_SetupAndConfigurationService", ct);
            step = "SetMEBxPassword";
            await wsman.InvokeAsync("AMT_SetupAndConfigurationService", "SetMEBxPassword", [("Password", _options.MebxPassword)], ct);
            step = "SetAdminAclEntryEx";
            var ha1 = Convert.ToHexStringLower(MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"admin:{realm}:{_options.AdminPassword}")));
            await wsman.InvokeAsync("AMT_AuthorizationService", "SetAdminAclEntryEx", [("Username", "admin"), ("DigestPassword", Convert.ToBase64String(Convert.FromHexString(ha1)))], ct);
            step = "GetLowAccuracyTimeSynch";
            var timeOutput = await wsman.InvokeAsync("AMT_TimeSynchronizationService", "GetLowAccuracyTimeSynch", [], ct);
            var deviceTime = long.TryParse(timeOutput.Elements().FirstOrDefault(e => e.Name.LocalName == "Ta0")?.Value, out var ta0) ? ta0 : 0;
            var serverTime = _time.GetUtcNow().ToUnixTimeSeconds();
            if (Math.Abs(serverTime - deviceTime) > 10)
            {
                step = "SetHighAccuracyTimeSynch";
                await wsman.InvokeAsync("AMT_TimeSynchronizationService", "SetHighAccuracyTimeSynch", [("Ta0", deviceTime), ("Tm1", serverTime), ("Tm2", serverTime)], ct);
            }

            step = "GenerateKeyPair";
            var keyOutput = await wsman.InvokeAsync("AMT_PublicKeyManagementService", "GenerateKeyPair", [("KeyAlgorithm", 0), ("KeyLength", 2048)], ct);
            var keyPairRef = keyOutput.Elements().First(e => e.Name.LocalName == "KeyPair");
            var keyPairId = keyPairRef.Descendants().First(e => e.Name.LocalName == "Selector" && (string?)e.Attribute("Name") == "InstanceID").Value;
            step = "Get AMT_PublicPrivateKeyPair";
            var pair = await wsman.GetAsync("AMT_PublicPrivateKeyPair", ct, new Dictionary<string, string> { ["InstanceID"] = keyPairId });
            var derKey = Convert.FromBase64String(pair.Descendants().First(e => e.Name.LocalName == "DERKey").Value);

            step = "GeneratePKCS10RequestEx";
            var nullSigned = NullSignedRequest(fqdn, derKey);
            var csrOutput = await wsman.InvokeAsync("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx", [("KeyPair", keyPairRef.Elements().ToArray()), ("SigningAlgorithm", 1), ("NullSignedCertificateRequest", Convert.ToBase64String(nullSigned))], ct);
            var csr = Convert.FromBase64String(csrOutput.Elements().First(e => e.Name.LocalName == "SignedCertificateRequest").Value);

            var issued = await RequestDeviceCertificateAsync(fqdn, machineId, csr, Write, ct);
            if (issued is null)
            {
                Fail(fqdn, ProvisioningStep.DeviceCertificate, "the CA did not issue the device certificate");
                return;
            }

            deviceCertificate = issued;
            step = "AddCertificate";
            var added = await wsman.InvokeAsync("AMT_PublicKeyManagementService", "AddCertificate", [("CertificateBlob", Convert.ToBase64String(issued.RawData))], ct);
            var certRef = added.Elements().First(e => e.Name.LocalName == "CreatedCertificate");
            step = "Create AMT_TLSCredentialContext";
            XNamespace ctx = WsmanUris.Resource("AMT_TLSCredentialContext");
            await wsman.CreateAsync("AMT_TLSCredentialContext", new XElement(ctx + "AMT_TLSCredentialContext",
                new XElement(ctx + "ElementInContext", certRef.Elements()),
                new XElement(ctx + "ElementProvidingContext", EndpointCollection())), ct);
            step = "Put AMT_TLSSettingData";
            XNamespace tls = WsmanUris.Resource("AMT_TLSSettingData");
            await wsman.PutAsync("AMT_TLSSettingData", new XElement(tls + "AMT_TLSSettingData",
                new XElement(tls + "ElementName", "Intel(r) AMT 802.3 TLS Settings"),
                new XElement(tls + "InstanceID", "Intel(r) AMT 802.3 TLS Settings"),
                new XElement(tls + "MutualAuthentication", false),
                new XElement(tls + "Enabled", true)), ct, new Dictionary<string, string> { ["InstanceID"] = "Intel(r) AMT 802.3 TLS Settings" });
            step = "CommitChanges";
            await wsman.InvokeAsync("AMT_SetupAndConfigurationService", "CommitChanges", [], ct);
        }
        catch (Exception ex) when (ex is WsmanException or HttpRequestException or IOException or DeviceTlsException or FormatException or InvalidOperationException or AmtSim.Runtime.Errors.InvalidInputException or CryptographicException)
        {
            Write(AmtOpMgrMessages.WsmanCallFailed, step, fqdn, ex.Message);
            Write(AmtOpMgrMessages.CantFinishProvision, fqdn, 0);
            Fail(fqdn, ProvisioningStep.Configuration, $"{step}: {ex.Message}");
            return;
        }

        RememberProvisioned(hello.Uuid, peer, fqdn, machineId, deviceCertificate!);
        Write(AmtOpMgrMessages.ProvisionSucceeded, fqdn, machineId);
        Write(AmtOpMgrMessages.ProvisionTaskEnd);
        _outcomes.Enqueue(new ProvisioningOutcome(hello.Uuid, peer, fqdn, true, ProvisioningStep.Done, "provisioned"));
    }

    /// <summary>
    /// Asks the enterprise CA for the device's web-server certificate and waits for it the way
    /// the seed-001 log shows: RETRY(1)…RETRY(n) twenty seconds apart, then the two error lines.
    /// </summary>
    private async Task<X509Certificate2?> RequestDeviceCertificateAsync(string fqdn, int machineId, byte[] csr, Action<AmtOpMgrMessage, object[]> write, CancellationToken ct)
    {
        var template = _options.Ca.Templates.FirstOrDefault(t => string.Equals(t.Name, _options.WebServerTemplate, StringComparison.OrdinalIgnoreCase));
        if (template is { UsableByConfigurationManager: false })
        {
            write(AmtOpMgrMessages.TemplateNotSupported, [template.Name]);
            write(AmtOpMgrMessages.CantFinishProvision, [fqdn, 0]);
            return null;
        }

        write(AmtOpMgrMessages.SendProxyRequest, [machineId]);
        var request = _options.Ca.Submit(csr, _options.WebServerTemplate, fqdn);
        write(AmtOpMgrMessages.ProxyInstructionCreated, [_options.ProxyInboxPath]);
        for (var attempt = 1; attempt <= _options.CertificateRetries; attempt++)
        {
            write(AmtOpMgrMessages.RetryValidateClientCert, [attempt, fqdn]);
            var current = _options.Ca.Get(request.Id);
            if (current.Disposition == RequestDisposition.Issued)
            {
                return current.Certificate;
            }

            if (attempt < _options.CertificateRetries)
            {
                write(AmtOpMgrMessages.WaitForClientCert, [fqdn]);
                write(AmtOpMgrMessages.WorkerWakesUp, []);
                write(AmtOpMgrMessages.WorkerWait, []);
                await _work.DelayAsync(_options.CertificateRetryInterval, _time, ct);
            }
        }

        write(AmtOpMgrMessages.MissedDeviceCertificate, [machineId]);
        write(AmtOpMgrMessages.CantFinishProvision, [fqdn, 0]);
        return null;
    }

    /// <summary>True when the chain's root (SHA-1, SHA-256 or SHA-384) is among the hello's hashes; a chain without its root is tried anyway.</summary>
    private static bool RootMatchesHello(ProvisioningCredential credential, PkiHello hello)
    {
        var top = credential.Chain[^1];
        if (!top.SubjectName.RawData.AsSpan().SequenceEqual(top.IssuerName.RawData))
        {
            return true;
        }

        return hello.Hashes.Any(h => h.Hash.Span.SequenceEqual(h.Type.Compute(top.RawData)));
    }

    /// <summary>A PKCS#10 request for CN=fqdn over the device's public key with an empty signature; the device signs it (GeneratePKCS10RequestEx).</summary>
    /// <remarks>
    /// The key goes into the request as the device reported it, after a structural check
    /// (RSAPublicKey: SEQUENCE of modulus and exponent, DER, nothing after); importing it into
    /// OpenSSL only to export the same bytes again cost more than the rest of the request.
    /// </remarks>
    private static byte[] NullSignedRequest(string fqdn, byte[] rsaPublicKeyDer)
    {
        try
        {
            var reader = new AsnReader(rsaPublicKeyDer, AsnEncodingRules.DER);
            var key = reader.ReadSequence();
            key.ReadInteger();
            key.ReadInteger();
            key.ThrowIfNotEmpty();
            reader.ThrowIfNotEmpty();
        }
        catch (AsnContentException ex)
        {
            throw new FormatException($"the device's DERKey is not a DER RSAPublicKey ({ex.Message})", ex);
        }

        var publicKey = new PublicKey(new Oid("1.2.840.113549.1.1.1"), new AsnEncodedData([0x05, 0x00]), new AsnEncodedData(rsaPublicKeyDer));
        var request = new CertificateRequest(new X500DistinguishedName($"CN={fqdn}"), publicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSigningRequest(new NullSignatureGenerator(publicKey));
    }

    private static XElement[] EndpointCollection()
    {
        XNamespace a = WsmanUris.Addressing, w = WsmanUris.Wsman;
        return
        [
            new XElement(a + "Address", "/wsman"),
            new XElement(a + "ReferenceParameters",
                new XElement(w + "ResourceURI", WsmanUris.Resource("AMT_TLSProtocolEndpointCollection")),
                new XElement(w + "SelectorSet", new XElement(w + "Selector", new XAttribute("Name", "ElementName"), "TLSProtocolEndpoint Instances Collection"))),
        ];
    }

    private sealed class NullSignatureGenerator(PublicKey key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
            => Convert.FromHexString("300d06092a864886f70d01010b0500");

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => new byte[256];

        protected override PublicKey BuildPublicKey() => key;
    }
}
