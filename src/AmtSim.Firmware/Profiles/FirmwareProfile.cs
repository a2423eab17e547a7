using AmtSim.Pki.Catalogue;
using AmtSim.Firmware.Validation;

namespace AmtSim.Firmware.Profiles;

/// <summary>TLS protocol versions a firmware generation's web server speaks.</summary>
[Flags]
public enum TlsVersions
{
    None = 0,
    Tls10 = 1,
    Tls11 = 2,
    Tls12 = 4,
}

/// <summary>
/// What a firmware generation does: which TLS versions it speaks and which provisioning
/// certificate checks it applies. Every choice cites its source (amt-reference.md section);
/// [I] marks an inference that is configurable rather than documented.
/// </summary>
public sealed record FirmwareProfile
{
    public required FirmwareVersion Version { get; init; }

    /// <summary>AMT 12 added TLS 1.2 and dropped 1.0; CSME 15/16 dropped 1.1 (§1.3). [C/I]</summary>
    public required TlsVersions Tls { get; init; }

    /// <summary>ME 15/16 and later: no SHA-1 anywhere in the chain (§1.4). [C]</summary>
    public required bool RejectSha1 { get; init; }

    /// <summary>ME 15/16 and later: no RSA key under 2048 bits (§1.4). [C]</summary>
    public required int MinRsaKeyBits { get; init; }

    /// <summary>
    /// Whether the device checks validity dates of the chain against its own clock.
    /// No source says old firmware did (§1.4, [?]); default on, as a per-firmware option,
    /// because a simulator that accepts an expired chain would hide a failure the server side
    /// would also produce. Scenarios can turn it off to model permissive firmware.
    /// </summary>
    public bool CheckValidityDates { get; init; } = true;

    /// <summary>Maximum certificates in a provisioning chain, root included. A dedicated error exists; the number is unknown (§1.4 [?]). [I]</summary>
    public int MaxChainLength { get; init; } = 4;

    /// <summary>How the leaf CN is matched against the trusted DNS suffix (§1.4). Intel's rule by default.</summary>
    public DnsSuffixRule SuffixRule { get; init; } = DnsSuffixRule.Intel;

    /// <summary>The default trusted hash table this generation ships with (§3).</summary>
    public IReadOnlyList<TrustedRootHash> DefaultHashes => DefaultHashTables.ForFirmware(Version.Major);

    /// <summary>PKI hello carries at most this many hashes (AMT 7+: 23) (§1.2). [C]</summary>
    public int MaxHelloHashes => Version.Major >= 7 ? 23 : 64;

    /// <summary>The profile of a firmware version, from the rules above.</summary>
    public static FirmwareProfile For(FirmwareVersion version)
    {
        var tls = version.Major switch
        {
            < 12 => TlsVersions.Tls10 | TlsVersions.Tls11,
            < 15 => TlsVersions.Tls11 | TlsVersions.Tls12,
            _ => TlsVersions.Tls12,
        };
        var strict = version.Major >= 16;
        return new FirmwareProfile
        {
            Version = version,
            Tls = tls,
            RejectSha1 = strict,
            MinRsaKeyBits = strict ? 2048 : 1024,
        };
    }

    public static FirmwareProfile For(string version) => For(FirmwareVersion.Parse(version));
}
