using System.Net;
using AmtSim.Firmware.Boot;
using AmtSim.Network.Embedded;
using Xunit;

namespace AmtSim.Network.Tests.Embedded;

public sealed class EmbeddedNetworkTests
{
    [Fact]
    public void Lease_ScopeWithOptions15And81_RegistersTheDeviceInDns()
    {
        var network = new EmbeddedNetwork();
        network.AddScope(new DhcpScope { Name = "hq", DomainName = "vpro.contoso.com", V6DomainSearch = ["contoso.com"] });

        var lease = network.Lease(new DhcpLeaseRequest("00:1b:21:00:00:01", "pc1"))!;

        Assert.Equal("vpro.contoso.com", lease.DomainName);
        Assert.Equal([network.DnsServerAddress], lease.DnsServers);
        Assert.Equal("pc1.vpro.contoso.com", lease.RegisteredFqdn);
        Assert.Equal(["contoso.com"], lease.V6DomainSearch);
        Assert.Equal([lease.Address], network.Dns.Resolve("pc1.vpro.contoso.com").Addresses);
        Assert.Equal(["pc1.vpro.contoso.com"], network.Dns.ResolvePtr(lease.Address).Names);
    }

    [Fact]
    public void Lease_SameMacTwice_IsTheSameLease()
    {
        var network = new EmbeddedNetwork();
        network.AddScope(new DhcpScope { Name = "hq", DomainName = "contoso.com" });

        var a = network.Lease(new DhcpLeaseRequest("00:1b:21:00:00:01", "pc1"));
        var b = network.Lease(new DhcpLeaseRequest("00:1b:21:00:00:01", "pc1"));
        var c = network.Lease(new DhcpLeaseRequest("00:1b:21:00:00:02", "pc2"));

        Assert.Same(a, b);
        Assert.NotEqual(a!.Address, c!.Address);
    }

    [Fact]
    public void Lease_ScopeWithoutOption81_RegistersNothing()
    {
        var network = new EmbeddedNetwork();
        network.AddScope(new DhcpScope { Name = "hq", DomainName = "contoso.com", RegisterFqdn = false });

        var lease = network.Lease(new DhcpLeaseRequest("00:1b:21:00:00:01", "pc1"))!;

        Assert.Null(lease.RegisteredFqdn);
        Assert.Equal(DnsOutcome.NotFound, network.Dns.Resolve("pc1.contoso.com").Outcome);
    }

    [Fact]
    public void Lease_NoScope_IsNull()
    {
        Assert.Null(new EmbeddedNetwork().Lease(new DhcpLeaseRequest("00:1b:21:00:00:01", "pc1")));
    }

    [Fact]
    public void AddScope_SixV6Suffixes_Throws()
    {
        var network = new EmbeddedNetwork();

        Assert.Throws<ArgumentException>(() => network.AddScope(new DhcpScope { Name = "v6", V6DomainSearch = ["a", "b", "c", "d", "e", "f"] }));
    }

    [Fact]
    public void Resolve_ProvisionServerPerZoneAndBareName_AnswerSeparately()
    {
        var network = new EmbeddedNetwork();
        var sccm = network.AddServer("sccm", "contoso.com");
        var scs = network.AddServer("scs", "fabrikam.com");
        network.AddProvisionServerRecord("contoso.com", sccm);
        network.AddBareProvisionServer(scs);

        Assert.Equal([sccm.Address], network.Dns.Resolve("ProvisionServer.contoso.com").Addresses);
        Assert.Equal([scs.Address], network.Dns.Resolve("ProvisionServer").Addresses);
        Assert.Equal(DnsOutcome.NotFound, network.Dns.Resolve("provisionserver.fabrikam.com").Outcome);
        Assert.Equal(DnsOutcome.NotFound, network.Dns.Resolve("provisionserver.example.org").Outcome);
        Assert.Equal(["sccm.contoso.com"], network.Dns.ResolvePtr(sccm.Address).Names);
    }

    [Fact]
    public async Task Stack_LeaseWithoutOption6_ResolvesNothing()
    {
        var network = new EmbeddedNetwork();
        network.AddScope(new DhcpScope { Name = "hq", DomainName = "contoso.com", DnsServers = [] });
        network.AddProvisionServerRecord("contoso.com", network.AddServer("sccm", "contoso.com"));
        var stack = network.CreateStack(TimeProvider.System);

        var lease = await stack.AcquireLeaseAsync(new DhcpLeaseRequest("00:1b:21:00:00:01", "pc1"), CancellationToken.None);
        var answer = await stack.ResolveAsync("provisionserver.contoso.com", lease!, CancellationToken.None);

        Assert.Equal(DnsOutcome.NoServer, answer.Outcome);
    }

    [Fact]
    public async Task Boot_ProvisionServerOnlyInADhcpV6Suffix_IsFoundThroughOption24()
    {
        var network = new EmbeddedNetwork();
        var sccm = network.AddServer("sccm", "v6.contoso.com");
        network.AddProvisionServerRecord("v6.contoso.com", sccm);
        network.AddScope(new DhcpScope { Name = "dual", DomainName = "contoso.local", V6DomainSearch = ["a.contoso.com", "v6.contoso.com"] });
        var time = new Runtime.Time.VirtualTimeProvider(NetworkTestDevices.Start);
        var device = NetworkTestDevices.Create(time);
        await using var agent = new DeviceNetworkAgent(device, network.CreateStack(time), new HelloOptions { Port = 1 });

        await agent.StartAsync();
        await agent.WhenIdleAsync();

        var lookup = Assert.Single(agent.Attempts).Lookup!;
        Assert.Equal(LookupSource.DhcpV6DomainSearch, lookup.Source);
        Assert.Equal(sccm.Address, lookup.Endpoint!.Address);
        Assert.Equal(["provisionserver.contoso.local", "provisionserver.a.contoso.com", "provisionserver.v6.contoso.com"], lookup.Steps.Select(s => s.Name));
    }
}
