using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Boot;
using AmtSim.Network.Real;
using AmtSim.Protocol.Dns;
using Xunit;

namespace AmtSim.Network.Tests.Real;

/// <summary>The real-UDP resolver against a scripted DNS server on loopback.</summary>
public sealed class UdpDnsResolverTests
{
    private static readonly IPAddress ServerAddress = IPAddress.Parse("127.0.250.53");
    private static readonly IPAddress DeviceAddress = IPAddress.Parse("127.4.250.10");

    /// <summary>Answers one query with <paramref name="reply"/> (built from the query) and returns the query and its source.</summary>
    private static async Task<(DnsMessage Query, IPEndPoint From)> ServeOneAsync(UdpClient server, Func<DnsMessage, DnsMessage> reply)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await server.ReceiveAsync(timeout.Token);
        var query = DnsCodec.Read(received.Buffer);
        await server.SendAsync(DnsCodec.Write(reply(query)), received.RemoteEndPoint, timeout.Token);
        return (query, received.RemoteEndPoint);
    }

    [Fact]
    public async Task Query_ARecord_SendsFromTheDeviceAddressAndReturnsTheAddress()
    {
        using var server = new UdpClient(new IPEndPoint(ServerAddress, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var resolver = new UdpDnsResolver(TimeProvider.System, 1) { Port = port };
        var serving = ServeOneAsync(server, q => q with
        {
            IsResponse = true,
            Answers = [new DnsRecord(q.Questions[0].Name, DnsRecordType.A, 60, Address: IPAddress.Parse("127.0.2.1"))],
        });

        var answer = await resolver.QueryAsync("provisionserver.contoso.com", DnsRecordType.A, DeviceAddress, [ServerAddress], CancellationToken.None);
        var (query, from) = await serving;

        Assert.Equal(DnsOutcome.Found, answer.Outcome);
        Assert.Equal([IPAddress.Parse("127.0.2.1")], answer.Addresses);
        Assert.Equal(DeviceAddress, from.Address);
        Assert.Equal(new DnsQuestion("provisionserver.contoso.com", DnsRecordType.A), Assert.Single(query.Questions));
    }

    [Fact]
    public async Task Query_NameError_IsNotFound()
    {
        using var server = new UdpClient(new IPEndPoint(ServerAddress, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var resolver = new UdpDnsResolver(TimeProvider.System, 2) { Port = port };
        var serving = ServeOneAsync(server, q => q with { IsResponse = true, ResponseCode = DnsResponseCode.NameError });

        var answer = await resolver.QueryAsync("provisionserver.example", DnsRecordType.A, DeviceAddress, [ServerAddress], CancellationToken.None);
        await serving;

        Assert.Equal(DnsOutcome.NotFound, answer.Outcome);
    }

    [Fact]
    public async Task Query_Ptr_ReturnsTheName()
    {
        using var server = new UdpClient(new IPEndPoint(ServerAddress, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var resolver = new UdpDnsResolver(TimeProvider.System, 3) { Port = port };
        var serving = ServeOneAsync(server, q => q with
        {
            IsResponse = true,
            Answers = [new DnsRecord(q.Questions[0].Name, DnsRecordType.Ptr, 60, Target: "pc1.contoso.com")],
        });

        var answer = await resolver.QueryAsync(DnsName.ReverseName(DeviceAddress), DnsRecordType.Ptr, DeviceAddress, [ServerAddress], CancellationToken.None);
        var (query, _) = await serving;

        Assert.Equal(["pc1.contoso.com"], answer.Names);
        Assert.Equal("10.250.4.127.in-addr.arpa", query.Questions[0].Name);
    }

    [Fact]
    public async Task Query_NoServers_IsNoServer()
    {
        var resolver = new UdpDnsResolver(TimeProvider.System, 4);

        var answer = await resolver.QueryAsync("x.example", DnsRecordType.A, DeviceAddress, [], CancellationToken.None);

        Assert.Equal(DnsOutcome.NoServer, answer.Outcome);
    }
}
