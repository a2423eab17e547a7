using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AmtSim.Network.Addressing;

namespace AmtSim.Benchmarks.Fleet;

/// <summary>
/// A fleet too large for one process's open-file limit, split across child processes of
/// <c>amtsim bench fleet</c>: child i is shard i/N of the fleet (<c>--shard</c>, the same split a
/// cluster's pods use), with its own service point on its own address partition. The parent
/// measures the machine's RSA rates once, waits until every child's devices listen, tells them all
/// to boot at once, and merges their figures with <see cref="Merge"/> (what <c>bench merge</c> does
/// with the outputs of shards run anywhere).
/// </summary>
/// <param name="startChild">How to start amtsim with the given arguments (the CLI knows its own path).</param>
public sealed class MultiProcessFleetBenchmark(Func<IReadOnlyList<string>, ProcessStartInfo> startChild)
{
    public async Task<FleetBenchmarkResult> RunAsync(FleetBenchmarkOptions bench, int processes, TextWriter progress, CancellationToken cancellationToken)
    {
        if (bench.Partition + processes - 1 > LoopbackAddressAllocator.MaxPartition)
        {
            throw new InvalidOperationException($"{processes} processes need partitions {bench.Partition} to {bench.Partition + processes - 1}; the highest is {LoopbackAddressAllocator.MaxPartition}");
        }

        progress.WriteLine($"bench: {bench.Devices} device(s) in {processes} processes (the open-file limit of one process is too low for them all)");
        var (dotnetRate, openSslRate) = await FleetBenchmark.RsaRatesAsync(progress, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("amtsim-bench-fleet-").FullName;
        var children = new List<Child>();
        try
        {
            for (var i = 0; i < processes; i++)
            {
                var json = Path.Combine(folder, $"child-{i}.json");
                children.Add(Child.Start(i, startChild(ChildArguments(bench, i, processes, json)), json, progress));
            }

            await Task.WhenAll(children.Select(c => c.Listening)).WaitAsync(cancellationToken);
            progress.WriteLine($"bench: every process listens ({children.Sum(c => c.ListeningRssBytes) / 1048576.0:0} MiB above their baselines); booting all devices");
            foreach (var child in children)
            {
                await child.GoAsync();
            }

            await Task.WhenAll(children.Select(c => c.ExitAsync(cancellationToken)));
            var results = new List<FleetBenchmarkResult>();
            foreach (var child in children)
            {
                results.Add(JsonSerializer.Deserialize(await File.ReadAllTextAsync(child.JsonPath, cancellationToken), BenchJson.Context.FleetBenchmarkResult)
                    ?? throw new InvalidOperationException($"process {child.Index} wrote no figures"));
            }

            var openSslAfter = await FleetBenchmark.OpenSslRsaSignRateAfterAsync(progress, cancellationToken);
            return Merge(results, dotnetRate, FleetBenchmark.MeanRate(openSslRate, openSslAfter)) with
            {
                Concurrency = bench.Concurrency,
                Identities = null,
                OpenSslRsaSignsPerSecondBefore = Math.Round(openSslRate, 0),
                OpenSslRsaSignsPerSecondAfter = Math.Round(openSslAfter, 0),
            };
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Child <paramref name="index"/> of <paramref name="processes"/>: shard index/processes of the same fleet and seed, on its own partition, its share of the concurrency.</summary>
    internal static List<string> ChildArguments(FleetBenchmarkOptions bench, int index, int processes, string json)
    {
        var concurrency = bench.Concurrency > 0 ? (bench.Concurrency + processes - 1) / processes : 0;
        List<string> args =
        [
            "bench", "fleet", "--child",
            "--devices", Invariant(bench.Devices),
            "--shard", $"{Invariant(index)}/{Invariant(processes)}",
            "--seed", Invariant(bench.Seed),
            "--partition", Invariant(bench.Partition + index),
            "--concurrency", Invariant(concurrency),
            "--firmware", bench.Firmware,
            "--out", json,
        ];
        if (bench.SampleAllocations)
        {
            args.Add("--allocations");
        }

        return args;
    }

    /// <summary>
    /// The figures of the shards of one fleet as one run: wall time from the earliest start to the
    /// latest end, latencies pooled, CPU and memory per device weighted, memory summed. The RSA
    /// rates are the given ones (measured once on the machine) or, when 0, the shards' own.
    /// </summary>
    public static FleetBenchmarkResult Merge(IReadOnlyList<FleetBenchmarkResult> results, double dotnetRate = 0, double openSslRate = 0)
    {
        if (results.Count == 0)
        {
            throw new InvalidOperationException("no shard figures to merge");
        }

        dotnetRate = dotnetRate > 0 ? dotnetRate : results.Max(r => r.DotNetRsaSignsPerSecond);
        openSslRate = openSslRate > 0 ? openSslRate : results.Max(r => r.OpenSslRsaSignsPerSecond);
        var devices = results.Sum(r => r.Devices);
        var spanned = results.All(r => r.EndedAt > r.StartedAt) ? (results.Max(r => r.EndedAt) - results.Min(r => r.StartedAt)).TotalSeconds : 0;
        var wall = spanned > 0 ? spanned : results.Max(r => r.WallSeconds);
        // "index:uuid", ordered by fleet index; an index twice means the shards overlap.
        var identities = results.Any(r => r.Identities is not null)
            ? results.SelectMany(r => r.Identities ?? []).Select(i => (Index: int.Parse(i.AsSpan(0, i.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture), Text: i)).OrderBy(i => i.Index).ToList()
            : null;
        if (identities is not null && identities.Select(i => i.Index).Distinct().Count() != identities.Count)
        {
            throw new InvalidOperationException("the shards share devices: they are not one split of the fleet (same --devices, --seed and N, each index once)");
        }

        var latencies = results.SelectMany(r => r.Latencies ?? []).Order().ToArray();
        var sessions = results.SelectMany(r => r.SessionLatencies ?? []).Order().ToArray();
        var perSecond = devices / wall;
        double Weighted(Func<FleetBenchmarkResult, double> f) => results.Sum(r => f(r) * r.Devices) / devices;
        return new FleetBenchmarkResult
        {
            Devices = devices,
            Seed = results[0].Seed,
            Firmware = results[0].Firmware,
            Provisioned = results.Sum(r => r.Provisioned),
            WallSeconds = Math.Round(wall, 3),
            LastProvisionedSeconds = spanned > 0
                ? Math.Round((results.Max(r => r.StartedAt.AddSeconds(r.LastProvisionedSeconds)) - results.Min(r => r.StartedAt)).TotalSeconds, 3)
                : results.Max(r => r.LastProvisionedSeconds),
            BootSeconds = results.Max(r => r.BootSeconds),
            BootCpuMsPerDevice = Math.Round(Weighted(r => r.BootCpuMsPerDevice), 3),
            DevicesPerSecond = Math.Round(perSecond, 1),
            P50Ms = FleetBenchmark.Percentile(latencies, 0.50),
            P95Ms = FleetBenchmark.Percentile(latencies, 0.95),
            P99Ms = FleetBenchmark.Percentile(latencies, 0.99),
            HandshakesPerSecond = Math.Round(results.Sum(r => r.HandshakesPerSecond * r.WallSeconds) / wall, 1),
            SessionP50Ms = FleetBenchmark.Percentile(sessions, 0.50),
            SessionP95Ms = FleetBenchmark.Percentile(sessions, 0.95),
            SessionP99Ms = FleetBenchmark.Percentile(sessions, 0.99),
            RsaOpsPerDevice = FleetBenchmark.RsaOpsPerDevice,
            DotNetRsaSignsPerSecond = Math.Round(dotnetRate, 0),
            OpenSslRsaSignsPerSecond = Math.Round(openSslRate, 0),
            OpenSslRsaSignsPerSecondBefore = results.Max(r => r.OpenSslRsaSignsPerSecondBefore),
            OpenSslRsaSignsPerSecondAfter = results.Max(r => r.OpenSslRsaSignsPerSecondAfter),
            RsaBoundRatio = openSslRate > 0 ? Math.Round(FleetBenchmark.RsaOpsPerDevice * perSecond / openSslRate, 3) : 0,
            CpuSecondsPerDevice = Math.Round(Weighted(r => r.CpuSecondsPerDevice), 4),
            CpuSecondsPerDeviceToLastProvisioned = Math.Round(Weighted(r => r.CpuSecondsPerDeviceToLastProvisioned), 4),
            PeakRssMiB = Math.Round(results.Sum(r => r.PeakRssMiB), 1),
            IdleRssPerDeviceKiB = Math.Round(Weighted(r => r.IdleRssPerDeviceKiB), 1),
            ListeningRssMiB = Math.Round(results.Sum(r => r.ListeningRssMiB), 1),
            OpenFileLimit = results.Min(r => r.OpenFileLimit),
            Concurrency = results.Sum(r => r.Concurrency),
            AllocatedBytesPerDevice = (long)Weighted(r => r.AllocatedBytesPerDevice),
            LargeObjectBytesPerDevice = results.Any(r => r.LargeObjectBytesPerDevice is not null) ? (long)Weighted(r => r.LargeObjectBytesPerDevice ?? 0) : null,
            TopAllocations = results[0].TopAllocations,
            Processes = results.Sum(r => r.Processes),
            Identities = identities?.Select(i => i.Text).ToList(),
            Shard = AmtSim.Runtime.Determinism.Shard.Whole.ToString(),
            FleetDevices = results.Max(r => r.FleetDevices),
            StartedAt = results.Min(r => r.StartedAt),
            EndedAt = results.Max(r => r.EndedAt),
        };
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One child process: its output forwarded with its index, its "listening" line awaited.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Queue<string> _lastLines = new();

        private Child(int index, Process process, string jsonPath)
        {
            Index = index;
            _process = process;
            JsonPath = jsonPath;
        }

        public int Index { get; }

        public string JsonPath { get; }

        public long ListeningRssBytes { get; private set; }

        public Task Listening => _listening.Task;

        public static Child Start(int index, ProcessStartInfo start, string jsonPath, TextWriter progress)
        {
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var child = new Child(index, process, jsonPath);
            process.OutputDataReceived += (_, e) => child.OnLine(e.Data, progress);
            process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, progress);
            process.Exited += (_, _) => child._listening.TrySetException(new InvalidOperationException($"process {index} exited ({process.ExitCode}) before its devices listened: {child.LastLines()}"));
            if (!process.Start())
            {
                throw new InvalidOperationException($"cannot start process {index} ({start.FileName})");
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        public async Task GoAsync()
        {
            await _process.StandardInput.WriteLineAsync("go");
            await _process.StandardInput.FlushAsync();
        }

        public async Task ExitAsync(CancellationToken cancellationToken)
        {
            await _process.WaitForExitAsync(cancellationToken);
            if (_process.ExitCode != 0)
            {
                throw new InvalidOperationException($"process {Index} failed (exit {_process.ExitCode}): {LastLines()}");
            }
        }

        private void OnLine(string? line, TextWriter progress)
        {
            if (line is null)
            {
                return;
            }

            lock (_lastLines)
            {
                _lastLines.Enqueue(line);
                if (_lastLines.Count > 5)
                {
                    _lastLines.Dequeue();
                }
            }

            if (line.StartsWith(FleetBenchmark.ChildListening, StringComparison.Ordinal))
            {
                ListeningRssBytes = long.TryParse(line[FleetBenchmark.ChildListening.Length..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rss) ? rss : 0;
                _listening.TrySetResult();
                return;
            }

            lock (progress)
            {
                progress.WriteLine($"[{Index}] {line}");
            }
        }

        private string LastLines()
        {
            lock (_lastLines)
            {
                return string.Join(" | ", _lastLines);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
