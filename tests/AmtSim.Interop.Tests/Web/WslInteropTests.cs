using System.Globalization;
using System.Xml.Linq;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Validation;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// Debian's <c>wsl</c> ("Wsman Shell commandLine" 0.2.1, a bash script around curl and xmllint)
/// enumerates classes on a device running the real WS-Man service over HTTP 16992 with Digest.
/// wsl is configured the way its README documents (WSENDPOINT/WSUSER/WSPASS, WSNOSSL for HTTP,
/// KEEPHISTORY=0, OUTPREFIX); it calls curl with <c>--user</c> only, so Digest is switched on in
/// curl's own config file (<c>.curlrc</c> with <c>digest</c> under CURL_HOME).
/// </summary>
public sealed class WslInteropTests : IAsyncLifetime
{
    private const string Install = "apt-get install wsl";
    private const string AmtSchema = "http://intel.com/wbem/wscim/1/amt-schema/1/";
    private const string CimSchema = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "amtsim-wsl-" + Guid.NewGuid().ToString("N"));
    private WsmanDevice _device = null!;

    public Task InitializeAsync()
    {
        _device = WsmanDevice.Start(_logs);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, ".curlrc"), "digest\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        _logs.AssertNoErrors();
    }

    /// <summary>
    /// <c>wsl enum</c> always asks for an optimized enumeration (OptimizeEnumeration, MaxElements 512);
    /// the package's <c>wslenum</c> called directly sends a plain Enumerate and Pulls until no context is left.
    /// </summary>
    private async Task<(ProgramResult Result, XDocument Response)> EnumerateAsync(string classUri, string password = WsmanDevice.MebxPassword, bool optimized = true, bool tls = false)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _directory,
            ["CURL_HOME"] = _directory,
            ["WSENDPOINT"] = string.Create(CultureInfo.InvariantCulture, $"{_device.Host}:{(tls ? _device.TlsPort : _device.HttpPort)}"),
            ["WSUSER"] = "admin",
            ["WSPASS"] = password,
            ["WSAUTOMATED"] = "1",
            ["KEEPHISTORY"] = "0",
            ["OUTPREFIX"] = _directory,
            ["OUTLEVEL"] = "1",
        };
        if (!tls)
        {
            environment["WSNOSSL"] = "true";
        }

        var result = await ExternalProgram.RunAsync(optimized ? "wsl" : "wslenum", optimized ? ["enum", classUri] : [classUri], workingDirectory: _directory, environment: environment, timeout: TimeSpan.FromSeconds(60));
        var responses = Directory.GetFiles(_directory, "response-*.xml").Order(StringComparer.Ordinal).ToList();
        var all = new XElement("responses", responses.Select(File.ReadAllText).Where(t => t.Contains("soap-envelope", StringComparison.Ordinal)).Select(t => XElement.Parse(t)));
        return (result, new XDocument(all));
    }

    private static IEnumerable<XElement> Items(XDocument responses, string className)
        => responses.Descendants().Where(e => e.Name.LocalName == className);

    private static string Property(XElement item, string name)
        => item.Elements().Single(e => e.Name.LocalName == name).Value;

    [RequiresProgramFact("wsl", Install)]
    public async Task WslEnum_AmtGeneralSettings_ReturnsTheSettingsInstance()
    {
        var (result, responses) = await EnumerateAsync(AmtSchema + "AMT_GeneralSettings");

        Assert.True(result.ExitCode == 0, result.All);
        var item = Assert.Single(Items(responses, "AMT_GeneralSettings"));
        Assert.Equal("Intel(r) AMT: General Settings", Property(item, "ElementName"));
        Assert.Equal(_device.Device.DigestRealm, Property(item, "DigestRealm"));
        Assert.Contains(responses.Descendants(), e => e.Name.LocalName == "EndOfSequence");
        Assert.Contains(_device.Device.Audit.OfType<AuthenticationAudit>(), a => a.Succeeded && a.User == "admin");
    }

    [RequiresProgramFact("wsl", Install)]
    public async Task WslEnum_CimSoftwareIdentity_ReportsTheProfilesAmtVersion()
    {
        var (result, responses) = await EnumerateAsync(CimSchema + "CIM_SoftwareIdentity");

        Assert.True(result.ExitCode == 0, result.All);
        var versions = Items(responses, "CIM_SoftwareIdentity").ToDictionary(i => Property(i, "InstanceID"), i => Property(i, "VersionString"), StringComparer.Ordinal);
        Assert.Equal("16.1.25", versions["AMT"]);
        Assert.Equal("2124", versions["Build Number"]);
        Assert.Equal(11, versions.Count);
    }

    [RequiresProgramFact("wslenum", Install)]
    public async Task WslEnumPlain_CimSoftwareIdentity_PullsEveryComponentUntilTheContextEnds()
    {
        var (result, responses) = await EnumerateAsync(CimSchema + "CIM_SoftwareIdentity", optimized: false);

        Assert.True(result.ExitCode == 0, result.All);
        var versions = Items(responses, "CIM_SoftwareIdentity").ToDictionary(i => Property(i, "InstanceID"), i => Property(i, "VersionString"), StringComparer.Ordinal);
        Assert.Equal("16.1.25", versions["AMT FW Core Version"]); // issue 15: three parts, the build in its own entry
        Assert.Equal(11, versions.Count);
        Assert.Single(responses.Descendants(), e => e.Name.LocalName == "EnumerateResponse");
        Assert.Equal(11, responses.Descendants().Count(e => e.Name.LocalName == "PullResponse"));
        Assert.Single(responses.Descendants(), e => e.Name.LocalName == "EndOfSequence");
    }

    /// <summary>
    /// wsl's default transport is HTTPS (curl --insecure). Before provisioning the device wants a
    /// provisioning certificate: curl's config file names the valid fixture chain and key, and the
    /// device serves the session in setup mode, where it sends no Digest challenge. So this config
    /// leaves out "digest": with it curl first sends the POST without its body, waiting for a 401
    /// that setup mode never sends, and the device answers that empty request with a fault.
    /// </summary>
    [RequiresProgramFact("wsl", Install)]
    public async Task WslEnum_TlsWithFixtureChainInCurlConfig_EnumeratesInSetupMode()
    {
        var files = RepoFixtures.Fixture("prov-valid").Files;
        File.WriteAllText(Path.Combine(_directory, ".curlrc"), $"cert = \"{RepoFixtures.PathOf(files.Chain!)}\"\nkey = \"{RepoFixtures.PathOf(files.Key!)}\"\n");

        var (result, responses) = await EnumerateAsync(AmtSchema + "AMT_GeneralSettings", tls: true);

        Assert.True(result.ExitCode == 0, result.All);
        var item = Assert.Single(Items(responses, "AMT_GeneralSettings"));
        Assert.Equal("Intel(r) AMT: General Settings", Property(item, "ElementName"));
        Assert.Equal(ValidationReason.Accepted, Assert.Single(_device.Device.Audit.OfType<TlsHandshakeAudit>()).Reason);
        Assert.Equal(ProvisioningState.In, _device.Device.State);
    }

    [RequiresProgramFact("wsl", Install)]
    public async Task WslEnum_WrongPassword_GetsNoItemsAndAuditHoldsTheFailure()
    {
        var (_, responses) = await EnumerateAsync(AmtSchema + "AMT_GeneralSettings", password: "wrong-password");

        Assert.Empty(Items(responses, "AMT_GeneralSettings"));
        Assert.Contains(_device.Device.Audit.OfType<AuthenticationAudit>(), a => !a.Succeeded && a.User == "admin");
        Assert.DoesNotContain(_device.Device.Audit.OfType<WsmanCallAudit>(), c => c.ResourceClass == "AMT_GeneralSettings");
    }
}
