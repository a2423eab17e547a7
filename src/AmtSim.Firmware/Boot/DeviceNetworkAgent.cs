using System.Net;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using AmtSim.Protocol.Hello;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmtSim.Firmware.Boot;

/// <summary>
/// A device's network life in setup mode: boot (DHCP lease, trusted DNS suffix, registration
/// check), then the hello schedule: at each due time look the provisioning server up and write
/// a PKI hello to it over TCP from the device's own address. Stops when the device leaves
/// pre-provisioning or the window ends. Every step is in the device's audit trail. All timing is
/// on the device clock's <see cref="TimeProvider"/>.
/// </summary>
public sealed class DeviceNetworkAgent : IAsyncDisposable
{
    private readonly AmtDevice _device;
    private readonly IDeviceNetworkStack _network;
    private readonly HelloOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly WorkTracker _work;
    private readonly Func<DhcpLease, CancellationToken, Task>? _onLease;
    private readonly Lock _gate = new();
    private readonly List<Task> _inFlight = [];
    private readonly List<HelloAttempt> _attempts = [];
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private DateTimeOffset _firstAttemptAt;
    private int _nextIndex;
    private DhcpLease? _lease;
    private HelloScheduleEnd _end = HelloScheduleEnd.Running;

    /// <param name="work">Counts each hello attempt as work in flight from the moment it falls due (virtual-time runs); none by default.</param>
    /// <param name="onLease">Runs when the device's own lease arrives, before any hello: the firmware's web server starts listening on the leased address there.</param>
    public DeviceNetworkAgent(AmtDevice device, IDeviceNetworkStack network, HelloOptions? options = null, ILogger? logger = null, WorkTracker? work = null, Func<DhcpLease, CancellationToken, Task>? onLease = null)
    {
        _work = work ?? WorkTracker.None;
        _onLease = onLease;
        _device = device;
        _network = network;
        _options = (options ?? new HelloOptions()).Validated();
        _logger = logger ?? NullLogger.Instance;
        _time = device.Clock.Time;
    }

    public DhcpLease? Lease
    {
        get { lock (_gate) { return _lease; } }
    }

    public IReadOnlyList<HelloAttempt> Attempts
    {
        get { lock (_gate) { return [.. _attempts]; } }
    }

    public HelloScheduleEnd End
    {
        get { lock (_gate) { return _end; } }
    }

    /// <summary>Boots the device on the network and sends the first hello; later hellos follow on the clock.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await BootAsync(cancellationToken).ConfigureAwait(false);
        await StartHellosAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Boots the device on the network: the DHCP lease (and <c>onLease</c>), the trusted DNS suffix; no hello yet.</summary>
    public async Task BootAsync(CancellationToken cancellationToken = default)
    {
        Log.Booting(_logger, _device.Identity.Uuid, _network.Description, _options.Port, _options.Window.TotalHours);
        Audit(AuditKind.Boot, $"boot on {_network.Description}: firmware {_device.Identity.Firmware.Version}, MAC {_device.Identity.Mac}, hello port {_options.Port}, window {_options.Window.TotalHours} h", true);
        await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the first hello (after <see cref="BootAsync"/>); later hellos follow on the clock.</summary>
    public async Task StartHellosAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _firstAttemptAt = _time.GetUtcNow();
        }

        await RunAttemptAsync(0, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _nextIndex = 1;
            if (_end == HelloScheduleEnd.Running)
            {
                _timer = _time.CreateTimer(_ => OnDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        ArmNext();
    }

    /// <summary>Waits for every hello attempt started so far (tests; a real-socket attempt completes asynchronously).</summary>
    public async Task WhenIdleAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _inFlight];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Finish(HelloScheduleEnd.Stopped);
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await WhenIdleAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private void ArmNext()
    {
        lock (_gate)
        {
            if (_end != HelloScheduleEnd.Running || _timer is null)
            {
                return;
            }

            var offset = HelloSchedule.OffsetOf(_nextIndex);
            if (offset > _options.Window)
            {
                FinishLocked(HelloScheduleEnd.WindowEnded);
                return;
            }

            var due = _firstAttemptAt + offset - _time.GetUtcNow();
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        int index;
        lock (_gate)
        {
            if (_end != HelloScheduleEnd.Running)
            {
                return;
            }

            index = _nextIndex++;
        }

        var scope = _work.Begin();
        var task = RunTrackedAsync(index, scope);
        lock (_gate)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            if (!task.IsCompleted)
            {
                _inFlight.Add(task);
            }
        }

        ArmNext();
    }

    private async Task RunTrackedAsync(int index, WorkTracker.Scope scope)
    {
        using (scope)
        {
            await RunAttemptAsync(index, _stopping.Token).ConfigureAwait(false);
        }
    }

    private async Task RunAttemptAsync(int index, CancellationToken cancellationToken)
    {
        if (_device.State != ProvisioningState.Pre)
        {
            Finish(HelloScheduleEnd.Provisioned);
            return;
        }

        var at = _time.GetUtcNow();
        HelloAttempt attempt;
        try
        {
            attempt = await AttemptAsync(index, at, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            Log.AttemptFailed(_logger, _device.Identity.Uuid, index, ex);
            Audit(AuditKind.Hello, $"hello #{index} failed: {ex.Message}", false);
            attempt = new HelloAttempt(index, at, HelloAttemptOutcome.Failed, null, null, null);
        }

        lock (_gate)
        {
            _attempts.Add(attempt);
        }
    }

    private async Task<HelloAttempt> AttemptAsync(int index, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lease = Lease ?? await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        if (lease is null && _device.Network.StaticProvisioningServer is null)
        {
            Log.HelloNotSent(_logger, _device.Identity.Uuid, index, "no DHCP lease");
            Audit(AuditKind.Hello, $"hello #{index} not sent: no DHCP lease", false);
            return new HelloAttempt(index, at, HelloAttemptOutcome.NoLease, null, null, null);
        }

        var lookup = await ProvisionServerLookup.LookupAsync(_device.Network, lease, _network, _options.Port, cancellationToken).ConfigureAwait(false);
        foreach (var step in lookup.Steps)
        {
            var described = step.Describe();
            Log.LookupStep(_logger, _device.Identity.Uuid, described);
            Audit(AuditKind.DnsLookup, $"lookup {described}", step.Outcome == DnsOutcome.Found);
        }

        Audit(AuditKind.DnsLookup, lookup.Describe(), lookup.Found);
        if (lookup.Endpoint is not { } server)
        {
            Log.HelloNotSent(_logger, _device.Identity.Uuid, index, "no provisioning server found");
            Audit(AuditKind.Hello, $"hello #{index} not sent: no provisioning server found", false);
            return new HelloAttempt(index, at, HelloAttemptOutcome.ServerNotFound, lookup, null, null);
        }

        var hello = _device.BuildHello((uint)index);
        var bytes = PkiHelloWriter.ToArray(hello);
        var delivery = await _network.SendHelloAsync(_device.Network.Address, server, bytes, cancellationToken).ConfigureAwait(false);
        var delivered = delivery.Outcome == HelloDeliveryOutcome.Delivered;
        Log.HelloSent(_logger, _device.Identity.Uuid, index, server, delivery.Outcome);
        Audit(AuditKind.Hello,
            $"hello #{index} (retry count {hello.RetryCount}, {hello.Hashes.Count} hashes, {bytes.Length} bytes) from {_device.Network.Address} to {server}: {delivery.Outcome}{(delivery.Detail.Length > 0 ? $" ({delivery.Detail})" : "")}",
            delivered);
        return new HelloAttempt(index, at, delivered ? HelloAttemptOutcome.Delivered : HelloAttemptOutcome.NotDelivered, lookup, server, delivery);
    }

    private async Task<DhcpLease?> AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        var identity = _device.Identity;
        var lease = await _network.AcquireLeaseAsync(new DhcpLeaseRequest(identity.Mac, identity.Hostname), cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            Log.NoLease(_logger, identity.Uuid);
            Audit(AuditKind.DhcpLease, "no DHCP lease: no server answered", false);
            return null;
        }

        var settings = _device.Network;
        settings.Address = lease.Address;
        settings.DhcpDomainSuffix = lease.DomainName;
        if (lease.RegisteredFqdn is not null)
        {
            settings.Fqdn = lease.RegisteredFqdn;
        }

        lock (_gate)
        {
            _lease = lease;
        }

        if (_onLease is not null)
        {
            await _onLease(lease, cancellationToken).ConfigureAwait(false);
        }

        var leaseText = lease.Describe();
        Log.LeaseAcquired(_logger, identity.Uuid, leaseText);
        Audit(AuditKind.DhcpLease, leaseText, true);
        if (settings.TrustedDnsSuffix is { } suffix)
        {
            var source = !string.IsNullOrWhiteSpace(settings.PkiDnsSuffix) ? "MEBx PKI DNS suffix" : "DHCP option 15";
            Log.TrustedSuffix(_logger, identity.Uuid, suffix);
            Audit(AuditKind.DhcpLease, $"trusted DNS suffix '{suffix}' ({source})", true);
        }
        else
        {
            Log.NoTrustedSuffix(_logger, identity.Uuid);
            Audit(AuditKind.DhcpLease, "no trusted DNS suffix (no option 15, no MEBx PKI DNS suffix): certificate-based provisioning will fail", false);
        }

        if (lease.RegisteredFqdn is { } fqdn)
        {
            await CheckRegistrationAsync(lease, fqdn, cancellationToken).ConfigureAwait(false);
        }

        return lease;
    }

    /// <summary>The provisioning server finds the device by reverse DNS on the hello's peer address; record what it will see.</summary>
    private async Task CheckRegistrationAsync(DhcpLease lease, string fqdn, CancellationToken cancellationToken)
    {
        var ptr = await _network.ResolvePtrAsync(lease.Address, lease, cancellationToken).ConfigureAwait(false);
        if (ptr.Outcome != DnsOutcome.Found)
        {
            Audit(AuditKind.DnsLookup, $"reverse lookup {lease.Address}: {ptr.Outcome} (registered FQDN {fqdn})", false);
            return;
        }

        var name = ptr.Names[0];
        if (string.Equals(name.TrimEnd('.'), fqdn.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            Audit(AuditKind.DnsLookup, $"reverse lookup {lease.Address}: {name} (matches registered FQDN)", true);
        }
        else
        {
            Log.StalePtr(_logger, _device.Identity.Uuid, lease.Address, name, fqdn);
            Audit(AuditKind.DnsLookup, $"reverse lookup {lease.Address}: {name}, stale PTR (registered FQDN {fqdn})", false);
        }
    }

    private void Finish(HelloScheduleEnd end)
    {
        lock (_gate)
        {
            FinishLocked(end);
        }
    }

    private void FinishLocked(HelloScheduleEnd end)
    {
        if (_end != HelloScheduleEnd.Running)
        {
            return;
        }

        _end = end;
        _timer?.Dispose();
        _timer = null;
        Log.ScheduleEnded(_logger, _device.Identity.Uuid, end, _attempts.Count);
        Audit(AuditKind.Hello, $"hello schedule ended: {end} after {_attempts.Count} attempts", end != HelloScheduleEnd.WindowEnded);
    }

    private void Audit(AuditKind kind, string detail, bool succeeded)
        => _device.Audit.Add(new NetworkAudit(_device.Clock.Now, kind, detail, succeeded));
}
