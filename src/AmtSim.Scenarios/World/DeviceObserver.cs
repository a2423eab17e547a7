using System.Globalization;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Cira;
using AmtSim.Firmware.Device;
using AmtSim.Provisioning.Sccm;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World;

/// <summary>Turns a device's final state and audit trail into what expectations and reports read.</summary>
public static class DeviceObserver
{
    /// <summary>Every device of a world; <paramref name="outcomes"/> is the built-in service point's record of its attempts (null for servers that keep none).</summary>
    /// <param name="ciraAtEnd">Each device's CIRA state when the server announced its end (before its MPS went away), if it did.</param>
    public static IReadOnlyList<DeviceObservation> ObserveAll(IEnumerable<(int Index, string Scope, AmtDevice Device)> devices, IReadOnlyList<ProvisioningOutcome>? outcomes, IReadOnlyDictionary<Guid, (CiraStatus Status, string Detail)>? ciraAtEnd = null)
    {
        var last = new Dictionary<Guid, ProvisioningOutcome>();
        foreach (var o in outcomes ?? [])
        {
            last[o.Uuid] = o;
        }

        return [.. devices.Select(d =>
        {
            var observed = Observe(d.Index, d.Scope, d.Device, last.GetValueOrDefault(d.Device.Identity.Uuid));
            return ciraAtEnd is not null && ciraAtEnd.TryGetValue(d.Device.Identity.Uuid, out var cira)
                ? observed with { Cira = cira.Status.ToString(), CiraReason = cira.Detail }
                : observed;
        })];
    }

    /// <param name="outcome">Where the server's last attempt for this device stopped, if it keeps such a record: it gives the reason when the device's own trail cannot (a namespace refusal, a pending certificate).</param>
    public static DeviceObservation Observe(int index, string scope, AmtDevice device, ProvisioningOutcome? outcome = null)
    {
        var entries = device.Audit.Entries;
        var handshakes = entries.OfType<TlsHandshakeAudit>().ToList();
        var state = device.State.ToString().ToLowerInvariant();
        return new DeviceObservation
        {
            Index = index,
            Uuid = device.Identity.Uuid,
            Hostname = device.Identity.Hostname,
            Fqdn = device.Network.Fqdn,
            Address = device.Network.Address.ToString(),
            Firmware = device.Identity.Firmware.Version.ToString(),
            Scope = scope,
            State = state,
            Mode = device.ControlMode.ToString().ToLowerInvariant(),
            Reason = ReasonOf(device, state, handshakes.Count == 0 ? null : handshakes[^1], outcome, entries),
            Cira = device.CiraStatus.ToString(),
            CiraReason = device.CiraDetail,
            AlertsSent = [.. handshakes.Where(h => h.AlertSent is not null).Select(h => h.AlertSent!.Value)],
            Timeline = [.. entries.Select(e => ToEvent(e, state)).OfType<TimelineEvent>()],
        };
    }

    /// <summary>
    /// Every device gets a reason (<see cref="DeviceReasons"/>): provisioned devices <c>Accepted</c>;
    /// otherwise where the server's attempt stopped, the device's verdict on the chain when the
    /// server got that far, or why no attempt came (no suffix, no server found, no answer).
    /// </summary>
    internal static string ReasonOf(AmtDevice device, string state, TlsHandshakeAudit? lastHandshake, ProvisioningOutcome? outcome, IReadOnlyList<AuditEntry> entries)
    {
        var verdict = lastHandshake?.Reason.ToString();
        if (state == "post")
        {
            return DeviceReasons.Accepted;
        }

        if (outcome is { Succeeded: false })
        {
            return outcome.Step switch
            {
                ProvisioningStep.Namespace => DeviceReasons.DomainSuffixMismatch,
                ProvisioningStep.ResolveName => DeviceReasons.NameNotResolved,
                ProvisioningStep.Certificate => DeviceReasons.ServerCertificateUnusable,
                ProvisioningStep.CaRequest => DeviceReasons.CertificatePending,
                ProvisioningStep.TlsHandshake => verdict is null or DeviceReasons.Accepted ? DeviceReasons.HandshakeFailed : verdict,
                _ when outcome.Step > ProvisioningStep.TlsHandshake => DeviceReasons.SetupFailed,
                _ => verdict ?? DeviceReasons.NoAnswer,
            };
        }

        if (verdict is not null)
        {
            // The chain was accepted but the device is not provisioned, and the server kept no record of why.
            return verdict == DeviceReasons.Accepted ? DeviceReasons.NotCommitted : verdict;
        }

        var hellos = entries.OfType<NetworkAudit>().Where(n => n.NetworkKind == AuditKind.Hello).ToList();
        if (hellos.Any(h => h.Succeeded && h.Detail.StartsWith("hello #", StringComparison.Ordinal)))
        {
            return DeviceReasons.NoAnswer;
        }

        return device.Network.TrustedDnsSuffix is null ? DeviceReasons.NoTrustedDnsSuffix : DeviceReasons.NoProvisioningServer;
    }

    private static TimelineEvent? ToEvent(AuditEntry e, string state) => e switch
    {
        // The firmware ends its hello schedule "Provisioned" when the device leaves pre-provisioning;
        // a device that stopped in-provisioning (a pending certificate) never was.
        NetworkAudit n when state != "post" && n.NetworkKind == AuditKind.Hello && n.Detail.StartsWith("hello schedule ended: Provisioned", StringComparison.Ordinal)
            => new TimelineEvent(n.At, "hello", $"hello schedule ended: the device left pre-provisioning ({n.Detail["hello schedule ended: Provisioned".Length..].Trim()}) but is {state}, not provisioned", false),
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
        CiraAudit c => new TimelineEvent(c.At, "CIRA", c.Refused ? c.Describe() : $"{c.To}: {c.Detail}", c.Healthy),
        _ => null,
    };

    /// <summary>Closes worth a line in the timeline: the device gave up on the peer or the transport broke.</summary>
    private static bool IsAbnormalClose(string what)
        => what is "closed: TimedOut" or "closed: TransportError";
}
