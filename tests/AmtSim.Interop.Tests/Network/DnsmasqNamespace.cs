using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AmtSim.Testing;

namespace AmtSim.Interop.Tests.Network;

/// <summary>
/// A network namespace holding Debian's dnsmasq (DHCP + DNS), joined to the root namespace by a
/// veth pair on the 198.18.0.0/15 benchmarking range. dnsmasq serves option 15 and a
/// ProvisionServer A record pointing back at an address in the root namespace. Everything
/// (dnsmasq, the namespace, the veth pair, the temp dir) is removed on dispose, even after a failure.
/// </summary>
internal sealed class DnsmasqNamespace : IAsyncDisposable
{
    public const string Domain = "vpro.amtsim.test";
    public static readonly IPAddress DnsmasqAddress = IPAddress.Parse("198.18.0.1");
    public static readonly IPAddress ServerAddress = IPAddress.Parse("198.18.0.2");
    public const string PrefixLength = "15";

    private readonly StringBuilder _log = new();
    private readonly string _tempDir;
    private Process? _dnsmasq;

    private DnsmasqNamespace(string tag)
    {
        Namespace = $"amtsim-{tag}";
        HostInterface = $"amh{tag}";
        NamespaceInterface = $"amn{tag}";
        _tempDir = Directory.CreateTempSubdirectory("amtsim-dnsmasq-").FullName;
    }

    public string Namespace { get; }

    /// <summary>The root-namespace end of the veth pair, where the simulated device sits.</summary>
    public string HostInterface { get; }

    public string NamespaceInterface { get; }

    /// <summary>dnsmasq's output so far (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) { return _log.ToString(); } }
    }

    public static async Task<DnsmasqNamespace> StartAsync()
    {
        var tag = (Environment.ProcessId % 100000).ToString(CultureInfo.InvariantCulture);
        var ns = new DnsmasqNamespace(tag);
        try
        {
            await ns.SetUpAsync();
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        await IpQuietAsync("netns", "del", Namespace);
        await IpQuietAsync("link", "del", HostInterface);
        await IpAsync("netns", "add", Namespace);
        await IpAsync("link", "add", HostInterface, "type", "veth", "peer", "name", NamespaceInterface);
        await IpAsync("link", "set", NamespaceInterface, "netns", Namespace);
        await IpAsync("addr", "add", $"{ServerAddress}/{PrefixLength}", "dev", HostInterface);
        await IpAsync("link", "set", HostInterface, "up");
        await IpAsync("netns", "exec", Namespace, "ip", "addr", "add", $"{DnsmasqAddress}/{PrefixLength}", "dev", NamespaceInterface);
        await IpAsync("netns", "exec", Namespace, "ip", "link", "set", NamespaceInterface, "up");
        await IpAsync("netns", "exec", Namespace, "ip", "link", "set", "lo", "up");

        var psi = new ProcessStartInfo(ExternalProgram.Find("ip") ?? "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "netns", "exec", Namespace, ExternalProgram.Find("dnsmasq") ?? "dnsmasq",
            "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
            $"--interface={NamespaceInterface}", "--bind-interfaces",
            "--user=root", "--group=root",
            $"--pid-file={Path.Combine(_tempDir, "dnsmasq.pid")}",
            $"--dhcp-leasefile={Path.Combine(_tempDir, "dnsmasq.leases")}",
            "--dhcp-range=198.18.0.100,198.18.0.200,255.254.0.0,1h",
            "--dhcp-authoritative", "--no-ping",
            $"--domain={Domain}",
            $"--dhcp-option=option:domain-name,{Domain}",
            $"--dhcp-option=option:dns-server,{DnsmasqAddress}",
            $"--host-record=provisionserver.{Domain},{ServerAddress}",
            "--log-dhcp", "--log-queries", "--log-facility=-",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        _dnsmasq = Process.Start(psi) ?? throw new InvalidOperationException("could not start dnsmasq");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains("DHCP, IP range", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        _dnsmasq.OutputDataReceived += OnLine;
        _dnsmasq.ErrorDataReceived += OnLine;
        _dnsmasq.BeginOutputReadLine();
        _dnsmasq.BeginErrorReadLine();
        var exited = _dnsmasq.WaitForExitAsync();
        var first = await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromSeconds(20)));
        if (first != started.Task)
        {
            throw new InvalidOperationException($"dnsmasq did not start serving DHCP:\n{Log}");
        }
    }

    /// <summary>Adds the device's leased address to the root-namespace veth end (what the firmware's IP stack does).</summary>
    public Task AddHostAddressAsync(IPAddress address) => IpAsync("addr", "add", $"{address}/{PrefixLength}", "dev", HostInterface);

    public async ValueTask DisposeAsync()
    {
        if (_dnsmasq is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        await IpQuietAsync("netns", "del", Namespace);
        await IpQuietAsync("link", "del", HostInterface);
        try
        {
            Directory.Delete(_tempDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task IpAsync(params string[] args)
    {
        var result = await ExternalProgram.RunAsync("ip", args, timeout: TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({result.ExitCode}): {result.All}");
        }
    }

    private static async Task IpQuietAsync(params string[] args)
    {
        try
        {
            await ExternalProgram.RunAsync("ip", args, timeout: TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
        }
    }
}
