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
}
