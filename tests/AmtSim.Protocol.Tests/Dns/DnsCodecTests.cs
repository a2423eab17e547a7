using System.Buffers;
using System.Net;
using AmtSim.Protocol.Dns;
using Xunit;

namespace AmtSim.Protocol.Tests.Dns;

public sealed class DnsCodecTests
{
    [Fact]
    public void Write_AQuery_HasRfc1035Layout()
    {
        var bytes = DnsCodec.Write(DnsMessage.Query(0xBEEF, "provisionserver.contoso.com", DnsRecordType.A));

        Assert.Equal([0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0], bytes[..12]);
        Assert.Equal([15, .. "provisionserver"u8, 7, .. "contoso"u8, 3, .. "com"u8, 0, 0, 1, 0, 1], bytes[12..]);
    }

    [Fact]
    public void WriteThenRead_ResponseWithAAndPtr_RoundTrips()
    {
        var response = new DnsMessage
        {
            Id = 7,
            IsResponse = true,
            Authoritative = true,
            RecursionAvailable = true,
            Questions = [new DnsQuestion("provisionserver.contoso.com", DnsRecordType.A)],
            Answers =
            [
                new DnsRecord("provisionserver.contoso.com", DnsRecordType.A, 300, Address: IPAddress.Parse("127.0.2.1")),
                new DnsRecord("1.2.0.127.in-addr.arpa", DnsRecordType.Ptr, 60, Target: "sccm.contoso.com"),
            ],
        };

        var read = DnsCodec.Read(DnsCodec.Write(response));

        Assert.Equal(response.Id, read.Id);
        Assert.True(read.IsResponse && read.Authoritative && read.RecursionAvailable);
        Assert.Equal(response.Questions, read.Questions);
        Assert.Equal(response.Answers, read.Answers);
    }

    [Fact]
    public void Read_CompressedAnswerName_FollowsThePointer()
    {
        byte[] bytes =
        [
            0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
            2, (byte)'p', (byte)'s', 3, (byte)'c', (byte)'o', (byte)'m', 0, 0, 1, 0, 1,
            0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 9,
        ];

        var message = DnsCodec.Read(bytes);

        Assert.Equal("ps.com", message.Answers[0].Name);
        Assert.Equal(IPAddress.Parse("10.0.0.9"), message.Answers[0].Address);
    }

    [Fact]
    public void Read_NameError_HasRcode3AndNoAnswers()
    {
        var bytes = DnsCodec.Write(new DnsMessage { Id = 2, IsResponse = true, ResponseCode = DnsResponseCode.NameError, Questions = [new DnsQuestion("x.y", DnsRecordType.A)] });

        var message = DnsCodec.Read(bytes);

        Assert.Equal(DnsResponseCode.NameError, message.ResponseCode);
        Assert.Empty(message.Answers);
    }

    [Fact]
    public void TryRead_EveryPrefix_ReturnsFalseAndConsumesNothing()
    {
        var bytes = DnsCodec.Write(new DnsMessage
        {
            Id = 9,
            IsResponse = true,
            Questions = [new DnsQuestion("a.b.c", DnsRecordType.A)],
            Answers = [new DnsRecord("a.b.c", DnsRecordType.A, 1, Address: IPAddress.Parse("1.2.3.4"))],
        });
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(DnsCodec.TryRead(ref reader, out _), $"prefix of {length} bytes");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Fact]
    public void TryRead_SplitAcrossSegments_ReadsTheSameMessage()
    {
        var bytes = DnsCodec.Write(new DnsMessage { Id = 3, IsResponse = true, Answers = [new DnsRecord("x.example", DnsRecordType.A, 5, Address: IPAddress.Parse("198.18.0.2"))] });
        var reader = new SequenceReader<byte>(SequenceSegments.Split(bytes, 3));

        Assert.True(DnsCodec.TryRead(ref reader, out var message));
        Assert.Equal(IPAddress.Parse("198.18.0.2"), message.Answers[0].Address);
        Assert.Equal(bytes.Length, reader.Consumed);
    }

    [Fact]
    public void Read_ForwardPointer_ThrowsBadPointer()
    {
        byte[] bytes = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];

        var ex = Assert.Throws<DnsFormatException>(() => DnsCodec.Read(bytes));

        Assert.Equal(DnsFormatError.BadPointer, ex.Reason);
        Assert.Equal(12, ex.Offset);
    }

    [Fact]
    public void Read_ReservedLabelBits_ThrowsBadLabel()
    {
        byte[] bytes = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 1, 0, 1];

        Assert.Equal(DnsFormatError.BadLabel, Assert.Throws<DnsFormatException>(() => DnsCodec.Read(bytes)).Reason);
    }

    [Fact]
    public void Read_ARecordWithFiveBytes_ThrowsBadRecordData()
    {
        byte[] bytes = [0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4, 5];

        Assert.Equal(DnsFormatError.BadRecordData, Assert.Throws<DnsFormatException>(() => DnsCodec.Read(bytes)).Reason);
    }

    [Fact]
    public void Read_HeaderOnly_ThrowsTruncated()
    {
        Assert.Equal(DnsFormatError.Truncated, Assert.Throws<DnsFormatException>(() => DnsCodec.Read(new byte[5])).Reason);
    }

    [Fact]
    public void ReverseName_Ipv4_IsInAddrArpa()
    {
        Assert.Equal("5.1.0.127.in-addr.arpa", DnsName.ReverseName(IPAddress.Parse("127.0.1.5")));
    }
}
