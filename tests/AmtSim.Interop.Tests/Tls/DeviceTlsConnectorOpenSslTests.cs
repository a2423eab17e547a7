using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AmtSim.Provisioning.Connect;
using AmtSim.Testing;
using AmtSim.Testing.Pki;
using Xunit;

namespace AmtSim.Interop.Tests.Tls;

/// <summary>The provisioning side's TLS client against a real TLS server that demands a client certificate: openssl s_server.</summary>
public sealed class DeviceTlsConnectorOpenSslTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amtsim-sserver-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public Task ConnectAsync_ChainTheServerTrusts_CompletesHandshakeAndCarriesData() => HandshakeAndEcho([], "TLS 1.2");

    /// <summary>Old firmware speaks TLS 1.0/1.1: the client's CertificateVerify is then a raw MD5‖SHA-1 signature.</summary>
    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public Task ConnectAsync_Tls11Server_SignsCertificateVerifyWithMd5Sha1() => HandshakeAndEcho(["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"], "TLS 1.1");

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public Task ConnectAsync_Tls10Server_SignsCertificateVerifyWithMd5Sha1() => HandshakeAndEcho(["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"], "TLS 1.0");

    private async Task HandshakeAndEcho(string[] serverOptions, string expectedVersion)
    {
        var chain = TestChain.Create();
        chain.WritePem(_dir);
        await using var server = await SServer.StartAsync(_dir, caFile: "root.pem", serverOptions);

        await using var session = await DeviceTlsConnector.ConnectAsync(server.EndPoint, IPAddress.Loopback, new ProvisioningCredential(chain.LeafFirst, chain.LeafKey), CancellationToken.None);
        await session.Stream.WriteAsync("ping\n"u8.ToArray());
        var buffer = new byte[64];
        var n = await session.Stream.ReadAsync(buffer);

        Assert.Equal("gnip", Encoding.ASCII.GetString(buffer, 0, n).Trim());
        Assert.Equal("CN=openssl s_server", session.DeviceCertificate.Subject);
        Assert.Equal(expectedVersion, session.Version);
    }

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task ConnectAsync_ChainFromAnotherRoot_ReportsTheServersFatalAlert()
    {
        var trusted = TestChain.Create();
        trusted.WritePem(_dir);
        var stranger = TestChain.Create(rootCn: "Someone else's root");
        await using var server = await SServer.StartAsync(_dir, caFile: "root.pem");

        var ex = await Assert.ThrowsAsync<DeviceTlsException>(() =>
            DeviceTlsConnector.ConnectAsync(server.EndPoint, IPAddress.Loopback, new ProvisioningCredential(stranger.LeafFirst, stranger.LeafKey), CancellationToken.None));

        Assert.NotNull(ex.AlertReceived);
    }

    /// <summary>openssl s_server on a free loopback port, reversing each line it receives (-rev), requiring a client certificate.</summary>
    private sealed class SServer : IAsyncDisposable
    {
        private readonly Process _process;

        private SServer(Process process, IPEndPoint endPoint)
        {
            _process = process;
            EndPoint = endPoint;
        }

        public IPEndPoint EndPoint { get; }

        public static async Task<SServer> StartAsync(string dir, string caFile, params string[] extra)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            using (var selfKey = System.Security.Cryptography.RSA.Create(2048))
            {
                var req = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=openssl s_server", selfKey, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
                var self = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
                await File.WriteAllTextAsync(Path.Combine(dir, "server.pem"), self.ExportCertificatePem());
                await File.WriteAllTextAsync(Path.Combine(dir, "server.key"), selfKey.ExportPkcs8PrivateKeyPem());
            }

            var psi = new ProcessStartInfo("openssl")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (var a in (string[])["s_server", "-accept", $"127.0.0.1:{port}", "-cert", "server.pem", "-key", "server.key", "-CAfile", caFile, "-Verify", "4", "-verify_return_error", "-purpose", "any", "-rev", "-naccept", "1", .. extra])
            {
                psi.ArgumentList.Add(a);
            }

            var process = Process.Start(psi)!;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.Contains("ACCEPT", StringComparison.Ordinal))
                {
                    return new SServer(process, new IPEndPoint(IPAddress.Loopback, port));
                }
            }

            throw new InvalidOperationException("openssl s_server did not start: " + await process.StandardError.ReadToEndAsync());
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
