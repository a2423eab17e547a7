using System.Net;

namespace AmtSim.Firmware.Boot;

/// <summary>How one scheduled hello attempt ended.</summary>
public enum HelloAttemptOutcome
{
    Delivered,

    /// <summary>No DHCP lease: the device has no address.</summary>
    NoLease,

    /// <summary>The lookup found no provisioning server.</summary>
    ServerNotFound,

    /// <summary>A server was found but the hello could not be written (refused, unreachable, timeout).</summary>
    NotDelivered,

    /// <summary>An unexpected error (logged as an error).</summary>
    Failed,
}

/// <summary>One hello attempt: its index (= the retry count it carried), when, the lookup and the delivery.</summary>
public sealed record HelloAttempt(int Index, DateTimeOffset At, HelloAttemptOutcome Outcome, ProvisionServerLookupResult? Lookup, IPEndPoint? Server, HelloDelivery? Delivery);

/// <summary>Why the hello schedule ended.</summary>
public enum HelloScheduleEnd
{
    Running,
    Provisioned,
    WindowEnded,
    Stopped,
}
