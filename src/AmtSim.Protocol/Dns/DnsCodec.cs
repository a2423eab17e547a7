using System.Buffers;
using System.Buffers.Binary;
using System.Net;

namespace AmtSim.Protocol.Dns;

/// <summary>Pure DNS message codec for A and PTR lookups over UDP (RFC 1035).</summary>
public static class DnsCodec
{
    public const int HeaderLength = 12;

    public static byte[] Write(DnsMessage message)
    {
        var output = new ArrayBufferWriter<byte>(512);
        var header = output.GetSpan(HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(header, message.Id);
        var flags = (ushort)((message.IsResponse ? 0x8000 : 0)
            | (message.Authoritative ? 0x0400 : 0)
            | (message.Truncated ? 0x0200 : 0)
            | (message.RecursionDesired ? 0x0100 : 0)
            | (message.RecursionAvailable ? 0x0080 : 0)
            | (byte)message.ResponseCode);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)message.Questions.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)message.Answers.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 0);
        output.Advance(HeaderLength);
        foreach (var q in message.Questions)
        {
            DnsName.Write(output, q.Name);
            WriteUInt16(output, (ushort)q.Type);
            WriteUInt16(output, q.Class);
        }

        foreach (var a in message.Answers)
        {
            DnsName.Write(output, a.Name);
            WriteUInt16(output, (ushort)a.Type);
            WriteUInt16(output, a.Class);
            var ttl = output.GetSpan(4);
            BinaryPrimitives.WriteUInt32BigEndian(ttl, a.Ttl);
            output.Advance(4);
            switch (a.Type)
            {
                case DnsRecordType.A:
                    var address = a.Address ?? throw new ArgumentException("an A record needs an address", nameof(message));
                    WriteUInt16(output, 4);
                    address.TryWriteBytes(output.GetSpan(4), out _);
                    output.Advance(4);
                    break;
                case DnsRecordType.Ptr:
                    var target = new ArrayBufferWriter<byte>();
                    DnsName.Write(target, a.Target ?? throw new ArgumentException("a PTR record needs a target", nameof(message)));
                    WriteUInt16(output, (ushort)target.WrittenCount);
                    output.Write(target.WrittenSpan);
                    break;
                default:
                    throw new ArgumentException($"writing {a.Type} records is not supported", nameof(message));
            }
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads one message occupying the rest of the reader (a UDP datagram). Incomplete input
    /// returns false and consumes nothing; malformed input throws <see cref="DnsFormatException"/>.
    /// Authority and additional sections are skipped, answers of other types kept without data.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out DnsMessage message)
    {
        message = null!;
        var bytes = reader.UnreadSequence.IsSingleSegment ? reader.UnreadSequence.FirstSpan : reader.UnreadSequence.ToArray();
        if (bytes.Length < HeaderLength)
        {
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        var qd = BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]);
        var an = BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]);
        var ns = BinaryPrimitives.ReadUInt16BigEndian(bytes[8..]);
        var ar = BinaryPrimitives.ReadUInt16BigEndian(bytes[10..]);
        var at = HeaderLength;
        var questions = new List<DnsQuestion>(qd);
        for (var i = 0; i < qd; i++)
        {
            if (!DnsName.TryRead(bytes, at, out var name, out at) || at + 4 > bytes.Length)
            {
                return false;
            }

            questions.Add(new DnsQuestion(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..])));
            at += 4;
        }

        var answers = new List<DnsRecord>(an);
        for (var i = 0; i < an + ns + ar; i++)
        {
            if (!DnsName.TryRead(bytes, at, out var name, out at) || at + 10 > bytes.Length)
            {
                return false;
            }

            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
            var cls = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(bytes[(at + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 8)..]);
            var dataAt = at + 10;
            if (dataAt + length > bytes.Length)
            {
                return false;
            }

            if (i < an)
            {
                answers.Add(type switch
                {
                    DnsRecordType.A when length != 4 => throw new DnsFormatException(DnsFormatError.BadRecordData, dataAt, $"A record data is {length} bytes, expected 4", bytes),
                    DnsRecordType.A => new DnsRecord(name, type, ttl, Address: new IPAddress(bytes.Slice(dataAt, 4)), Class: cls),
                    DnsRecordType.Ptr => new DnsRecord(name, type, ttl, Target: ReadPtrTarget(bytes, dataAt, length), Class: cls),
                    _ => new DnsRecord(name, type, ttl, Class: cls),
                });
            }

            at = dataAt + length;
        }

        message = new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Authoritative = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0x000F),
            Questions = questions,
            Answers = answers,
        };
        reader.Advance(at);
        return true;
    }

    /// <summary>Reads a whole datagram; a datagram that ends early is <see cref="DnsFormatError.Truncated"/>.</summary>
    public static DnsMessage Read(ReadOnlySpan<byte> datagram)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(datagram.ToArray()));
        if (!TryRead(ref reader, out var message))
        {
            throw new DnsFormatException(DnsFormatError.Truncated, datagram.Length, $"the datagram ends after {datagram.Length} bytes, inside the message", datagram);
        }

        return message;
    }

    private static string ReadPtrTarget(ReadOnlySpan<byte> bytes, int at, int length)
    {
        if (!DnsName.TryRead(bytes, at, out var target, out var next) || next > at + length)
        {
            throw new DnsFormatException(DnsFormatError.BadRecordData, at, "PTR target runs past its record", bytes);
        }

        return target;
    }

    private static void WriteUInt16(IBufferWriter<byte> output, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }
}
