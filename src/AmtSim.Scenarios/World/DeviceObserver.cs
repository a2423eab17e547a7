using System.Globalization;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Cira;
using AmtSim.Firmware.Device;
using AmtSim.Pki.Ca;
using AmtSim.Provisioning.Sccm;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World;

/// <summary>Turns a device's final state and audit trail into what expectations and reports read.</summary>
public static class DeviceObserver
{
    /// <summary>Every device of a world; <paramref name="outcomes"/> is the built-in service point's record of its attempts (null for servers that keep none).</summary>
    /// <param name="caRequests">The enterprise CA's requests: each device's (by the FQDN the service point supplied) joins its timeline as CA events.</param>
    /// <param name="ciraAtEnd">Each device's CIRA state when the server announced its end (before its MPS went away), if it did.</param>
    public static IReadOnlyList<DeviceObservation> ObserveAll(IEnumerable<(int Index, string Scope, AmtDevice Device)> devices, IReadOnlyList<ProvisioningOutcome>? outcomes, IReadOnlyList<CaRequest>? caRequests = null, IReadOnlyDictionary<Guid, (CiraStatus Status, string Detail)>? ciraAtEnd = null)
    {
        var last = new Dictionary<Guid, ProvisioningOutcome>();
        var unreadable = new Dictionary<System.Net.IPAddress, ProvisioningOutcome>();
        foreach (var o in outcomes ?? [])
        {
            if (o.Uuid == Guid.Empty)
            {
                // A hello the service point could not read names no device; its sender's address does.
                unreadable[o.Address] = o;
            }
            else if (!o.Interrupted || !last.ContainsKey(o.Uuid))
            {
                // An attempt cut short by the end of the run says less than a finished one before it.
                last[o.Uuid] = o;
            }
        }

        var requests = (caRequests ?? []).ToLookup(r => r.Subject, StringComparer.OrdinalIgnoreCase);
        return [.. devices.Select(d =>
        {
            var observation = Observe(d.Index, d.Scope, d.Device, last.GetValueOrDefault(d.Device.Identity.Uuid) ?? unreadable.GetValueOrDefault(d.Device.Network.Address));
            var mine = d.Device.Network.Fqdn is { } fqdn ? requests["CN=" + fqdn].ToList() : [];
            if (mine.Count > 0)
            {
                observation = observation with { Timeline = WithCaEvents(observation.Timeline, mine) };
            }

            return ciraAtEnd is not null && ciraAtEnd.TryGetValue(d.Device.Identity.Uuid, out var cira)
                ? observation with { Cira = cira.Status.ToString(), CiraReason = cira.Detail }
                : observation;
        })];
    }

    /// <summary>
    /// The CA's view in the device's timeline (issue 18): a request issued at once is one event; a
    /// pending one is "pending" when submitted and, if that came, "issued" or "denied" when decided.
    /// A request joins right after the device's PKCS#10 call of the same instant (the request it
    /// answers), otherwise after the last event at or before its time. No request id or serial:
    /// those follow the order in which concurrent devices reached the CA, which the seed does not fix.
    /// </summary>
    internal static IReadOnlyList<TimelineEvent> WithCaEvents(IReadOnlyList<TimelineEvent> timeline, IEnumerable<CaRequest> requests)
    {
        var events = timeline.ToList();
        foreach (var r in requests.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id))
        {
            var template = string.Create(CultureInfo.InvariantCulture, $"template {r.Template.Name} v{(int)r.Template.Version}");
            if (r.Disposition == RequestDisposition.Issued && r.DecidedAt == r.SubmittedAt)
            {
                Insert(events, new TimelineEvent(r.SubmittedAt, "CA", $"certificate request ({template}): issued at once", true), afterPkcs10: true);
                continue;
            }

            Insert(events, new TimelineEvent(r.SubmittedAt, "CA", $"certificate request ({template}): pending, Taken Under Submission{(r.Template.RequiresApproval ? " (the template requires CA manager approval)" : " (the CA's policy module leaves every request pending)")}", false), afterPkcs10: true);
            if (r.DecidedAt is { } decided)
            {
                Insert(events, r.Disposition == RequestDisposition.Issued
                    ? new TimelineEvent(decided, "CA", "certificate request issued by a CA manager", true)
                    : new TimelineEvent(decided, "CA", $"certificate request refused: {r.DispositionMessage}", false), afterPkcs10: false);
            }
        }

        return events;
    }

    private static void Insert(List<TimelineEvent> events, TimelineEvent e, bool afterPkcs10)
    {
        var at = events.FindLastIndex(x => x.At <= e.At);
        if (afterPkcs10)
        {
            var pkcs10 = events.FindLastIndex(x => x.At == e.At && x.Kind == "WS-Man" && x.Text.Contains("PKCS10", StringComparison.OrdinalIgnoreCase));
            at = pkcs10 >= 0 ? pkcs10 : at;
        }

        events.Insert(at + 1, e);
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
            Timeline = [.. entries.Select(e => ToEvent(e, state)).OfType<TimelineEvent>().Concat(ServerEvent(outcome)).OrderBy(e => e.At)],
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
            // The commit's answer was lost: the device is provisioned, the service point thinks not.
            return outcome is { Succeeded: false, Step: ProvisioningStep.CommitChanges } ? DeviceReasons.CommitUnconfirmed : DeviceReasons.Accepted;
        }

        if (outcome is { Succeeded: false })
        {
            return outcome.Step switch
            {
                ProvisioningStep.Hello => DeviceReasons.HelloUnreadable,
                ProvisioningStep.Namespace => DeviceReasons.DomainSuffixMismatch,
                ProvisioningStep.ResolveName => DeviceReasons.NameNotResolved,
                ProvisioningStep.Certificate => DeviceReasons.ServerCertificateUnusable,
                ProvisioningStep.CaRequest => outcome.StepError ? DeviceReasons.CaUnavailable : DeviceReasons.CertificatePending,
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

        if (!entries.OfType<NetworkAudit>().Any(n => n.NetworkKind == AuditKind.DhcpLease && n.Succeeded))
        {
            return DeviceReasons.NoLease;
        }

        return device.Network.TrustedDnsSuffix is null ? DeviceReasons.NoTrustedDnsSuffix : DeviceReasons.NoProvisioningServer;
    }

    /// <summary>Where the server's last attempt ended, as a timeline line (the step and why), when it failed.</summary>
    private static IEnumerable<TimelineEvent> ServerEvent(ProvisioningOutcome? outcome)
        => outcome is { Succeeded: false, At: { } at }
            ? [new TimelineEvent(at, "server", $"stopped at {outcome.Step}: {outcome.Detail}", false)]
            : [];

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
        TlsHandshakeAudit t => new TimelineEvent(t.At, "TLS", t.Accepted ? $"accepted from {Host(t.Remote)}" : $"{t.Reason}: {t.Detail}{(t.AlertSent is { } a ? string.Create(CultureInfo.InvariantCulture, $" (alert {a} sent)") : "")}", t.Accepted),
        WsmanCallAudit w => new TimelineEvent(w.At, "WS-Man", $"{w.Action} {w.ResourceClass}: {w.Outcome}", w.Succeeded),
        StateChangeAudit s => new TimelineEvent(s.At, "state", $"{s.From} → {s.To} ({s.Cause})", true),
        ConnectionAudit c when c.What.StartsWith("TLS handshake", StringComparison.Ordinal) => new TimelineEvent(c.At, "TLS", $"{c.What} ({Host(c.Remote)})", false),
        ConnectionAudit c when IsAbnormalClose(c.What) => new TimelineEvent(c.At, "connection", $"port {c.Port} {c.What} ({Host(c.Remote)})", false),
        AuthenticationAudit a when !a.Succeeded => new TimelineEvent(a.At, "auth", a.Describe(), false),
        CiraAudit c => new TimelineEvent(c.At, "CIRA", c.Refused ? c.Describe() : $"{c.To}: {c.Detail}", c.Healthy),
        _ => null,
    };

    /// <summary>The peer's address without its port: the port is the operating system's ephemeral choice, different in every run (issue 18 item 9).</summary>
    internal static string Host(string remote)
    {
        var colon = remote.LastIndexOf(':');
        return colon > 0 && remote.IndexOf(':') == colon && int.TryParse(remote.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? remote[..colon] : remote;
    }

    /// <summary>Closes worth a line in the timeline: the device gave up on the peer or the transport broke.</summary>
    private static bool IsAbnormalClose(string what)
        => what is "closed: TimedOut" or "closed: TransportError";
}
