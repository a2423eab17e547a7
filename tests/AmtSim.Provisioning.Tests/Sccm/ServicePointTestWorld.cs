using System.Buffers;
using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Pki.Ca;
using AmtSim.Protocol.Hello;
using AmtSim.Provisioning.Sccm;
using AmtSim.Testing.Fixtures;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Testing.Web;

namespace AmtSim.Provisioning.Tests.Sccm;

/// <summary>
/// One device (FirmwareWebServer + WsmanService on its own 127.x address) and an OobServicePoint
/// with the fixture provisioning PFX and an enterprise CA, all on one virtual clock driven by
/// <see cref="VirtualClockDriver"/>. The test sends the device's hello itself.
/// </summary>
public sealed class ServicePointTestWorld : IAsyncDisposable
{
    public const string ShortTemplateName = "AmtSimShortWebServer";
    public const string ServicePointFqdn = "sccm01.contoso.com";

    private ServicePointTestWorld(VirtualTimeProvider time, WorkTracker work, AmtDevice device, FirmwareWebServer web, EnterpriseCa ca, OobServicePoint servicePoint)
    {
        Time = time;
        Work = work;
        Device = device;
        Web = web;
        Ca = ca;
        ServicePoint = servicePoint;
    }

    public VirtualTimeProvider Time { get; }
    public WorkTracker Work { get; }
    public AmtDevice Device { get; }
    public FirmwareWebServer Web { get; }
    public EnterpriseCa Ca { get; }
    public OobServicePoint ServicePoint { get; }

    /// <param name="webCertificateValidity">Validity of the CA template the service point uses for device certificates.</param>
    /// <param name="wireless">What the service point's wireless lookup says about the device.</param>
    public static async Task<ServicePointTestWorld> StartAsync(TimeSpan webCertificateValidity, bool wireless = false, int index = 1)
    {
        var now = RepoFixtures.Manifest.Device.Now;
        var time = new VirtualTimeProvider(now);
        var work = new WorkTracker();
        var device = WebTestDevices.Create(time: time, index: index);
        device.HashTable.InsertRange(0, RepoFixtures.TrustedTable(device.Identity.Firmware.Version.Major).Where(h => !h.IsDefault));
        var web = new FirmwareWebServer(device, new WsmanService(device), WebTestDevices.Options(validator: (c, ctx) => ProvisioningCertificateValidator.Instance.Validate(c, ctx with { Now = now })) with { Work = work });
        web.Start();

        var ca = new EnterpriseCa(EnterpriseCaCertificate(now), time, 1);
        ca.AddTemplate(new CertificateTemplate(ShortTemplateName, TemplateVersion.V2, webCertificateValidity));
        var fixture = RepoFixtures.Fixture("prov-valid");
        var servicePoint = new OobServicePoint(new OobServicePointOptions
        {
            Fqdn = ServicePointFqdn,
            Address = WebTestDevices.NextAddress(),
            HelloPort = 0,
            DeviceTlsPort = web.TlsEndPoint!.Port,
            ProvisioningPfxPath = RepoFixtures.PathOf(fixture.Files.Pfx!),
            ProvisioningPfxPassword = RepoFixtures.Manifest.PfxPassword,
            Ca = ca,
            WebServerTemplate = ShortTemplateName,
        }, time, work, new OneDeviceResolver(device.Network.Address, device.Identity.Hostname))
        {
            WirelessLookup = address => wireless && address.Equals(device.Network.Address),
        };
        await servicePoint.StartAsync(CancellationToken.None);
        return new ServicePointTestWorld(time, work, device, web, ca, servicePoint);
    }

    /// <summary>Sends the device's PKI hello from its address and runs the clock until the service point reports the outcome.</summary>
    public async Task<ProvisioningOutcome> ProvisionAsync()
    {
        var before = ServicePoint.Outcomes.Count;
        using (Work.Begin())
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(Device.Network.Address, 0));
            await socket.ConnectAsync(ServicePoint.HelloEndPoint);
            var buffer = new ArrayBufferWriter<byte>();
            PkiHelloWriter.Write(buffer, new PkiHello { Uuid = Device.Identity.Uuid, Hashes = [] });
            await socket.SendAsync(buffer.WrittenMemory, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);

            // The service point takes its own work scope when it accepts, and closes after reading the hello.
            var sink = new byte[16];
            while (await socket.ReceiveAsync(sink, SocketFlags.None) > 0)
            {
            }
        }

        await VirtualClockDriver.RunAsync(Time, Work, Time.GetUtcNow().AddHours(1), stop: () => ServicePoint.Outcomes.Count > before);
        return ServicePoint.Outcomes[before];
    }

    /// <summary>Runs the virtual clock forward, letting every timer's work finish.</summary>
    public Task RunForAsync(TimeSpan span) => VirtualClockDriver.RunAsync(Time, Work, Time.GetUtcNow() + span);

    public async ValueTask DisposeAsync()
    {
        await ServicePoint.DisposeAsync();
        await Web.DisposeAsync();
    }

    private static X509Certificate2 EnterpriseCaCertificate(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Contoso Test Issuing CA, O=Contoso", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddYears(-1), now.AddYears(5));
    }

    private sealed class OneDeviceResolver(IPAddress address, string fqdn) : IDeviceNameResolver
    {
        public ValueTask<string?> ReverseLookupAsync(IPAddress peer, CancellationToken cancellationToken)
            => ValueTask.FromResult(peer.Equals(address) ? fqdn : null);
    }
}
