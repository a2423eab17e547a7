using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Dhcp;

/// <summary>Pure DHCPv4 codec (RFC 2131 §2, RFC 2132): fixed 236-byte header, magic cookie, options up to the end option.</summary>
public static class DhcpCodec
{
    public const int FixedHeaderLength = 236;
    public const uint MagicCookie = 0x63825363;
    public const int ServerPort = 67;
    public const int ClientPort = 68;

    /// <summary>BOOTP's minimum message size; shorter messages are padded (RFC 1542 §2.1).</summary>
    public const int MinimumLength = 300;

    public static byte[] Write(DhcpMessage message)
    {
        var output = new ArrayBufferWriter<byte>(MinimumLength);
        var span = output.GetSpan(FixedHeaderLength + 4);
        span[..(FixedHeaderLength + 4)].Clear();
        span[0] = (byte)message.Operation;
        span[1] = message.HardwareType;
        span[2] = (byte)message.ClientHardwareAddress.Length;
        span[3] = message.Hops;
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], message.TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], message.Seconds);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], message.Flags);
        message.ClientAddress.TryWriteBytes(span[12..], out _);
        message.YourAddress.TryWriteBytes(span[16..], out _);
        message.ServerAddress.TryWriteBytes(span[20..], out _);
        message.RelayAddress.TryWriteBytes(span[24..], out _);
        if (message.ClientHardwareAddress.Length > 16)
        {
            throw new ArgumentException("a hardware address has at most 16 bytes", nameof(message));
        }

        message.ClientHardwareAddress.Span.CopyTo(span[28..]);
        WriteFixedString(span.Slice(44, 64), message.ServerName);
        WriteFixedString(span.Slice(108, 128), message.BootFile);
        BinaryPrimitives.WriteUInt32BigEndian(span[FixedHeaderLength..], MagicCookie);
        output.Advance(FixedHeaderLength + 4);
        foreach (var option in message.Options)
        {
            var data = option.Data.Span;
            do
            {
                var chunk = data[..Math.Min(255, data.Length)];
                output.Write([(byte)option.Code, (byte)chunk.Length]);
                output.Write(chunk);
                data = data[chunk.Length..];
            }
            while (!data.IsEmpty);
        }

        output.Write([(byte)DhcpOptionCode.End]);
        if (output.WrittenCount < MinimumLength)
        {
            output.GetSpan(MinimumLength - output.WrittenCount)[..(MinimumLength - output.WrittenCount)].Clear();
            output.Advance(MinimumLength - output.WrittenCount);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads one message. Incomplete input (no end option yet) returns false and consumes nothing;
    /// malformed input throws <see cref="DhcpFormatException"/>. Padding after the end option is consumed.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out DhcpMessage message)
    {
        message = null!;
        var r = reader;
        var start = reader.Consumed;
        Span<byte> header = stackalloc byte[FixedHeaderLength + 4];
        if (!r.TryCopyTo(header))
        {
            return false;
        }

        r.Advance(header.Length);
        var hlen = header[2];
        if (hlen > 16)
        {
            throw new DhcpFormatException(DhcpFormatError.BadHardwareLength, 2, $"hardware address length {hlen}, at most 16", ByteDump.Format(reader.UnreadSequence));
        }

        var cookie = BinaryPrimitives.ReadUInt32BigEndian(header[FixedHeaderLength..]);
        if (cookie != MagicCookie)
        {
            throw new DhcpFormatException(DhcpFormatError.BadMagicCookie, FixedHeaderLength, $"magic cookie 0x{cookie:x8}, expected 0x{MagicCookie:x8}", ByteDump.Format(reader.UnreadSequence));
        }

        var options = new List<DhcpOption>();
        while (true)
        {
            if (!r.TryRead(out var code))
            {
                return false;
            }

            if (code == (byte)DhcpOptionCode.Pad)
            {
                continue;
            }

            if (code == (byte)DhcpOptionCode.End)
            {
                break;
            }

            if (!r.TryRead(out var length) || r.Remaining < length)
            {
                return false;
            }

            var data = new byte[length];
            r.TryCopyTo(data);
            r.Advance(length);
            options.Add(new DhcpOption((DhcpOptionCode)code, data));
        }

        r.AdvancePast((byte)0);
        message = new DhcpMessage
        {
            Operation = (DhcpOperation)header[0],
            HardwareType = header[1],
            Hops = header[3],
            TransactionId = BinaryPrimitives.ReadUInt32BigEndian(header[4..]),
            Seconds = BinaryPrimitives.ReadUInt16BigEndian(header[8..]),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(header[10..]),
            ClientAddress = new IPAddress(header.Slice(12, 4)),
            YourAddress = new IPAddress(header.Slice(16, 4)),
            ServerAddress = new IPAddress(header.Slice(20, 4)),
            RelayAddress = new IPAddress(header.Slice(24, 4)),
            ClientHardwareAddress = header.Slice(28, hlen).ToArray(),
            ServerName = ReadFixedString(header.Slice(44, 64)),
            BootFile = ReadFixedString(header.Slice(108, 128)),
            Options = options,
        };
        if (message.Option(DhcpOptionCode.MessageType) is { Length: not 1 })
        {
            throw new DhcpFormatException(DhcpFormatError.BadOptionData, start + FixedHeaderLength + 4, "option 53 (message type) must be 1 byte", ByteDump.Format(reader.UnreadSequence));
        }

        reader = r;
        return true;
    }

    /// <summary>Reads a whole datagram; one that ends early is <see cref="DhcpFormatError.Truncated"/>.</summary>
    public static DhcpMessage Read(ReadOnlySpan<byte> datagram)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(datagram.ToArray()));
        if (!TryRead(ref reader, out var message))
        {
            throw new DhcpFormatException(DhcpFormatError.Truncated, datagram.Length, $"the datagram ends after {datagram.Length} bytes without the end option", ByteDump.Format(datagram));
        }

        return message;
    }

    private static void WriteFixedString(Span<byte> field, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length >= field.Length)
        {
            throw new ArgumentException($"'{value}' does not fit a {field.Length}-byte field", nameof(value));
        }

        bytes.CopyTo(field);
    }

    private static string ReadFixedString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }
}
