using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Validation;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// MeshCentral's own WS-Man stack (npm meshcentral 1.1.55: amt/amt-wsman-comm.js, amt-wsman.js,
/// amt.js, driven by node/meshcentral-wsman.js) against a device running the real WS-Man service:
/// over HTTP 16992 with Digest, and over TLS 16993 before provisioning, where the device requires a
/// provisioning certificate — MeshCentral's comm layer takes a client certificate and key in its TLS
/// options, so the script passes the valid fixture chain (prov-valid) and the device serves it in
/// setup mode, without Digest. After provisioning (state set in the test: Post, admin control mode,
/// a Digest password and an issued TLS certificate) MeshCentral uses Digest over TLS and no client certificate.
/// </summary>
public sealed class MeshCentralInteropTests : IAsyncLifetime
{
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "amtsim-meshcentral-" + Guid.NewGuid().ToString("N"));
    private WsmanDevice _device = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _device = WsmanDevice.Start(_logs);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        _logs.AssertNoErrors();
    }

    private static string Script => Path.Combine(RepoFixtures.RepositoryRoot, "tests", "AmtSim.Interop.Tests", "Web", "node", "meshcentral-wsman.js");

    private async Task<JsonElement> RunAsync(bool tls, string user = "admin", string password = WsmanDevice.MebxPassword, string? fixture = null)
    {
        Assert.True(MeshCentralModules.Missing() is null, MeshCentralModules.Missing());
        var config = new Dictionary<string, object?>
        {
            ["modules"] = MeshCentralModules.CacheFolder,
            ["host"] = _device.Host,
            ["port"] = tls ? _device.TlsPort : _device.HttpPort,
            ["user"] = user,
            ["pass"] = password,
            ["tls"] = tls,
        };
        if (fixture is not null)
        {
            var files = RepoFixtures.Fixture(fixture).Files;
            config["cert"] = RepoFixtures.PathOf(files.Chain!);
            config["key"] = RepoFixtures.PathOf(files.Key!);
        }

        var configFile = Path.Combine(_directory, tls ? "tls.json" : "http.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config));
        var result = await ExternalProgram.RunAsync("node", [Script, configFile], timeout: TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();

    private static void AssertCommonClasses(JsonElement output, ProvisioningState expectedState)
    {
        var general = output.GetProperty("generalSettings");
        Assert.Equal(200, general.GetProperty("status").GetInt32());
        var settings = Assert.Single(general.GetProperty("items").EnumerateArray());
        Assert.Equal("Intel(r) AMT: General Settings", settings.GetProperty("ElementName").GetString());

        var software = output.GetProperty("softwareIdentity");
        Assert.Equal(200, software.GetProperty("status").GetInt32());
        var versions = software.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("InstanceID").GetString()!, i => Text(i.GetProperty("VersionString")), StringComparer.Ordinal);
        Assert.Equal(11, versions.Count);
        Assert.Equal("16.1.25", versions["AMT"]);
        Assert.Equal("2124", versions["Build Number"]);

        var setup = output.GetProperty("setupAndConfiguration");
        Assert.Equal(200, setup.GetProperty("status").GetInt32());
        var body = setup.GetProperty("body");
        Assert.Equal("Intel(r) AMT Setup and Configuration Service", body.GetProperty("ElementName").GetString());
        Assert.Equal(((int)expectedState).ToString(System.Globalization.CultureInfo.InvariantCulture), Text(body.GetProperty("ProvisioningState")));
    }

    [RequiresMeshCentralFact]
    public async Task MeshCentral_HttpDigest_EnumeratesClassesAndReadsSetupService()
    {
        var output = await RunAsync(tls: false);

        AssertCommonClasses(output, ProvisioningState.Pre);
        Assert.Equal("16.1.25.2124", output.GetProperty("amtVersionHeader").GetString());
        Assert.Contains(_device.Device.Audit.OfType<AuthenticationAudit>(), a => a.Succeeded && a.User == "admin");
        Assert.Empty(_device.Device.Audit.OfType<TlsHandshakeAudit>());
    }

    [RequiresMeshCentralFact]
    public async Task MeshCentral_TlsWithFixtureChainBeforeProvisioning_EnumeratesInSetupMode()
    {
        var output = await RunAsync(tls: true, fixture: "prov-valid");

        AssertCommonClasses(output, ProvisioningState.In);
        var tls = output.GetProperty("tls");
        Assert.Equal(_device.Device.Identity.Hostname, tls.GetProperty("subjectCn").GetString());
        Assert.Equal(3, tls.GetProperty("check").GetInt32());
        Assert.All(_device.Device.Audit.OfType<TlsHandshakeAudit>(), h => Assert.Equal(ValidationReason.Accepted, h.Reason));
        Assert.NotEmpty(_device.Device.Audit.OfType<TlsHandshakeAudit>());
        Assert.Empty(_device.Device.Audit.OfType<AuthenticationAudit>());
    }

    [RequiresMeshCentralFact]
    public async Task MeshCentral_TlsDigestAfterProvisioning_EnumeratesWithTheIssuedCertificate()
    {
        const string password = "Pr0visioned-P@ss";
        var device = _device.Device;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=provisioned-" + device.Network.Fqdn, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        device.ProvisionedCertificate = request.CreateSelfSigned(WebTestDevices.Start.AddDays(-1), WebTestDevices.Start.AddYears(1));
        device.AdminDigestHa1 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"admin:{device.DigestRealm}:{password}")));
        device.Apply(LifecycleEvent.SetupSessionAccepted, "provisioned by the test");
        device.Apply(LifecycleEvent.Committed, "provisioned by the test");

        var output = await RunAsync(tls: true, password: password);

        AssertCommonClasses(output, ProvisioningState.Post);
        Assert.Equal("provisioned-" + device.Network.Fqdn, output.GetProperty("tls").GetProperty("subjectCn").GetString());
        Assert.Contains(device.Audit.OfType<AuthenticationAudit>(), a => a.Succeeded && a.User == "admin");
        Assert.DoesNotContain(device.Audit.OfType<AuthenticationAudit>(), a => !a.Succeeded);
    }
}
