using AmtSim.Runtime.Time;
using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Boot;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Network.Real;
using AmtSim.Protocol.Hello;
using Xunit;
using Xunit.Abstractions;

namespace AmtSim.Interop.Tests.Network;

/// <summary>
/// A real DHCP server: dnsmasq in a network namespace hands the simulated device a lease over
/// real UDP and resolves its ProvisionServer; the device then writes its hello over real TCP. The
/// device code is the same DeviceNetworkAgent that runs on the embedded network (issue 4).
/// </summary>
public sealed class DnsmasqTests(ITestOutputHelper output)
{
    private const long RunSeed = 4;

    [RequiresNetworkNamespaceFact]
    public async Task Boot_DnsmasqServesOption15AndProvisionServer_DeviceLeasesResolvesAndSendsHello()
    {
        await using var ns = await DnsmasqNamespace.StartAsync();
        using var listener = new TcpListener(DnsmasqNamespace.ServerAddress, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = AcceptOneAsync(listener);

        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var device = new AmtDevice(new DeviceIdentity
        {
            Uuid = Guid.Parse("939b524b-13d4-1d18-e487-1c697a6b7a2b"),
            Mac = "00:1b:21:5a:17:04",
            Hostname = "vpro-pc1",
            Firmware = FirmwareProfile.For("16.1.25.2124"),
        }, new DeviceClock(clock));
        var stack = new RealNetworkStack(ns.HostInterface, TimeProvider.System, RunSeed, (lease, _) => ns.AddHostAddressAsync(lease.Address));
        await using var agent = new DeviceNetworkAgent(device, stack, new HelloOptions { Port = port });

        await agent.StartAsync();
        await agent.WhenIdleAsync();
        var context = $"run seed {RunSeed}; audit:\n{string.Join('\n', device.Audit.Entries.Select(e => e.Describe()))}\ndnsmasq:\n{ns.Log}";

        output.WriteLine(context);
        var lease = agent.Lease;
        Assert.True(lease is not null, context);
        Assert.Equal(DnsmasqNamespace.Domain, lease.DomainName);
        Assert.Equal([DnsmasqNamespace.DnsmasqAddress], lease.DnsServers);
        var octets = lease.Address.GetAddressBytes();
        Assert.True(octets[0] == 198 && octets[1] == 18 && octets[2] == 0 && octets[3] is >= 100 and <= 200, $"lease {lease.Address}; {context}");
        Assert.Equal(DnsmasqNamespace.Domain, device.Network.TrustedDnsSuffix);
        Assert.Equal($"vpro-pc1.{DnsmasqNamespace.Domain}", lease.RegisteredFqdn);
        Assert.Contains(device.Audit.OfType<NetworkAudit>(), a => a.Succeeded && a.Detail == $"reverse lookup {lease.Address}: vpro-pc1.{DnsmasqNamespace.Domain} (matches registered FQDN)");

        var attempt = Assert.Single(agent.Attempts);
        Assert.True(attempt.Outcome == HelloAttemptOutcome.Delivered, context);
        Assert.Equal(LookupSource.DhcpOption15, attempt.Lookup!.Source);
        Assert.Equal(new IPEndPoint(DnsmasqNamespace.ServerAddress, port), attempt.Server);
        Assert.Contains(device.Audit.OfType<NetworkAudit>(), a => a.Detail == $"lookup provisionserver.{DnsmasqNamespace.Domain} (DhcpOption15): found {DnsmasqNamespace.ServerAddress}");

        var (bytes, peer) = await accept;
        Assert.Equal(lease.Address, peer.Address);
        Assert.Equal(PkiHelloWriter.ToArray(device.BuildHello(0)), bytes);
        Assert.Equal(device.Identity.Uuid, PkiHelloReader.ReadComplete(bytes).Uuid);
        Assert.Contains("DHCPACK", ns.Log, StringComparison.Ordinal);
    }

    private static async Task<(byte[] Bytes, IPEndPoint Peer)> AcceptOneAsync(TcpListener listener)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = await listener.AcceptTcpClientAsync(timeout.Token);
        var peer = (IPEndPoint)client.Client.RemoteEndPoint!;
        using var received = new MemoryStream();
        await client.GetStream().CopyToAsync(received, timeout.Token);
        return (received.ToArray(), peer);
    }
}
