using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AmtSim.Provisioning.External;

/// <summary>
/// The seam for provisioning servers nobody here wrote: starts a command with the run's devices
/// and addresses in its environment and a JSON file, collects its output as the run's server log,
/// and stops it (SIGTERM, then kill after a grace period). No code change is needed to plug one in.
/// </summary>
/// <remarks>
/// Environment given to the program: AMTSIM_SERVER_ADDRESS, AMTSIM_HELLO_PORT, AMTSIM_DEVICES_FILE
/// (JSON array of {uuid, address, fqdn, firmware, tlsPort}), AMTSIM_PROVISIONING_PFX, AMTSIM_PROVISIONING_PFX_PASSWORD, AMTSIM_WORK_DIR.
/// </remarks>
public sealed class ExternalProcessServer(ExternalServerOptions options) : IProvisioningServer
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Regex? _readyPattern = options.ReadyPattern is { } pattern ? new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
    private Process? _process;
    private string? _workDir;

    public string Name => options.Name;

    public IPEndPoint HelloEndPoint { get; } = new(options.Address, options.HelloPort);

    public IReadOnlyList<string> LogLines
    {
        get { lock (_gate) { return [.. _lines]; } }
    }

    /// <summary>The program's exit code once it has exited.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public string WorkingDirectory => _workDir ?? throw new InvalidOperationException("not started");

    /// <summary>Raised for every output line (stdout and stderr), as it arrives.</summary>
    public event Action<string>? LineReceived;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Command.Count == 0)
        {
            throw new InvalidOperationException("an external server needs a command");
        }

        _workDir = options.WorkingDirectory ?? Directory.CreateTempSubdirectory("amtsim-external-").FullName;
        Directory.CreateDirectory(_workDir);
        var devicesFile = Path.Combine(_workDir, "devices.json");
        await File.WriteAllTextAsync(devicesFile, new JsonArray(options.Devices.Select(d => (JsonNode)new JsonObject
        {
            ["uuid"] = d.Uuid.ToString(),
            ["address"] = d.Address.ToString(),
            ["fqdn"] = d.Fqdn,
            ["firmware"] = d.Firmware,
            ["tlsPort"] = d.TlsPort,
        }).ToArray()).ToJsonString(), cancellationToken);

        var values = new Dictionary<string, string>
        {
            ["HelloPort"] = options.HelloPort.ToString(CultureInfo.InvariantCulture),
            ["Address"] = options.Address.ToString(),
            ["DevicesFile"] = devicesFile,
            ["WorkDir"] = _workDir,
            ["Pfx"] = options.ProvisioningPfx ?? "",
            ["PfxPassword"] = options.ProvisioningPfxPassword ?? "",
        };
        var psi = new ProcessStartInfo(Substitute(options.Command[0], values))
        {
            WorkingDirectory = _workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in options.Command.Skip(1))
        {
            psi.ArgumentList.Add(Substitute(a, values));
        }

        psi.Environment["AMTSIM_SERVER_ADDRESS"] = values["Address"];
        psi.Environment["AMTSIM_HELLO_PORT"] = values["HelloPort"];
        psi.Environment["AMTSIM_DEVICES_FILE"] = devicesFile;
        psi.Environment["AMTSIM_PROVISIONING_PFX"] = values["Pfx"];
        psi.Environment["AMTSIM_PROVISIONING_PFX_PASSWORD"] = values["PfxPassword"];
        psi.Environment["AMTSIM_WORK_DIR"] = _workDir;
        foreach (var (k, v) in options.Environment)
        {
            psi.Environment[k] = v;
        }

        try
        {
            _process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"could not start external server '{psi.FileName}': {ex.Message}", ex);
        }

        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (_readyPattern is not null)
        {
            await WaitUntilReadyAsync(_process, cancellationToken);
        }
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.ReadyTimeout);
        var exited = process.WaitForExitAsync(limit.Token);
        var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(Timeout.Infinite, limit.Token));
        if (first == _ready.Task)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lines = LogLines;
        var last = lines.Count > 0 ? lines[^1] : "(no output)";
        throw new InvalidOperationException(process.HasExited
            ? $"external server '{options.Name}' exited with {process.ExitCode} before it was ready; last line: {last}"
            : $"external server '{options.Name}' printed no line matching '{options.ReadyPattern}' within {options.ReadyTimeout.TotalSeconds:0} s; last line: {last}");
    }

    /// <summary>Waits for the program to exit on its own (for servers that do one job and end).</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var p = _process ?? throw new InvalidOperationException("not started");
        await p.WaitForExitAsync(cancellationToken);
        return p.ExitCode;
    }

    public async Task StopAsync()
    {
        var p = _process;
        if (p is null || p.HasExited)
        {
            if (p is not null)
            {
                await p.WaitForExitAsync();
            }

            return;
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Kill(p.Id, 15);
        }

        using var grace = new CancellationTokenSource(options.StopGrace);
        try
        {
            await p.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Stops the program and releases it; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Interlocked.Exchange(ref _process, null)?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
        }

        if (_readyPattern is not null && !_ready.Task.IsCompleted && _readyPattern.IsMatch(line))
        {
            _ready.TrySetResult();
        }

        LineReceived?.Invoke(line);
    }

    private static string Substitute(string text, Dictionary<string, string> values)
    {
        foreach (var (k, v) in values)
        {
            text = text.Replace("{" + k + "}", v, StringComparison.Ordinal);
        }

        return text;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
