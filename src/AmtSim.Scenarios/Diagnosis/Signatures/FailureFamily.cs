namespace AmtSim.Scenarios.Diagnosis.Signatures;

/// <summary>What kind of problem a failure signature names. YAML names in <see cref="FailureFamilies"/>.</summary>
public enum FailureFamily
{
    /// <summary>The provisioning chain is rejected in the TLS handshake (expired intermediate, PFX without chain, ...).</summary>
    ChainTlsHandshake,

    /// <summary>The enterprise CA does not issue the device's certificate (pending requests, template).</summary>
    CaApproval,

    /// <summary>The device's trusted DNS suffix, or the namespace, does not match the certificate or the server.</summary>
    DnsSuffixNamespace,

    /// <summary>The provisioning certificate expired or is about to.</summary>
    ExpiredProvisioningCertificate,

    /// <summary>The chain's root hash is not in the device's trusted table.</summary>
    UntrustedRoot,

    /// <summary>The leaf lacks the AMT setup OID / the "Intel(R) Client Setup Certificate" OU.</summary>
    OidOu,

    /// <summary>HTTP Digest / account authentication with the device fails.</summary>
    DigestAuth,

    /// <summary>The client and the firmware share no TLS version or cipher suite.</summary>
    TlsVersion,

    /// <summary>DHCP options, DNS registration, name resolution.</summary>
    NetworkDhcp,

    /// <summary>An AMT provisioning failure none of the families above names (an activation step refused, the server's own setup).</summary>
    Other,
}

/// <summary>The fixed list of families, in this order, as written in signatures.yaml, the text output and the JSON output.</summary>
public static class FailureFamilies
{
    private static readonly Dictionary<string, FailureFamily> ByName = new(StringComparer.Ordinal)
    {
        ["chain-tls-handshake"] = FailureFamily.ChainTlsHandshake,
        ["ca-approval"] = FailureFamily.CaApproval,
        ["dns-suffix-namespace"] = FailureFamily.DnsSuffixNamespace,
        ["expired-provisioning-certificate"] = FailureFamily.ExpiredProvisioningCertificate,
        ["untrusted-root"] = FailureFamily.UntrustedRoot,
        ["oid-ou"] = FailureFamily.OidOu,
        ["digest-auth"] = FailureFamily.DigestAuth,
        ["tls-version"] = FailureFamily.TlsVersion,
        ["network-dhcp"] = FailureFamily.NetworkDhcp,
        ["other"] = FailureFamily.Other,
    };

    public static IReadOnlyDictionary<string, FailureFamily> Names => ByName;

    /// <summary>The family's YAML/JSON name, e.g. "chain-tls-handshake".</summary>
    public static string Name(this FailureFamily family) => ByName.First(kv => kv.Value == family).Key;
}
