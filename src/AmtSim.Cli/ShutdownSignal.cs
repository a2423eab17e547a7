using System.Runtime.InteropServices;

namespace AmtSim.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancelled token and keeps the process alive, so
/// a command can take its graceful path: <c>device serve</c> closes its listeners and exits 0, <c>run</c>
/// stops the world, writes its reports and exits <see cref="ExitCodes.Interrupted"/>. A second signal
/// is left to the runtime's default and ends the process at once, for a shutdown that hangs (issue 17).
/// System.CommandLine's own handler is switched off: it answers 130/143 when a command takes longer
/// than its 2-second timeout to stop, which a fleet of listeners can.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            return; // the second one: default handling terminates the process
        }

        context.Cancel = true;
        Console.Error.WriteLine($"amtsim: {context.Signal} received, stopping (send it again to stop at once)");
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
