using AmtSim.Firmware.Validation;

namespace AmtSim.Scenarios.Model;

/// <summary>
/// Why a device ended where it did: the reason every device of a run carries in reports and that
/// <c>expect.devices.reason</c> and <c>expect.counts</c> compare against. The device's own verdict
/// on the provisioning chain (a <see cref="ValidationReason"/> name) when the server got that far,
/// otherwise what stopped provisioning before or after it (the names below). README.md's glossary
/// lists them all with what they mean.
/// </summary>
public static class DeviceReasons
{
    /// <summary>The chain was accepted and the device provisioned (post); a <see cref="ValidationReason"/> name.</summary>
    public const string Accepted = nameof(ValidationReason.Accepted);

    /// <summary>The service point refused the device on its namespace rule (the device's FQDN and the service point share no namespace); the same name as the device's own suffix check.</summary>
    public const string DomainSuffixMismatch = nameof(ValidationReason.DomainSuffixMismatch);

    /// <summary>The device has no trusted DNS suffix (no option 15, no MEBx PKI DNS suffix); a <see cref="ValidationReason"/> name.</summary>
    public const string NoTrustedDnsSuffix = nameof(ValidationReason.NoTrustedDnsSuffix);

    /// <summary>The chain was accepted, but the enterprise CA left the device's certificate request pending (or refused it): the device stays in-provisioning.</summary>
    public const string CertificatePending = "CertificatePending";

    /// <summary>The server could not resolve the device's address to a name (no PTR record).</summary>
    public const string NameNotResolved = "NameNotResolved";

    /// <summary>The device found no provisioning server to send hellos to.</summary>
    public const string NoProvisioningServer = "NoProvisioningServer";

    /// <summary>Hellos were delivered, but no provisioning server connected back within the run.</summary>
    public const string NoAnswer = "NoAnswer";

    /// <summary>The service point had no usable provisioning certificate (expired, unloaded, no matching root).</summary>
    public const string ServerCertificateUnusable = "ServerCertificateUnusable";

    /// <summary>The chain was accepted, but a WS-Man setup call or the commit failed.</summary>
    public const string SetupFailed = "SetupFailed";

    /// <summary>The chain was accepted and setup began, but nothing committed it (a server that keeps no record of its steps stopped): the device stays in-provisioning.</summary>
    public const string NotCommitted = "NotCommitted";

    /// <summary>The server got into the TLS handshake, but the device recorded no verdict (the connection broke first).</summary>
    public const string HandshakeFailed = "HandshakeFailed";

    /// <summary>The device got no DHCP lease (no server answered, or none it could read): no address, no hello.</summary>
    public const string NoLease = "NoLease";

    /// <summary>The service point could not read the device's hello (truncated, reset, garbage, or nothing before its read timeout).</summary>
    public const string HelloUnreadable = "HelloUnreadable";

    /// <summary>The chain was accepted, but the enterprise CA could not be reached (or did not answer) for the device's certificate: the device stays in-provisioning.</summary>
    public const string CaUnavailable = "CaUnavailable";

    /// <summary>The device committed and is provisioned (post), but the service point never got the commit's answer and recorded a failure: it keeps no record of the device (no certificate monitoring).</summary>
    public const string CommitUnconfirmed = "CommitUnconfirmed";

    /// <summary>Reasons beyond the validator's, in the order README.md explains them.</summary>
    public static IReadOnlyList<string> Outcomes { get; } =
        [CertificatePending, NameNotResolved, NoProvisioningServer, NoAnswer, ServerCertificateUnusable, SetupFailed, NotCommitted, HandshakeFailed, NoLease, HelloUnreadable, CaUnavailable, CommitUnconfirmed];

    /// <summary>Every name a device's reason can take.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetNames<ValidationReason>(), .. Outcomes];
}
