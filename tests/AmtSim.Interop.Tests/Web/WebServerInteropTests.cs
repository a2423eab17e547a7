using System.Globalization;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web;
using AmtSim.Testing;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// The device's listeners against real clients: curl (HTTP Digest) and openssl s_client
/// (TLS with a provisioning chain as client certificate). The chain check is the real
/// ProvisioningCertificateValidator once it exists, else the stand-in rule; every rejected
/// chain here is rejected by both for the same obvious reason.
/// </summary>
public sealed class WebServerInteropTests : IAsyncLifetime, IDisposable
{
    private const string OpenSslInstall = "apt-get install openssl";
    private readonly EchoWsmanHandler _handler = new();
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "amtsim-web-" + Guid.NewGuid().ToString("N"));
    private readonly List<FirmwareWebServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _servers)
        {
            await s.DisposeAsync();
        }

        _logs.AssertNoErrors();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private FirmwareWebServer Start(AmtDevice device)
    {
        var server = new FirmwareWebServer(device, _handler, WebTestDevices.Options(RealOrStandIn), _logs);
        server.Start();
        _servers.Add(server);
        return server;
    }

    /// <summary>The real validator when implemented; until then the stand-in rule.</summary>
    private static ValidationResult RealOrStandIn(IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> chain, ValidationContext context)
    {
        try
        {
            return ProvisioningCertificateValidator.Instance.Validate(chain, context);
        }
        catch (NotImplementedException)
        {
            return StandInChainValidator.Validate(chain, context);
        }
    }

    private string WriteChain(TestProvisioningChain chain, string name)
    {
        var dir = Path.Combine(_directory, name);
        chain.WritePem(dir);
        return dir;
    }

    private static async Task<ProgramResult> SClientAsync(FirmwareWebServer server, string chainDir, string request, params string[] extra)
    {
        var endpoint = server.TlsEndPoint!;
        string[] args =
        [
            "s_client", "-connect", $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}",
            "-cert", Path.Combine(chainDir, "leaf.pem"), "-key", Path.Combine(chainDir, "key.pem"),
            "-cert_chain", Path.Combine(chainDir, "chain.pem"), "-ign_eof", .. extra,
        ];
        return await ExternalProgram.RunAsync("openssl", args, stdin: request, timeout: TimeSpan.FromSeconds(60));
    }

    private static string WsmanPost(string body) =>
        $"POST /wsman HTTP/1.1\r\nHost: device\r\nContent-Type: application/soap+xml; charset=UTF-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";

    [RequiresProgramFact("curl", "apt-get install curl")]
    public async Task Curl_DigestPost_GetsTheHandlersReply()
    {
        var device = WebTestDevices.Create();
        device.MebxPassword = "P@ssw0rd!1";
        var server = Start(device);
        var url = $"http://{server.HttpEndPoint!.Address}:{server.HttpEndPoint.Port.ToString(CultureInfo.InvariantCulture)}/wsman";

        var result = await ExternalProgram.RunAsync("curl", ["-sS", "--digest", "-u", "admin:P@ssw0rd!1", "-H", "Content-Type: application/soap+xml; charset=UTF-8", "--data-binary", "<Enumerate/>", url]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("<echo user=\"admin\" tls=\"False\" cert=\"False\"><Enumerate/></echo>", result.StdOut);
        Assert.Contains(device.Audit.OfType<AuthenticationAudit>(), a => a.Succeeded && a.User == "admin");
    }

    [RequiresProgramFact("curl", "apt-get install curl")]
    public async Task Curl_WrongPassword_Gets401PageAndDeviceKeepsServing()
    {
        var device = WebTestDevices.Create();
        device.MebxPassword = "P@ssw0rd!1";
        var server = Start(device);
        var url = $"http://{server.HttpEndPoint!.Address}:{server.HttpEndPoint.Port.ToString(CultureInfo.InvariantCulture)}/wsman";

        var bad = await ExternalProgram.RunAsync("curl", ["-sS", "-i", "--digest", "-u", "admin:nope", "--data-binary", "<x/>", url]);
        var good = await ExternalProgram.RunAsync("curl", ["-sS", "--digest", "-u", "admin:P@ssw0rd!1", "--data-binary", "<y/>", url]);

        Assert.Contains("HTTP/1.1 401 Unauthorized", bad.StdOut, StringComparison.Ordinal);
        Assert.Contains("Log on failed. Incorrect user name or password, or user account temporarily locked.", bad.StdOut, StringComparison.Ordinal);
        Assert.Contains("<y/>", good.StdOut, StringComparison.Ordinal);
    }

    [RequiresProgramFact("openssl", OpenSslInstall)]
    public async Task OpenSsl_AcceptableChain_HandshakeCompletesAndWsmanRunsInSetupMode()
    {
        var device = WebTestDevices.Create();
        using var chain = TestProvisioningChain.Create();
        device.HashTable.Add(chain.RootHash);
        var server = Start(device);

        var dir = WriteChain(chain, "valid");
        var devicePem = Path.Combine(dir, "device.pem");
        await File.WriteAllTextAsync(devicePem, device.SetupCertificate!.ExportCertificatePem() + "\n");

        var result = await SClientAsync(server, dir, WsmanPost("<Enumerate/>"), "-tls1_2", "-CAfile", devicePem);

        Assert.Contains("Protocol  : TLSv1.2", result.All, StringComparison.Ordinal);
        Assert.Contains("Verify return code: 0 (ok)", result.All, StringComparison.Ordinal);
        Assert.Contains("<echo user=\"admin\" tls=\"True\" cert=\"True\"><Enumerate/></echo>", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", result.StdErr, StringComparison.OrdinalIgnoreCase);
        var audit = Assert.Single(device.Audit.OfType<TlsHandshakeAudit>());
        Assert.Equal(ValidationReason.Accepted, audit.Reason);
    }

    public static TheoryData<string, ValidationReason> RejectedChains => new()
    {
        { "untrusted-root", ValidationReason.RootNotTrusted },
        { "no-ou-no-oid", ValidationReason.MissingSetupOidAndOu },
        { "wrong-suffix", ValidationReason.DomainSuffixMismatch },
    };

    [RequiresProgramTheory("openssl", OpenSslInstall)]
    [MemberData(nameof(RejectedChains))]
    public async Task OpenSsl_RejectedChain_ReportsAlert46AndAuditHoldsReason(string kind, ValidationReason reason)
    {
        var device = WebTestDevices.Create();
        using var chain = kind switch
        {
            "no-ou-no-oid" => TestProvisioningChain.Create(setupOid: false),
            "wrong-suffix" => TestProvisioningChain.Create(leafCn: "provisionserver.fabrikam.com"),
            _ => TestProvisioningChain.Create(),
        };
        if (kind != "untrusted-root")
        {
            device.HashTable.Add(chain.RootHash);
        }

        var server = Start(device);

        var result = await SClientAsync(server, WriteChain(chain, kind), WsmanPost("<Enumerate/>"), "-tls1_2");

        Assert.Contains("alert certificate unknown", result.All, StringComparison.Ordinal);
        Assert.Contains("SSL alert number 46", result.All, StringComparison.Ordinal);
        Assert.Empty(_handler.Calls);
        var record = await server.WaitForConnectionEndAsync(r => r.OverTls);
        Assert.Equal(ConnectionEndReason.ClientCertificateRejected, record.Reason);
        var audit = Assert.Single(device.Audit.OfType<TlsHandshakeAudit>());
        Assert.Equal(reason, audit.Reason);
        Assert.Equal((byte)46, audit.AlertSent);
    }

    /// <summary>AMT before 12 speaks TLS 1.0/1.1 with RSA key exchange; OpenSSL 3 needs security level 0 for that.</summary>
    [RequiresProgramTheory("openssl", OpenSslInstall)]
    [InlineData("-tls1", "TLSv1")]
    [InlineData("-tls1_1", "TLSv1.1")]
    public async Task OpenSsl_LegacyTlsOnAmt11Profile_HandshakeCompletes(string flag, string protocol)
    {
        var device = WebTestDevices.Create(firmware: "11.8.50.3425");
        using var chain = TestProvisioningChain.Create();
        device.HashTable.Add(chain.RootHash);
        var server = Start(device);

        var result = await SClientAsync(server, WriteChain(chain, "legacy" + flag), WsmanPost("<Get/>"), flag, "-cipher", "AES128-SHA:@SECLEVEL=0");

        Assert.Contains($"Protocol  : {protocol}\n", result.All.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Cipher    : AES128-SHA", result.All, StringComparison.Ordinal);
        Assert.Contains("<echo user=\"admin\" tls=\"True\" cert=\"True\"><Get/></echo>", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(ValidationReason.Accepted, Assert.Single(device.Audit.OfType<TlsHandshakeAudit>()).Reason);
    }

    [RequiresProgramFact("openssl", OpenSslInstall)]
    public async Task OpenSsl_Tls12OnAmt11Profile_IsRefused()
    {
        var device = WebTestDevices.Create(firmware: "11.8.50.3425");
        using var chain = TestProvisioningChain.Create();
        device.HashTable.Add(chain.RootHash);
        var server = Start(device);

        var result = await SClientAsync(server, WriteChain(chain, "tls12-on-11"), WsmanPost("<Get/>"), "-tls1_2", "-state", "-msg");

        Assert.DoesNotContain("<echo", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(ConnectionEndReason.TlsHandshakeFailed, (await server.WaitForConnectionEndAsync(r => r.OverTls)).Reason);
    }
}
