namespace AmtSim.Firmware.Audit;

/// <summary>
/// Everything that happened to one device, in order: connections, handshakes (with the typed
/// validator reason and the alert sent), WS-Man calls, network life. Thread-safe; tests and
/// scenarios assert on it.
/// </summary>
public sealed class AuditTrail
{
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _entries = [];

    public void Add(AuditEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<T> OfType<T>() where T : AuditEntry
    {
        lock (_gate)
        {
            return [.. _entries.OfType<T>()];
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }
}
