using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Web.Digest;
using AmtSim.Firmware.Wsman.Classes;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// Host-based activation in admin control mode from outside the process, the way a local agent
/// does it: curl with Digest as "$$OsAdmin" over HTTP 16992 reads IPS_HostBasedSetupService's
/// ConfigurationNonce, sends the provisioning chain with AddNextCertInChain (leaf first, root
/// last) and calls AdminSetup with a McNonce and an RSA-SHA256 signature that <c>openssl dgst
/// -sha256 -sign</c> made with the fixture's leaf key over ConfigurationNonce‖McNonce.
/// </summary>
public sealed class HostBasedAdminSetupInteropTests : IAsyncLifetime
{
    private const string Install = "apt-get install curl openssl";
    private const string ResourceUri = "http://intel.com/wbem/wscim/1/ips-schema/1/IPS_HostBasedSetupService";
    private const string NewAdminPassword = "Adm1n-P@ssword";
    private static readonly XNamespace Service = ResourceUri;
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "amtsim-hbs-" + Guid.NewGuid().ToString("N"));
    private WsmanDevice _device = null!;
    private int _messageId;

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

    /// <summary>A fixed McNonce: the test needs 20 bytes, not randomness.</summary>
    private static byte[] McNonce => SHA1.HashData(Encoding.ASCII.GetBytes("amtsim host-based setup McNonce"));

    private string Envelope(string action, string body) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" +
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\">" +
        $"<s:Header><a:Action s:mustUnderstand=\"true\">{action}</a:Action><a:To s:mustUnderstand=\"true\">{_device.HttpUrl}</a:To>" +
        $"<w:ResourceURI s:mustUnderstand=\"true\">{ResourceUri}</w:ResourceURI>" +
        $"<a:MessageID s:mustUnderstand=\"true\">uuid:00000000-8086-0000-0001-{Interlocked.Increment(ref _messageId):D12}</a:MessageID>" +
        "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo></s:Header>" +
        $"<s:Body>{body}</s:Body></s:Envelope>";

    private async Task<(int Status, XDocument Reply)> PostAsync(string envelope, string user, string password)
    {
        var result = await ExternalProgram.RunAsync("curl",
        [
            "-sS", "--digest", "-u", $"{user}:{password}", "-H", "Content-Type: application/soap+xml; charset=UTF-8",
            "--data-binary", "@-", "-w", "\n%{http_code}", _device.HttpUrl,
        ], stdin: envelope);
        Assert.True(result.ExitCode == 0, result.All);
        var cut = result.StdOut.LastIndexOf('\n');
        var status = int.Parse(result.StdOut[(cut + 1)..], CultureInfo.InvariantCulture);
        return (status, status == 401 ? new XDocument() : XDocument.Parse(result.StdOut[..cut]));
    }

    private Task<(int Status, XDocument Reply)> AsOsAdminAsync(string envelope)
        => PostAsync(envelope, DigestAuthenticator.OsAdminUser, _device.Options.OsAdminPassword);

    private async Task<byte[]> ConfigurationNonceAsync()
    {
        var (status, reply) = await AsOsAdminAsync(Envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", ""));
        Assert.Equal(200, status);
        var nonce = Convert.FromBase64String(reply.Descendants(Service + "ConfigurationNonce").Single().Value);
        Assert.Equal(20, nonce.Length);
        return nonce;
    }

    private async Task<uint> InvokeAsync(string method, params (string Name, string Value)[] arguments)
    {
        var input = new XElement(Service + (method + "_INPUT"), arguments.Select(a => new XElement(Service + a.Name, a.Value)));
        var (status, reply) = await AsOsAdminAsync(Envelope(ResourceUri + "/" + method, input.ToString(SaveOptions.DisableFormatting)));
        Assert.Equal(200, status);
        var output = reply.Descendants(Service + (method + "_OUTPUT")).Single();
        return uint.Parse(output.Element(Service + "ReturnValue")!.Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Sends the fixture's chain leaf first, root last; returns each certificate's ReturnValue.</summary>
    private async Task<List<uint>> SendChainAsync(string fixture)
    {
        var chain = RepoFixtures.PresentedChain(fixture);
        var codes = new List<uint>();
        for (var i = 0; i < chain.Count; i++)
        {
            codes.Add(await InvokeAsync("AddNextCertInChain",
                ("NextCertificate", Convert.ToBase64String(chain[i].RawData)),
                ("IsLeafCertificate", i == 0 ? "true" : "false"),
                ("IsRootCertificate", i == chain.Count - 1 ? "true" : "false")));
        }

        return codes;
    }

    /// <summary>RSA PKCS#1 v1.5 SHA-256 by <c>openssl dgst -sha256 -sign</c> over <paramref name="data"/> with a fixture's key.</summary>
    private async Task<byte[]> OpenSslSignAsync(byte[] data, string keyFixture)
    {
        var input = Path.Combine(_directory, "signed.bin");
        var output = Path.Combine(_directory, "signature.bin");
        await File.WriteAllBytesAsync(input, data);
        var key = RepoFixtures.PathOf(RepoFixtures.Fixture(keyFixture).Files.Key!);
        var result = await ExternalProgram.RunAsync("openssl", ["dgst", "-sha256", "-sign", key, "-out", output, input]);
        Assert.True(result.ExitCode == 0, result.All);
        return await File.ReadAllBytesAsync(output);
    }

    private string NetworkAdminPassword => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"admin:{_device.Device.DigestRealm}:{NewAdminPassword}")));

    private async Task<uint> AdminSetupAsync(string keyFixture)
    {
        var configurationNonce = await ConfigurationNonceAsync();
        var signature = await OpenSslSignAsync([.. configurationNonce, .. McNonce], keyFixture);
        return await InvokeAsync("AdminSetup",
            ("NetAdminPassEncryptionType", "2"),
            ("NetworkAdminPassword", NetworkAdminPassword),
            ("McNonce", Convert.ToBase64String(McNonce)),
            ("SigningAlgorithm", "2"),
            ("DigitalSignature", Convert.ToBase64String(signature)));
    }

    [RequiresProgramFact("curl", Install)]
    public async Task AdminSetup_ValidChainAndOpenSslSignature_DeviceInAdminControlMode()
    {
        var chainCodes = await SendChainAsync("prov-valid");
        var code = await AdminSetupAsync("prov-valid");

        Assert.Equal([0u, 0u, 0u], chainCodes);
        Assert.Equal(IpsHostBasedSetupService.SetupCodes.Success, code);
        Assert.Equal(ProvisioningState.Post, _device.Device.State);
        Assert.Equal(ControlMode.Admin, _device.Device.ControlMode);
        Assert.Contains(_device.Device.Audit.OfType<AuthenticationAudit>(), a => a.Succeeded && a.User == DigestAuthenticator.OsAdminUser);

        var general = Envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", "").Replace(ResourceUri, "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings", StringComparison.Ordinal);
        var (withNewPassword, _) = await PostAsync(general, "admin", NewAdminPassword);
        var (withMebxPassword, _) = await PostAsync(general, "admin", WsmanDevice.MebxPassword);
        Assert.Equal(200, withNewPassword);
        Assert.Equal(401, withMebxPassword);
    }

    [RequiresProgramFact("curl", Install)]
    public async Task AddNextCertInChain_UntrustedRoot_Returns4OnTheRootCertificate()
    {
        var chainCodes = await SendChainAsync("prov-untrusted-root");

        Assert.Equal([0u, 0u, IpsHostBasedSetupService.ChainCodes.CertVerifyFailed], chainCodes);
        Assert.Equal(ProvisioningState.Pre, _device.Device.State);
    }

    [RequiresProgramFact("curl", Install)]
    public async Task AdminSetup_WrongDomainSuffix_Returns5()
    {
        var chainCodes = await SendChainAsync("prov-wrong-domain");
        var code = await AdminSetupAsync("prov-wrong-domain");

        Assert.Equal([0u, 0u, 0u], chainCodes);
        Assert.Equal(IpsHostBasedSetupService.SetupCodes.AuthFailed, code);
        Assert.Equal(ProvisioningState.Pre, _device.Device.State);
        Assert.Equal(ControlMode.None, _device.Device.ControlMode);
    }

    [RequiresProgramFact("curl", Install)]
    public async Task AdminSetup_SignatureByAnotherKey_Returns5()
    {
        var chainCodes = await SendChainAsync("prov-valid");
        var code = await AdminSetupAsync("prov-wrong-domain");

        Assert.Equal([0u, 0u, 0u], chainCodes);
        Assert.Equal(IpsHostBasedSetupService.SetupCodes.AuthFailed, code);
        Assert.Equal(ProvisioningState.Pre, _device.Device.State);
    }

    [RequiresProgramFact("curl", Install)]
    public async Task AdminSetup_AfterSuccessfulActivation_Returns2InvalidState()
    {
        await SendChainAsync("prov-valid");
        Assert.Equal(IpsHostBasedSetupService.SetupCodes.Success, await AdminSetupAsync("prov-valid"));

        var again = await AdminSetupAsync("prov-valid");
        var chainAgain = await InvokeAsync("AddNextCertInChain",
            ("NextCertificate", Convert.ToBase64String(RepoFixtures.PresentedChain("prov-valid")[0].RawData)),
            ("IsLeafCertificate", "true"),
            ("IsRootCertificate", "false"));

        Assert.Equal(IpsHostBasedSetupService.SetupCodes.InvalidState, again);
        Assert.Equal(IpsHostBasedSetupService.ChainCodes.InvalidState, chainAgain);
        Assert.Equal(ControlMode.Admin, _device.Device.ControlMode);
    }
}
