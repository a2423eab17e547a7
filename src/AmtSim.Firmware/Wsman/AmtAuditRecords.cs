using System.Buffers.Binary;
using System.Text;
using AmtSim.Firmware.Audit;

namespace AmtSim.Firmware.Wsman;

/// <summary>One AMT audit-log event: application and event id (e.g. 16/1 "Provisioning Completed"), who did it, when, extended data.</summary>
public sealed record AmtAuditEvent(ushort AppId, ushort EventId, string? User, string? NetAddress, DateTimeOffset At, byte[] ExtendedData)
{
    /// <summary>
    /// The record bytes AMT_AuditLog.ReadRecords returns (base64 on the wire), as MeshCentral's amt.js decodes them:
    /// AppID (u16 BE), EventID (u16 BE), initiator type (0 HTTP Digest + user name length and bytes; 2 local),
    /// time stamp (u32 BE, Unix seconds), location type (0 IPv4, 2 none), address length and text, extended data length and bytes.
    /// </summary>
    public byte[] Encode()
    {
        var bytes = new List<byte>(64);
        Span<byte> u16 = stackalloc byte[2];
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(u16, AppId);
        bytes.AddRange(u16.ToArray());
        BinaryPrimitives.WriteUInt16BigEndian(u16, EventId);
        bytes.AddRange(u16.ToArray());
        if (User is { } user)
        {
            var name = Encoding.UTF8.GetBytes(user);
            bytes.Add(0);
            bytes.Add((byte)Math.Min(name.Length, 255));
            bytes.AddRange(name.Take(255));
        }
        else
        {
            bytes.Add(2);
        }

        BinaryPrimitives.WriteUInt32BigEndian(u32, (uint)Math.Max(0, At.ToUnixTimeSeconds()));
        bytes.AddRange(u32.ToArray());
        if (NetAddress is { } address)
        {
            var text = Encoding.ASCII.GetBytes(address);
            bytes.Add(0);
            bytes.Add((byte)text.Length);
            bytes.AddRange(text);
        }
        else
        {
            bytes.Add(2);
            bytes.Add(0);
        }

        bytes.Add((byte)ExtendedData.Length);
        bytes.AddRange(ExtendedData);
        return [.. bytes];
    }
}

/// <summary>
/// What of the device's audit trail real AMT's audit log would hold (events 1601 provisioning completed, 1608 TLS
/// server certificate set, 1610 trusted root added, 1619 unprovisioning started, 1700-1703 power actions, 2100 time
/// set; ids and texts from MeshCentral's amt.js table). A call is attributed to the last Digest user that
/// authenticated before it (its address as the network address), else to the local host.
/// </summary>
public static class AmtAuditRecords
{
    public static IReadOnlyList<AmtAuditEvent> From(AuditTrail trail)
    {
        var events = new List<AmtAuditEvent>();
        string? user = null;
        string? address = null;
        foreach (var entry in trail.Entries)
        {
            switch (entry)
            {
                case AuthenticationAudit { Succeeded: true } auth:
                    user = auth.User;
                    address = auth.Remote.Split(':')[0];
                    break;
                case StateChangeAudit change when change.To.StartsWith("Post", StringComparison.Ordinal) && !change.From.StartsWith("Post", StringComparison.Ordinal):
                    events.Add(new(16, 1, user, address, change.At, []));
                    break;
                case WsmanCallAudit { Succeeded: true } call when Map(call) is { } mapped:
                    events.Add(new(mapped.App, mapped.Event, user, address, call.At, mapped.Extended));
                    break;
            }
        }

        return events;
    }

    private static (ushort App, ushort Event, byte[] Extended)? Map(WsmanCallAudit call)
    {
        byte[] time = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(time, (uint)Math.Max(0, call.At.ToUnixTimeSeconds()));
        return (call.ResourceClass, call.Action) switch
        {
            ("AMT_PublicKeyManagementService", "AddTrustedRootCertificate") => (16, 10, []),
            ("AMT_TLSCredentialContext", "Create") => (16, 8, []),
            ("AMT_SetupAndConfigurationService", "Unprovision") => (16, 19, [4]),
            ("AMT_TimeSynchronizationService", "SetHighAccuracyTimeSynch") => (21, 0, time),
            ("CIM_PowerManagementService", "RequestPowerStateChange") => PowerEvent(call.Outcome),
            _ => null,
        };
    }

    /// <summary>1700 power up, 1701 power down, 1702 power cycle, 1703 reset, from the requested state in the call's outcome.</summary>
    private static (ushort, ushort, byte[])? PowerEvent(string outcome)
    {
        var marker = outcome.LastIndexOf("(requested ", StringComparison.Ordinal);
        if (marker < 0 || !uint.TryParse(outcome.AsSpan(marker + 11).TrimEnd(')'), out var requested))
        {
            return null;
        }

        return requested switch
        {
            HostPower.On => (17, 0, []),
            HostPower.OffSoft or HostPower.OffSoftGraceful => (17, 1, []),
            HostPower.PowerCycleOffSoft => (17, 2, []),
            HostPower.MasterBusReset or HostPower.MasterBusResetGraceful => (17, 3, []),
            _ => null,
        };
    }
}
