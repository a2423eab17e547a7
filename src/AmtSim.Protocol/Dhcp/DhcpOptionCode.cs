namespace AmtSim.Protocol.Dhcp;

/// <summary>DHCPv4 option codes the simulator reads or writes (RFC 2132, RFC 4702).</summary>
public enum DhcpOptionCode : byte
{
    Pad = 0,
    SubnetMask = 1,
    Router = 3,
    DomainNameServer = 6,
    HostName = 12,
    DomainName = 15,
    RequestedAddress = 50,
    LeaseTime = 51,
    MessageType = 53,
    ServerIdentifier = 54,
    ParameterRequestList = 55,
    ClientIdentifier = 61,
    ClientFqdn = 81,
    DomainSearch = 119,
    End = 255,
}

/// <summary>DHCP message types (option 53).</summary>
public enum DhcpMessageType : byte
{
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
}

public enum DhcpOperation : byte
{
    BootRequest = 1,
    BootReply = 2,
}

/// <summary>One option as it appears on the wire (code, data); long options may appear several times (RFC 3396).</summary>
public sealed record DhcpOption(DhcpOptionCode Code, ReadOnlyMemory<byte> Data)
{
    public bool Equals(DhcpOption? other) => other is not null && Code == other.Code && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Code, Data.Length);
}
