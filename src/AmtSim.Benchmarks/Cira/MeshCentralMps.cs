using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AmtSim.Benchmarks.Fleet;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;

namespace AmtSim.Benchmarks.Cira;

/// <summary>What <c>servers/meshcentral/cira-bench.js</c> says once MeshCentral's MPS listens and the device group exists.</summary>
public sealed record MeshCentralReady(string MeshId, string MpsUser, string MpsAddress, string MpsName, int MpsPort, string Root, int Pid);

/// <summary>
/// MeshCentral started from the npm cache as the bench's MPS, through <c>servers/meshcentral/cira-bench.js</c>:
/// waits for its ready line, keeps the latest of MeshCentral's own MPS counters (server console
/// <c>mpsstats</c>, polled by the launcher), and stops it by closing its standard input.
/// </summary>
public sealed class MeshCentralMps : IAsyncDisposable
{
    public const string LauncherName = "cira-bench.js";
    private const string Prefix = "amtsim-cira-bench: ";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly TaskCompletionSource<MeshCentralReady> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, long> _stats = new Dictionary<string, long>();
    private long _statsVersion;

    private MeshCentralMps(Process process) => _process = process;

    /// <summary>MeshCentral's latest MPS counters (ciraConnections, connectionCount, …) and how many polls arrived.</summary>
    public (IReadOnlyDictionary<string, long> Stats, long Polls) Latest
    {
        get
        {
            lock (_gate)
            {
                return (_stats, _statsVersion);
            }
        }
    }

    /// <summary>Called on every poll of MeshCentral's counters (on the launcher's reader thread).</summary>
    public event Action<IReadOnlyDictionary<string, long>>? StatsArrived;

    public MeshCentralReady Ready => _ready.Task.Result;

    /// <summary>The launcher beside <c>fixtures/</c> in a checkout (servers/meshcentral/cira-bench.js), or null.</summary>
    public static string? FindLauncher(string fixturesDirectory)
    {
        foreach (var start in new[] { fixturesDirectory, Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "servers", "meshcentral", LauncherName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Starts the launcher and waits until MeshCentral's MPS listens; throws <see cref="ScenarioSetupException"/> with MeshCentral's last lines when it does not (a port in use, a broken install).</summary>
    public static async Task<MeshCentralMps> StartAsync(string launcher, string workDirectory, string mpsPassword, int mpsPort, TextWriter progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { launcher, "--work", workDirectory, "--mps-password", mpsPassword, "--mps-port", mpsPort.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var mps = new MeshCentralMps(process);
        process.OutputDataReceived += (_, e) => mps.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => mps.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => mps._ready.TrySetException(new ScenarioSetupException($"MeshCentral's launcher exited with {SafeExitCode(process)} before its MPS listened: {mps.Tail()}"));
        try
        {
            var ready = await mps._ready.Task.WaitAsync(ReadyTimeout, cancellationToken);
            progress.WriteLine($"bench: MeshCentral {MeshCentralInstallation.Version} (pid {ready.Pid}) MPS on {ready.MpsAddress}:{ready.MpsPort}, device group {ready.MeshId} (MPS username {ready.MpsUser})");
            return mps;
        }
        catch (TimeoutException)
        {
            await mps.DisposeAsync();
            throw new ScenarioSetupException($"MeshCentral's MPS did not listen within {ReadyTimeout.TotalMinutes:0} minutes: {mps.Tail()}");
        }
        catch
        {
            await mps.DisposeAsync();
            throw;
        }
    }

    private static string SafeExitCode(Process p)
    {
        try
        {
            return p.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 12)
            {
                _tail.Dequeue();
            }
        }

        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        var rest = line[Prefix.Length..];
        if (rest.StartsWith("ready ", StringComparison.Ordinal))
        {
            var ready = JsonSerializer.Deserialize(rest["ready ".Length..], ReadJson.MeshCentralReady);
            if (ready is not null)
            {
                _ready.TrySetResult(ready);
            }
        }
        else if (rest.StartsWith("mps ", StringComparison.Ordinal))
        {
            var stats = JsonSerializer.Deserialize(rest["mps ".Length..], BenchJsonContext.Default.DictionaryStringInt64) ?? [];
            lock (_gate)
            {
                _stats = stats;
                _statsVersion++;
            }

            StatsArrived?.Invoke(stats);
        }
        else if (rest.StartsWith("error ", StringComparison.Ordinal))
        {
            _ready.TrySetException(new ScenarioSetupException("MeshCentral's launcher: " + rest["error ".Length..]));
        }
    }

    private static readonly BenchJsonContext ReadJson = new(new JsonSerializerOptions { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString });

    /// <summary>MeshCentral's last lines, for an error message.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return string.Join(" | ", _tail);
        }
    }

    /// <summary>MeshCentral's own process (not the launcher's): CPU time so far and resident memory, or null when it is gone.</summary>
    public (TimeSpan Cpu, long Rss)? MeshCentralProcess()
    {
        if (!_ready.Task.IsCompletedSuccessfully)
        {
            return null;
        }

        try
        {
            using var p = Process.GetProcessById(_ready.Task.Result.Pid);
            return (p.TotalProcessorTime, p.WorkingSet64);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }
}
