namespace AmtSim.Firmware.Cira;

/// <summary>Where a device's CIRA connection stands; the last one is the device's CIRA state in reports.</summary>
public enum CiraStatus
{
    /// <summary>No CIRA configured (not provisioned, no remote access policy), or the agent is not running.</summary>
    Off,

    /// <summary>The configuration asks for no connection: not provisioned, no periodic policy, no MPS, or environment detection says the device is inside.</summary>
    CiraNotRequired,

    /// <summary>Dialling the MPS: TCP, TLS, then the APF exchange up to the port forwards.</summary>
    Connecting,

    /// <summary>Authenticated to the MPS with its ports forwarded; keep-alives flowing.</summary>
    CiraConnected,

    /// <summary>A connection that was up ended (the MPS closed it, the transport broke, DISCONNECT).</summary>
    CiraDisconnected,

    /// <summary>The MPS could not be reached (name not resolved, connection refused, timeout).</summary>
    MpsUnreachable,

    /// <summary>The MPS certificate does not chain to a root the device was given (AddTrustedRootCertificate), or is outside its validity.</summary>
    MpsCertificateUntrusted,

    /// <summary>The MPS certificate chains to a trusted root but does not name the MPS (AccessInfo, or CN for an IPv4 entry).</summary>
    MpsCertificateNameMismatch,

    /// <summary>The TLS handshake failed for another reason (no common version or suite, the MPS closed it).</summary>
    MpsTlsFailed,

    /// <summary>The MPS answered USERAUTH_FAILURE to the MPS username/password.</summary>
    MpsAuthenticationFailed,

    /// <summary>The MPS sent something APF does not allow at that point, or malformed bytes.</summary>
    MpsProtocolError,
}

/// <summary>What happens to a device's CIRA connection; each is a row of <see cref="CiraLifecycle.Table"/>.</summary>
public enum CiraEvent
{
    /// <summary>Nothing configured for CIRA (not provisioned, no remote access policy): back to, or stay, Off.</summary>
    Unconfigured,
    NotRequired,
    Dial,
    Established,
    Dropped,
    Unreachable,
    CertificateUntrusted,
    CertificateNameMismatch,
    TlsFailed,
    AuthenticationFailed,
    ProtocolError,
    Stopped,
}

/// <summary>One legal transition: from any of <paramref name="From"/>, <paramref name="Event"/> leads to <paramref name="To"/>.</summary>
public sealed record CiraTransition(IReadOnlyList<CiraStatus> From, CiraEvent Event, CiraStatus To);

/// <summary>
/// The CIRA state table: what may happen in which state. A connection is dialled from rest
/// (off, not required, or after a failure or a drop), ends its dial in one of the failure states
/// or connected, and a connected one can only drop or break. Anything else is refused.
/// </summary>
public static class CiraLifecycle
{
    private static readonly CiraStatus[] AtRest =
    [
        CiraStatus.Off, CiraStatus.CiraNotRequired, CiraStatus.CiraDisconnected, CiraStatus.MpsUnreachable, CiraStatus.MpsCertificateUntrusted,
        CiraStatus.MpsCertificateNameMismatch, CiraStatus.MpsTlsFailed, CiraStatus.MpsAuthenticationFailed, CiraStatus.MpsProtocolError,
    ];

    public static IReadOnlyList<CiraTransition> Table { get; } =
    [
        new(AtRest, CiraEvent.Unconfigured, CiraStatus.Off),
        new(AtRest, CiraEvent.NotRequired, CiraStatus.CiraNotRequired),
        new(AtRest, CiraEvent.Dial, CiraStatus.Connecting),
        new([CiraStatus.Connecting], CiraEvent.Established, CiraStatus.CiraConnected),
        new([CiraStatus.Connecting], CiraEvent.Unreachable, CiraStatus.MpsUnreachable),
        new([CiraStatus.Connecting], CiraEvent.CertificateUntrusted, CiraStatus.MpsCertificateUntrusted),
        new([CiraStatus.Connecting], CiraEvent.CertificateNameMismatch, CiraStatus.MpsCertificateNameMismatch),
        new([CiraStatus.Connecting], CiraEvent.TlsFailed, CiraStatus.MpsTlsFailed),
        new([CiraStatus.Connecting], CiraEvent.AuthenticationFailed, CiraStatus.MpsAuthenticationFailed),
        new([CiraStatus.Connecting, CiraStatus.CiraConnected], CiraEvent.ProtocolError, CiraStatus.MpsProtocolError),
        new([CiraStatus.Connecting, CiraStatus.CiraConnected], CiraEvent.Dropped, CiraStatus.CiraDisconnected),
        new([.. AtRest, CiraStatus.Connecting, CiraStatus.CiraConnected], CiraEvent.Stopped, CiraStatus.Off),
    ];

    /// <summary>The row for <paramref name="cira"/> in <paramref name="from"/>, or null when the event is not allowed there.</summary>
    public static CiraTransition? Find(CiraStatus from, CiraEvent cira)
        => Table.FirstOrDefault(t => t.Event == cira && t.From.Contains(from));
}
