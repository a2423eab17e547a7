namespace AmtSim.Scenarios.Running;

/// <summary>One event of a device's life, for the report's timeline (DHCP → lookup → hello → TLS → WS-Man → result).</summary>
public sealed record TimelineEvent(DateTimeOffset At, string Kind, string Text, bool Ok);

/// <summary>What one device ended as.</summary>
public sealed record DeviceObservation
{
    public required int Index { get; init; }
    public required Guid Uuid { get; init; }
    public required string Hostname { get; init; }
    public string? Fqdn { get; init; }
    public required string Address { get; init; }
    public required string Firmware { get; init; }
    public required string Scope { get; init; }

    /// <summary>pre, in or post.</summary>
    public required string State { get; init; }

    /// <summary>none, client or admin.</summary>
    public required string Mode { get; init; }

    /// <summary>The typed reason of the device's last provisioning-chain check (a ValidationReason name), if any.</summary>
    public string? Reason { get; init; }

    /// <summary>The device's CIRA state at the end (a <c>CiraStatus</c> name: Off, CiraNotRequired, CiraConnected, MpsCertificateUntrusted, …).</summary>
    public string Cira { get; init; } = "Off";

    /// <summary>Why it is there (the last CIRA transition's detail).</summary>
    public string CiraReason { get; init; } = "";

    /// <summary>TLS alerts the device sent.</summary>
    public IReadOnlyList<byte> AlertsSent { get; init; } = [];

    public IReadOnlyList<TimelineEvent> Timeline { get; init; } = [];
}

/// <summary>A status message as observed (id and when).</summary>
public sealed record ObservedStatusMessage(DateTimeOffset At, int Id, string Text);

/// <summary>One line of the server's log with when and about what it was written (for servers that keep both: the built-in service point).</summary>
/// <param name="Subject">A device UUID, or "" for a line about the server itself.</param>
public sealed record ServerLogLine(DateTimeOffset At, string Subject, string Text);

/// <summary>How one device's session with RPS ended: RPS's final method and message, the agent's rpc-go exit code.</summary>
public sealed record RpsDeviceOutcome(int Index, Guid Uuid, string? Method, string? Message, int ExitCode, string ExitName, int WsmanCalls, string? Detail);

/// <summary>Everything a run produced that expectations are checked against.</summary>
public sealed record RunObservation
{
    public IReadOnlyList<DeviceObservation> Devices { get; init; } = [];

    /// <summary>The server's log message texts, in order.</summary>
    public IReadOnlyList<string> ServerLog { get; init; } = [];

    /// <summary>The server's log lines with time and subject, in <see cref="ServerLog"/>'s order; empty for servers that give only text (shard merging orders lines by them).</summary>
    public IReadOnlyList<ServerLogLine> ServerLogLines { get; init; } = [];

    /// <summary>The server's log as written to disk (formatted lines), for reports.</summary>
    public string ServerLogText { get; init; } = "";

    public IReadOnlyList<ObservedStatusMessage> StatusMessages { get; init; } = [];

    /// <summary>Devices of the whole fleet; <see cref="Devices"/> holds only <see cref="Shard"/>'s part of them.</summary>
    public int DevicesInFleet { get; init; }

    /// <summary>The part of the fleet this observation covers.</summary>
    public AmtSim.Runtime.Determinism.Shard Shard { get; init; } = AmtSim.Runtime.Determinism.Shard.Whole;

    /// <summary>Faults the world applied (scenario <c>faults:</c>), in the order applied.</summary>
    public IReadOnlyList<World.Faults.AppliedFault> Faults { get; init; } = [];

    /// <summary>`server.kind: rps`: each device's session, in fleet order.</summary>
    public IReadOnlyList<RpsDeviceOutcome> Rps { get; init; } = [];

    /// <summary>`server.kind: rps`: RPS's REST API refused the world's domain or profile with this answer (no agent ran).</summary>
    public string? RpsApiError { get; init; }

    public DateTimeOffset VirtualStart { get; init; }
    public DateTimeOffset VirtualEnd { get; init; }
}
