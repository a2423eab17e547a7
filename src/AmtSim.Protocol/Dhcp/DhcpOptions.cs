using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace AmtSim.Protocol.Dhcp;

/// <summary>Builders for option data.</summary>
public static class DhcpOptions
{
    public static DhcpOption MessageType(DhcpMessageType type) => new(DhcpOptionCode.MessageType, new[] { (byte)type });

    public static DhcpOption Text(DhcpOptionCode code, string value) => new(code, Encoding.ASCII.GetBytes(value));

    public static DhcpOption Addresses(DhcpOptionCode code, params IEnumerable<IPAddress> addresses)
        => new(code, addresses.SelectMany(a => a.GetAddressBytes()).ToArray());

    public static DhcpOption Seconds(DhcpOptionCode code, TimeSpan value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)value.TotalSeconds);
        return new DhcpOption(code, data);
    }

    public static DhcpOption ParameterRequestList(params DhcpOptionCode[] codes) => new(DhcpOptionCode.ParameterRequestList, codes.Select(c => (byte)c).ToArray());

    public static DhcpOption ClientFqdn(ClientFqdn fqdn) => new(DhcpOptionCode.ClientFqdn, fqdn.Encode());
}
