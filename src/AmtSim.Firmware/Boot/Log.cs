using System.Net;
using Microsoft.Extensions.Logging;

namespace AmtSim.Firmware.Boot;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Device {DeviceUuid} booting on {Network}: hello port {Port}, window {WindowHours} h")]
    public static partial void Booting(ILogger logger, Guid deviceUuid, string network, int port, double windowHours);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Device {DeviceUuid} got {Lease}")]
    public static partial void LeaseAcquired(ILogger logger, Guid deviceUuid, string lease);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Device {DeviceUuid}: no DHCP server answered")]
    public static partial void NoLease(ILogger logger, Guid deviceUuid);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Device {DeviceUuid} trusts DNS suffix {Suffix}")]
    public static partial void TrustedSuffix(ILogger logger, Guid deviceUuid, string suffix);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Device {DeviceUuid} has no trusted DNS suffix: certificate-based provisioning will fail")]
    public static partial void NoTrustedSuffix(ILogger logger, Guid deviceUuid);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Device {DeviceUuid} lookup {Step}")]
    public static partial void LookupStep(ILogger logger, Guid deviceUuid, string step);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Device {DeviceUuid} hello {Attempt} to {Server}: {Outcome}")]
    public static partial void HelloSent(ILogger logger, Guid deviceUuid, int attempt, IPEndPoint server, HelloDeliveryOutcome outcome);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Device {DeviceUuid} hello {Attempt} not sent: {Reason}")]
    public static partial void HelloNotSent(ILogger logger, Guid deviceUuid, int attempt, string reason);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Device {DeviceUuid} hello schedule ended: {End} after {Attempts} attempts")]
    public static partial void ScheduleEnded(ILogger logger, Guid deviceUuid, HelloScheduleEnd end, int attempts);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Device {DeviceUuid} hello {Attempt} failed unexpectedly")]
    public static partial void AttemptFailed(ILogger logger, Guid deviceUuid, int attempt, Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Device {DeviceUuid}: reverse lookup of {Address} gives {PtrName}, not its FQDN {Fqdn}")]
    public static partial void StalePtr(ILogger logger, Guid deviceUuid, IPAddress address, string ptrName, string fqdn);

    // Block 2000-2099 (docs/ARCHITECTURE.md); highest id: 2011
}
