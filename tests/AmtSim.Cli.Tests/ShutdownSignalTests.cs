using System.Diagnostics;
using System.Runtime.InteropServices;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Cli.Tests;

/// <summary>
/// SIGTERM and SIGINT sent to a real amtsim process (issue 17): the graceful path, not the runtime's
/// default kill. Waits are on the process's own output and exit, never on the clock; the timeout only
/// guards against a hang. Address partition 16 and 127.62.x are this class's own.
/// </summary>
public sealed class ShutdownSignalTests : IDisposable
{
    private const int Sigint = 2;
    private const int Sigterm = 15;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly string _dir = Directory.CreateTempSubdirectory("amtsim-signal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoFixtures.RepositoryRoot };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "amtsim.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    /// <summary>Reads stdout until a line contains <paramref name="marker"/>; returns everything read.</summary>
    private static async Task<string> ReadUntilAsync(Process process, string marker, CancellationToken ct)
    {
        var seen = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            seen.AppendLine(line);
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return seen.ToString();
            }
        }

        throw new Xunit.Sdk.XunitException($"amtsim ended before printing '{marker}': {seen}{await process.StandardError.ReadToEndAsync(ct)}");
    }

    // issue 17: SIGTERM killed device serve without the graceful path (the shell saw 143).
    [Theory]
    [InlineData(Sigterm, "127.62.0.1")]
    [InlineData(Sigint, "127.62.1.1")]
    public async Task DeviceServe_Signal_ClosesListenersAndExits0(int signal, string address)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // POSIX signals
        }

        using var guard = new CancellationTokenSource(HangGuard);
        using var process = Start("device", "serve", "--devices", "3", "--base-address", address);
        await ReadUntilAsync(process, "serving; press Ctrl-C", guard.Token);

        Assert.Equal(0, kill(process.Id, signal));
        var rest = await process.StandardOutput.ReadToEndAsync(guard.Token);
        await process.WaitForExitAsync(guard.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("stopping: closing 3 device(s)", rest, StringComparison.Ordinal);
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(System.Net.IPAddress.Parse(address), 16992, guard.Token).AsTask());
    }

    // issue 17: SIGTERM killed run before it wrote its reports.
    [Fact]
    public async Task Run_Sigterm_WritesReportsMarksTheRestNotRunAndExits4()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var scenario = Path.Combine(_dir, "long.yaml");
        await File.WriteAllTextAsync(scenario, "name: long-real-time\nrun-for: 1h\n");
        var junit = Path.Combine(_dir, "junit.xml");
        var html = Path.Combine(_dir, "report.html");
        using var guard = new CancellationTokenSource(HangGuard);
        using var process = Start("run", scenario, "--real-time", "--junit", junit, "--report", html, "--work-dir", Path.Combine(_dir, "runs"), "--partition", "16");
        await ReadUntilAsync(process, "1 scenario(s)", guard.Token);

        Assert.Equal(0, kill(process.Id, Sigterm));
        var rest = await process.StandardOutput.ReadToEndAsync(guard.Token);
        await process.WaitForExitAsync(guard.Token);

        Assert.Equal(4, process.ExitCode);
        Assert.Contains("interrupted, 1 not run", rest, StringComparison.Ordinal);
        var xml = await File.ReadAllTextAsync(junit, guard.Token);
        Assert.Contains("long-real-time", xml, StringComparison.Ordinal);
        Assert.Contains("not run: the run was interrupted", xml, StringComparison.Ordinal);
        Assert.True(File.Exists(html));
    }
}
