using AmtSim.Firmware.Cira;
using AmtSim.Firmware.Validation;

namespace AmtSim.Firmware.Audit;

/// <summary>What kind of event an audit entry records.</summary>
public enum AuditKind
{
    Boot,
    DhcpLease,
    DnsLookup,
    Hello,
    Connection,
    TlsHandshake,
    HttpRequest,
    Authentication,
    WsmanCall,
    StateChange,
    Cira,
}

/// <summary>One event in a device's audit trail. Subtypes carry the typed facts tests assert on.</summary>
public abstract record AuditEntry(DateTimeOffset At)
{
    public abstract AuditKind Kind { get; }

    /// <summary>One line, for reports and failure messages.</summary>
    public abstract string Describe();
}

/// <summary>A TCP connection accepted (or closed) on one of the device's ports.</summary>
public sealed record ConnectionAudit(DateTimeOffset At, int Port, string Remote, string What) : AuditEntry(At)
{
    public override AuditKind Kind => AuditKind.Connection;
    public override string Describe() => $"{What} {Remote} on {Port}";
}

/// <summary>A TLS handshake on 16993: the validator's verdict on the client chain and the alert the device sent, if any.</summary>
public sealed record TlsHandshakeAudit(DateTimeOffset At, string Remote, ValidationReason Reason, string Detail, byte? AlertSent, string? ClientLeafSubject) : AuditEntry(At)
{
    public override AuditKind Kind => AuditKind.TlsHandshake;
    public bool Accepted => Reason == ValidationReason.Accepted;
    public override string Describe() => AlertSent is { } alert
        ? $"TLS handshake from {Remote} rejected: {Reason} ({Detail}); alert {alert} sent"
        : $"TLS handshake from {Remote}: {Reason} ({Detail})";
}

/// <summary>An HTTP Digest authentication attempt.</summary>
public sealed record AuthenticationAudit(DateTimeOffset At, string Remote, string User, bool Succeeded, string Detail) : AuditEntry(At)
{
    public override AuditKind Kind => AuditKind.Authentication;
    public override string Describe() => $"auth {(Succeeded ? "ok" : "failed")} for '{User}' from {Remote}: {Detail}";
}

/// <summary>A WS-Man call and its outcome (return value or fault).</summary>
public sealed record WsmanCallAudit(DateTimeOffset At, string Action, string ResourceClass, string Outcome, bool Succeeded) : AuditEntry(At)
{
    public override AuditKind Kind => AuditKind.WsmanCall;
    public override string Describe() => $"WS-Man {Action} {ResourceClass}: {Outcome}";
}

/// <summary>A provisioning-state or control-mode change.</summary>
public sealed record StateChangeAudit(DateTimeOffset At, string From, string To, string Cause) : AuditEntry(At)
{
    public override AuditKind Kind => AuditKind.StateChange;
    public override string Describe() => $"state {From} -> {To} ({Cause})";
}

/// <summary>A lifecycle event the state it arrived in does not allow (<see cref="Device.Lifecycle"/>); the state did not change.</summary>
public sealed record StateChangeRefusedAudit(DateTimeOffset At, string State, string Event, string Cause) : AuditEntry(At)
{
    public override AuditKind Kind => AuditKind.StateChange;
    public override string Describe() => $"state {State}: {Event} refused ({Cause})";
}

/// <summary>A network-life event: boot, DHCP lease, DNS lookup, hello attempt.</summary>
public sealed record NetworkAudit(DateTimeOffset At, AuditKind NetworkKind, string Detail, bool Succeeded) : AuditEntry(At)
{
    public override AuditKind Kind => NetworkKind;
    public override string Describe() => $"{NetworkKind}: {Detail}";
}

/// <summary>A CIRA transition (<see cref="CiraLifecycle"/>): from, the event, to, and why; or an event the state refused.</summary>
public sealed record CiraAudit(DateTimeOffset At, CiraStatus From, CiraEvent Event, CiraStatus To, string Detail, bool Refused = false) : AuditEntry(At)
{
    public override AuditKind Kind => AuditKind.Cira;

    /// <summary>Whether the transition is a good one (not a failure, not refused).</summary>
    public bool Healthy => !Refused && To is CiraStatus.Connecting or CiraStatus.CiraConnected or CiraStatus.CiraNotRequired or CiraStatus.Off;

    public override string Describe() => Refused
        ? $"CIRA {From}: {Event} refused ({Detail})"
        : $"CIRA {From} -> {To} ({Detail})";
}
