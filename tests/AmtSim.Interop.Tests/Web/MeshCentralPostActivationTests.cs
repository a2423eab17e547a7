using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// Issue 15: MeshCentral's post-activation management of a device (the calls amtmanager.js makes after activation,
/// in its order and with its class lists, through MeshCentral's own WS-Man stack; node/meshcentral-manage.js).
/// Every call must succeed as on real AMT: HTTP 200 and ReturnValue 0. Any fault the device sends fails the test.
/// </summary>
public sealed class MeshCentralPostActivationTests : IAsyncLifetime
{
    private const string Password = "Adm1n!Pass";
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "amtsim-meshcentral-manage-" + Guid.NewGuid().ToString("N"));
    private WsmanDevice _device = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _device = WsmanDevice.Start(_logs);
        var device = _device.Device;
        device.AdminDigestHa1 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"admin:{device.DigestRealm}:{Password}")));
        device.Apply(LifecycleEvent.SetupSessionAccepted, "provisioned by the test");
        device.Apply(LifecycleEvent.Committed, "provisioned by the test");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        _logs.AssertNoErrors();
    }

    private static string Script => Path.Combine(RepoFixtures.RepositoryRoot, "tests", "AmtSim.Interop.Tests", "Web", "node", "meshcentral-manage.js");

    [RequiresMeshCentralFact]
    public async Task MeshCentral_PostActivationManagement_EveryCallSucceedsAsOnRealAmt()
    {
        Assert.True(MeshCentralModules.Missing() is null, MeshCentralModules.Missing());
        // The consent code the host's screen will show: the device draws it from its seed (first session).
        var screen = new OptInSession();
        screen.Start(_device.Device.WsmanState.Seed);
        var config = new Dictionary<string, object?>
        {
            ["modules"] = MeshCentralModules.CacheFolder,
            ["host"] = _device.Host,
            ["port"] = _device.HttpPort,
            ["user"] = "admin",
            ["pass"] = Password,
            ["consentCode"] = screen.DisplayedCode,
        };
        var configFile = Path.Combine(_directory, "manage.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config));

        var result = await ExternalProgram.RunAsync("node", [Script, configFile], timeout: TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.All);
        var output = JsonDocument.Parse(result.StdOut).RootElement;
        var calls = output.GetProperty("calls").EnumerateArray().ToList();
        var failed = calls.Where(c => c.GetProperty("status").ValueKind != JsonValueKind.Number || c.GetProperty("status").GetInt32() != 200
                                      || (c.GetProperty("returnValue").ValueKind == JsonValueKind.Number && c.GetProperty("returnValue").GetInt32() != 0))
                          .Select(c => c.GetRawText()).ToList();
        Assert.True(failed.Count == 0, "calls real AMT answers without a fault or error:\n" + string.Join("\n", failed) + "\ndevice audit:\n" + string.Join("\n", _device.Device.Audit.Entries.Select(e => e.Describe())));
        Assert.True(calls.Count >= 30, $"only {calls.Count} calls were made");

        var facts = output.GetProperty("facts");
        Assert.Equal("2", Text(facts.GetProperty("controlMode")));
        Assert.Equal(CimPlatformGuid(), facts.GetProperty("platformGuid").GetString());
        Assert.Equal("2", Text(facts.GetProperty("memoryModules")));
        Assert.Equal(("2", "8"), (Text(facts.GetProperty("powerStateBefore")), Text(facts.GetProperty("powerStateAfter"))));
        var events = facts.GetProperty("auditEvents").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("Provisioning Completed", events);
        Assert.Contains("Performed Reset", events);
        Assert.Contains("Performed Power Down", events);
        Assert.Equal("3", Text(facts.GetProperty("optInState")));
        Assert.Equal(HostPower.OffSoft, _device.Device.WsmanState.Power.State);
    }

    private string CimPlatformGuid() => Convert.ToHexString(_device.Device.Identity.Uuid.ToByteArray());

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
}
