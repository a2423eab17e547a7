using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Benchmarks.Fleet;
using AmtSim.Firmware.Cira;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Host;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Network.Addressing;
using AmtSim.Network.Fleet;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;
using AmtSim.Runtime.Profiling;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;

namespace AmtSim.Benchmarks.Cira;

/// <summary>An MPS the user runs (<c>--mps host:port</c>): where it is and what a device needs to reach it.</summary>
public sealed record ExternalMps(string Host, int Port, string RootFile, string Username, string Password, string? CertificateName);

/// <summary>What <c>amtsim bench cira</c> runs.</summary>
public sealed record CiraBenchmarkOptions
{
    /// <summary>The CIRA scenarios' MPS port (MeshCentral's default), which they hold in turns.</summary>
    public const int DefaultMpsPort = 4433;

    /// <summary>The hello port every CIRA scenario uses so that they take turns on MeshCentral's fixed MPS port (scenarios/interop/meshcentral-cira*.yaml).</summary>
    public const int CiraScenariosTurnPort = 16975;

    /// <summary>Most devices one bench builds: the partition's device range.</summary>
    public const int MaxDevices = LoopbackAddressAllocator.DeviceCapacity;

    public int Devices { get; init; } = 100;

    public long Seed { get; init; } = 1;

    /// <summary>How long every device is held connected after the last one connected (real time: the MPS is a real process).</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the devices get to connect before the bench reports what it has (0: 60 s + 50 ms per device).</summary>
    public TimeSpan ConnectTimeout { get; init; }

    public string Firmware { get; init; } = "16.1.25.2124";

    /// <summary>Address partition of the devices' 127.x source addresses.</summary>
    public int Partition { get; init; }

    /// <summary>The MPS the user runs; null: MeshCentral from the npm cache, started and stopped by the bench.</summary>
    public ExternalMps? External { get; init; }

    /// <summary>Port of the MeshCentral the bench starts (on 4433 it takes the CIRA scenarios' turn).</summary>
    public int MpsPort { get; init; } = DefaultMpsPort;

    /// <summary>Password MeshCentral's MPS demands (settings.mpsPass) and every device gets in AddMpServer.</summary>
    public string MpsPassword { get; init; } = "Amtsim-Mps1!";

    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "amtsim-bench-cira");

    /// <summary>Told (connected now, devices) as devices connect and drop; wall clock, never part of the figures.</summary>
    public IProgress<(int Done, int Total)>? Connected { get; init; }

    public TimeSpan EffectiveConnectTimeout => ConnectTimeout > TimeSpan.Zero ? ConnectTimeout : TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(50.0 * Devices);

    /// <summary>Throws <see cref="InvalidInputException"/> for options no run can satisfy.</summary>
    public void Validate()
    {
        if (Devices is < 1 or > MaxDevices)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"--devices must be 1 to {MaxDevices}: {Devices}"));
        }

        if (Hold < TimeSpan.Zero || Hold > TimeSpan.FromHours(24))
        {
            throw new InvalidInputException($"--hold must be 0 to 24h: {Hold}");
        }

        if (MpsPort is < 1 or > 65535)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"--mps-port must be 1 to 65535: {MpsPort}"));
        }
    }
}

/// <summary>The figures of one <c>bench cira</c> run (JSON via <see cref="BenchJson.Context"/>).</summary>
public sealed record CiraBenchmarkResult
{
    public required int Devices { get; init; }
    public required long Seed { get; init; }
    public required string Firmware { get; init; }

    /// <summary>The amtsim build that ran (<see cref="BuildKind"/>).</summary>
    public string Build { get; init; } = BuildKind.Current;

    /// <summary>"MeshCentral 1.1.55 (started by the bench)" or "external".</summary>
    public required string Mps { get; init; }
    public required string MpsEndpoint { get; init; }

    /// <summary>Devices CiraConnected once the connect phase ended (all connected, or the connect timeout).</summary>
    public required int Connected { get; init; }

    /// <summary>From the first dial to the last device CiraConnected, s; null when not all connected.</summary>
    public required double? SecondsToAllConnected { get; init; }

    /// <summary>Per device, from the start of the dials to its CiraConnected, ms.</summary>
    public required double ConnectP50Ms { get; init; }
    public required double ConnectP95Ms { get; init; }
    public required double ConnectP99Ms { get; init; }

    /// <summary>Dials that ended in a failure (unreachable, TLS, authentication, protocol) before the device connected; the agent redials on the policy's interval.</summary>
    public required int FailedDials { get; init; }

    /// <summary>Tunnels that were up and went down before every device had connected (the device redials on the policy's interval).</summary>
    public required int DroppedWhileConnecting { get; init; }

    /// <summary>Up to five distinct failure details (why N was limited, when it was).</summary>
    public required IReadOnlyList<string> Failures { get; init; }

    public required double HoldSeconds { get; init; }

    /// <summary>Devices that left CiraConnected during the hold.</summary>
    public required int Dropped { get; init; }

    /// <summary>Devices CiraConnected when the hold ended.</summary>
    public required int ConnectedAfterHold { get; init; }

    /// <summary>KEEPALIVE_REQUESTs the devices sent during the hold, and KEEPALIVE_REPLYs the MPS returned.</summary>
    public required long KeepAlivesSent { get; init; }
    public required long KeepAlivesAnswered { get; init; }

    /// <summary>Keep-alives each connected device sent per minute of hold (MeshCentral asks for one every 30 s through KEEPALIVE_OPTIONS_REQUEST: about 2).</summary>
    public required double KeepAlivesPerDevicePerMinute { get; init; }

    /// <summary>Channels the MPS opened through the tunnels (MeshCentral's Intel AMT manager reaching each device).</summary>
    public required long ChannelsServed { get; init; }

    /// <summary>Simulator CPU from the first dial to all connected, s, and per connected device, ms.</summary>
    public required double ConnectCpuSeconds { get; init; }
    public required double ConnectCpuMsPerDevice { get; init; }

    /// <summary>Simulator CPU during the hold, s, and per connected device per minute of hold, ms.</summary>
    public required double HoldCpuSeconds { get; init; }
    public required double HoldCpuMsPerDevicePerMinute { get; init; }

    /// <summary>Resident memory of the simulator once every device connected, MiB; the increase over the process before the devices were built, per connected device, KiB.</summary>
    public required double RssMiB { get; init; }
    public required double RssPerDeviceKiB { get; init; }

    /// <summary>Live managed heap (after a full collection) increase per connected device, KiB.</summary>
    public required double ManagedPerDeviceKiB { get; init; }

    /// <summary>MeshCentral's own count of CIRA connections (mpsstats ciraConnections) when the connect phase ended, the lowest during the hold, and when the hold ended; null for an external MPS.</summary>
    public int? MeshCentralConnected { get; init; }
    public int? MeshCentralMinDuringHold { get; init; }
    public int? MeshCentralConnectedAfterHold { get; init; }

    /// <summary>From the first dial to MeshCentral counting every device (its counters are polled every second), s.</summary>
    public double? MeshCentralSecondsToAllConnected { get; init; }

    /// <summary>
    /// MeshCentral's process: CPU during connect and hold, s; resident memory just before the first dial
    /// and after the hold, MiB, and the increase per connected device, KiB (node's heap is collected when
    /// V8 decides, so for small N this is noise, even negative).
    /// </summary>
    public double? MeshCentralConnectCpuSeconds { get; init; }
    public double? MeshCentralHoldCpuSeconds { get; init; }
    public double? MeshCentralIdleRssMiB { get; init; }
    public double? MeshCentralRssMiB { get; init; }
    public double? MeshCentralRssPerDeviceKiB { get; init; }

    /// <summary>MeshCentral's MPS counters after the hold (mpsstats), as it names them.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, long>? MeshCentralStats { get; init; }

    public required ulong OpenFileLimit { get; init; }
    public required int Processors { get; init; }
    public required int Partition { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
}

/// <summary>
/// N devices already provisioned (host-based admin setup), CIRA configured through their own WS-Man
/// classes to one MPS (MeshCentral from the npm cache by default), each dialling from its own 127.x
/// address through the firmware's CIRA agent; measures time to all connected, then holds them for
/// <see cref="CiraBenchmarkOptions.Hold"/> with keep-alives flowing and counts drops, CPU and memory on
/// both sides. Real time throughout: the MPS is a real process.
/// </summary>
public sealed class CiraBenchmark(string fixturesDirectory)
{
    public async Task<CiraBenchmarkResult> RunAsync(CiraBenchmarkOptions bench, TextWriter progress, CancellationToken cancellationToken)
    {
        bench.Validate();
        var n = bench.Devices;
        var openFiles = ResourceLimits.EnsureOpenFiles((ulong)n + 1024);
        var work = Path.Combine(bench.WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"p{bench.Partition}"));
        Directory.CreateDirectory(work);

        // MeshCentral missing is a setup error before anything waits for the CIRA turn.
        var launcher = bench.External is null ? Launcher(fixturesDirectory) : null;
        using var turn = bench.External is null && bench.MpsPort == CiraBenchmarkOptions.DefaultMpsPort
            ? await HelloPortTurn.TakeAsync(CiraBenchmarkOptions.CiraScenariosTurnPort, "the CIRA turn (MeshCentral's MPS on 4433), port", "CIRA scenario or bench cira", "give bench cira another --mps-port", TimeProvider.System, cancellationToken)
            : HelloPortTurn.None;
        await using var meshCentral = bench.External is null ? await MeshCentralMps.StartAsync(launcher!, work, bench.MpsPassword, bench.MpsPort, progress, cancellationToken) : null;
        var target = meshCentral is { } mc ? TargetOf(mc.Ready, bench.MpsPassword) : TargetOf(bench.External!);
        progress.WriteLine($"bench: {n} device(s), firmware {bench.Firmware}, seed {bench.Seed}, MPS {target.Endpoint} as '{target.Username}', hold {bench.Hold}, partition {bench.Partition}, open-file limit {openFiles}");

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var rssBefore = process.WorkingSet64;
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);

        // Build: N provisioned devices, CIRA configured over WS-Man; no listeners (the tunnel's channels reach the web server in memory).
        var devices = BuildDevices(bench, target);
        var tracker = new ConnectionTracker(n, bench.Connected);
        foreach (var (device, _, _) in devices)
        {
            tracker.Watch(device);
        }

        var options = CiraOptions.FromEnvironment();
        var agents = devices.Select(d => new CiraAgent(d.Device, d.Web, options: options)).ToList();
        int? meshMin = null;
        var holding = 0;
        var meshAll = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        if (meshCentral is not null)
        {
            meshCentral.StatsArrived += stats =>
            {
                var count = (int)stats.GetValueOrDefault("ciraConnections");
                if (count >= n)
                {
                    meshAll.TrySetResult(clock.Elapsed);
                }

                if (Volatile.Read(ref holding) == 1)
                {
                    lock (tracker)
                    {
                        meshMin = Math.Min(meshMin ?? int.MaxValue, count);
                    }
                }
            };
        }

        try
        {
            // Drive: every agent starts at once; each dials on its own.
            var startedAt = DateTimeOffset.UtcNow;
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var mesh0 = meshCentral?.MeshCentralProcess();
            clock.Restart();
            tracker.Start(clock);
            foreach (var agent in agents)
            {
                agent.Start();
            }

            var allConnected = await tracker.AllConnected.WaitAsync(bench.EffectiveConnectTimeout, cancellationToken).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : (TimeSpan?)null, TaskScheduler.Default);
            var connected = tracker.ConnectedNow;
            process.Refresh();
            var cpu1 = process.TotalProcessorTime;
            var rssConnected = process.WorkingSet64;
            var managedConnected = GC.GetTotalMemory(forceFullCollection: true);
            var mesh1 = meshCentral?.MeshCentralProcess();
            progress.WriteLine(allConnected is { } t
                ? $"bench: all {n} connected in {t.TotalSeconds:0.00} s; holding {bench.Hold}"
                : $"bench: {connected} of {n} connected within {bench.EffectiveConnectTimeout}; holding {bench.Hold} anyway");
            if (meshCentral is not null && allConnected is not null)
            {
                // MeshCentral counts a connection once its user authentication succeeded; its counters come every second.
                await Task.WhenAny(meshAll.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            }

            var meshConnected = meshCentral is null ? (int?)null : (int)meshCentral.Latest.Stats.GetValueOrDefault("ciraConnections");

            // Hold: keep-alives flow; every device leaving CiraConnected now is a drop.
            var sentBefore = agents.Sum(a => a.KeepAlivesSent);
            var answeredBefore = agents.Sum(a => a.KeepAlivesAnswered);
            tracker.BeginHold();
            Volatile.Write(ref holding, 1);
            var hold = Stopwatch.StartNew();
            await Task.Delay(bench.Hold, cancellationToken);
            var held = hold.Elapsed;
            Volatile.Write(ref holding, 0);
            var dropped = tracker.EndHold();
            var connectedAfter = tracker.ConnectedNow;
            var sent = agents.Sum(a => a.KeepAlivesSent) - sentBefore;
            var answered = agents.Sum(a => a.KeepAlivesAnswered) - answeredBefore;
            process.Refresh();
            var cpu2 = process.TotalProcessorTime;
            var mesh2 = meshCentral?.MeshCentralProcess();
            var meshAfter = meshCentral?.Latest.Stats;
            progress.WriteLine($"bench: held {held.TotalSeconds:0} s: {dropped} dropped, {connectedAfter} connected, {sent} keep-alives sent, {answered} answered");

            var per = Math.Max(1, connected);
            var latencies = tracker.Latencies();
            return new CiraBenchmarkResult
            {
                Devices = n,
                Seed = bench.Seed,
                Firmware = bench.Firmware,
                Mps = meshCentral is null ? "external" : $"MeshCentral {MeshCentralInstallation.Version} (started by the bench)",
                MpsEndpoint = target.Endpoint,
                Connected = connected,
                SecondsToAllConnected = allConnected is { } all ? Math.Round(all.TotalSeconds, 3) : null,
                ConnectP50Ms = FleetBenchmark.Percentile(latencies, 0.50),
                ConnectP95Ms = FleetBenchmark.Percentile(latencies, 0.95),
                ConnectP99Ms = FleetBenchmark.Percentile(latencies, 0.99),
                FailedDials = tracker.FailedDials,
                DroppedWhileConnecting = tracker.DroppedWhileConnecting,
                Failures = tracker.Failures(),
                HoldSeconds = Math.Round(held.TotalSeconds, 1),
                Dropped = dropped,
                ConnectedAfterHold = connectedAfter,
                KeepAlivesSent = sent,
                KeepAlivesAnswered = answered,
                KeepAlivesPerDevicePerMinute = held.TotalMinutes > 0 ? Math.Round(sent / (double)per / held.TotalMinutes, 2) : 0,
                ChannelsServed = agents.Sum(a => a.ChannelsServed),
                ConnectCpuSeconds = Math.Round((cpu1 - cpu0).TotalSeconds, 3),
                ConnectCpuMsPerDevice = Math.Round((cpu1 - cpu0).TotalMilliseconds / per, 3),
                HoldCpuSeconds = Math.Round((cpu2 - cpu1).TotalSeconds, 3),
                HoldCpuMsPerDevicePerMinute = held.TotalMinutes > 0 ? Math.Round((cpu2 - cpu1).TotalMilliseconds / per / held.TotalMinutes, 4) : 0,
                RssMiB = Math.Round(rssConnected / 1048576.0, 1),
                RssPerDeviceKiB = Math.Round((rssConnected - rssBefore) / 1024.0 / per, 1),
                ManagedPerDeviceKiB = Math.Round((managedConnected - managedBefore) / 1024.0 / per, 1),
                MeshCentralConnected = meshConnected,
                MeshCentralMinDuringHold = meshCentral is null ? null : meshMin ?? meshConnected,
                MeshCentralConnectedAfterHold = meshAfter is null ? null : (int)meshAfter.GetValueOrDefault("ciraConnections"),
                MeshCentralSecondsToAllConnected = meshAll.Task.IsCompletedSuccessfully ? Math.Round(meshAll.Task.Result.TotalSeconds, 1) : null,
                MeshCentralConnectCpuSeconds = mesh0 is { } m0 && mesh1 is { } m1 ? Math.Round((m1.Cpu - m0.Cpu).TotalSeconds, 3) : null,
                MeshCentralHoldCpuSeconds = mesh1 is { } h1 && mesh2 is { } h2 ? Math.Round((h2.Cpu - h1.Cpu).TotalSeconds, 3) : null,
                MeshCentralRssMiB = mesh2 is { } r2 ? Math.Round(r2.Rss / 1048576.0, 1) : null,
                MeshCentralIdleRssMiB = mesh0 is { } idle ? Math.Round(idle.Rss / 1048576.0, 1) : null,
                MeshCentralRssPerDeviceKiB = mesh0 is { } i0 && mesh2 is { } r ? Math.Round((r.Rss - i0.Rss) / 1024.0 / per, 1) : null,
                MeshCentralStats = meshAfter,
                OpenFileLimit = openFiles,
                Processors = Environment.ProcessorCount,
                Partition = bench.Partition,
                StartedAt = startedAt,
            };
        }
        finally
        {
            // Stop every agent (each closes its tunnel), then the web servers; MeshCentral stops last.
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
            foreach (var (_, web, _) in devices)
            {
                await web.DisposeAsync();
            }
        }
    }

    /// <summary>The launcher that starts MeshCentral, once node and the npm package are known to be there.</summary>
    private static string Launcher(string fixtures)
    {
        if (MeshCentralInstallation.Missing() is { } missing)
        {
            throw new ScenarioSetupException($"bench cira starts MeshCentral {MeshCentralInstallation.Version} as its MPS: {missing}; or give --mps host:port of an MPS you run");
        }

        return MeshCentralMps.FindLauncher(fixtures)
            ?? throw new ScenarioSetupException($"servers/meshcentral/{MeshCentralMps.LauncherName} (the launcher bench cira starts MeshCentral with) was not found above {fixtures} or {Environment.CurrentDirectory}; run from a checkout, or give --mps host:port");
    }

    private static CiraMpsTarget TargetOf(MeshCentralReady ready, string password)
        => new(ready.MpsAddress, ready.MpsPort, ready.MpsName, ready.MpsUser, password, LoadRoot(ready.Root), TimeSpan.FromSeconds(10));

    private static CiraMpsTarget TargetOf(ExternalMps mps)
        => new(mps.Host, mps.Port, mps.CertificateName ?? mps.Host, mps.Username, mps.Password, LoadRoot(mps.RootFile), TimeSpan.FromSeconds(10));

    private static X509Certificate2 LoadRoot(string file)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(file);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"the MPS root certificate {file} cannot be read (PEM or DER): {ex.Message}");
        }
    }

    private static List<(AmtDevice Device, FirmwareWebServer Web, int Index)> BuildDevices(CiraBenchmarkOptions bench, CiraMpsTarget target)
    {
        var addresses = new LoopbackAddressAllocator(bench.Partition);
        var scope = new FleetScope("bench", "contoso.com");
        var profile = FirmwareProfile.For(bench.Firmware);
        var result = new List<(AmtDevice, FirmwareWebServer, int)>(bench.Devices);
        var webOptions = new FirmwareWebServerOptions();
        for (var i = 0; i < bench.Devices; i++)
        {
            var generated = FleetGenerator.GenerateOne(i, bench.Seed, [scope]);
            var identity = generated.ToIdentity() with { Hostname = $"{generated.Hostname}-{i}", Firmware = profile };
            var device = new AmtDevice(identity, new DeviceClock(TimeProvider.System));
            device.Network.Address = addresses.Allocate(AddressRole.Device);
            device.Network.DhcpDomainSuffix = scope.Suffix;
            device.Network.Fqdn = $"{identity.Hostname}.{scope.Suffix}";
            device.LocalSystemPassword = LocalSystemPasswords.For(SeedDerivation.Derive(bench.Seed, i, LocalSystemPasswords.SeedPurpose));
            device.Apply(LifecycleEvent.HostBasedSetupAdmin, "bench cira: provisioned before the run");
            var service = new WsmanService(device);
            CiraDeviceSetup.Configure(service, target);
            result.Add((device, new FirmwareWebServer(device, service, webOptions), i));
        }

        return result;
    }

    /// <summary>Counts the devices' CIRA transitions: first connection per device, connected now, failed dials, drops during the hold.</summary>
    private sealed class ConnectionTracker(int devices, IProgress<(int Done, int Total)>? progress)
    {
        private readonly ConcurrentDictionary<Guid, double> _firstConnected = new();
        private readonly ConcurrentDictionary<string, int> _failures = new();
        private readonly ConcurrentDictionary<Guid, bool> _dropped = new();
        private readonly TaskCompletionSource<TimeSpan> _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Stopwatch _clock = new();
        private int _connected;
        private int _failedDials;
        private int _droppedWhileConnecting;
        private int _connectedOnce;
        private int _holding;

        public Task<TimeSpan> AllConnected => _all.Task;

        public int ConnectedNow => Volatile.Read(ref _connected);

        public int FailedDials => Volatile.Read(ref _failedDials);

        public int DroppedWhileConnecting => Volatile.Read(ref _droppedWhileConnecting);

        public void Start(Stopwatch clock) => _clock = clock;

        public void Watch(AmtDevice device)
        {
            var wasConnected = false;
            device.CiraChanged += (d, status) =>
            {
                lock (d)
                {
                    if (status == CiraStatus.CiraConnected && !wasConnected)
                    {
                        wasConnected = true;
                        Interlocked.Increment(ref _connected);
                        if (_firstConnected.TryAdd(d.Identity.Uuid, _clock.Elapsed.TotalMilliseconds))
                        {
                            // Progress counts devices that have connected once (the progress line drops counts reported out of order).
                            var first = Interlocked.Increment(ref _connectedOnce);
                            progress?.Report((first, devices));
                            if (first == devices)
                            {
                                _all.TrySetResult(_clock.Elapsed);
                            }
                        }
                    }
                    else if (status != CiraStatus.CiraConnected && wasConnected)
                    {
                        wasConnected = false;
                        Interlocked.Decrement(ref _connected);
                        if (Volatile.Read(ref _holding) == 1)
                        {
                            _dropped.TryAdd(d.Identity.Uuid, true);
                        }
                        else if (_all.Task.IsCompleted is false)
                        {
                            Interlocked.Increment(ref _droppedWhileConnecting);
                        }
                    }

                    if (status is CiraStatus.MpsUnreachable or CiraStatus.MpsCertificateUntrusted or CiraStatus.MpsCertificateNameMismatch or CiraStatus.MpsTlsFailed or CiraStatus.MpsAuthenticationFailed or CiraStatus.MpsProtocolError)
                    {
                        Interlocked.Increment(ref _failedDials);
                        _failures.AddOrUpdate($"{status}: {d.CiraDetail}", 1, (_, c) => c + 1);
                    }
                }
            };
        }

        public void BeginHold() => Volatile.Write(ref _holding, 1);

        public int EndHold()
        {
            Volatile.Write(ref _holding, 0);
            return _dropped.Count;
        }

        public double[] Latencies() => [.. _firstConnected.Values.Order()];

        public IReadOnlyList<string> Failures()
            => [.. _failures.OrderByDescending(f => f.Value).Take(5).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Value} x {f.Key}"))];
    }
}
