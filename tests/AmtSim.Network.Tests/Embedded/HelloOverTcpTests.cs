using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Boot;
using AmtSim.Runtime.Time;
using AmtSim.Network.Embedded;
using AmtSim.Protocol.Hello;
using Xunit;

namespace AmtSim.Network.Tests.Embedded;

/// <summary>Real loopback sockets: a plain TCP listener on the provisioning server's own 127.x address.</summary>
public sealed class HelloOverTcpTests
{
    private static async Task<(byte[] Bytes, IPEndPoint Peer)> AcceptOneAsync(TcpListener listener)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = await listener.AcceptTcpClientAsync(timeout.Token);
        var peer = (IPEndPoint)client.Client.RemoteEndPoint!;
        using var received = new MemoryStream();
        await client.GetStream().CopyToAsync(received, timeout.Token);
        return (received.ToArray(), peer);
    }

    [Fact]
    public async Task Hello_PlainTcpListener_ReceivesTheExpectedEncodingFieldByField()
    {
        var layout = StandardNetwork.Build(NetworkMisconfiguration.None);
        using var listener = new TcpListener(layout.ProvisioningServer.Address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var time = new VirtualTimeProvider(NetworkTestDevices.Start);
        var device = NetworkTestDevices.Create(time, 0, "16.1.25.2124");
        device.MebxPassword = "Adm1n!Set";
        device.HashTable[2] = device.HashTable[2] with { IsActive = false };
        var accepted = AcceptOneAsync(listener);
        await using var agent = new DeviceNetworkAgent(device, layout.Network.CreateStack(time), new HelloOptions { Port = port });

        await agent.StartAsync();
        await agent.WhenIdleAsync();
        var (bytes, peer) = await accepted;

        Assert.Equal(device.Network.Address, peer.Address);
        Assert.StartsWith("127.1.", device.Network.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(device.Identity.Uuid.ToByteArray(), bytes[8..24]);
        var active = device.HashTable.Where(h => h.IsActive).ToList();
        Assert.Equal(22, active.Count);
        Assert.Equal(active.Count, bytes[24]);
        var at = 25;
        foreach (var hash in active)
        {
            Assert.Equal((byte)CertHashType.Sha256, bytes[at]);
            Assert.Equal(32, bytes[at + 1]);
            Assert.Equal(hash.HashBytes(), bytes[(at + 2)..(at + 34)]);
            at += 34;
        }

        Assert.Equal(at, bytes.Length);
        Assert.Equal(device.BuildHello(0), PkiHelloReader.ReadComplete(bytes));
        Assert.Equal(HelloAttemptOutcome.Delivered, Assert.Single(agent.Attempts).Outcome);
    }

    [Fact]
    public async Task Hello_TwoDevices_ConnectFromTheirOwnAddresses()
    {
        var layout = StandardNetwork.Build(NetworkMisconfiguration.None);
        using var listener = new TcpListener(layout.ProvisioningServer.Address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var time = new VirtualTimeProvider(NetworkTestDevices.Start);
        var peers = new List<IPAddress>();
        var devices = new[] { NetworkTestDevices.Create(time, 0), NetworkTestDevices.Create(time, 1) };

        foreach (var device in devices)
        {
            var accepted = AcceptOneAsync(listener);
            await using var agent = new DeviceNetworkAgent(device, layout.Network.CreateStack(time), new HelloOptions { Port = port });
            await agent.StartAsync();
            await agent.WhenIdleAsync();
            var (bytes, peer) = await accepted;
            peers.Add(peer.Address);
            Assert.Equal(device.Identity.Uuid, PkiHelloReader.ReadComplete(bytes).Uuid);
        }

        Assert.Equal(devices.Select(d => d.Network.Address), peers);
        Assert.NotEqual(peers[0], peers[1]);
    }

    [Fact]
    public async Task Hello_NobodyListening_IsRefusedAndAudited()
    {
        var layout = StandardNetwork.Build(NetworkMisconfiguration.None);
        using var probe = new TcpListener(layout.ProvisioningServer.Address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var time = new VirtualTimeProvider(NetworkTestDevices.Start);
        var device = NetworkTestDevices.Create(time);
        await using var agent = new DeviceNetworkAgent(device, layout.Network.CreateStack(time), new HelloOptions { Port = port });

        await agent.StartAsync();
        await agent.WhenIdleAsync();

        var attempt = Assert.Single(agent.Attempts);
        Assert.Equal(HelloDeliveryOutcome.Refused, attempt.Delivery!.Outcome);
        Assert.Contains(device.Audit.OfType<Firmware.Audit.NetworkAudit>(), a => !a.Succeeded && a.Detail.Contains(": Refused", StringComparison.Ordinal));
    }
}
