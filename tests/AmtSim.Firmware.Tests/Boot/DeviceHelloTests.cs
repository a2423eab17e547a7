using System.Net;
using AmtSim.Firmware.Boot;
using AmtSim.Runtime.Time;
using AmtSim.Pki.Catalogue;
using AmtSim.Protocol.Hello;
using Xunit;

namespace AmtSim.Firmware.Tests.Boot;

public sealed class DeviceHelloTests
{
    [Fact]
    public void BuildHello_Amt12WithCredentialsSet_EqualsTheRealDevice807ByteVector()
    {
        var device = BootTestDevices.Create(new VirtualTimeProvider(BootTestDevices.Start));
        device.MebxPassword = "P@ssw0rd!";
        var expected = Convert.FromHexString("0100030000000000" + "4b529b93d413181de4871c697a6b7a2b" + "17"
            + string.Concat(DefaultHashTables.Sha256Current.Select(h => "0220" + h.Hex)));

        var bytes = PkiHelloWriter.ToArray(device.BuildHello(0));

        Assert.Equal(807, bytes.Length);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void BuildHello_FactoryPassword_ClearsTheAdminFlag()
    {
        var device = BootTestDevices.Create(new VirtualTimeProvider(BootTestDevices.Start));

        Assert.False(device.BuildHello(0).AdminCredentialsSet);
    }

    [Fact]
    public void BuildHello_InactiveEntry_IsLeftOut()
    {
        var device = BootTestDevices.Create(new VirtualTimeProvider(BootTestDevices.Start));
        device.HashTable[0] = device.HashTable[0] with { IsActive = false };

        var hello = device.BuildHello(0);

        Assert.Equal(22, hello.Hashes.Count);
        Assert.DoesNotContain(hello.Hashes, h => h.Hex == DefaultHashTables.Sha256Current[0].Hex);
    }

    [Fact]
    public void BuildHello_Amt11With28Hashes_CarriesTheFirst23()
    {
        var device = BootTestDevices.Create(new VirtualTimeProvider(BootTestDevices.Start), "11.8.50.3425");
        Assert.Equal(28, device.HashTable.Count);

        var hello = device.BuildHello(7);

        Assert.Equal(23, hello.Hashes.Count);
        Assert.Equal(device.HashTable.Take(23).Select(h => h.Hex), hello.Hashes.Select(h => h.Hex));
        Assert.Equal(7u, hello.RetryCount);
    }

    [Fact]
    public void BuildHello_Amt3_CarriesTheSha1Table()
    {
        var device = BootTestDevices.Create(new VirtualTimeProvider(BootTestDevices.Start), "3.2.1.1010");

        var hello = device.BuildHello(0);

        Assert.Equal(10, hello.Hashes.Count);
        Assert.All(hello.Hashes, h => Assert.Equal(CertHashType.Sha1, h.Type));
        Assert.Equal(hello, PkiHelloReader.ReadComplete(PkiHelloWriter.ToArray(hello)));
    }

    [Fact]
    public async Task Agent_SentBytes_AreTheDevicesHelloFromItsLeaseAddress()
    {
        var time = new VirtualTimeProvider(BootTestDevices.Start);
        var device = BootTestDevices.Create(time);
        var network = new FakeNetworkStack(time);
        network.Names["provisionserver.contoso.com"] = IPAddress.Parse("127.0.2.1");
        await using var agent = new DeviceNetworkAgent(device, network, new HelloOptions { Port = 19971 });

        await agent.StartAsync();

        var (_, from, to, bytes) = Assert.Single(network.Sent);
        Assert.Equal(IPAddress.Parse("127.1.0.10"), from);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.2.1"), 19971), to);
        Assert.Equal(PkiHelloWriter.ToArray(device.BuildHello(0)), bytes);
    }
}
