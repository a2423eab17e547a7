using System.Buffers;
using System.Net;
using AmtSim.Protocol.Dhcp;
using Xunit;

namespace AmtSim.Protocol.Tests.Dhcp;

public sealed class DhcpCodecTests
{
    private static DhcpMessage SampleAck() => new()
    {
        Operation = DhcpOperation.BootReply,
        TransactionId = 0x1234ABCD,
        Flags = DhcpMessage.BroadcastFlag,
        YourAddress = IPAddress.Parse("198.18.0.150"),
        ServerAddress = IPAddress.Parse("198.18.0.1"),
        ClientHardwareAddress = new byte[] { 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c },
        Options =
        [
            DhcpOptions.MessageType(DhcpMessageType.Ack),
            DhcpOptions.Addresses(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("198.18.0.1")),
            DhcpOptions.Seconds(DhcpOptionCode.LeaseTime, TimeSpan.FromHours(1)),
            DhcpOptions.Addresses(DhcpOptionCode.SubnetMask, IPAddress.Parse("255.254.0.0")),
            DhcpOptions.Addresses(DhcpOptionCode.DomainNameServer, IPAddress.Parse("198.18.0.1"), IPAddress.Parse("198.18.0.3")),
            DhcpOptions.Text(DhcpOptionCode.DomainName, "vpro.contoso.com"),
            DhcpOptions.ClientFqdn(new ClientFqdn(ClientFqdn.ServerUpdatesFlag, "pc1.vpro.contoso.com")),
        ],
    };

    [Fact]
    public void WriteThenRead_Ack_RoundTripsEveryField()
    {
        var bytes = DhcpCodec.Write(SampleAck());
        var message = DhcpCodec.Read(bytes);

        Assert.Equal(SampleAck(), message);
        Assert.Equal(DhcpMessageType.Ack, message.MessageType);
        Assert.Equal("vpro.contoso.com", message.DomainName);
        Assert.Equal([IPAddress.Parse("198.18.0.1"), IPAddress.Parse("198.18.0.3")], message.DomainNameServers);
        Assert.Equal(TimeSpan.FromHours(1), message.LeaseTime);
        Assert.Equal(IPAddress.Parse("198.18.0.1"), message.ServerIdentifier);
        Assert.Equal("pc1.vpro.contoso.com", message.ClientFqdn!.Name);
        Assert.Equal("00:1b:21:0a:0b:0c", message.ClientMac);
        Assert.Equal(DhcpCodec.Write(message), bytes);
    }

    [Fact]
    public void Write_Discover_HasRfc2131Layout()
    {
        var bytes = DhcpCodec.Write(new DhcpMessage
        {
            TransactionId = 0x01020304,
            Flags = DhcpMessage.BroadcastFlag,
            ClientHardwareAddress = new byte[] { 1, 2, 3, 4, 5, 6 },
            Options = [DhcpOptions.MessageType(DhcpMessageType.Discover)],
        });

        Assert.Equal(DhcpCodec.MinimumLength, bytes.Length);
        Assert.Equal([1, 1, 6, 0, 1, 2, 3, 4], bytes[..8]);
        Assert.Equal([0x80, 0x00], bytes[10..12]);
        Assert.Equal([1, 2, 3, 4, 5, 6], bytes[28..34]);
        Assert.Equal([0x63, 0x82, 0x53, 0x63], bytes[236..240]);
        Assert.Equal([53, 1, 1, 255], bytes[240..244]);
    }

    [Fact]
    public void TryRead_EveryPrefixBeforeEndOption_ReturnsFalseAndConsumesNothing()
    {
        var bytes = DhcpCodec.Write(SampleAck());
        var end = Array.LastIndexOf(bytes, (byte)255);
        for (var length = 0; length <= end; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(DhcpCodec.TryRead(ref reader, out _), $"prefix of {length} bytes");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(64)]
    public void TryRead_SplitAcrossSegments_ReadsTheSameMessage(int segmentSize)
    {
        var bytes = DhcpCodec.Write(SampleAck());
        var reader = new SequenceReader<byte>(SequenceSegments.Split(bytes, segmentSize));

        Assert.True(DhcpCodec.TryRead(ref reader, out var message));
        Assert.Equal(SampleAck(), message);
        Assert.Equal(bytes.Length, reader.Consumed);
    }

    [Fact]
    public void Read_BadMagicCookie_ThrowsWithOffset236()
    {
        var bytes = DhcpCodec.Write(SampleAck());
        bytes[236] = 0;

        var ex = Assert.Throws<DhcpFormatException>(() => DhcpCodec.Read(bytes));

        Assert.Equal(DhcpFormatError.BadMagicCookie, ex.Reason);
        Assert.Equal(236, ex.Offset);
        Assert.NotEmpty(ex.HexDump);
    }

    [Fact]
    public void Read_HardwareLength17_ThrowsBadHardwareLength()
    {
        var bytes = DhcpCodec.Write(SampleAck());
        bytes[2] = 17;

        Assert.Equal(DhcpFormatError.BadHardwareLength, Assert.Throws<DhcpFormatException>(() => DhcpCodec.Read(bytes)).Reason);
    }

    [Fact]
    public void Read_NoEndOption_ThrowsTruncated()
    {
        var bytes = DhcpCodec.Write(SampleAck());
        var end = Array.LastIndexOf(bytes, (byte)255);

        Assert.Equal(DhcpFormatError.Truncated, Assert.Throws<DhcpFormatException>(() => DhcpCodec.Read(bytes.AsSpan(0, end))).Reason);
    }

    [Fact]
    public void Read_TwoByteMessageType_ThrowsBadOptionData()
    {
        var message = SampleAck() with { Options = [new DhcpOption(DhcpOptionCode.MessageType, new byte[] { 5, 5 })] };

        Assert.Equal(DhcpFormatError.BadOptionData, Assert.Throws<DhcpFormatException>(() => DhcpCodec.Read(DhcpCodec.Write(message))).Reason);
    }

    [Fact]
    public void Option_SplitLongOption_IsConcatenated()
    {
        var longName = string.Join('.', Enumerable.Repeat("abcdefghij", 30));
        var message = SampleAck() with { Options = [DhcpOptions.Text(DhcpOptionCode.DomainName, longName)] };

        var read = DhcpCodec.Read(DhcpCodec.Write(message));

        Assert.Equal(2, read.Options.Count);
        Assert.Equal(longName, read.DomainName);
    }

    [Fact]
    public void ClientFqdn_AsciiForm_IsDecoded()
    {
        var fqdn = ClientFqdn.Decode([0x01, 0, 0, .. "pc2.contoso.com"u8]);

        Assert.Equal("pc2.contoso.com", fqdn.Name);
    }
}
