using System.Net;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Boot;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using Xunit;

namespace AmtSim.Firmware.Tests.Boot;

public sealed class ProvisionServerLookupTests
{
    private static readonly DhcpLease Lease = new()
    {
        Address = IPAddress.Parse("127.1.0.10"),
        DomainName = "sales.contoso.com",
        DnsServers = [IPAddress.Parse("127.0.0.53")],
        V6DomainSearch = ["a.example", "b.example", "c.example", "d.example", "e.example", "f.example"],
    };

    [Fact]
    public void Candidates_EverythingConfigured_FollowTheReferenceOrder()
    {
        var settings = new DeviceNetworkSettings { ProvisioningServerFqdn = "sca.contoso.com", PkiDnsSuffix = "contoso.com" };

        var names = ProvisionServerLookup.Candidates(settings, Lease);

        Assert.Equal(
        [
            (LookupSource.ConfiguredFqdn, "sca.contoso.com"),
            (LookupSource.PkiDnsSuffix, "provisionserver.contoso.com"),
            (LookupSource.DhcpOption15, "provisionserver.sales.contoso.com"),
            (LookupSource.DhcpV6DomainSearch, "provisionserver.a.example"),
            (LookupSource.DhcpV6DomainSearch, "provisionserver.b.example"),
            (LookupSource.DhcpV6DomainSearch, "provisionserver.c.example"),
            (LookupSource.DhcpV6DomainSearch, "provisionserver.d.example"),
            (LookupSource.DhcpV6DomainSearch, "provisionserver.e.example"),
            (LookupSource.BareName, "ProvisionServer"),
        ], names);
    }

    [Fact]
    public void Candidates_PkiSuffixEqualsOption15_AsksOnce()
    {
        var settings = new DeviceNetworkSettings { PkiDnsSuffix = "Sales.Contoso.com" };

        var names = ProvisionServerLookup.Candidates(settings, Lease with { V6DomainSearch = [] });

        Assert.Equal([LookupSource.PkiDnsSuffix, LookupSource.BareName], names.Select(n => n.Source));
    }

    [Fact]
    public async Task Lookup_StaticAddress_WinsWithoutDns()
    {
        var network = new FakeNetworkStack(TimeProvider.System);
        var fixedServer = new IPEndPoint(IPAddress.Parse("127.0.9.9"), 9999);
        var settings = new DeviceNetworkSettings { StaticProvisioningServer = fixedServer, PkiDnsSuffix = "contoso.com" };

        var result = await ProvisionServerLookup.LookupAsync(settings, Lease, network, 9971, CancellationToken.None);

        Assert.Equal(fixedServer, result.Endpoint);
        Assert.Equal(LookupSource.StaticAddress, result.Source);
        Assert.Empty(network.Queries);
    }

    [Fact]
    public async Task Lookup_PkiSuffixAndOption15BothResolve_PkiSuffixWins()
    {
        var network = new FakeNetworkStack(TimeProvider.System);
        network.Names["provisionserver.contoso.com"] = IPAddress.Parse("127.0.2.1");
        network.Names["provisionserver.sales.contoso.com"] = IPAddress.Parse("127.0.2.2");

        var result = await ProvisionServerLookup.LookupAsync(new DeviceNetworkSettings { PkiDnsSuffix = "contoso.com" }, Lease, network, 9971, CancellationToken.None);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.2.1"), 9971), result.Endpoint);
        Assert.Equal(LookupSource.PkiDnsSuffix, result.Source);
    }

    [Fact]
    public async Task Lookup_OnlyBareNameResolves_AsksEveryNameInOrder()
    {
        var network = new FakeNetworkStack(TimeProvider.System);
        network.Names["ProvisionServer"] = IPAddress.Parse("127.0.2.3");

        var result = await ProvisionServerLookup.LookupAsync(new DeviceNetworkSettings(), Lease with { V6DomainSearch = ["v6.example"] }, network, 9971, CancellationToken.None);

        Assert.Equal(LookupSource.BareName, result.Source);
        Assert.Equal(["provisionserver.sales.contoso.com", "provisionserver.v6.example", "ProvisionServer"], network.Queries);
        Assert.Equal([DnsOutcome.NotFound, DnsOutcome.NotFound, DnsOutcome.Found], result.Steps.Select(s => s.Outcome));
    }

    [Fact]
    public async Task Lookup_NoDnsServer_NotFoundWithNoServerSteps()
    {
        var network = new FakeNetworkStack(TimeProvider.System);
        network.Names["ProvisionServer"] = IPAddress.Parse("127.0.2.3");

        var result = await ProvisionServerLookup.LookupAsync(new DeviceNetworkSettings(), Lease with { DnsServers = [] }, network, 9971, CancellationToken.None);

        Assert.False(result.Found);
        Assert.All(result.Steps, s => Assert.Equal(DnsOutcome.NoServer, s.Outcome));
    }

    [Fact]
    public async Task Agent_NoOption15_AuditsNoTrustedSuffix()
    {
        var time = new VirtualTimeProvider(BootTestDevices.Start);
        var device = BootTestDevices.Create(time);
        var network = new FakeNetworkStack(time) { Lease = Lease with { DomainName = null, V6DomainSearch = [] } };
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();

        var audit = device.Audit.OfType<NetworkAudit>();
        Assert.Contains(audit, a => a.Kind == AuditKind.DhcpLease && !a.Succeeded && a.Detail.StartsWith("no trusted DNS suffix", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Kind == AuditKind.DnsLookup && a.Detail == "lookup ProvisionServer (BareName): NotFound");
        Assert.Contains(audit, a => a.Kind == AuditKind.DnsLookup && !a.Succeeded && a.Detail.StartsWith("provision server not found", StringComparison.Ordinal));
        Assert.Null(device.Network.TrustedDnsSuffix);
    }

    [Fact]
    public async Task Agent_StalePtr_AuditsTheMismatch()
    {
        var time = new VirtualTimeProvider(BootTestDevices.Start);
        var device = BootTestDevices.Create(time);
        var network = new FakeNetworkStack(time) { Lease = Lease with { RegisteredFqdn = "pc1.sales.contoso.com" } };
        network.Pointers[Lease.Address] = "old-pc.sales.contoso.com";
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();

        Assert.Equal("pc1.sales.contoso.com", device.Network.Fqdn);
        Assert.Contains(device.Audit.OfType<NetworkAudit>(), a => !a.Succeeded && a.Detail == "reverse lookup 127.1.0.10: old-pc.sales.contoso.com, stale PTR (registered FQDN pc1.sales.contoso.com)");
    }
}
