using System.Globalization;
using System.Xml.Linq;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Provisioning.Wsman;

/// <summary>A key pair the device generated: its InstanceID and the endpoint reference methods take.</summary>
public sealed record KeyPairRef(string InstanceId, IReadOnlyList<XElement> Reference);

/// <summary>A certificate the device stored (AddCertificate's CreatedCertificate reference).</summary>
public sealed record CertificateRef(IReadOnlyList<XElement> Reference);

/// <summary>
/// The AMT calls a provisioning server makes, one typed method per WS-Man exchange, over
/// <see cref="WsmanClient"/> and the one codec. Replies are read here, nowhere else; a reply
/// without the element a call needs throws <see cref="InvalidOperationException"/>, a value that is
/// not base64 <see cref="FormatException"/>, a fault or non-zero ReturnValue <see cref="WsmanException"/>.
/// </summary>
public interface IAmtClient
{
    Task<string> GetDigestRealmAsync(CancellationToken ct);

    Task EnumerateSoftwareIdentityAsync(CancellationToken ct);

    Task GetSetupAndConfigurationServiceAsync(CancellationToken ct);

    Task SetMebxPasswordAsync(string password, CancellationToken ct);

    /// <summary>SetAdminAclEntryEx with the Digest HA1 (hex) of the admin password in the device's realm.</summary>
    Task SetAdminAclEntryExAsync(string user, string digestHa1Hex, CancellationToken ct);

    /// <summary>The device's clock (Ta0, seconds since 1970), 0 when the reply has none.</summary>
    Task<long> GetLowAccuracyTimeAsync(CancellationToken ct);

    Task SetHighAccuracyTimeAsync(long ta0, long tm1, long tm2, CancellationToken ct);

    Task<KeyPairRef> GenerateKeyPairAsync(int keyLength, CancellationToken ct);

    /// <summary>The key pair's public key as the device reports it (DERKey: a DER RSAPublicKey).</summary>
    Task<byte[]> GetPublicKeyAsync(KeyPairRef keyPair, CancellationToken ct);

    /// <summary>GeneratePKCS10RequestEx: the device signs the null-signed request with the key pair (SHA-256).</summary>
    Task<byte[]> GeneratePkcs10Async(KeyPairRef keyPair, byte[] nullSignedRequest, CancellationToken ct);

    Task<CertificateRef> AddCertificateAsync(byte[] certificateDer, CancellationToken ct);

    Task DeleteTlsCredentialContextAsync(CancellationToken ct);

    Task CreateTlsCredentialContextAsync(CertificateRef certificate, CancellationToken ct);

    Task PutTlsSettingsAsync(bool mutualAuthentication, bool enabled, CancellationToken ct);

    Task CommitChangesAsync(CancellationToken ct);
}

/// <inheritdoc cref="IAmtClient"/>
public sealed class AmtClient(WsmanClient wsman) : IAmtClient
{
    private const string TlsSettingsInstance = "Intel(r) AMT 802.3 TLS Settings";

    public async Task<string> GetDigestRealmAsync(CancellationToken ct)
        => (await wsman.GetAsync("AMT_GeneralSettings", ct)).Descendants().FirstOrDefault(e => e.Name.LocalName == "DigestRealm")?.Value ?? "";

    public Task EnumerateSoftwareIdentityAsync(CancellationToken ct) => wsman.EnumerateAsync("CIM_SoftwareIdentity", ct);

    public Task GetSetupAndConfigurationServiceAsync(CancellationToken ct) => wsman.GetAsync("AMT_SetupAndConfigurationService", ct);

    public Task SetMebxPasswordAsync(string password, CancellationToken ct)
        => wsman.InvokeAsync("AMT_SetupAndConfigurationService", "SetMEBxPassword", [("Password", password)], ct);

    public Task SetAdminAclEntryExAsync(string user, string digestHa1Hex, CancellationToken ct)
        => wsman.InvokeAsync("AMT_AuthorizationService", "SetAdminAclEntryEx", [("Username", user), ("DigestPassword", Convert.ToBase64String(Convert.FromHexString(digestHa1Hex)))], ct);

    public async Task<long> GetLowAccuracyTimeAsync(CancellationToken ct)
    {
        var output = await wsman.InvokeAsync("AMT_TimeSynchronizationService", "GetLowAccuracyTimeSynch", [], ct);
        return long.TryParse(Child(output, "Ta0")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ta0) ? ta0 : 0;
    }

    public Task SetHighAccuracyTimeAsync(long ta0, long tm1, long tm2, CancellationToken ct)
        => wsman.InvokeAsync("AMT_TimeSynchronizationService", "SetHighAccuracyTimeSynch", [("Ta0", ta0), ("Tm1", tm1), ("Tm2", tm2)], ct);

    public async Task<KeyPairRef> GenerateKeyPairAsync(int keyLength, CancellationToken ct)
    {
        var output = await wsman.InvokeAsync("AMT_PublicKeyManagementService", "GenerateKeyPair", [("KeyAlgorithm", 0), ("KeyLength", keyLength)], ct);
        var reference = output.Elements().First(e => e.Name.LocalName == "KeyPair");
        var id = reference.Descendants().First(e => e.Name.LocalName == "Selector" && (string?)e.Attribute("Name") == "InstanceID").Value;
        return new KeyPairRef(id, [.. reference.Elements()]);
    }

    public async Task<byte[]> GetPublicKeyAsync(KeyPairRef keyPair, CancellationToken ct)
    {
        var pair = await wsman.GetAsync("AMT_PublicPrivateKeyPair", ct, new Dictionary<string, string> { ["InstanceID"] = keyPair.InstanceId });
        return Convert.FromBase64String(pair.Descendants().First(e => e.Name.LocalName == "DERKey").Value);
    }

    public async Task<byte[]> GeneratePkcs10Async(KeyPairRef keyPair, byte[] nullSignedRequest, CancellationToken ct)
    {
        var output = await wsman.InvokeAsync("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx", [("KeyPair", keyPair.Reference.ToArray()), ("SigningAlgorithm", 1), ("NullSignedCertificateRequest", Convert.ToBase64String(nullSignedRequest))], ct);
        return Convert.FromBase64String(output.Elements().First(e => e.Name.LocalName == "SignedCertificateRequest").Value);
    }

    public async Task<CertificateRef> AddCertificateAsync(byte[] certificateDer, CancellationToken ct)
    {
        var output = await wsman.InvokeAsync("AMT_PublicKeyManagementService", "AddCertificate", [("CertificateBlob", Convert.ToBase64String(certificateDer))], ct);
        return new CertificateRef([.. output.Elements().First(e => e.Name.LocalName == "CreatedCertificate").Elements()]);
    }

    public Task DeleteTlsCredentialContextAsync(CancellationToken ct) => wsman.DeleteAsync("AMT_TLSCredentialContext", ct);

    public Task CreateTlsCredentialContextAsync(CertificateRef certificate, CancellationToken ct)
    {
        XNamespace r = WsmanNamespaces.ResourceUriOf("AMT_TLSCredentialContext");
        return wsman.CreateAsync("AMT_TLSCredentialContext", new XElement(r + "AMT_TLSCredentialContext",
            new XElement(r + "ElementInContext", certificate.Reference),
            new XElement(r + "ElementProvidingContext", WsmanRequestWriter.EndpointReference("AMT_TLSProtocolEndpointCollection", "ElementName", "TLSProtocolEndpoint Instances Collection"))), ct);
    }

    public Task PutTlsSettingsAsync(bool mutualAuthentication, bool enabled, CancellationToken ct)
        => wsman.PutAsync(
            "AMT_TLSSettingData",
            WsmanRequestWriter.Instance("AMT_TLSSettingData", ("ElementName", TlsSettingsInstance), ("InstanceID", TlsSettingsInstance), ("MutualAuthentication", mutualAuthentication), ("Enabled", enabled)),
            ct,
            new Dictionary<string, string> { ["InstanceID"] = TlsSettingsInstance });

    public Task CommitChangesAsync(CancellationToken ct) => wsman.InvokeAsync("AMT_SetupAndConfigurationService", "CommitChanges", [], ct);

    private static XElement? Child(XElement output, string localName) => output.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
