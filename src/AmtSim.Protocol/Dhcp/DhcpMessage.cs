using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace AmtSim.Protocol.Dhcp;

/// <summary>
/// A DHCPv4 message (RFC 2131 §2): the BOOTP fixed header and the options after the magic
/// cookie. Typed accessors read the options a device cares about: 53, 15, 6, 81, 51, 54.
/// </summary>
public sealed record DhcpMessage
{
    /// <summary>Flags bit asking the server to broadcast its replies (the client has no address yet).</summary>
    public const ushort BroadcastFlag = 0x8000;

    public DhcpOperation Operation { get; init; } = DhcpOperation.BootRequest;

    public byte HardwareType { get; init; } = 1;

    public byte Hops { get; init; }

    public uint TransactionId { get; init; }

    public ushort Seconds { get; init; }

    public ushort Flags { get; init; }

    public IPAddress ClientAddress { get; init; } = IPAddress.Any;

    public IPAddress YourAddress { get; init; } = IPAddress.Any;

    public IPAddress ServerAddress { get; init; } = IPAddress.Any;

    public IPAddress RelayAddress { get; init; } = IPAddress.Any;

    /// <summary>Client hardware address (6 bytes for Ethernet).</summary>
    public ReadOnlyMemory<byte> ClientHardwareAddress { get; init; } = new byte[6];

    public string ServerName { get; init; } = "";

    public string BootFile { get; init; } = "";

    public IReadOnlyList<DhcpOption> Options { get; init; } = [];

    /// <summary>The data of option <paramref name="code"/>, concatenated over its instances (RFC 3396), or null.</summary>
    public byte[]? Option(DhcpOptionCode code)
    {
        byte[]? result = null;
        foreach (var o in Options)
        {
            if (o.Code == code)
            {
                result = result is null ? o.Data.ToArray() : [.. result, .. o.Data.Span];
            }
        }

        return result;
    }

    public DhcpMessageType? MessageType => Option(DhcpOptionCode.MessageType) is [var t, ..] ? (DhcpMessageType)t : null;

    /// <summary>Option 15, without a trailing dot or NULs.</summary>
    public string? DomainName => Option(DhcpOptionCode.DomainName) is { } d ? Encoding.ASCII.GetString(d).TrimEnd('\0', '.') : null;

    public string? HostName => Option(DhcpOptionCode.HostName) is { } d ? Encoding.ASCII.GetString(d).TrimEnd('\0') : null;

    public IReadOnlyList<IPAddress> DomainNameServers => Addresses(DhcpOptionCode.DomainNameServer);

    public IReadOnlyList<IPAddress> Routers => Addresses(DhcpOptionCode.Router);

    public IPAddress? SubnetMask => Addresses(DhcpOptionCode.SubnetMask) is [var m, ..] ? m : null;

    public IPAddress? ServerIdentifier => Addresses(DhcpOptionCode.ServerIdentifier) is [var s, ..] ? s : null;

    public IPAddress? RequestedAddress => Addresses(DhcpOptionCode.RequestedAddress) is [var r, ..] ? r : null;

    public TimeSpan? LeaseTime => Option(DhcpOptionCode.LeaseTime) is { Length: 4 } d ? TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(d)) : null;

    /// <summary>Option 81 (RFC 4702): the client FQDN, in ASCII or (E flag) DNS wire format.</summary>
    public ClientFqdn? ClientFqdn => Option(DhcpOptionCode.ClientFqdn) is { Length: >= 3 } d ? Dhcp.ClientFqdn.Decode(d) : null;

    /// <summary>The hardware address as aa:bb:cc:dd:ee:ff.</summary>
    public string ClientMac => string.Join(':', ClientHardwareAddress.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private IReadOnlyList<IPAddress> Addresses(DhcpOptionCode code)
    {
        if (Option(code) is not { } d)
        {
            return [];
        }

        var list = new List<IPAddress>(d.Length / 4);
        for (var i = 0; i + 4 <= d.Length; i += 4)
        {
            list.Add(new IPAddress(d.AsSpan(i, 4)));
        }

        return list;
    }

    public bool Equals(DhcpMessage? other) => other is not null
        && Operation == other.Operation && HardwareType == other.HardwareType && Hops == other.Hops
        && TransactionId == other.TransactionId && Seconds == other.Seconds && Flags == other.Flags
        && ClientAddress.Equals(other.ClientAddress) && YourAddress.Equals(other.YourAddress)
        && ServerAddress.Equals(other.ServerAddress) && RelayAddress.Equals(other.RelayAddress)
        && ClientHardwareAddress.Span.SequenceEqual(other.ClientHardwareAddress.Span)
        && ServerName == other.ServerName && BootFile == other.BootFile
        && Options.SequenceEqual(other.Options);

    public override int GetHashCode() => HashCode.Combine(TransactionId, Operation, Options.Count);
}

/// <summary>DHCP option 81 (RFC 4702): flags, two obsolete RCODE bytes, and the domain name.</summary>
public sealed record ClientFqdn(byte Flags, string Name)
{
    /// <summary>S: the server should perform the A record update.</summary>
    public const byte ServerUpdatesFlag = 0x01;

    /// <summary>E: the name is in canonical DNS wire format.</summary>
    public const byte EncodedFlag = 0x04;

    public static ClientFqdn Decode(ReadOnlySpan<byte> data)
    {
        var flags = data[0];
        var nameBytes = data[3..];
        if ((flags & EncodedFlag) == 0)
        {
            return new ClientFqdn(flags, Encoding.ASCII.GetString(nameBytes).TrimEnd('\0', '.'));
        }

        if (!Dns.DnsName.TryRead(nameBytes, 0, out var name, out _))
        {
            throw new DhcpFormatException(DhcpFormatError.BadOptionData, 3, "option 81 name ends inside a label", Errors.ByteDump.Format(data));
        }

        return new ClientFqdn(flags, name);
    }

    /// <summary>Option data: flags, 0, 0, then the name in DNS wire format (the E flag is set).</summary>
    public byte[] Encode()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        output.Write<byte>([(byte)(Flags | EncodedFlag), 0, 0]);
        Dns.DnsName.Write(output, Name);
        return output.WrittenSpan.ToArray();
    }
}
