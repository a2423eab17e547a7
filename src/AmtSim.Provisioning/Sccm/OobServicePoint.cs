using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AmtSim.Runtime.Errors;
using AmtSim.Runtime.Time;
using AmtSim.Protocol.Hello;
using AmtSim.Provisioning.Sccm.Log;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Provisioning.Faults;

namespace AmtSim.Provisioning.Sccm;

/// <summary>
/// The built-in provisioning server: behaves and logs like the SCCM 2007 SP1/SP2 out-of-band
/// service point of the seeds. It listens for PKI hellos, connects back to each device over TLS
/// presenting its provisioning chain, configures it over WS-Man in the order real servers use
/// (amt-reference.md §1.5), gets the device a web-server certificate from its enterprise CA, and
/// commits. It keeps its provisioning certificate under daily watch (seed 000, status messages
/// 7210/7211 of seed 004).
/// </summary>
public sealed partial class OobServicePoint : IProvisioningServer
{
    private const int MaxHelloBytes = 4096;

    private readonly OobServicePointOptions _options;
    private readonly TimeProvider _time;
    private readonly WorkTracker _work;
    private readonly IDeviceNameResolver _resolver;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<ProvisioningOutcome> _outcomes = new();
    private readonly ConcurrentQueue<StatusMessage> _statusMessages = new();
    private readonly ConcurrentDictionary<Guid, byte> _inProgress = new();
    private readonly SemaphoreSlim? _provisioningSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ITimer> _timers = [];
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _nextMachineId;

    public OobServicePoint(OobServicePointOptions options, TimeProvider time, WorkTracker work, IDeviceNameResolver resolver, AmtOpMgrLog? log = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _options = options;
        _provisioningSlots = options.MaxConcurrentProvisionings > 0 ? new SemaphoreSlim(options.MaxConcurrentProvisionings) : null;
        _time = time;
        _work = work;
        _resolver = resolver;
        _nextMachineId = options.FirstMachineId;
        Log = log ?? new AmtOpMgrLog(time);
        HelloEndPoint = new IPEndPoint(options.Address, options.HelloPort);
    }

    public string Name => "sccm-oob-service-point";

    public IPEndPoint HelloEndPoint { get; private set; }

    public OobServicePointOptions Options => _options;

    /// <summary>amtopmgr.log.</summary>
    public AmtOpMgrLog Log { get; }

    public IReadOnlyList<string> LogLines => Log.Lines;

    /// <summary>SCCM status messages raised so far (7210, 7211).</summary>
    public IReadOnlyList<StatusMessage> StatusMessages => [.. _statusMessages];

    /// <summary>One outcome per hello handled, in completion order.</summary>
    public IReadOnlyList<ProvisioningOutcome> Outcomes => [.. _outcomes];

    /// <summary>Faults injected into this service point's exchanges with devices (fault matrix, issue 17 item 5); none by default.</summary>
    public IStepFaults? Faults { get; init; }

    /// <summary>Assigns MachineIds (SCCM's discovery ids); by default in the order devices are first seen.</summary>
    public Func<Guid, int>? MachineIds { get; init; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        CheckProvisioningCertificate(initial: true);
        _timers.Add(_time.CreateTimer(_ => CheckProvisioningCertificate(initial: false), null, _options.CertificateCheckInterval, _options.CertificateCheckInterval));
        _timers.Add(_time.CreateTimer(_ => EvaluateWebCertificatesNow(), null, _options.WebCertificateCheckInterval, _options.WebCertificateCheckInterval));

        var listener = new Socket(HelloEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(HelloEndPoint);
            listener.Listen(1024);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new InvalidOperationException($"the service point cannot listen on {HelloEndPoint}: {ex.SocketErrorCode}", ex);
        }

        _listener = listener;
        HelloEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        AmtSim.Provisioning.Log.Listening(_logger, _options.Fqdn, HelloEndPoint);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var t in _timers)
        {
            await t.DisposeAsync();
        }

        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        await PendingWebCheck();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        var running = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener!.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            // The device keeps its own work open until this side closes, so taking the work here leaves no idle gap.
            var scope = _work.Begin();
            running.Add(HandleHelloAsync(connection, scope, stopping));
            running.RemoveAll(t => t.IsCompleted);
        }

        // A hello's task ends with an outcome for its device; one that fails anyway is logged as an
        // error and must not make stopping fail for every other device.
        foreach (var task in running)
        {
            try
            {
                await task;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                AmtSim.Provisioning.Log.ProvisioningFailedUnexpectedly(_logger, Guid.Empty, ProvisioningStep.Hello, ex);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task HandleHelloAsync(Socket connection, WorkTracker.Scope scope, CancellationToken stopping)
    {
        using (scope)
        {
            var peer = ((IPEndPoint)connection.RemoteEndPoint!).Address;
            PkiHello hello;
            using (connection)
            {
                var bytes = await ReadHelloAsync(connection, stopping);
                if (Faults?.TakeHello(peer) is { } fault)
                {
                    bytes = await HelloWithFaultAsync(connection, bytes, fault, peer, stopping);
                }

                try
                {
                    hello = PkiHelloReader.ReadComplete(bytes);
                }
                catch (InvalidInputException ex)
                {
                    Log.WriteAbout(peer.ToString(), _options.WorkerThread, AmtOpMgrMessages.InvalidHello, peer, ex.Message);
                    _outcomes.Enqueue(new ProvisioningOutcome(Guid.Empty, peer, null, false, ProvisioningStep.Hello, ex.Message, StepError: true) { At = _time.GetUtcNow() });
                    return;
                }
            }

            await ProvisionAsync(hello, peer, stopping);
        }
    }

    /// <summary>
    /// Reads what the device writes until it closes (at most 4 KiB), for at most
    /// <see cref="OobServicePointOptions.HelloReadTimeout"/> on the run's clock. The read parks this
    /// side's work: the device keeps its own until this side closes, and one that stalls parks its
    /// own, so the clock reaches the timeouts (issue 17 item 5: the cap was on wall time).
    /// </summary>
    private async Task<ReadOnlyMemory<byte>> ReadHelloAsync(Socket connection, CancellationToken stopping)
    {
        using var cap = new CancellationTokenSource(_options.HelloReadTimeout, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, cap.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxHelloBytes + 1);
        try
        {
            var total = 0;
            while (total <= MaxHelloBytes)
            {
                int n;
                try
                {
                    n = await _work.ParkWhileAsync(connection.ReceiveAsync(buffer.AsMemory(total, MaxHelloBytes + 1 - total), SocketFlags.None, either.Token));
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException)
                {
                    break;
                }

                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// What the service point reads when a fault hits the hello (issue 17 item 5): half of it and a
    /// reset, seeded garbage of its length, or nothing until <see cref="OobServicePointOptions.HelloReadTimeout"/>
    /// (this side closes its half first, so the device's own wait for the close ends, and parks until the timeout).
    /// </summary>
    private async Task<ReadOnlyMemory<byte>> HelloWithFaultAsync(Socket connection, ReadOnlyMemory<byte> bytes, StepFault fault, IPAddress peer, CancellationToken stopping)
    {
        switch (fault.Kind)
        {
            case Runtime.Faults.FaultKind.Reset:
                connection.LingerState = new LingerOption(true, 0);
                connection.Close();
                return bytes[..(bytes.Length / 2)];
            case Runtime.Faults.FaultKind.Garbage:
                var garbage = new byte[bytes.Length];
                new Random(BitConverter.ToInt32(peer.MapToIPv4().GetAddressBytes())).NextBytes(garbage);
                return garbage;
            case Runtime.Faults.FaultKind.Stall:
                connection.Shutdown(SocketShutdown.Send);
                using (var cap = new CancellationTokenSource(_options.HelloReadTimeout, _time))
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, cap.Token))
                {
                    try
                    {
                        await _work.ParkUntilCancelledAsync(either.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                return ReadOnlyMemory<byte>.Empty;
            default:
                return bytes;
        }
    }

    private int MachineIdFor(Guid uuid) => MachineIds?.Invoke(uuid) ?? Interlocked.Increment(ref _nextMachineId) - 1;
}
