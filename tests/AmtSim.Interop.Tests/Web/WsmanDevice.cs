using System.Globalization;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Testing.Fixtures;
using AmtSim.Testing.Web;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// A simulated device with the real <see cref="WsmanService"/> behind its listeners, on its own
/// 127.x address and ephemeral ports; it trusts the fixture PKI's stand-in roots and the DHCP
/// suffix contoso.com, and checks chains with the real <see cref="ProvisioningCertificateValidator"/>.
/// </summary>
internal sealed class WsmanDevice : IAsyncDisposable
{
    public const string MebxPassword = "P@ssw0rd!1";

    private WsmanDevice(AmtDevice device, FirmwareWebServer server, FirmwareWebServerOptions options)
    {
        Device = device;
        Server = server;
        Options = options;
    }

    public AmtDevice Device { get; }

    public FirmwareWebServer Server { get; }

    public FirmwareWebServerOptions Options { get; }

    public string Host => Server.HttpEndPoint!.Address.ToString();

    public int HttpPort => Server.HttpEndPoint!.Port;

    public int TlsPort => Server.TlsEndPoint!.Port;

    public string HttpUrl => string.Create(CultureInfo.InvariantCulture, $"http://{Host}:{HttpPort}/wsman");

    public static WsmanDevice Start(Microsoft.Extensions.Logging.ILoggerFactory logs, string firmware = "16.1.25.2124")
    {
        var device = WebTestDevices.Create(firmware);
        device.MebxPassword = MebxPassword;
        device.HashTable.InsertRange(0, RepoFixtures.TrustedTable(device.Identity.Firmware.Version.Major).Where(h => !h.IsDefault));
        var options = WebTestDevices.Options(validator: (chain, context) => ProvisioningCertificateValidator.Instance.Validate(chain, context));
        var service = new WsmanService(device, new WsmanServiceOptions { LoggerFactory = logs });
        var server = new FirmwareWebServer(device, service, options, logs);
        server.Start();
        return new WsmanDevice(device, server, options);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
