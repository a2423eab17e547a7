using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Boot;
using AmtSim.Runtime.Time;
using AmtSim.Network.Embedded;
using Xunit;

namespace AmtSim.Network.Tests.Embedded;

public sealed class MisconfigurationTests
{
    /// <summary>Boots device <paramref name="index"/> on the layout and returns its first attempt's lookup and its audit.</summary>
    private static async Task<(ProvisionServerLookupResult Lookup, IReadOnlyList<NetworkAudit> Audit, Firmware.Device.AmtDevice Device)> BootAsync(StandardNetwork layout, int index)
    {
        var time = new VirtualTimeProvider(NetworkTestDevices.Start);
        var device = NetworkTestDevices.Create(time, index);
        layout.Prepare(device, index);
        await using var agent = new DeviceNetworkAgent(device, layout.Network.CreateStack(time), new HelloOptions { Port = 1 });
        await agent.StartAsync();
        await agent.WhenIdleAsync();
        var attempt = Assert.Single(agent.Attempts);
        return (attempt.Lookup!, device.Audit.OfType<NetworkAudit>(), device);
    }

    [Theory]
    [InlineData(NetworkMisconfiguration.None, LookupExpectation.Found)]
    [InlineData(NetworkMisconfiguration.NoOption15, LookupExpectation.NotFound)]
    [InlineData(NetworkMisconfiguration.Option15DiffersFromCertificate, LookupExpectation.WrongServer)]
    [InlineData(NetworkMisconfiguration.LocalSuffixWithPkiOverride, LookupExpectation.Found)]
    [InlineData(NetworkMisconfiguration.ZoneWithoutProvisionServer, LookupExpectation.NotFound)]
    [InlineData(NetworkMisconfiguration.StalePtr, LookupExpectation.Found)]
    public async Task Boot_Misconfiguration_GivesTheDocumentedLookupResult(NetworkMisconfiguration misconfiguration, LookupExpectation expected)
    {
        var layout = StandardNetwork.Build(misconfiguration);

        var (lookup, audit, _) = await BootAsync(layout, 0);

        Assert.Equal(expected, layout.Expected(0));
        Assert.Equal(expected, layout.Classify(lookup));
        Assert.Contains(audit, a => a.Kind == AuditKind.DnsLookup && a.Detail == lookup.Describe() && a.Succeeded == lookup.Found);
    }

    [Fact]
    public async Task Boot_None_FindsTheServerThroughOption15AndTrustsIt()
    {
        var layout = StandardNetwork.Build(NetworkMisconfiguration.None);

        var (lookup, audit, device) = await BootAsync(layout, 0);

        Assert.Equal(LookupSource.DhcpOption15, lookup.Source);
        Assert.Equal("contoso.com", device.Network.TrustedDnsSuffix);
        Assert.Contains(audit, a => a.Detail == $"lookup provisionserver.contoso.com (DhcpOption15): found {layout.ProvisioningServer.Address}");
    }

    [Fact]
    public async Task Boot_NoOption15_HasNoTrustedSuffixAndOnlyTheBareNameToAsk()
    {
        var (lookup, audit, device) = await BootAsync(StandardNetwork.Build(NetworkMisconfiguration.NoOption15), 0);

        Assert.Null(device.Network.TrustedDnsSuffix);
        Assert.Equal([LookupSource.BareName], lookup.Steps.Select(s => s.Source));
        Assert.Contains(audit, a => !a.Succeeded && a.Detail.StartsWith("no trusted DNS suffix", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Boot_Option15DiffersFromCertificate_ReachesTheOtherDomainsServer()
    {
        var layout = StandardNetwork.Build(NetworkMisconfiguration.Option15DiffersFromCertificate);

        var (lookup, audit, device) = await BootAsync(layout, 0);

        Assert.Equal(layout.OtherServer!.Address, lookup.Endpoint!.Address);
        Assert.Equal("corp.fabrikam.com", device.Network.TrustedDnsSuffix);
        Assert.Contains(audit, a => a.Detail == $"provision server {layout.OtherServer.Address}:1 via DhcpOption15 (provisionserver.corp.fabrikam.com)");
    }

    [Fact]
    public async Task Boot_LocalSuffixWithPkiOverride_TrustsTheCertificateDomainAndFindsItFirst()
    {
        var (lookup, audit, device) = await BootAsync(StandardNetwork.Build(NetworkMisconfiguration.LocalSuffixWithPkiOverride), 0);

        Assert.Equal("contoso.local", device.Network.DhcpDomainSuffix);
        Assert.Equal("contoso.com", device.Network.TrustedDnsSuffix);
        Assert.Equal(LookupSource.PkiDnsSuffix, lookup.Source);
        Assert.Contains(audit, a => a.Detail == "trusted DNS suffix 'contoso.com' (MEBx PKI DNS suffix)");
    }

    [Fact]
    public async Task Boot_Option15OnSomeScopesOnly_FirstScopeFoundSecondNotFound()
    {
        var layout = StandardNetwork.Build(NetworkMisconfiguration.Option15OnSomeScopesOnly);

        for (var index = 0; index < 4; index++)
        {
            var (lookup, _, device) = await BootAsync(layout, index);

            Assert.Equal(layout.Expected(index), layout.Classify(lookup));
            Assert.Equal(index % 2 == 0 ? "contoso.com" : null, device.Network.TrustedDnsSuffix);
        }
    }

    [Fact]
    public async Task Boot_ZoneWithoutProvisionServer_AsksOption15ThenBareAndFindsNothing()
    {
        var (lookup, audit, _) = await BootAsync(StandardNetwork.Build(NetworkMisconfiguration.ZoneWithoutProvisionServer), 0);

        Assert.Equal(["provisionserver.contoso.com", "ProvisionServer"], lookup.Steps.Select(s => s.Name));
        Assert.Contains(audit, a => a.Kind == AuditKind.Hello && a.Detail == "hello #0 not sent: no provisioning server found");
    }

    [Fact]
    public async Task Boot_StalePtr_AuditsTheStaleReverseRecord()
    {
        var (_, audit, device) = await BootAsync(StandardNetwork.Build(NetworkMisconfiguration.StalePtr), 0);

        Assert.Contains(audit, a => !a.Succeeded && a.Detail == $"reverse lookup {device.Network.Address}: stale-1.contoso.com, stale PTR (registered FQDN pc1.contoso.com)");
    }

    [Fact]
    public async Task Boot_None_ReverseLookupMatchesTheRegisteredFqdn()
    {
        var (_, audit, device) = await BootAsync(StandardNetwork.Build(NetworkMisconfiguration.None), 0);

        Assert.Contains(audit, a => a.Succeeded && a.Detail == $"reverse lookup {device.Network.Address}: pc1.contoso.com (matches registered FQDN)");
    }
}
