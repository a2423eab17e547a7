using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Profiling;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;

namespace AmtSim.Benchmarks.Fleet;

/// <summary>The figures of one fleet benchmark run (written as JSON by <c>amtsim bench fleet</c>).</summary>
public sealed record FleetBenchmarkResult
{
    public required int Devices { get; init; }
    public required long Seed { get; init; }
    public required string Firmware { get; init; }

    /// <summary>The amtsim build that ran (<see cref="BuildKind"/>): native and JIT figures differ.</summary>
    public string Build { get; init; } = BuildKind.Current;

    public required int Provisioned { get; init; }
    public required double WallSeconds { get; init; }

    /// <summary>
    /// Seconds from the start of the wall clock to the last device provisioned; the rest of
    /// <see cref="WallSeconds"/> is the world's end (its clock run to the scenario's end, the
    /// service point's log, the observation, every listener closed).
    /// </summary>
    public double LastProvisionedSeconds { get; init; }

    /// <summary>
    /// Seconds to build the world and boot every device until all listen (keys, PKI, network,
    /// leases, setup certificates, listeners), before the wall clock of <see cref="WallSeconds"/> starts.
    /// </summary>
    public double BootSeconds { get; init; }

    /// <summary>Process CPU per device over <see cref="BootSeconds"/>, ms.</summary>
    public double BootCpuMsPerDevice { get; init; }

    /// <summary>Process CPU per device up to the last device provisioned (<see cref="CpuSecondsPerDevice"/> also counts the world's end).</summary>
    public double CpuSecondsPerDeviceToLastProvisioned { get; init; }
    public required double DevicesPerSecond { get; init; }
    public required double P50Ms { get; init; }
    public required double P95Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double HandshakesPerSecond { get; init; }

    /// <summary>
    /// Setup session per device, ms: from the device's first WS-Man call over the accepted
    /// provisioning TLS session (state In) to provisioned; unlike P50Ms and the others it leaves out
    /// the wait for one of the service point's provisioning slots.
    /// </summary>
    public double SessionP50Ms { get; init; }

    public double SessionP95Ms { get; init; }

    public double SessionP99Ms { get; init; }

    /// <summary>RSA-2048 private-key operations per provisioned device on the hot path (see the remarks of <see cref="FleetBenchmark"/>).</summary>
    public required int RsaOpsPerDevice { get; init; }

    public required double DotNetRsaSignsPerSecond { get; init; }
    /// <summary>
    /// openssl's RSA-2048 sign rate on both cores for this run: the mean of the measurements before
    /// and after the fleet (<see cref="OpenSslRsaSignsPerSecondBefore"/>, <see cref="OpenSslRsaSignsPerSecondAfter"/>),
    /// since this VM's speed drifts by tens of percent within minutes.
    /// </summary>
    public required double OpenSslRsaSignsPerSecond { get; init; }

    public double OpenSslRsaSignsPerSecondBefore { get; init; }

    public double OpenSslRsaSignsPerSecondAfter { get; init; }

    /// <summary>(RSA ops per device × devices/s) ÷ openssl's RSA-2048 sign rate on both cores.</summary>
    public required double RsaBoundRatio { get; init; }

    public required double CpuSecondsPerDevice { get; init; }
    public required double PeakRssMiB { get; init; }
    public required double IdleRssPerDeviceKiB { get; init; }

    /// <summary>Resident memory of the process(es) once every device listened and before any booted, MiB.</summary>
    public double ListeningRssMiB { get; init; }
    public required ulong OpenFileLimit { get; init; }

    /// <summary>Provisioning tasks the service point ran at once (0: no limit).</summary>
    public required int Concurrency { get; init; }

    /// <summary>Bytes allocated on the managed heap per device, provisioning included (GC.GetTotalAllocatedBytes over the run).</summary>
    public required long AllocatedBytesPerDevice { get; init; }

    /// <summary>Sampled large-object-heap bytes per device (allocations of 85,000 bytes or more); only with allocation sampling.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? LargeObjectBytesPerDevice { get; init; }

    /// <summary>Types that took the most sampled bytes, per device; only with allocation sampling.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AllocationShare>? TopAllocations { get; init; }

    /// <summary>CPU and allocation per provisioned device by phase; only with <c>--profile</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PhaseShare>? Profile { get; init; }

    /// <summary>JIT compilation time over the run per device (part of the unattributed rest); only with <c>--profile</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? JitMsPerDevice { get; init; }

    /// <summary>Time the runtime paused threads for garbage collection per device (wall time; part of the unattributed rest); only with <c>--profile</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? GcPauseMsPerDevice { get; init; }

    /// <summary>Processes the fleet ran in (each with its own devices, service point and partition).</summary>
    public int Processes { get; init; } = 1;

    /// <summary>The part of the fleet these figures cover (<c>I/N</c>; <c>0/1</c> the whole fleet).</summary>
    public string Shard { get; init; } = AmtSim.Runtime.Determinism.Shard.Whole.ToString();

    /// <summary>Devices of the whole fleet (<see cref="Devices"/> counts only the shard's).</summary>
    public int FleetDevices { get; init; }

    /// <summary>Wall clock when the devices started booting and when the last was provisioned: merged shards' wall time runs from the earliest start to the latest end.</summary>
    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    /// <summary>Time from boot to provisioned of every device, ms (written by a child process for its parent to merge).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Latencies { get; init; }

    /// <summary>Every device of a shard as <c>index:uuid</c>, so a merge can check that the shards are disjoint and cover the fleet (shards and children only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Identities { get; init; }

    /// <summary>Setup-session durations, ms (a child's, for its parent to merge).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? SessionLatencies { get; init; }
}

/// <summary>What <c>amtsim bench fleet</c> runs.</summary>
public sealed record FleetBenchmarkOptions
{
    public int Devices { get; init; } = 100;
    public long Seed { get; init; } = 1;
    public string Firmware { get; init; } = "16.1.25.2124";

    /// <summary>Provisioning tasks at once (0: no limit).</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Sample allocations by type (the runtime's allocation ticks; adds a little overhead).</summary>
    public bool SampleAllocations { get; init; }

    /// <summary>Measure CPU and allocation by phase (<see cref="AmtSim.Runtime.Profiling.PhaseProfiler"/>; Linux; adds two clock reads per phase edge).</summary>
    public bool Profile { get; init; }

    /// <summary>Address partition of the fleet (see <see cref="RunOptions.Partition"/>).</summary>
    public int Partition { get; init; } = RunOptions.PartitionFromEnvironment();

    /// <summary>Folder for the world's files.</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "amtsim-bench");

    /// <summary>
    /// Child of a multi-process run: skip the RSA rate measurements, say when the devices listen,
    /// wait for "go" on <see cref="Go"/> before booting them, and keep the latencies in the result.
    /// </summary>
    public bool Child { get; init; }

    /// <summary>Where a child reads its "go" line (standard input).</summary>
    public TextReader? Go { get; init; }

    /// <summary>
    /// The part of the fleet of <see cref="Devices"/> this process provisions: the same devices (identities,
    /// keys, certificates) as in one run of the whole fleet. A child of a multi-process run is one shard.
    /// </summary>
    public AmtSim.Runtime.Determinism.Shard Shard { get; init; } = AmtSim.Runtime.Determinism.Shard.Whole;

    /// <summary>Whether <c>--shard</c> was given (also 0/1): the figures then carry what <c>bench merge</c> needs (latencies, identities).</summary>
    public bool ShardGiven { get; init; }

    /// <summary>Told (provisioned so far, devices) each time a device is provisioned, for a progress line; wall clock, never part of the figures.</summary>
    public IProgress<(int Done, int Total)>? Provisioned { get; init; }
}

/// <summary>
/// Provisions N devices on the happy path with the built-in service point, real TLS and real
/// sockets on loopback, and measures throughput, latency, RSA efficiency, CPU and memory.
/// </summary>
/// <remarks>
/// Private-key operations per device on the hot path: the device's TLS server key operation
/// (ECDHE signature or RSA premaster decryption), the service point's CertificateVerify, the
/// device's PKCS#10 signature, and the CA's signature on the issued certificate: 4. Keys come
/// from the seeded pool (no key generation in the run).
/// </remarks>
public sealed partial class FleetBenchmark(string fixturesDirectory)
{
    public const int RsaOpsPerDevice = 4;

    public async Task<FleetBenchmarkResult> RunAsync(FleetBenchmarkOptions bench, TextWriter progress, CancellationToken cancellationToken)
    {
        var (fleetDevices, seed, firmware) = (bench.Devices, bench.Seed, bench.Firmware);
        var devices = bench.Shard.Range(fleetDevices).Length;
        var openFiles = ResourceLimits.EnsureOpenFiles(OpenFilesNeeded(devices, bench.Concurrency));
        progress.WriteLine($"bench: {devices} device(s){(bench.Shard.IsWhole ? "" : $" (shard {bench.Shard} of a fleet of {fleetDevices})")}, firmware {firmware}, seed {seed}, concurrency {(bench.Concurrency > 0 ? bench.Concurrency : "unlimited")}, open-file limit {openFiles}");
        var (dotnetRate, openSslRate) = bench.Child ? (0, 0) : await RsaRatesAsync(progress, cancellationToken);

        var scenario = new Scenario
        {
            // One folder per partition: the processes of a multi-process run work side by side.
            Name = $"bench-fleet-{fleetDevices}-{bench.Shard.Index}of{Math.Max(1, bench.Shard.Count)}-p{bench.Partition}",
            File = "(bench)",
            Seed = seed,
            RunFor = TimeSpan.FromMinutes(2),
            Network = new NetworkSpec { Scopes = [new ScopeSpec { Name = "bench", Option15 = "contoso.com", Devices = fleetDevices }] },
            Devices = new DeviceSpec { Firmware = firmware },
        };
        var process = Process.GetCurrentProcess();
        var started = new ConcurrentDictionary<int, long>();
        var latencies = new ConcurrentBag<double>();
        var sessions = new ConcurrentBag<double>();
        var provisionedSoFar = 0;
        var lastProvisionedAt = TimeSpan.Zero;
        var cpuAtLast = TimeSpan.Zero;
        var jitBefore = TimeSpan.Zero;
        var gcPausedBefore = TimeSpan.Zero;
        var sessionStarted = new ConcurrentDictionary<int, long>();
        long baselineRss = 0, listeningRss = 0;
        var clock = Stopwatch.StartNew();
        var cpuBefore = TimeSpan.Zero;
        var bootCpuBefore = TimeSpan.Zero;
        var bootCpuAfter = TimeSpan.Zero;
        var bootSeconds = 0.0;
        long allocatedBefore = 0;
        var startedAt = DateTimeOffset.UtcNow;
        using var sampler = bench.SampleAllocations ? new AllocationSampler() : null;
        var options = new RunOptions
        {
            WorkDirectory = bench.WorkDirectory,
            Partition = bench.Partition,
            MaxConcurrentProvisionings = bench.Concurrency,
            Shard = bench.Shard,
            DevicesListening = n =>
            {
                // Boot ends here; a child's wait for the parent's go is in neither figure.
                bootSeconds = clock.Elapsed.TotalSeconds;
                process.Refresh();
                bootCpuAfter = process.TotalProcessorTime;
                listeningRss = process.WorkingSet64;
                if (bench.Child)
                {
                    // The parent boots every process's devices at once: say so and wait for it.
                    progress.WriteLine($"{ChildListening} {listeningRss - baselineRss}");
                    progress.Flush();
                    _ = (bench.Go ?? Console.In).ReadLine();
                }

                cpuBefore = process.TotalProcessorTime;
                allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                sampler?.Start();
                if (bench.Profile)
                {
                    AmtSim.Runtime.Profiling.PhaseProfiler.Start();
                    jitBefore = System.Runtime.JitInfo.GetCompilationTime();
                    gcPausedBefore = GC.GetTotalPauseDuration();
                }

                startedAt = DateTimeOffset.UtcNow;
                clock.Restart();
            },
            DeviceBooting = (index, device) =>
            {
                started[index] = Stopwatch.GetTimestamp();
                device.StateChanged += (d, state) =>
                {
                    if (state == ProvisioningState.In)
                    {
                        sessionStarted.TryAdd(index, Stopwatch.GetTimestamp());
                    }
                    else if (state == ProvisioningState.Post && started.TryGetValue(index, out var t0))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        // A counter, not the bag's Count: that freezes every thread's part of the bag, per device.
                        var done = Interlocked.Increment(ref provisionedSoFar);
                        if (done == devices)
                        {
                            lastProvisionedAt = clock.Elapsed;
                            cpuAtLast = Process.GetCurrentProcess().TotalProcessorTime;
                        }

                        bench.Provisioned?.Report((done, devices));
                        if (sessionStarted.TryGetValue(index, out var s0))
                        {
                            sessions.Add(Stopwatch.GetElapsedTime(s0).TotalMilliseconds);
                        }
                    }
                };
            },
        };
        process.Refresh();
        baselineRss = process.WorkingSet64;
        bootCpuBefore = process.TotalProcessorTime;
        clock.Restart();
        var observation = await new WorldExecutor(fixturesDirectory).ExecuteAsync(scenario, seed, options, cancellationToken);
        var wall = clock.Elapsed.TotalSeconds;
        var endedAt = startedAt + clock.Elapsed;
        sampler?.Stop();
        var profile = bench.Profile ? AmtSim.Runtime.Profiling.PhaseProfiler.Stop() : null;
        var jit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
        var gcPaused = GC.GetTotalPauseDuration() - gcPausedBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var provisioned = observation.Devices.Count(d => d.State == "post");
        if (provisioned != devices)
        {
            var wrong = observation.Devices.Where(d => d.State != "post").Take(5).Select(d => $"device {d.Index} {d.State} ({d.Reason ?? "no handshake"})");
            throw new InvalidOperationException($"only {provisioned} of {devices} devices were provisioned: {string.Join("; ", wrong)}");
        }

        var openSslBefore = openSslRate;
        var openSslAfter = bench.Child ? 0 : await OpenSslRsaSignRateAfterAsync(progress, cancellationToken);
        openSslRate = MeanRate(openSslBefore, openSslAfter);
        var handshakes = observation.Devices.Sum(d => d.Timeline.Count(e => e.Kind == "TLS"));
        var sorted = latencies.Order().ToArray();
        var sessionsSorted = sessions.Order().ToArray();
        var perSecond = devices / wall;

        // What a parent or `bench merge` needs to combine these figures with other shards'.
        var forMerge = bench.Child || bench.ShardGiven;
        return new FleetBenchmarkResult
        {
            Devices = devices,
            Seed = seed,
            Firmware = firmware,
            Provisioned = provisioned,
            WallSeconds = Math.Round(wall, 3),
            LastProvisionedSeconds = Math.Round(lastProvisionedAt.TotalSeconds, 3),
            BootSeconds = Math.Round(bootSeconds, 3),
            BootCpuMsPerDevice = Math.Round((bootCpuAfter - bootCpuBefore).TotalMilliseconds / devices, 3),
            CpuSecondsPerDeviceToLastProvisioned = cpuAtLast == TimeSpan.Zero ? 0 : Math.Round((cpuAtLast - cpuBefore).TotalSeconds / devices, 4),
            DevicesPerSecond = Math.Round(perSecond, 1),
            P50Ms = Percentile(sorted, 0.50),
            P95Ms = Percentile(sorted, 0.95),
            P99Ms = Percentile(sorted, 0.99),
            HandshakesPerSecond = Math.Round(handshakes / wall, 1),
            SessionP50Ms = Percentile(sessionsSorted, 0.50),
            SessionP95Ms = Percentile(sessionsSorted, 0.95),
            SessionP99Ms = Percentile(sessionsSorted, 0.99),
            RsaOpsPerDevice = RsaOpsPerDevice,
            DotNetRsaSignsPerSecond = Math.Round(dotnetRate, 0),
            OpenSslRsaSignsPerSecond = Math.Round(openSslRate, 0),
            OpenSslRsaSignsPerSecondBefore = Math.Round(openSslBefore, 0),
            OpenSslRsaSignsPerSecondAfter = Math.Round(openSslAfter, 0),
            RsaBoundRatio = openSslRate > 0 ? Math.Round(RsaOpsPerDevice * perSecond / openSslRate, 3) : 0,
            CpuSecondsPerDevice = Math.Round(cpu / devices, 4),
            PeakRssMiB = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
            IdleRssPerDeviceKiB = Math.Round((listeningRss - baselineRss) / 1024.0 / devices, 1),
            ListeningRssMiB = Math.Round(listeningRss / 1048576.0, 1),
            OpenFileLimit = openFiles,
            Concurrency = bench.Concurrency,
            AllocatedBytesPerDevice = allocated / devices,
            LargeObjectBytesPerDevice = sampler is null ? null : sampler.LargeObjectBytes / devices,
            TopAllocations = sampler?.Top(15, devices),
            Profile = profile is null ? null : PhaseShare.PerDevice(profile, cpu, allocated, devices),
            JitMsPerDevice = profile is null ? null : Math.Round(jit.TotalMilliseconds / devices, 3),
            GcPauseMsPerDevice = profile is null ? null : Math.Round(gcPaused.TotalMilliseconds / devices, 3),
            Latencies = forMerge ? sorted : null,
            SessionLatencies = forMerge ? sessionsSorted : null,
            Identities = forMerge ? [.. observation.Devices.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Index}:{d.Uuid}"))] : null,
            Shard = bench.Shard.ToString(),
            FleetDevices = fleetDevices,
            StartedAt = startedAt,
            EndedAt = endedAt,
        };
    }

    /// <summary>The line a child writes once its devices listen (then the listening RSS increase in bytes).</summary>
    public const string ChildListening = "amtsim-bench-child: listening";

    /// <summary>Descriptors one process needs: two listening sockets per device, four per provisioning in flight (both ends of the TLS connection and of the hello), the runtime's own.</summary>
    public static ulong OpenFilesNeeded(int devices, int concurrency)
        => (ulong)(devices * 2 + (concurrency > 0 ? Math.Min(concurrency, devices) : devices) * 4 + 1024);

    /// <summary>
    /// Processes needed so that each one's descriptors fit the hard open-file limit (1 when it is
    /// unknown or high enough): a process cannot raise its hard limit without CAP_SYS_RESOURCE.
    /// </summary>
    public static int ProcessesNeeded(int devices, int concurrency, ulong? hardLimit)
    {
        if (hardLimit is not { } limit)
        {
            return 1;
        }

        for (var k = 1; k <= 64; k++)
        {
            var perProcess = (devices + k - 1) / k;
            var perConcurrency = concurrency > 0 ? (concurrency + k - 1) / k : 0;
            if (OpenFilesNeeded(perProcess, perConcurrency) <= limit)
            {
                return k;
            }
        }

        throw new InvalidOperationException($"{devices} devices do not fit 64 processes under the hard open-file limit of {limit}");
    }

    internal static async Task<(double DotNet, double OpenSsl)> RsaRatesAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var dotnetRate = DotNetRsaSignRate();
        var openSslRate = await OpenSslRsaSignRateAsync(cancellationToken);
        progress.WriteLine($"bench: RSA-2048 signs/s: .NET {dotnetRate:0} (one core), openssl speed {openSslRate:0} (both cores)");
        return (dotnetRate, openSslRate);
    }

    /// <summary>openssl's rate measured again once the fleet is done, said on the progress writer.</summary>
    internal static async Task<double> OpenSslRsaSignRateAfterAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var rate = await OpenSslRsaSignRateAsync(cancellationToken);
        progress.WriteLine($"bench: RSA-2048 signs/s after the run: openssl speed {rate:0} (both cores)");
        return rate;
    }

    /// <summary>The mean of two measurements of a rate, or the one that exists (0 for none).</summary>
    public static double MeanRate(double before, double after)
        => before > 0 && after > 0 ? (before + after) / 2 : Math.Max(before, after);

    internal static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);

    /// <summary>RSA-2048 PKCS#1 SHA-256 signatures per second through .NET's RSA (OpenSSL), one thread, one second.</summary>
    private static double DotNetRsaSignRate()
    {
        using var rsa = RSA.Create(2048);
        var hash = SHA256.HashData("bench"u8);
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(1))
        {
            rsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            n++;
        }

        return n / watch.Elapsed.TotalSeconds;
    }

    /// <summary>`openssl speed -multi N rsa2048` in this same run: the machine's RSA-bound limit (0 when openssl is missing).</summary>
    private static async Task<double> OpenSslRsaSignRateAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "speed", "-seconds", "2", "-multi", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), "rsa2048" })
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(psi)!;
            var output = await p.StandardOutput.ReadToEndAsync(cancellationToken);
            await p.WaitForExitAsync(cancellationToken);
            var m = SpeedLine().Match(output);
            return m.Success ? double.Parse(m.Groups["sign"].Value, CultureInfo.InvariantCulture) : 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 0;
        }
    }

    /// <summary>"rsa 2048 bits 0.000700s 0.000020s   1428.6  50000.0": sign/s is the first rate.</summary>
    [GeneratedRegex(@"rsa\s+2048 bits\s+\S+\s+\S+\s+(?<sign>[\d.]+)\s+[\d.]+")]
    private static partial Regex SpeedLine();
}

/// <summary>One phase of a <c>--profile</c> run, per provisioned device.</summary>
/// <param name="Phase">The phase (<see cref="AmtSim.Runtime.Profiling.ProfilePhase"/> name, or "unattributed" for the rest of the process's CPU).</param>
/// <param name="CpuMsPerDevice">Exclusive CPU time, ms.</param>
/// <param name="CpuShare">Its part of the process's CPU over the run, 0 to 1.</param>
/// <param name="AllocatedKiBPerDevice">Managed allocation, KiB.</param>
/// <param name="EntriesPerDevice">Times the phase was entered.</param>
public sealed record PhaseShare(string Phase, double CpuMsPerDevice, double CpuShare, double AllocatedKiBPerDevice, double EntriesPerDevice)
{
    /// <summary>What is not in any phase: sockets and the thread pool, HttpClient, the runtime (GC, JIT), the world's orchestration.</summary>
    public const string Unattributed = "unattributed";

    /// <summary>The profile's phases per device, then the unattributed rest of <paramref name="cpuSeconds"/> and <paramref name="allocatedBytes"/>.</summary>
    public static IReadOnlyList<PhaseShare> PerDevice(AmtSim.Runtime.Profiling.PhaseProfile profile, double cpuSeconds, long allocatedBytes, int devices)
    {
        var rows = profile.Phases
            .Select(p => Row(p.Phase.ToString(), p.Cpu.TotalSeconds, p.AllocatedBytes, p.Entries))
            .ToList();
        var restCpu = Math.Max(0, cpuSeconds - profile.Attributed.TotalSeconds);
        var restBytes = Math.Max(0, allocatedBytes - profile.Phases.Sum(p => p.AllocatedBytes));
        rows.Add(Row(Unattributed, restCpu, restBytes, 0));
        return rows;

        PhaseShare Row(string name, double seconds, long bytes, long entries) => new(
            name,
            Math.Round(seconds * 1000 / devices, 3),
            cpuSeconds > 0 ? Math.Round(seconds / cpuSeconds, 3) : 0,
            Math.Round(bytes / 1024.0 / devices, 1),
            Math.Round((double)entries / devices, 1));
    }
}
