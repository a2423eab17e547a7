using System.Net;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmtSim.Firmware.Cira;

/// <summary>What the configuration asks for right now: the MPS to dial and how, or why nothing.</summary>
public sealed record CiraPlan(MpServer Server, RemoteAccessPolicy Policy, string Username, string Password, IReadOnlyList<X509Certificate2> TrustedRoots, TimeSpan Interval)
{
    public string Target => $"{Server.AccessInfo}:{Server.Port}";
}

/// <summary>
/// The device's CIRA behaviour: reads the configuration WS-Man wrote (<see cref="CiraConfiguration"/>,
/// the trusted roots), decides whether a connection is required (provisioned, a periodic policy
/// naming a known MPS, environment detection saying outside), dials it one policy interval after
/// the periodic trigger is armed (<see cref="IMpsTransport"/>), runs the APF session
/// (<see cref="CiraSession"/>) and, when it ends or fails, waits the policy's interval and dials
/// again. A configuration change re-evaluates at once; a connection the new configuration no
/// longer asks for is closed. Every transition goes through <see cref="AmtDevice.ApplyCira"/>.
/// </summary>
public sealed class CiraAgent : IAsyncDisposable
{
    private readonly AmtDevice _device;
    private readonly FirmwareWebServer _web;
    private readonly IMpsTransport _transport;
    private readonly Func<string, CancellationToken, Task<IPAddress?>> _resolve;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _kick = NewKick();
    private CancellationTokenSource? _session;
    private CiraPlan? _sessionPlan;
    private Task? _loop;

    /// <summary>The plan whose periodic trigger is armed and when it first fires (touched by the loop only).</summary>
    private (CiraPlan Plan, DateTimeOffset FirstDialAt)? _armed;
    private long _sessions;
    private long _keepAlives;
    private long _keepAliveReplies;
    private long _channels;

    public CiraAgent(AmtDevice device, FirmwareWebServer web, IMpsTransport? transport = null, CiraOptions? options = null, Func<string, CancellationToken, Task<IPAddress?>>? resolve = null, ILoggerFactory? loggerFactory = null)
    {
        _device = device;
        _web = web;
        _transport = transport ?? SslStreamMpsTransport.Instance;
        Options = options ?? CiraOptions.Default;
        _resolve = resolve ?? ResolveLiteral;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CiraAgent>();
    }

    public CiraOptions Options { get; }

    /// <summary>How the reasons start that leave the device Off (CIRA not configured) rather than CiraNotRequired.</summary>
    public const string Unconfigured = "CIRA not configured";

    public AmtDevice Device => _device;

    /// <summary>APF sessions that reached the connected state.</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    /// <summary>KEEPALIVE_REQUESTs sent.</summary>
    public long KeepAlivesSent => Interlocked.Read(ref _keepAlives);

    /// <summary>KEEPALIVE_REPLYs the MPS sent back.</summary>
    public long KeepAlivesAnswered => Interlocked.Read(ref _keepAliveReplies);

    /// <summary>Channels the MPS opened that the web server served.</summary>
    public long ChannelsServed => Interlocked.Read(ref _channels);

    internal ILogger Logger => _logger;

    internal FirmwareWebServer Web => _web;

    internal void CountSession() => Interlocked.Increment(ref _sessions);

    internal void CountKeepAlive() => Interlocked.Increment(ref _keepAlives);

    internal void CountKeepAliveReply() => Interlocked.Increment(ref _keepAliveReplies);

    internal void CountChannel() => Interlocked.Increment(ref _channels);

    /// <summary>Raised when the agent has armed its wait before the next dial, the first one included (the timer is on the device clock).</summary>
    public event Action<CiraAgent, TimeSpan>? ReconnectScheduled;

    /// <summary>Starts the loop (once the device has its address and its web server listens).</summary>
    public void Start()
    {
        _device.CiraConfigurationChanged += OnConfigurationChanged;
        _device.StateChanged += OnStateChanged;
        _device.CiraChanged += OnCiraChanged;
        Log.Started(_logger, _device.Identity.Uuid, Options);
        _loop = RunAsync(_stopping.Token);
    }

    /// <summary>Completes when the device's CIRA status satisfies <paramref name="match"/> (now or later).</summary>
    public Task<CiraStatus> WhenStatusAsync(Func<CiraStatus, bool> match, CancellationToken cancellationToken = default)
    {
        var tcs = new TaskCompletionSource<CiraStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(AmtDevice d, CiraStatus s)
        {
            if (match(s) && tcs.TrySetResult(s))
            {
                d.CiraChanged -= Check;
            }
        }

        _device.CiraChanged += Check;
        Check(_device, _device.CiraStatus);
        cancellationToken.Register(() => { _device.CiraChanged -= Check; tcs.TrySetCanceled(cancellationToken); });
        return tcs.Task;
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _device.CiraConfigurationChanged -= OnConfigurationChanged;
        _device.StateChanged -= OnStateChanged;
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _device.ApplyCira(CiraEvent.Stopped, "CIRA agent stopped");
        _device.CiraChanged -= OnCiraChanged;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    /// <summary>What the configuration asks for now; null plan with the reason when nothing.</summary>
    public (CiraPlan? Plan, string Reason) Evaluate()
    {
        if (_device.State != ProvisioningState.Post)
        {
            return (null, $"{Unconfigured}: device is {_device.State}-provisioning");
        }

        var state = _device.WsmanState;
        lock (state.Gate)
        {
            var cira = state.Cira;
            var policy = cira.Policies.FirstOrDefault(p => p.Trigger == RemoteAccessPolicy.PeriodicTrigger);
            if (policy is null)
            {
                return (null, cira.Policies.Count == 0 ? $"{Unconfigured}: no remote access policy" : $"no periodic remote access policy ({string.Join(", ", cira.Policies.Select(p => p.PolicyRuleName))} need a user or an alert)");
            }

            var server = policy.MpServerNames.Select(n => cira.MpServers.FirstOrDefault(s => s.Name == n)).FirstOrDefault(s => s is not null);
            if (server is null)
            {
                return (null, $"the {policy.PolicyRuleName} policy names no known MPS");
            }

            if (Inside(cira.EnvironmentDetection) is { } match)
            {
                return (null, $"inside: environment detection matches {match}");
            }

            var roots = state.Certificates.Where(c => c.TrustedRoot).Select(c => c.Certificate).ToList();
            return (new CiraPlan(server, policy, server.Username ?? "", server.Password ?? "", roots, policy.PeriodicInterval ?? Options.ReconnectInterval), "");
        }
    }

    /// <summary>The detection string the device's domain matches ("inside"), or null (outside). No strings: never inside.</summary>
    private string? Inside(EnvironmentDetection detection)
    {
        var domain = _device.Network.DhcpDomainSuffix ?? DomainOf(_device.Network.Fqdn);
        if (string.IsNullOrEmpty(domain))
        {
            return null;
        }

        foreach (var s in detection.DetectionStrings)
        {
            var suffix = s.Trim().TrimStart('.');
            if (suffix.Length > 0 && (domain.Equals(suffix, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase)))
            {
                return $"'{s}' (domain {domain})";
            }
        }

        return null;
    }

    private static string? DomainOf(string? fqdn) => fqdn is null || fqdn.IndexOf('.') is var i && i < 0 ? null : fqdn[(i + 1)..];

    private async Task RunAsync(CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var kick = CurrentKick();
                var (plan, reason) = Evaluate();
                if (plan is null)
                {
                    _armed = null;
                    _device.ApplyCira(reason.StartsWith(Unconfigured, StringComparison.Ordinal) ? CiraEvent.Unconfigured : CiraEvent.NotRequired, reason);
                    await kick.WaitAsync(stopping);
                    continue;
                }

                // A periodic trigger first fires one interval after it is armed (the AMT SDK: the
                // policy's interval "determines when a new connection should be attempted"), not on
                // AddRemoteAccessPolicyRule itself; the configuration may still change meanwhile
                // (MeshCentral writes environment detection right after the policy).
                var now = _device.Clock.Time.GetUtcNow();
                if (_armed is not { } armed || !Same(armed.Plan, plan))
                {
                    armed = (plan, now + plan.Interval);
                    _armed = armed;
                    Log.FirstDialScheduled(_logger, _device.Identity.Uuid, plan.Target, plan.Policy.PolicyRuleName, plan.Interval.TotalSeconds);
                }

                if (armed.FirstDialAt > now)
                {
                    await WaitAsync(armed.FirstDialAt - now, kick, stopping);
                    continue;
                }

                using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                lock (_gate)
                {
                    _session = session;
                    _sessionPlan = plan;
                }

                (CiraEvent Event, string Detail) end;
                var work = new DialWork(Options.Work.Begin());
                try
                {
                    _device.ApplyCira(CiraEvent.Dial, $"dialling {plan.Target} ({plan.Policy.PolicyRuleName} policy, every {plan.Interval.TotalSeconds:0}s)");
                    using var apf = new CiraSession(this, plan, work);
                    end = await apf.RunAsync(session.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    end = (CiraEvent.Dropped, "the configuration no longer asks for this connection");
                }
                finally
                {
                    lock (_gate)
                    {
                        _session = null;
                        _sessionPlan = null;
                    }
                }

                _device.ApplyCira(end.Event, end.Detail);
                work.Dispose();
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                if (Evaluate().Plan is { } next && Same(next, plan))
                {
                    // The same connection is still asked for: redial on the policy's schedule.
                    await WaitAsync(plan.Interval, CurrentKick(), stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, _device.Identity.Uuid, ex);
            throw;
        }
    }

    /// <summary>Waits <paramref name="interval"/> on the device clock (parked as work) or until the configuration changes.</summary>
    private async Task WaitAsync(TimeSpan interval, Task kick, CancellationToken stopping)
    {
        using var scope = Options.Work.Begin();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var delay = Options.Work.DelayAsync(interval, _device.Clock.Time, cancel.Token);
        ReconnectScheduled?.Invoke(this, interval);
        await Task.WhenAny(delay, kick);
        await cancel.CancelAsync();
        await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.ThrowIfCancellationRequested();
    }

    private Task CurrentKick()
    {
        lock (_gate)
        {
            if (_kick.Task.IsCompleted)
            {
                _kick = NewKick();
            }

            return _kick.Task;
        }
    }

    private void Kick()
    {
        CancellationTokenSource? session;
        CiraPlan? current;
        lock (_gate)
        {
            _kick.TrySetResult();
            session = _session;
            current = _sessionPlan;
        }

        if (session is not null && current is not null)
        {
            var (plan, _) = Evaluate();
            if (plan is null || !Same(plan, current))
            {
                session.Cancel();
            }
        }
    }

    /// <summary>
    /// Whether two plans dial the same MPS the same way. The trusted roots are not compared: they are
    /// checked when dialling, so removing one does not tear down a tunnel that is up (it fails the next dial).
    /// </summary>
    private static bool Same(CiraPlan a, CiraPlan b)
        => a.Server == b.Server && a.Username == b.Username && a.Password == b.Password;

    private void OnConfigurationChanged(AmtDevice device) => Kick();

    private void OnStateChanged(AmtDevice device, ProvisioningState state) => Kick();

    private void OnCiraChanged(AmtDevice device, CiraStatus status)
    {
        var audit = device.Audit.Entries.OfType<Audit.CiraAudit>().LastOrDefault();
        if (audit is not null)
        {
            Log.Transition(_logger, device.Identity.Uuid, audit.From, audit.To, audit.Detail);
        }
    }

    private static TaskCompletionSource NewKick() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static Task<IPAddress?> ResolveLiteral(string name, CancellationToken cancellationToken)
        => Task.FromResult(IPAddress.TryParse(name, out var address) ? address : string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : null);

    internal Task<IPAddress?> ResolveAsync(string name, CancellationToken cancellationToken) => _resolve(name, cancellationToken);

    internal IMpsTransport Transport => _transport;
}

/// <summary>The dial's unit of work: released once, when the session is connected or has ended.</summary>
internal sealed class DialWork(Runtime.Time.WorkTracker.Scope scope) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            scope.Dispose();
        }
    }
}
