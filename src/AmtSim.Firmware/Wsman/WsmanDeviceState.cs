using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Validation;
using AmtSim.Runtime.Determinism;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman;

/// <summary>A key pair made by GenerateKeyPair: "Intel(r) AMT Key: Handle: N".</summary>
public sealed record DeviceKeyPair(int Handle, RSA Key)
{
    public string InstanceId => "Intel(r) AMT Key: Handle: " + Handle.ToString(CultureInfo.InvariantCulture);

    public EndpointReference Reference => EndpointReference.To(WsmanNamespaces.ResourceUriOf("AMT_PublicPrivateKeyPair"), "InstanceID", InstanceId);

    private byte[]? _publicKeyDer;

    /// <summary>The public key as AMT reports it (DERKey: PKCS#1 RSAPublicKey); exported once (OpenSSL's encoder is slow and the key never changes).</summary>
    public byte[] PublicKeyDer() => _publicKeyDer ??= Pkcs1Of(SubjectPublicKeyInfoDer());

    private byte[]? _subjectPublicKeyInfo;

    /// <summary>The public key as SubjectPublicKeyInfo (what a PKCS#10 request carries): the pool's copy for a pool key, else exported once.</summary>
    public byte[] SubjectPublicKeyInfoDer() => _subjectPublicKeyInfo ??= KnownSubjectPublicKeyInfo ?? Key.ExportSubjectPublicKeyInfo();

    /// <summary>The SubjectPublicKeyInfo the key's source already held (<see cref="GeneratedKey"/>), or null.</summary>
    public byte[]? KnownSubjectPublicKeyInfo { get; init; }

    /// <summary>The RSAPublicKey inside an RSA SubjectPublicKeyInfo (its BIT STRING).</summary>
    private static byte[] Pkcs1Of(byte[] subjectPublicKeyInfo)
    {
        var spki = new System.Formats.Asn1.AsnReader(subjectPublicKeyInfo, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        spki.ReadSequence();
        return spki.ReadBitString(out _);
    }

    /// <summary>
    /// Whether <paramref name="publicKey"/> (an RSA SubjectPublicKeyInfo, as in a certificate or a
    /// PKCS#10 request) is this pair's key: the PKCS#1 key bytes are compared directly, and only a
    /// key encoded differently from OpenSSL's canonical DER is decoded to compare.
    /// </summary>
    public bool Matches(PublicKey publicKey)
    {
        if (publicKey.Oid.Value != ProvisioningCertificateOids.RsaEncryption)
        {
            return false;
        }

        if (publicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(PublicKeyDer()))
        {
            return true;
        }

        using var rsa = publicKey.GetRSAPublicKey();
        return rsa is not null && rsa.ExportRSAPublicKey().AsSpan().SequenceEqual(PublicKeyDer());
    }
}

/// <summary>A certificate added by AddCertificate or AddTrustedRootCertificate: "Intel(r) AMT Certificate: Handle: N".</summary>
public sealed class DeviceCertificate
{
    private readonly Lazy<X509Certificate2> _certificate;

    /// <summary>A certificate as AddCertificate stored it: <paramref name="der"/> checked in shape, loaded by .NET on first use (or <paramref name="loaded"/> already).</summary>
    public DeviceCertificate(int handle, byte[] der, bool trustedRoot, DeviceKeyPair? keyPair, X509Certificate2? loaded = null)
    {
        Handle = handle;
        Der = der;
        TrustedRoot = trustedRoot;
        KeyPair = keyPair;
        _certificate = loaded is not null ? new Lazy<X509Certificate2>(loaded) : new Lazy<X509Certificate2>(() => X509CertificateLoader.LoadCertificate(der));
    }

    public int Handle { get; }

    /// <summary>The certificate's bytes as they were added.</summary>
    public ReadOnlyMemory<byte> Der { get; }

    public bool TrustedRoot { get; }

    public DeviceKeyPair? KeyPair { get; }

    /// <summary>The certificate as .NET holds it, loaded on first use.</summary>
    public X509Certificate2 Certificate => _certificate.Value;

    public string InstanceId => "Intel(r) AMT Certificate: Handle: " + Handle.ToString(CultureInfo.InvariantCulture);

    public EndpointReference Reference => EndpointReference.To(WsmanNamespaces.ResourceUriOf("AMT_PublicKeyCertificate"), "InstanceID", InstanceId);
}

/// <summary>
/// The WS-Man side of one device. Not thread-safe on its own: <see cref="WsmanService"/> runs
/// every call holding <see cref="Gate"/>, so calls on one device are serialised as on real firmware.
/// </summary>
public sealed class WsmanDeviceState
{
    private long _messageCounter;
    private int _nonceGeneration;
    private byte[]? _configurationNonce;
    private int _nextKeyHandle;
    private int _nextCertificateHandle;
    private uint _nextEnumeration;

    public WsmanDeviceState(long seed)
    {
        Seed = seed;
        _messageCounter = 0x500 + (SeedDerivation.Derive(seed, 0, "wsman/message-id") & 0xFFFF);
    }

    /// <summary>A device seed from its UUID, for devices built without a run seed.</summary>
    public static long SeedFor(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }

    public Lock Gate { get; } = new();

    /// <summary>Drives the ConfigurationNonce sequence; a fleet sets it from (run seed, device index).</summary>
    public long Seed { get; set; }

    /// <summary>The next reply MessageID, counting up as AMT does.</summary>
    public string NextMessageId() => WsmanResponseWriter.MessageIdFor(Interlocked.Increment(ref _messageCounter));

    /// <summary>IPS_HostBasedSetupService.ConfigurationNonce: 20 bytes from the seed, renewed after each AdminSetup attempt.</summary>
    public byte[] ConfigurationNonce => _configurationNonce ??= SeedDerivation.DeriveBytes(Seed, _nonceGeneration, "ips/configuration-nonce", 20);

    public void RenewConfigurationNonce()
    {
        _nonceGeneration++;
        _configurationNonce = null;
    }

    /// <summary>AMT_GeneralSettings properties once written by Put (null: the pre-provisioning defaults).</summary>
    public List<WsmanProperty>? GeneralSettings { get; set; }

    /// <summary>AMT_EthernetPortSettings properties once written by Put.</summary>
    public List<WsmanProperty>? EthernetPortSettings { get; set; }

    /// <summary>AMT_EthernetPortSettings "Settings 1" (wireless) properties once written by Put.</summary>
    public List<WsmanProperty>? WirelessPortSettings { get; set; }

    /// <summary>IPS_IEEE8021xSettings properties once written by Put (null: the factory values).</summary>
    public List<WsmanProperty>? Ieee8021xSettings { get; set; }

    /// <summary>CIM_WiFiEndpointSettings: the wireless profiles, each an instance's properties (InstanceID first).</summary>
    public List<IReadOnlyList<WsmanProperty>> WiFiProfiles { get; } = [];

    /// <summary>IPS_HTTPProxyAccessPoint instances' properties (Name identifies one).</summary>
    public List<IReadOnlyList<WsmanProperty>> HttpProxyAccessPoints { get; } = [];

    /// <summary>Redirection (SOL/IDER, KVM) and user consent.</summary>
    public RedirectionState Redirection { get; } = new();

    /// <summary>The host's power state (CIM_PowerManagementService).</summary>
    public HostPower Power { get; } = new();

    /// <summary>The machine's hardware (inventory classes), from <see cref="Seed"/>.</summary>
    public HardwareInventory Hardware => _hardware ??= HardwareInventory.For(Seed);

    private HardwareInventory? _hardware;

    /// <summary>AMT_BootSettingData properties once written by Put (null: the factory values).</summary>
    public List<WsmanProperty>? BootSettings { get; set; }

    /// <summary>IPS_OptInService's consent session (StartOptIn / SendOptInCode / CancelOptIn).</summary>
    public OptInSession OptIn { get; } = new();

    /// <summary>CIRA: MPS entries, remote access policies, environment detection.</summary>
    public CiraConfiguration Cira { get; } = new();

    /// <summary>AMT_TLSSettingData instances by InstanceID once written by Put.</summary>
    public Dictionary<string, List<WsmanProperty>> TlsSettings { get; } = new(StringComparer.Ordinal);

    public List<DeviceKeyPair> KeyPairs { get; } = [];

    public List<DeviceCertificate> Certificates { get; } = [];

    /// <summary>The certificate linked as TLS credential by AMT_TLSCredentialContext Create, if any.</summary>
    public DeviceCertificate? TlsCredential { get; set; }

    /// <summary>Host-based chain received so far through AddNextCertInChain, leaf first.</summary>
    public List<X509Certificate2> HostBasedChain { get; } = [];

    /// <summary>True once the root arrived and the chain was accepted (CertChainStatus 2).</summary>
    public bool HostBasedChainComplete { get; set; }

    /// <summary>The validator's verdict on the complete chain (kept for AdminSetup: a suffix mismatch fails there).</summary>
    public ValidationResult? HostBasedChainVerdict { get; set; }

    /// <summary>Open enumerations: context id → class resource URI and the items not yet pulled.</summary>
    public Dictionary<string, OpenEnumeration> Enumerations { get; } = new(StringComparer.Ordinal);

    public DeviceKeyPair AddKeyPair(GeneratedKey key)
    {
        var pair = new DeviceKeyPair(_nextKeyHandle++, key.Key) { KnownSubjectPublicKeyInfo = key.SubjectPublicKeyInfo };
        KeyPairs.Add(pair);
        return pair;
    }

    public DeviceCertificate AddCertificate(byte[] der, bool trustedRoot, DeviceKeyPair? keyPair, X509Certificate2? loaded = null)
    {
        var entry = new DeviceCertificate(_nextCertificateHandle++, der, trustedRoot, keyPair, loaded);
        Certificates.Add(entry);
        return entry;
    }

    /// <summary>Opens an enumeration (dropping the oldest beyond <paramref name="maxOpen"/>); returns its context id.</summary>
    public string OpenEnumeration(string resourceUri, IReadOnlyList<WsmanInstance> items, int maxOpen)
    {
        while (Enumerations.Count >= maxOpen)
        {
            var oldest = Enumerations.MinBy(e => e.Value.Sequence);
            Enumerations.Remove(oldest.Key);
        }

        var sequence = ++_nextEnumeration;
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, sequence);
        var id = Convert.ToHexString(bytes) + "-0000-0000-0000-000000000000";
        Enumerations[id] = new OpenEnumeration(resourceUri, new Queue<WsmanInstance>(items), sequence);
        return id;
    }

    public void ResetHostBasedChain()
    {
        HostBasedChain.Clear();
        HostBasedChainComplete = false;
        HostBasedChainVerdict = null;
    }

    /// <summary>Forgets everything provisioning wrote (Unprovision).</summary>
    public void ResetProvisioningData()
    {
        GeneralSettings = null;
        EthernetPortSettings = null;
        Ieee8021xSettings = null;
        WirelessPortSettings = null;
        WiFiProfiles.Clear();
        HttpProxyAccessPoints.Clear();
        Redirection.Reset();
        BootSettings = null;
        OptIn.Cancel();
        Cira.Reset();
        TlsSettings.Clear();
        KeyPairs.Clear();
        Certificates.Clear();
        TlsCredential = null;
        Enumerations.Clear();
        ResetHostBasedChain();
        RenewConfigurationNonce();
    }
}

/// <summary>An enumeration in progress.</summary>
public sealed record OpenEnumeration(string ResourceUri, Queue<WsmanInstance> Remaining, uint Sequence);
