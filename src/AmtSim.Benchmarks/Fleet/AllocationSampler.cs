using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace AmtSim.Benchmarks.Fleet;

/// <summary>One type in an allocation profile: sampled bytes and the share of all sampled bytes.</summary>
public sealed record AllocationShare(string Type, double BytesPerDevice, double Share);

/// <summary>
/// The runtime's allocation sampling (GCAllocationTick: one event per ~100 KB allocated, naming the
/// type whose allocation crossed the threshold) read in-process through an <see cref="EventListener"/>,
/// so <c>amtsim bench fleet</c> can show which types a provisioning allocates without an external
/// profiler. Large-object-heap ticks (allocations of 85,000 bytes or more) are counted apart.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private const int AllocationTickEventId = 10;

    /// <summary>What a tick without a type name is listed as (every tick in the native build).</summary>
    public const string UnnamedType = "(type not named: the native build has no type names; sample the JIT build, dotnet amtsim.dll)";
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private long _largeObjectBytes;
    private volatile bool _recording;

    /// <summary>Sampled bytes on the large object heap since <see cref="Start"/>.</summary>
    public long LargeObjectBytes => Interlocked.Read(ref _largeObjectBytes);

    public void Start()
    {
        _bytesByType.Clear();
        Interlocked.Exchange(ref _largeObjectBytes, 0);
        _recording = true;
    }

    public void Stop() => _recording = false;

    /// <summary>The top <paramref name="count"/> types by sampled bytes, scaled to bytes per device.</summary>
    public IReadOnlyList<AllocationShare> Top(int count, int devices)
    {
        var total = _bytesByType.Values.Sum();
        return total == 0
            ? []
            : [.. _bytesByType.OrderByDescending(kv => kv.Value).Take(count)
                .Select(kv => new AllocationShare(kv.Key, Math.Round((double)kv.Value / devices, 0), Math.Round((double)kv.Value / total, 3)))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventId != AllocationTickEventId || e.PayloadNames is null || e.Payload is null)
        {
            return;
        }

        long amount = 0;
        string? type = null;
        uint kind = 0;
        for (var i = 0; i < e.PayloadNames.Count; i++)
        {
            switch (e.PayloadNames[i])
            {
                case "AllocationAmount64":
                    amount = Convert.ToInt64(e.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when amount == 0:
                    amount = Convert.ToInt64(e.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "TypeName":
                    type = e.Payload[i] as string;
                    break;
                case "AllocationKind":
                    kind = Convert.ToUInt32(e.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        // The native build's runtime sends no type names (it keeps no such metadata): "NULL".
        type = type is null or "NULL" ? UnnamedType : type;
        _bytesByType.AddOrUpdate(type, amount, (_, v) => v + amount);
        if (kind == 1)
        {
            Interlocked.Add(ref _largeObjectBytes, amount);
        }
    }
}
