namespace AmtSim.Firmware.Validation;

/// <summary>Why the device accepted or rejected a provisioning certificate chain.</summary>
public enum ValidationReason
{
    Accepted,
    RootNotTrusted,
    HashEntryInactive,
    ChainIncomplete,
    BadSignature,
    IntermediateExpired,
    IntermediateNotYetValid,
    LeafExpired,
    LeafNotYetValid,
    MissingSetupOidAndOu,
    MissingServerAuthEku,
    DomainSuffixMismatch,
    NoTrustedDnsSuffix,
    Sha1NotAllowed,
    KeyTooSmall,
    ChainTooLong,

    /// <summary>A certificate carries a critical extension the firmware does not process (RFC 5280 §4.2: reject it).</summary>
    UnknownCriticalExtension,

    /// <summary>The leaf's key is not RSA: the device asks for rsa_sign client certificates and AdminSetup signs with RSA only.</summary>
    LeafKeyNotRsa,

    /// <summary>The leaf is a CA certificate (basicConstraints cA=TRUE); a provisioning certificate is an end entity.</summary>
    LeafIsCa,
}
