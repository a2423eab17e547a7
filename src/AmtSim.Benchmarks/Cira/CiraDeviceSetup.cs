using System.Buffers;
using System.Globalization;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Benchmarks.Cira;

/// <summary>The MPS a bench device is told to dial, as MeshCentral's Intel AMT manager writes it into AddMpServer.</summary>
/// <param name="AccessInfo">The MPS address or name (MeshCentral: its certificate name, 127.0.0.1).</param>
/// <param name="CertificateName">The name its certificate must carry (AddMpServer's CN).</param>
/// <param name="Username">APF username (MeshCentral: the device group id's first 16 characters).</param>
/// <param name="Root">The MPS's trusted root (AddTrustedRootCertificate).</param>
/// <param name="Interval">The periodic policy's interval (MeshCentral writes 10 s).</param>
public sealed record CiraMpsTarget(string AccessInfo, int Port, string CertificateName, string Username, string Password, X509Certificate2 Root, TimeSpan Interval)
{
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{AccessInfo}:{Port}");
}

/// <summary>
/// Configures CIRA on a provisioned device the way an MPS operator's tool does: three WS-Man calls to the
/// device's own service (AMT_PublicKeyManagementService.AddTrustedRootCertificate,
/// AMT_RemoteAccessService.AddMpServer and AddRemoteAccessPolicyRule with a periodic trigger), the
/// requests written by the one WS-Man codec, the replies read by it. Nothing else touches the CIRA state.
/// </summary>
internal static class CiraDeviceSetup
{
    private static readonly WsmanCaller Admin = new("admin", "127.0.0.1:16992", OverTls: false, ClientCertificateAccepted: false);

    public static void Configure(WsmanService service, CiraMpsTarget mps)
    {
        Invoke(service, "AMT_PublicKeyManagementService", "AddTrustedRootCertificate", ("CertificateBlob", Convert.ToBase64String(mps.Root.RawData)));
        var format = System.Net.IPAddress.TryParse(mps.AccessInfo, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? MpServer.InfoFormatIpv4 : MpServer.InfoFormatFqdn;
        var server = Invoke(service, "AMT_RemoteAccessService", "AddMpServer",
            ("AccessInfo", mps.AccessInfo), ("InfoFormat", format.ToString(CultureInfo.InvariantCulture)), ("Port", mps.Port.ToString(CultureInfo.InvariantCulture)),
            ("AuthMethod", MpServer.PasswordAuthentication.ToString(CultureInfo.InvariantCulture)), ("Username", mps.Username), ("Password", mps.Password), ("CN", mps.CertificateName));
        var name = server.Descendants().FirstOrDefault(e => e.Name.LocalName == "Selector" && (string?)e.Attribute("Name") == "Name")?.Value
            ?? throw new InvalidOperationException("AddMpServer returned no MpServer reference");
        var uri = WsmanNamespaces.ResourceUriOf("AMT_ManagementPresenceRemoteSAP");
        var reference = $"<a:Address>/wsman</a:Address><a:ReferenceParameters><w:ResourceURI>{uri}</w:ResourceURI><w:SelectorSet><w:Selector Name=\"Name\">{SecurityElement.Escape(name)}</w:Selector></w:SelectorSet></a:ReferenceParameters>";
        Invoke(service, "AMT_RemoteAccessService", "AddRemoteAccessPolicyRule",
            ("Trigger", RemoteAccessPolicy.PeriodicTrigger.ToString(CultureInfo.InvariantCulture)), ("TunnelLifeTime", "0"),
            ("ExtendedData", RemoteAccessPolicy.PeriodicExtendedData(mps.Interval)), ("MpServer", reference));
    }

    /// <summary>One method call; returns its _OUTPUT, throws when the device answers a fault or a ReturnValue other than 0.</summary>
    private static System.Xml.Linq.XElement Invoke(WsmanService service, string className, string method, params (string Name, string Value)[] parameters)
    {
        var uri = WsmanNamespaces.ResourceUriOf(className);
        var input = string.Concat(parameters.Select(p => $"<r:{p.Name}>{(p.Value.StartsWith('<') ? p.Value : SecurityElement.Escape(p.Value))}</r:{p.Name}>"));
        var request = WsmanRequestWriter.WriteTo(uri + "/" + method, uri, WsmanRequestWriter.MessageIdFor(1), null, $"<r:{method}_INPUT xmlns:r=\"{uri}\">{input}</r:{method}_INPUT>");
        var reply = service.Handle(new ReadOnlySequence<byte>(request), Admin);
        var response = WsmanResponseReader.Read(reply.Body);
        var output = response.Output(method);
        var returnValue = output?.Elements().FirstOrDefault(e => e.Name.LocalName == "ReturnValue")?.Value;
        if (reply.HttpStatus != 200 || response.IsFault || output is null || returnValue != "0")
        {
            throw new InvalidOperationException($"{className}.{method} on device {service.Device.Identity.Uuid}: HTTP {reply.HttpStatus}, {(response.IsFault ? $"fault {response.FaultSubcode} {response.FaultReason}" : $"ReturnValue {returnValue ?? "missing"}")}: {Encoding.UTF8.GetString(reply.Body)[..Math.Min(300, reply.Body.Length)]}");
        }

        return output;
    }
}
