using System.Net;
using AmtSim.Network.Addressing;
using Xunit;

namespace AmtSim.Network.Tests.Embedded;

public sealed class LoopbackAddressAllocatorTests
{
    [Fact]
    public void Allocate_FirstOfEachRole_IsInItsRange()
    {
        var allocator = new LoopbackAddressAllocator();

        Assert.Equal(IPAddress.Parse("127.0.2.1"), allocator.Allocate(AddressRole.Server));
        Assert.Equal(IPAddress.Parse("127.1.0.1"), allocator.Allocate(AddressRole.Device));
    }

    [Fact]
    public void Allocate_ThousandDevices_AreDistinctLoopbackAndSkipNetworkAndBroadcastHosts()
    {
        var allocator = new LoopbackAddressAllocator();

        var addresses = Enumerable.Range(0, 1000).Select(_ => allocator.Allocate(AddressRole.Device)).ToList();

        Assert.Equal(1000, addresses.Distinct().Count());
        Assert.All(addresses, a =>
        {
            var b = a.GetAddressBytes();
            Assert.Equal(127, b[0]);
            Assert.InRange(b[3], 1, 254);
        });
        Assert.Equal(IPAddress.Parse("127.1.0.254"), addresses[253]);
        Assert.Equal(IPAddress.Parse("127.1.1.1"), addresses[254]);
    }
}
