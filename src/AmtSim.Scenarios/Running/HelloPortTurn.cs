using System.Globalization;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Running;

/// <summary>
/// A third-party server (MeshCentral, an external program) may listen on every interface, so its
/// hello port is a machine-wide resource that address partitions cannot separate: two runs side by
/// side would both bind it. Runs take turns instead, through an exclusive lock on
/// <c>$TMPDIR/amtsim-partitions/port-&lt;N&gt;.lock</c>, waiting (on the wall clock; these servers
/// run in real time) up to <see cref="MaxWait"/> for the other run's scenario to finish.
/// </summary>
public sealed class HelloPortTurn : IDisposable
{
    /// <summary>How long a run waits for another run's third-party server on the same port.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly FileStream? _lock;

    private HelloPortTurn(FileStream? held) => _lock = held;

    /// <summary>No turn needed: the built-in service point binds its own 127.x address only.</summary>
    public static HelloPortTurn None { get; } = new(null);

    public static Task<HelloPortTurn> TakeAsync(Scenario scenario, TimeProvider wallClock, CancellationToken cancellationToken)
        => scenario.Server.Kind == ServerKind.Builtin
            ? Task.FromResult(None)
            : TakeAsync(scenario.Server.HelloPort, "server.hello-port", $"{scenario.Server.Kind.ToString().ToLowerInvariant()} server", "give this scenario another server.hello-port", wallClock, cancellationToken);

    /// <summary>
    /// The turn on <paramref name="port"/> (<paramref name="what"/> names it in the error) for anything else that starts a third-party server there
    /// (<c>bench cira</c> takes the CIRA scenarios' turn while its MeshCentral holds their fixed MPS port).
    /// </summary>
    public static async Task<HelloPortTurn> TakeAsync(int port, string what, string holder, string remedy, TimeProvider wallClock, CancellationToken cancellationToken)
    {
        var path = Path.Combine(PartitionClaim.LockDirectory, string.Create(CultureInfo.InvariantCulture, $"port-{port}.lock"));
        var deadline = wallClock.GetUtcNow() + MaxWait;
        while (true)
        {
            try
            {
                Directory.CreateDirectory(PartitionClaim.LockDirectory);
                return new HelloPortTurn(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (wallClock.GetUtcNow() < deadline)
            {
                await Task.Delay(Poll, wallClock, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ScenarioSetupException(string.Create(CultureInfo.InvariantCulture,
                    $"{what} {port} is held by another amtsim run's {holder} ({path}) for over {MaxWait.TotalMinutes} minutes; {remedy}"), ex);
            }
        }
    }

    public void Dispose() => _lock?.Dispose();
}
