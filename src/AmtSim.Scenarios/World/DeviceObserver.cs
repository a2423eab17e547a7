using System.Globalization;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World;

/// <summary>Turns a device's final state and audit trail into what expectations and reports read.</summary>
public static class DeviceObserver
{
    public static DeviceObservation Observe(int index, string scope, AmtDevice device)
    {
        var entries = device.Audit.Entries;
        var handshakes = entries.OfType<TlsHandshakeAudit>().ToList();
        return new DeviceObservation
        {
            Index = index,
            Uuid = device.Identity.Uuid,
            Hostname = device.Identity.Hostname,
            Fqdn = device.Network.Fqdn,
            Address = device.Network.Address.ToString(),
            Firmware = device.Identity.Firmware.Version.ToString(),
            Scope = scope,
            State = device.State.ToString().ToLowerInvariant(),
            Mode = device.ControlMode.ToString().ToLowerInvariant(),
            Reason = handshakes.Count == 0 ? null : handshakes[^1].Reason.ToString(),
            AlertsSent = [.. handshakes.Where(h => h.AlertSent is not null).Select(h => h.AlertSent!.Value)],
            Timeline = [.. entries.Select(ToEvent).OfType<TimelineEvent>()],
        };
    }

    private static TimelineEvent? ToEvent(AuditEntry e) => e switch
    {
        NetworkAudit n => new TimelineEvent(n.At, n.NetworkKind switch
        {
            AuditKind.Boot => "boot",
            AuditKind.DhcpLease => "DHCP",
            AuditKind.DnsLookup => "lookup",
            AuditKind.Hello => "hello",
            _ => n.NetworkKind.ToString(),
        }, n.Detail, n.Succeeded),
        TlsHandshakeAudit t => new TimelineEvent(t.At, "TLS", t.Accepted ? $"accepted from {t.Remote}" : $"{t.Reason}: {t.Detail}{(t.AlertSent is { } a ? string.Create(CultureInfo.InvariantCulture, $" (alert {a} sent)") : "")}", t.Accepted),
        WsmanCallAudit w => new TimelineEvent(w.At, "WS-Man", $"{w.Action} {w.ResourceClass}: {w.Outcome}", w.Succeeded),
        StateChangeAudit s => new TimelineEvent(s.At, "state", $"{s.From} → {s.To} ({s.Cause})", true),
        ConnectionAudit c when c.What.StartsWith("TLS handshake", StringComparison.Ordinal) => new TimelineEvent(c.At, "TLS", $"{c.What} ({c.Remote})", false),
        ConnectionAudit c when IsAbnormalClose(c.What) => new TimelineEvent(c.At, "connection", $"port {c.Port} {c.What} ({c.Remote})", false),
        AuthenticationAudit a when !a.Succeeded => new TimelineEvent(a.At, "auth", a.Describe(), false),
        _ => null,
    };

    /// <summary>Closes worth a line in the timeline: the device gave up on the peer or the transport broke.</summary>
    private static bool IsAbnormalClose(string what)
        => what is "closed: TimedOut" or "closed: TransportError";
}
