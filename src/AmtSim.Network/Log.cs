using System.Net;
using AmtSim.Firmware.Boot;
using AmtSim.Protocol.Dhcp;
using AmtSim.Protocol.Dns;
using Microsoft.Extensions.Logging;

namespace AmtSim.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Embedded DHCP: {Mac} leased {Address} from scope {Scope}")]
    public static partial void Leased(ILogger logger, string mac, IPAddress address, string scope);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Embedded DNS: registered {Fqdn} -> {Address}")]
    public static partial void Registered(ILogger logger, string fqdn, IPAddress address);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Embedded DHCP: {Fqdn} not registered, no zone holds it")]
    public static partial void NotRegistered(ILogger logger, string fqdn);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "DHCP on {Interface}: sent {MessageType} xid {TransactionId:x8}")]
    public static partial void DhcpSent(ILogger logger, string @interface, DhcpMessageType? messageType, uint transactionId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "DHCP on {Interface}: received {MessageType} from {Server} offering {Address}")]
    public static partial void DhcpReceived(ILogger logger, string @interface, DhcpMessageType messageType, IPAddress server, IPAddress address);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "DHCP on {Interface}: ignored a malformed reply: {Reason}")]
    public static partial void DhcpMalformed(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "DNS {Server}: {Name} {Type} -> {Outcome}")]
    public static partial void DnsAnswered(ILogger logger, IPEndPoint server, string name, DnsRecordType type, DnsOutcome outcome);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "DHCP on {Interface}: no lease after {Attempts} DISCOVERs")]
    public static partial void DhcpGaveUp(ILogger logger, string @interface, int attempts);

    // Block 3000-3099 (docs/ARCHITECTURE.md); highest id: 3008
}
