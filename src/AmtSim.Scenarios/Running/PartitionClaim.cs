using System.Net;
using System.Net.Sockets;
using AmtSim.Network.Addressing;

namespace AmtSim.Scenarios.Running;

/// <summary>
/// Address partitions a run holds so that two amtsim processes on one machine never share 127.x
/// listeners. A partition is held through an exclusive lock on a file in
/// <c>$TMPDIR/amtsim-partitions/</c> (the operating system releases it when the process ends, even
/// on a crash); before taking one, the run also checks that nothing else (a run given an explicit
/// partition, a test) listens on the partition's first server address.
/// </summary>
public sealed class PartitionClaim : IDisposable
{
    /// <summary>
    /// Order in which automatic selection tries partitions: 0 first (what a single run has always
    /// used), then the ones the repository's own test assemblies leave free (docs/ARCHITECTURE.md),
    /// then the rest.
    /// </summary>
    public static IReadOnlyList<int> PreferenceOrder { get; } =
        [0, 6, 7, 8, 16, .. Enumerable.Range(1, LoopbackAddressAllocator.MaxPartition).Where(p => p is not (6 or 7 or 8 or 16))];

    private readonly List<FileStream> _locks;

    private PartitionClaim(IReadOnlyList<int> partitions, List<FileStream> locks, bool automatic)
    {
        Partitions = partitions;
        _locks = locks;
        Automatic = automatic;
    }

    /// <summary>The partitions held, in the order scenarios use them.</summary>
    public IReadOnlyList<int> Partitions { get; }

    /// <summary>True when the partitions were chosen by <see cref="ClaimFree"/>.</summary>
    public bool Automatic { get; }

    /// <summary>Folder of the lock files (one per partition: <c>p&lt;N&gt;.lock</c>).</summary>
    public static string LockDirectory => Path.Combine(Path.GetTempPath(), "amtsim-partitions");

    /// <summary>
    /// Takes <paramref name="count"/> free partitions (fewer when fewer are free, at least one).
    /// Throws <see cref="ScenarioSetupException"/> naming <c>--partition</c> and <c>AMTSIM_PARTITION</c>
    /// when none is free.
    /// </summary>
    public static PartitionClaim ClaimFree(int count, IReadOnlyList<int>? order = null)
    {
        var held = new List<int>();
        var locks = new List<FileStream>();
        foreach (var p in order ?? PreferenceOrder)
        {
            if (held.Count == count)
            {
                break;
            }

            if (TryLock(p) is { } stream)
            {
                if (IsListenedOn(p))
                {
                    stream.Dispose();
                    continue;
                }

                held.Add(p);
                locks.Add(stream);
            }
        }

        if (held.Count == 0)
        {
            throw new ScenarioSetupException(
                $"no free address partition: every one of 0 to {LoopbackAddressAllocator.MaxPartition} is held by another amtsim run or in use (lock files in {LockDirectory}); " +
                "wait for the other runs, or choose one with --partition N or AMTSIM_PARTITION=N");
        }

        return new PartitionClaim(held, locks, automatic: true);
    }

    /// <summary>
    /// The partitions a run was told to use (<c>--partition</c>, <c>AMTSIM_PARTITION</c>): held when
    /// their lock is free, used anyway when not (the user chose them; a clash then names the flag).
    /// </summary>
    public static PartitionClaim Given(int first, int count)
    {
        var partitions = Enumerable.Range(first, Math.Clamp(count, 1, 1 + LoopbackAddressAllocator.MaxPartition - first)).ToList();
        var locks = partitions.Select(TryLock).OfType<FileStream>().ToList();
        return new PartitionClaim(partitions, locks, automatic: false);
    }

    /// <summary>Whether another amtsim process holds partition <paramref name="partition"/> right now.</summary>
    public static bool IsHeldElsewhere(int partition)
    {
        using var stream = TryLock(partition);
        return stream is null;
    }

    public void Dispose()
    {
        foreach (var l in _locks)
        {
            l.Dispose();
        }

        _locks.Clear();
    }

    /// <summary>An exclusive lock on the partition's file (flock on Linux: released when the process ends), or null when another process holds it.</summary>
    private static FileStream? TryLock(int partition)
    {
        try
        {
            Directory.CreateDirectory(LockDirectory);
            return new FileStream(Path.Combine(LockDirectory, $"p{partition}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Something listens on the partition's service point (its second server address, after the
    /// DNS server's; hello port 9971) or on its first device (16993): a run that holds no lock uses it.
    /// </summary>
    private static bool IsListenedOn(int partition)
    {
        var addresses = new LoopbackAddressAllocator(partition);
        _ = addresses.Allocate(AddressRole.Server);
        return !CanBind(addresses.Allocate(AddressRole.Server), 9971) || !CanBind(addresses.Allocate(AddressRole.Device), 16993);
    }

    private static bool CanBind(IPAddress address, int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
