namespace AmtSim.Scenarios.Model;

/// <summary>Expected final state of the devices a selector picks (all, a scope, or one index).</summary>
public sealed record DeviceExpectation
{
    /// <summary>Scope name, or null for every device.</summary>
    public string? Scope { get; init; }

    /// <summary>Device index within the run, or null for all selected.</summary>
    public int? Index { get; init; }

    /// <summary>pre, in or post.</summary>
    public string? State { get; init; }

    /// <summary>none, client or admin.</summary>
    public string? Mode { get; init; }

    /// <summary>The typed reason of the last TLS handshake / setup call (a ValidationReason name).</summary>
    public string? Reason { get; init; }

    /// <summary>The CIRA state at the end (a CiraStatus name).</summary>
    public string? Cira { get; init; }
}

/// <summary>An expected amtopmgr.log line: exact text, or a regular expression.</summary>
public sealed record LogLineExpectation(string Text, bool IsRegex);

/// <summary>An expected SCCM status message, seen at least <see cref="Min"/> times (and at most <see cref="Max"/>).</summary>
public sealed record StatusMessageExpectation(int Id, int Min, int? Max);

/// <summary>What RPS's final messages must show: counts per final method, texts that must appear, or the refusal of the world's setup.</summary>
public sealed record RpsExpectation
{
    /// <summary>Devices whose session ended with RPS's <c>success</c>.</summary>
    public int? Success { get; init; }

    /// <summary>Devices whose session ended otherwise (RPS's <c>error</c>, or no final message).</summary>
    public int? Error { get; init; }

    /// <summary>Texts (substrings, or regular expressions) each found in some device's final message.</summary>
    public IReadOnlyList<LogLineExpectation> Messages { get; init; } = [];

    /// <summary>RPS's REST API refused the world's domain or profile with this text (then no agent runs).</summary>
    public LogLineExpectation? ApiError { get; init; }
}

public sealed record Expectations
{
    /// <summary>`server.kind: rps` only: RPS's outcome per device.</summary>
    public RpsExpectation? Rps { get; init; }

    public IReadOnlyList<DeviceExpectation> Devices { get; init; } = [];

    /// <summary>Exact counts over the fleet: keys are states (pre, post) or ValidationReason names.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();

    /// <summary>Lines that must appear in amtopmgr.log, in this order (others may come between).</summary>
    public IReadOnlyList<LogLineExpectation> Log { get; init; } = [];

    /// <summary>Lines that must not appear.</summary>
    public IReadOnlyList<LogLineExpectation> LogAbsent { get; init; } = [];

    public IReadOnlyList<StatusMessageExpectation> StatusMessages { get; init; } = [];

    /// <summary>TLS alerts the devices sent: alert number → count.</summary>
    public IReadOnlyDictionary<int, int> TlsAlerts { get; init; } = new Dictionary<int, int>();
}
