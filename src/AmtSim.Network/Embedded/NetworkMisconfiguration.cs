using System.Net;
using AmtSim.Firmware.Boot;
using AmtSim.Firmware.Device;

namespace AmtSim.Network.Embedded;

/// <summary>The network failures seen in the field (amt-reference.md §6, seeds 002/003), each one switch away.</summary>
public enum NetworkMisconfiguration
{
    /// <summary>Option 15 = the certificate's domain, whose zone has a ProvisionServer record.</summary>
    None,

    /// <summary>The scope sends no option 15: no trusted suffix, no provisionserver.&lt;suffix&gt; to ask.</summary>
    NoOption15,

    /// <summary>Option 15 names another domain whose ProvisionServer is a different server.</summary>
    Option15DiffersFromCertificate,

    /// <summary>Option 15 is contoso.local; the MEBx PKI DNS suffix overrides it with the certificate's domain.</summary>
    LocalSuffixWithPkiOverride,

    /// <summary>Two scopes; only the first sends option 15. Even-numbered devices go to the first.</summary>
    Option15OnSomeScopesOnly,

    /// <summary>The certificate's zone has the server but no ProvisionServer record.</summary>
    ZoneWithoutProvisionServer,

    /// <summary>Devices get addresses whose PTR still names the previous holder.</summary>
    StalePtr,
}

/// <summary>What the device's provisioning-server lookup should come to.</summary>
public enum LookupExpectation
{
    /// <summary>The intended provisioning server.</summary>
    Found,

    NotFound,

    /// <summary>Some other server (one the certificate does not match, or that does not expect the device).</summary>
    WrongServer,
}

/// <summary>
/// A ready-made embedded network in the certificate's domain with one of the
/// <see cref="NetworkMisconfiguration"/>s applied: the intended provisioning server, the other
/// server (if the layout has one), and what each device's lookup should find.
/// </summary>
public sealed class StandardNetwork
{
    public const string DefaultCertificateDomain = "contoso.com";
    public const string OtherDomain = "corp.fabrikam.com";

    private StandardNetwork(NetworkMisconfiguration misconfiguration, string certificateDomain, EmbeddedNetwork network, ServerHost provisioningServer, ServerHost? otherServer)
    {
        Misconfiguration = misconfiguration;
        CertificateDomain = certificateDomain;
        Network = network;
        ProvisioningServer = provisioningServer;
        OtherServer = otherServer;
    }

    public NetworkMisconfiguration Misconfiguration { get; }

    /// <summary>The domain of the provisioning certificate's CN.</summary>
    public string CertificateDomain { get; }

    public EmbeddedNetwork Network { get; }

    /// <summary>The server holding the provisioning certificate (sccm.&lt;certificate domain&gt;).</summary>
    public ServerHost ProvisioningServer { get; }

    /// <summary>The server a misdirected device reaches, in layouts that have one.</summary>
    public ServerHost? OtherServer { get; }

    public static StandardNetwork Build(NetworkMisconfiguration misconfiguration, string certificateDomain = DefaultCertificateDomain)
    {
        var network = new EmbeddedNetwork();
        var zone = network.Dns.AddZone(certificateDomain);
        var server = network.AddServer("sccm", certificateDomain);
        ServerHost? other = null;
        if (misconfiguration != NetworkMisconfiguration.ZoneWithoutProvisionServer)
        {
            zone.AddProvisionServer(server.Address);
        }

        switch (misconfiguration)
        {
            case NetworkMisconfiguration.None:
            case NetworkMisconfiguration.ZoneWithoutProvisionServer:
                network.AddScope(new DhcpScope { Name = "hq", DomainName = certificateDomain });
                break;
            case NetworkMisconfiguration.NoOption15:
                network.AddScope(new DhcpScope { Name = "hq" });
                break;
            case NetworkMisconfiguration.Option15DiffersFromCertificate:
                other = network.AddServer("scs-legacy", OtherDomain);
                network.AddProvisionServerRecord(OtherDomain, other);
                network.AddScope(new DhcpScope { Name = "hq", DomainName = OtherDomain });
                break;
            case NetworkMisconfiguration.LocalSuffixWithPkiOverride:
                var local = LocalDomain(certificateDomain);
                network.AddProvisionServerRecord(local, server);
                network.AddScope(new DhcpScope { Name = "hq", DomainName = local });
                break;
            case NetworkMisconfiguration.Option15OnSomeScopesOnly:
                network.AddScope(new DhcpScope { Name = "hq", DomainName = certificateDomain });
                network.AddScope(new DhcpScope { Name = "branch" });
                break;
            case NetworkMisconfiguration.StalePtr:
                network.AddScope(new DhcpScope { Name = "hq", DomainName = certificateDomain, StalePtr = true });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(misconfiguration), misconfiguration, null);
        }

        return new StandardNetwork(misconfiguration, certificateDomain, network, server, other);
    }

    /// <summary>The .local twin of a domain: contoso.com -> contoso.local.</summary>
    public static string LocalDomain(string domain) => domain[..domain.LastIndexOf('.')] + ".local";

    /// <summary>Device-side settings of the layout (MEBx PKI DNS suffix) and its scope, for device number <paramref name="index"/>.</summary>
    public void Prepare(AmtDevice device, int index)
    {
        if (Misconfiguration == NetworkMisconfiguration.LocalSuffixWithPkiOverride)
        {
            device.Network.PkiDnsSuffix = CertificateDomain;
        }

        if (Misconfiguration == NetworkMisconfiguration.Option15OnSomeScopesOnly)
        {
            Network.Assign(device.Identity.Mac, index % 2 == 0 ? "hq" : "branch");
        }
    }

    /// <summary>The documented lookup result for device number <paramref name="index"/>.</summary>
    public LookupExpectation Expected(int index) => Misconfiguration switch
    {
        NetworkMisconfiguration.NoOption15 or NetworkMisconfiguration.ZoneWithoutProvisionServer => LookupExpectation.NotFound,
        NetworkMisconfiguration.Option15DiffersFromCertificate => LookupExpectation.WrongServer,
        NetworkMisconfiguration.Option15OnSomeScopesOnly => index % 2 == 0 ? LookupExpectation.Found : LookupExpectation.NotFound,
        _ => LookupExpectation.Found,
    };

    /// <summary>What a lookup came to, judged against this layout's servers.</summary>
    public LookupExpectation Classify(ProvisionServerLookupResult lookup) => lookup.Endpoint switch
    {
        null => LookupExpectation.NotFound,
        { Address: var a } when a.Equals(ProvisioningServer.Address) => LookupExpectation.Found,
        _ => LookupExpectation.WrongServer,
    };

    public IPEndPoint ProvisioningEndpoint(int port) => new(ProvisioningServer.Address, port);
}
