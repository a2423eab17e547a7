using System.Buffers;
using AmtSim.Protocol.Apf;
using Xunit;

namespace AmtSim.Protocol.Tests.Apf;

public sealed class ApfCodecTests
{
    private static readonly Guid Uuid = Guid.Parse("939b524b-13d4-1d18-e487-1c697a6b7a2b");

    /// <summary>One of every message, with the options the reading end uses.</summary>
    public static TheoryData<string, bool> Messages() => new()
    {
        { nameof(ApfDisconnect), false },
        { nameof(ApfServiceRequest), false },
        { nameof(ApfServiceAccept), false },
        { nameof(ApfUserAuthRequest), false },
        { "ApfUserAuthRequestNone", false },
        { nameof(ApfUserAuthFailure), true },
        { nameof(ApfUserAuthSuccess), true },
        { nameof(ApfGlobalRequest), false },
        { nameof(ApfRequestSuccess), true },
        { "ApfRequestSuccessNoPort", false },
        { nameof(ApfRequestFailure), true },
        { nameof(ApfChannelOpen), true },
        { nameof(ApfChannelOpenConfirmation), false },
        { nameof(ApfChannelOpenFailure), false },
        { nameof(ApfChannelWindowAdjust), false },
        { nameof(ApfChannelData), false },
        { nameof(ApfChannelClose), false },
        { nameof(ApfProtocolVersion), false },
        { nameof(ApfKeepAliveRequest), false },
        { nameof(ApfKeepAliveReply), false },
        { nameof(ApfKeepAliveOptionsRequest), true },
        { nameof(ApfKeepAliveOptionsReply), false },
    };

    private static ApfMessage Sample(string name) => name switch
    {
        nameof(ApfDisconnect) => new ApfDisconnect(ApfDisconnectReason.ByApplication),
        nameof(ApfServiceRequest) => new ApfServiceRequest(ApfNames.AuthService),
        nameof(ApfServiceAccept) => new ApfServiceAccept(ApfNames.PortForwardService),
        nameof(ApfUserAuthRequest) => ApfUserAuthRequest.WithPassword("tOkGm9ydWsWNxSEv", "P@ss\u00e9w0rd"),
        "ApfUserAuthRequestNone" => new ApfUserAuthRequest("u", ApfNames.PortForwardService, "none", null),
        nameof(ApfUserAuthFailure) => new ApfUserAuthFailure(ApfNames.PasswordMethod),
        nameof(ApfUserAuthSuccess) => new ApfUserAuthSuccess(),
        nameof(ApfGlobalRequest) => ApfGlobalRequest.Forward("", 16992),
        nameof(ApfRequestSuccess) => new ApfRequestSuccess(16993),
        "ApfRequestSuccessNoPort" => new ApfRequestSuccess(null),
        nameof(ApfRequestFailure) => new ApfRequestFailure(),
        nameof(ApfChannelOpen) => new ApfChannelOpen(ApfNames.ForwardedTcpip, 4, 32768, "device.contoso.com", 16992, "1.2.3.4", 1024),
        nameof(ApfChannelOpenConfirmation) => new ApfChannelOpenConfirmation(4, 7, 4096),
        nameof(ApfChannelOpenFailure) => new ApfChannelOpenFailure(4, ApfChannelOpenFailureReason.ConnectFailed),
        nameof(ApfChannelWindowAdjust) => new ApfChannelWindowAdjust(7, 2048),
        nameof(ApfChannelData) => new ApfChannelData(7, "POST /wsman HTTP/1.1\r\n\r\n"u8.ToArray()),
        nameof(ApfChannelClose) => new ApfChannelClose(7),
        nameof(ApfProtocolVersion) => new ApfProtocolVersion(1, 0, 0, Uuid),
        nameof(ApfKeepAliveRequest) => new ApfKeepAliveRequest(0xDEADBEEF),
        nameof(ApfKeepAliveReply) => new ApfKeepAliveReply(0xDEADBEEF),
        nameof(ApfKeepAliveOptionsRequest) => new ApfKeepAliveOptionsRequest(30, 0),
        nameof(ApfKeepAliveOptionsReply) => new ApfKeepAliveOptionsReply(30, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static ApfReadOptions Options(bool deviceSide) => deviceSide ? ApfReadOptions.Device : ApfReadOptions.Server;

    private static ApfMessage ReadOne(ReadOnlySequence<byte> bytes, ApfReadOptions options)
    {
        var reader = new SequenceReader<byte>(bytes);
        Assert.True(ApfReader.TryRead(ref reader, options, out var message));
        Assert.True(reader.End, $"{reader.Remaining} bytes left after {message}");
        return message;
    }

    private static ApfFormatException Malformed(byte[] bytes, ApfReadOptions? options = null) => Assert.Throws<ApfFormatException>(() =>
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        ApfReader.TryRead(ref reader, options ?? ApfReadOptions.Server, out _);
    });

    [Theory]
    [MemberData(nameof(Messages))]
    public void WriteThenRead_EveryMessage_RoundTrips(string name, bool deviceSide)
    {
        var message = Sample(name);
        var bytes = ApfWriter.ToArray(message);

        Assert.Equal((byte)message.Type, bytes[0]);
        Assert.Equal(message, ReadOne(new ReadOnlySequence<byte>(bytes), Options(deviceSide)));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void TryRead_EveryPrefix_ReturnsFalseAndConsumesNothing(string name, bool deviceSide)
    {
        var bytes = ApfWriter.ToArray(Sample(name));
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(ApfReader.TryRead(ref reader, Options(deviceSide), out _), $"prefix of {length} of {bytes.Length} bytes");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void TryRead_SplitAcrossSegments_ReadsTheSameMessage(string name, bool deviceSide)
    {
        var message = Sample(name);
        var bytes = ApfWriter.ToArray(message);
        foreach (var size in new[] { 1, 2, 3, 7 })
        {
            Assert.Equal(message, ReadOne(SequenceSegments.Split(bytes, size), Options(deviceSide)));
        }
    }

    [Fact]
    public void TryRead_BackToBackMessages_ReadsEachInTurn()
    {
        ApfMessage[] sent = [new ApfServiceAccept(ApfNames.AuthService), new ApfUserAuthSuccess(), new ApfRequestSuccess(16992), new ApfKeepAliveOptionsRequest(30, 0)];
        var bytes = sent.SelectMany(ApfWriter.ToArray).ToArray();
        var reader = new SequenceReader<byte>(SequenceSegments.Split(bytes, 5));
        var read = new List<ApfMessage>();
        while (ApfReader.TryRead(ref reader, ApfReadOptions.Device, out var m))
        {
            read.Add(m);
        }

        Assert.Equal(sent, read);
        Assert.True(reader.End);
    }

    [Fact]
    public void Write_ProtocolVersion_MatchesTheMpsLayout()
    {
        // 93 bytes; UUID at 13..29 in GUID byte order (MeshCentral's guidToStr swaps the first three fields back).
        var bytes = ApfWriter.ToArray(new ApfProtocolVersion(1, 0, 0, Uuid));

        Assert.Equal(ApfProtocolVersion.Length, bytes.Length);
        Assert.Equal([0xC0, 0, 0, 0, 1, 0, 0, 0, 0], bytes[..9]);
        Assert.Equal("4b529b93d413181de4871c697a6b7a2b", Convert.ToHexStringLower(bytes[13..29]));
        Assert.All(bytes[29..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Write_UserAuthRequest_MatchesTheMpsLayout()
    {
        // 18 + user + service + method + password bytes, FALSE byte before the password length.
        var bytes = ApfWriter.ToArray(ApfUserAuthRequest.WithPassword("0123456789abcdef", "pw"));

        Assert.Equal(18 + 16 + 18 + 8 + 2, bytes.Length);
        Assert.Equal(0, bytes[13 + 16 + 18 + 8]);
        Assert.Equal("pw"u8.ToArray(), bytes[^2..]);
    }

    [Fact]
    public void Read_MeshCentralUserAuthFailure_Is15Bytes()
    {
        // MeshCentral and the toolkit both send 0x33, len 8, "password", 0x0000.
        byte[] bytes = [0x33, 0, 0, 0, 8, .. "password"u8, 0, 0];

        Assert.Equal(new ApfUserAuthFailure("password"), ReadOne(new ReadOnlySequence<byte>(bytes), ApfReadOptions.Device));
    }

    [Fact]
    public void Write_ChannelOpenConfirmation_Is17BytesWithReservedMinusOne()
    {
        var bytes = ApfWriter.ToArray(new ApfChannelOpenConfirmation(4, 7, 4096));

        Assert.Equal(17, bytes.Length);
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF], bytes[13..]);
    }

    [Fact]
    public void TryRead_UnknownMessageNumber_ThrowsUnknownMessageTypeAtOffsetZero()
    {
        var ex = Malformed([0x63, 1, 2, 3]);

        Assert.Equal(ApfFormatError.UnknownMessageType, ex.Reason);
        Assert.Equal(0, ex.Offset);
        Assert.Null(ex.MessageType);
        Assert.Contains("63 01 02 03", ex.HexDump, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NameLongerThanLimit_ThrowsBeforeItsBytesArrive()
    {
        // A 4 GB service name announced in five bytes: refused at once, not buffered.
        var ex = Malformed([0x05, 0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.Equal(ApfFormatError.NameTooLong, ex.Reason);
        Assert.Equal(ApfMessageType.ServiceRequest, ex.MessageType);
        Assert.Equal(1, ex.Offset);
        Assert.Contains("4294967295", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ChannelDataOverLimit_ThrowsDataTooLongAtItsLengthField()
    {
        var ex = Malformed([0x5E, 0, 0, 0, 7, 0, 0x20, 0, 0], new ApfReadOptions(new ApfLimits { MaxChannelData = 4096 }, false));

        Assert.Equal(ApfFormatError.DataTooLong, ex.Reason);
        Assert.Equal(5, ex.Offset);
    }

    [Fact]
    public void TryRead_UnknownGlobalRequest_ThrowsUnsupportedGlobalRequest()
    {
        byte[] bytes = [0x50, 0, 0, 0, 4, .. "ping"u8, 1];

        var ex = Malformed(bytes);

        Assert.Equal(ApfFormatError.UnsupportedGlobalRequest, ex.Reason);
        Assert.Equal(1, ex.Offset);
        Assert.Contains("'ping'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApfFormatException_IsAnInvalidInputException()
    {
        Assert.IsAssignableFrom<AmtSim.Runtime.Errors.InvalidInputException>(Malformed([0]));
    }
}
