using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using AmtSim.Pki.Export;
using AmtSim.Provisioning.Connect;
using AmtSim.Runtime.Profiling;
using AmtSim.Transport.Tls;
using CipherSuite = Org.BouncyCastle.Tls.CipherSuite;

namespace AmtSim.Benchmarks.Tls;

/// <summary>What <c>amtsim bench tls</c> runs.</summary>
public sealed record TlsBenchmarkOptions
{
    /// <summary>Seconds of handshakes per line.</summary>
    public double Seconds { get; init; } = 5;

    /// <summary>Client connections at once (AmtSim's client; openssl s_time is one).</summary>
    public int Concurrency { get; init; } = 2;

    public string Firmware { get; init; } = "16.1.25.2124";

    /// <summary>Address of the servers: the AmtSim device on .1, openssl s_server on .2 (port 16993 both).</summary>
    public string Subnet { get; init; } = "127.21.0";

    public int Port { get; init; } = 16993;
}

/// <summary>One line of the comparison: who served, who connected, how fast, and each side's CPU per handshake (from its own process CPU time).</summary>
public sealed record TlsBenchmarkLine
{
    public required string Server { get; init; }
    public required string Client { get; init; }

    /// <summary>"setup" (client chain requested and checked) or "provisioned" (no client certificate).</summary>
    public required string Mode { get; init; }
    public required int Handshakes { get; init; }
    public required int Failures { get; init; }
    public required double Seconds { get; init; }
    public required double HandshakesPerSecond { get; init; }
    public required double ServerCpuMsPerHandshake { get; init; }

    /// <summary>Client CPU per handshake, ms (0 when not measured).</summary>
    public required double ClientCpuMsPerHandshake { get; init; }

    /// <summary>What the first failed handshake of the line said (the error and its innermost cause), or null when none failed.</summary>
    public string? FirstFailure { get; init; }
}

public sealed record TlsBenchmarkResult
{
    /// <summary>The amtsim build that ran (<see cref="BuildKind"/>).</summary>
    public string Build { get; init; } = BuildKind.Current;

    public required string Suite { get; init; }
    public required string ClientChain { get; init; }
    public required int Concurrency { get; init; }
    public required string OpenSslVersion { get; init; }
    public required IReadOnlyList<TlsBenchmarkLine> Lines { get; init; }
}

/// <summary>
/// Side by side in one run (issue 20): the same client and concurrency against an AmtSim device
/// on 16993 (its own process, <c>amtsim device serve</c>) and against <c>openssl s_server</c> with
/// the same key type (RSA-2048), suite (ECDHE-RSA-AES128-GCM-SHA256, TLS 1.2) and client-certificate
/// request (setup mode: the provisioning chain of the fixtures, 3 certificates, requested and
/// verified; provisioned mode: none), full handshakes without resumption; then AmtSim's TLS client
/// against s_server compared with <c>openssl s_time</c> as the client. Each side's CPU comes from its
/// own process's CPU time over the measured window.
/// </summary>
public sealed partial class TlsBenchmark(string fixturesDirectory, Func<IReadOnlyList<string>, ProcessStartInfo> amtsim)
{
    private const string OpenSslSuite = "ECDHE-RSA-AES128-GCM-SHA256";

    public async Task<TlsBenchmarkResult> RunAsync(TlsBenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("amtsim-bench-tls-").FullName;
        try
        {
            var credential = LoadCredential();
            WritePem(work, credential);
            var device = new IPEndPoint(IPAddress.Parse(options.Subnet + ".1"), options.Port);
            var openSsl = new IPEndPoint(IPAddress.Parse(options.Subnet + ".2"), options.Port);
            var lines = new List<TlsBenchmarkLine>();
            progress.WriteLine($"bench tls: {options.Seconds:0.#} s per line, {options.Concurrency} AmtSim client connection(s) at once, {OpenSslSuite}, client chain of {credential.Chain.Count}");
            foreach (var mode in new[] { "setup", "provisioned" })
            {
                var setup = mode == "setup";
                var clientOptions = new TlsClientOptions
                {
                    MinimumVersion = TlsProtocolVersion.Tls12,
                    CipherSuites = [CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
                    Credential = setup ? new TlsClientCredential(credential.Chain, credential.Key) : null,
                };

                await using (var server = await StartDeviceAsync(options, device, setup, cancellationToken))
                {
                    lines.Add(await MeasureAmtSimClientAsync("amtsim device", mode, server, device, clientOptions, options, cancellationToken));
                    progress.WriteLine(Format(lines[^1]));
                    lines.Add(await MeasureClientAsync("amtsim device", "dotnet SslStream", mode, server, device, SslStreamClient(device, setup ? credential : null), options, cancellationToken));
                    progress.WriteLine(Format(lines[^1]));
                }

                await using (var server = await StartSServerAsync(work, openSsl, setup, cancellationToken))
                {
                    lines.Add(await MeasureAmtSimClientAsync("openssl s_server", mode, server, openSsl, clientOptions, options, cancellationToken));
                    progress.WriteLine(Format(lines[^1]));
                    lines.Add(await MeasureClientAsync("openssl s_server", "dotnet SslStream", mode, server, openSsl, SslStreamClient(openSsl, setup ? credential : null), options, cancellationToken));
                    progress.WriteLine(Format(lines[^1]));
                    lines.Add(await MeasureSTimeAsync(mode, server, work, openSsl, setup, options, cancellationToken));
                    progress.WriteLine(Format(lines[^1]));
                }
            }

            return new TlsBenchmarkResult
            {
                Suite = OpenSslSuite + " (TLS 1.2, RSA-2048 server key, P-256)",
                ClientChain = string.Join(" <- ", credential.Chain.Select(c => c.GetNameInfo(X509NameType.SimpleName, false))),
                Concurrency = options.Concurrency,
                OpenSslVersion = (await RunToEndAsync("openssl", ["version"], cancellationToken)).Trim(),
                Lines = lines,
            };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static string Format(TlsBenchmarkLine l)
        => string.Create(CultureInfo.InvariantCulture,
            $"{l.Server,-17} {l.Mode,-12} client {l.Client,-15} {l.HandshakesPerSecond,8:0.0} handshakes/s  server {l.ServerCpuMsPerHandshake,6:0.000} ms CPU/handshake  client {l.ClientCpuMsPerHandshake,6:0.000} ms{(l.Failures > 0 ? $"  ({l.Failures} failed{(l.FirstFailure is { } first ? $"; the first: {first}" : "")})" : "")}");

    private ProvisioningCredential LoadCredential()
    {
        var pfx = Path.Combine(fixturesDirectory, "prov-valid.pfx");
        var certificates = X509CertificateLoader.LoadPkcs12CollectionFromFile(pfx, PfxExport.FixturePassword, X509KeyStorageFlags.Exportable);
        return ProvisioningCredential.FromCollection(certificates);
    }

    /// <summary>The client chain for s_time (leaf and key), what s_server trusts (the issuers), and s_server's own RSA-2048 certificate.</summary>
    private static void WritePem(string work, ProvisioningCredential credential)
    {
        File.WriteAllText(Path.Combine(work, "leaf.pem"), credential.Leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(work, "leaf.key"), credential.Key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(work, "issuers.pem"), string.Join('\n', credential.Chain.Skip(1).Select(c => c.ExportCertificatePem())));
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=amt001.contoso.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(Path.Combine(work, "server.pem"), self.ExportCertificatePem());
        File.WriteAllText(Path.Combine(work, "server.key"), key.ExportPkcs8PrivateKeyPem());
    }

    private async Task<ServerProcess> StartDeviceAsync(TlsBenchmarkOptions options, IPEndPoint at, bool setup, CancellationToken cancellationToken)
    {
        List<string> args = ["device", "serve", "--suffix", "contoso.com", "--firmware", options.Firmware, "--base-address", at.Address.ToString(), "--tls-port", at.Port.ToString(CultureInfo.InvariantCulture), "--http-port", (at.Port - 1).ToString(CultureInfo.InvariantCulture)];
        if (!setup)
        {
            args.Add("--provisioned");
        }

        var start = amtsim(args);
        return await ServerProcess.StartAsync(start, "serving", at, cancellationToken);
    }

    private static async Task<ServerProcess> StartSServerAsync(string work, IPEndPoint at, bool setup, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = work };
        List<string> args = ["s_server", "-accept", $"{at.Address}:{at.Port}", "-cert", "server.pem", "-key", "server.key", "-tls1_2", "-cipher", OpenSslSuite, "-no_ticket", "-quiet"];
        if (setup)
        {
            // Like the device: a certificate is required and the chain verified (against the issuers, so s_time's lone leaf verifies too).
            args.AddRange(["-Verify", "4", "-CAfile", "issuers.pem", "-purpose", "any"]);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return await ServerProcess.StartAsync(start, null, at, cancellationToken);
    }

    /// <summary>AmtSim's TLS client, <see cref="TlsBenchmarkOptions.Concurrency"/> connections at once, full handshakes then close, for the line's seconds.</summary>
    private static Task<TlsBenchmarkLine> MeasureAmtSimClientAsync(string serverName, string mode, ServerProcess server, IPEndPoint at, TlsClientOptions clientOptions, TlsBenchmarkOptions options, CancellationToken cancellationToken)
        => MeasureClientAsync(serverName, "amtsim", mode, server, at, async ct => await (await TlsClientConnector.ConnectAsync(at, null, clientOptions, ct)).DisposeAsync(), options, cancellationToken);

    /// <summary>
    /// .NET's SslStream (OpenSSL underneath) as the client, with the same suite, version and client
    /// chain: the candidate for the service point's side where the firmware speaks TLS 1.2 (issue 20 item 1).
    /// .NET sends the chain without its self-signed root, and AMT hashes the last certificate it is
    /// sent against its trusted root hashes (without the root, that is the intermediate: alert 46), so
    /// against the device in setup mode every handshake of this client fails, as it would against
    /// real firmware; its line says so with the first failure's error.
    /// </summary>
    private static Func<CancellationToken, Task> SslStreamClient(IPEndPoint at, ProvisioningCredential? credential)
    {
        var options = new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "",
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12,
            CipherSuitesPolicy = OperatingSystem.IsWindows() ? null : new System.Net.Security.CipherSuitesPolicy([System.Net.Security.TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]),
            // The service point judges a device by FQDN after the handshake, as the AmtSim client does (TlsClientOptions.AcceptAnyServer).
#pragma warning disable CA5359
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
            ClientCertificateContext = credential is null ? null : System.Net.Security.SslStreamCertificateContext.Create(
                credential.Chain[0].HasPrivateKey ? credential.Chain[0] : System.Security.Cryptography.X509Certificates.RSACertificateExtensions.CopyWithPrivateKey(credential.Chain[0], credential.Key),
                new X509Certificate2Collection(credential.Chain.Skip(1).ToArray()),
                offline: true),
        };
        return async ct =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(at, ct);
            await using var ssl = new System.Net.Security.SslStream(new NetworkStream(socket, ownsSocket: false));
            await ssl.AuthenticateAsClientAsync(options, ct);
        };
    }

    private static async Task<TlsBenchmarkLine> MeasureClientAsync(string serverName, string clientName, string mode, ServerProcess server, IPEndPoint at, Func<CancellationToken, Task> handshake, TlsBenchmarkOptions options, CancellationToken cancellationToken)
    {
        // Warm up both processes for two seconds (tiered JIT: a fresh process runs unoptimised code first), then measure.
        await LoadAsync(handshake, options.Concurrency, TimeSpan.FromSeconds(2), cancellationToken);
        var self = Process.GetCurrentProcess();
        var serverBefore = server.Cpu();
        self.Refresh();
        var clientBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (handshakes, failures, firstFailure) = await LoadAsync(handshake, options.Concurrency, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var client = (self.TotalProcessorTime - clientBefore).TotalMilliseconds;
        var serverCpu = (server.Cpu() - serverBefore).TotalMilliseconds;
        return Line(serverName, clientName, mode, handshakes, failures, seconds, serverCpu, client) with { FirstFailure = firstFailure };
    }

    /// <summary><paramref name="concurrency"/> loops of connect, full handshake, close until <paramref name="duration"/> has passed.</summary>
    private static async Task<(int Handshakes, int Failures, string? FirstFailure)> LoadAsync(Func<CancellationToken, Task> handshake, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var handshakes = 0;
        var failures = 0;
        string? firstFailure = null;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                try
                {
                    await handshake(cancellationToken);
                    Interlocked.Increment(ref handshakes);
                }
                catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException)
                {
                    Interlocked.Increment(ref failures);
                    if (Volatile.Read(ref firstFailure) is null)
                    {
                        Interlocked.CompareExchange(ref firstFailure, DescribeFailure(ex), null);
                    }
                }
            }
        }, cancellationToken)));
        return (handshakes, failures, firstFailure);
    }

    /// <summary><c>openssl s_time -new</c> (one connection at a time, full handshakes) against s_server; its CPU from the shell's <c>times</c>.</summary>
    private static async Task<TlsBenchmarkLine> MeasureSTimeAsync(string mode, ServerProcess server, string work, IPEndPoint at, bool setup, TlsBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Round(options.Seconds));
        var command = $"openssl s_time -connect {at.Address}:{at.Port} -new -tls1_2 -cipher {OpenSslSuite} -time {seconds}{(setup ? " -cert leaf.pem -key leaf.key" : "")}; times";
        var serverBefore = server.Cpu();
        var output = await RunToEndAsync("sh", ["-c", command], cancellationToken, work);
        var serverCpu = (server.Cpu() - serverBefore).TotalMilliseconds;
        var connections = STimeLine().Match(output);
        var handshakes = connections.Success ? int.Parse(connections.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        var real = connections.Success ? double.Parse(connections.Groups["s"].Value, CultureInfo.InvariantCulture) : seconds;
        // `times`: the shell's user and system time, then its children's ("0m0.123s 0m0.045s").
        var times = TimesLine().Matches(output);
        var clientCpu = times.Count >= 2 ? Minutes(times[1].Groups["u"]) + Minutes(times[1].Groups["s"]) : 0;
        return Line("openssl s_server", "openssl s_time", mode, handshakes, 0, real, serverCpu, clientCpu * 1000);
    }

    private static double Minutes(Group g)
    {
        var m = Regex.Match(g.Value, @"(?<m>\d+)m(?<s>[\d.]+)s");
        return int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) * 60 + double.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The error and, when it wraps one, its innermost cause (an AuthenticationException's OpenSSL error, with the alert the server sent).</summary>
    internal static string DescribeFailure(Exception ex)
    {
        var cause = ex.GetBaseException();
        return ReferenceEquals(cause, ex) ? ex.Message : $"{ex.Message} ({cause.Message})";
    }

    private static TlsBenchmarkLine Line(string server, string client, string mode, int handshakes, int failures, double seconds, double serverCpuMs, double clientCpuMs) => new()
    {
        Server = server,
        Client = client,
        Mode = mode,
        Handshakes = handshakes,
        Failures = failures,
        Seconds = Math.Round(seconds, 2),
        HandshakesPerSecond = Math.Round(handshakes / seconds, 1),
        ServerCpuMsPerHandshake = handshakes > 0 ? Math.Round(serverCpuMs / handshakes, 3) : 0,
        ClientCpuMsPerHandshake = handshakes > 0 ? Math.Round(clientCpuMs / handshakes, 3) : 0,
    };

    private static async Task<string> RunToEndAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken, string? directory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? "" };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await p.StandardOutput.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken);
        return stdout + await stderr;
    }

    /// <summary>"1234 connections in 5.01s; 246.31 connections/user sec, bytes read 0" (s_time prints two such lines; the first counts new sessions).</summary>
    [GeneratedRegex(@"(?<n>\d+) connections in (?<s>[\d.]+)s")]
    private static partial Regex STimeLine();

    [GeneratedRegex(@"(?<u>\d+m[\d.]+s) (?<s>\d+m[\d.]+s)")]
    private static partial Regex TimesLine();

    /// <summary>A server in its own process, stopped at the end; its CPU time read from the kernel.</summary>
    private sealed class ServerProcess(Process process) : IAsyncDisposable
    {
        public static async Task<ServerProcess> StartAsync(ProcessStartInfo start, string? readyLine, IPEndPoint at, CancellationToken cancellationToken)
        {
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.RedirectStandardInput = true;
            var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
            var server = new ServerProcess(process);
            var stderr = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                if (readyLine is not null)
                {
                    while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line && !line.Contains(readyLine, StringComparison.Ordinal))
                    {
                    }
                }

                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                while (!await ListensAsync(at))
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{start.FileName} exited: {stderr}");
                    }

                    await Task.Delay(50, limit.Token);
                }
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            return server;
        }

        public TimeSpan Cpu()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }

        private static async Task<bool> ListensAsync(IPEndPoint at)
        {
            using var probe = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(at);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
