using System.Buffers;
using System.Text;

namespace AmtSim.Protocol.Dns;

/// <summary>DNS names on the wire (RFC 1035 §3.1, §4.1.4): length-prefixed labels, compression pointers when reading.</summary>
public static class DnsName
{
    public const int MaxLabelLength = 63;
    public const int MaxNameLength = 255;

    /// <summary>Writes <paramref name="name"/> uncompressed ("" or "." is the root).</summary>
    public static void Write(IBufferWriter<byte> output, string name)
    {
        var trimmed = name.TrimEnd('.');
        var total = 1;
        if (trimmed.Length > 0)
        {
            foreach (var label in trimmed.Split('.'))
            {
                var bytes = Encoding.ASCII.GetBytes(label);
                if (bytes.Length is 0 or > MaxLabelLength)
                {
                    throw new ArgumentException($"'{name}' has a label of {bytes.Length} bytes (1 to {MaxLabelLength} allowed)", nameof(name));
                }

                total += 1 + bytes.Length;
                var span = output.GetSpan(1 + bytes.Length);
                span[0] = (byte)bytes.Length;
                bytes.CopyTo(span[1..]);
                output.Advance(1 + bytes.Length);
            }
        }

        if (total > MaxNameLength)
        {
            throw new ArgumentException($"'{name}' is {total} bytes on the wire, at most {MaxNameLength} allowed", nameof(name));
        }

        output.GetSpan(1)[0] = 0;
        output.Advance(1);
    }

    /// <summary>
    /// Reads a possibly compressed name at <paramref name="offset"/> of a whole message. Returns
    /// false when the message ends inside the name; <paramref name="next"/> is the offset after the
    /// name's in-place bytes. Throws <see cref="DnsFormatException"/> on bad labels or pointers.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, int offset, out string name, out int next)
    {
        name = "";
        next = offset;
        var sb = new StringBuilder();
        var at = offset;
        var jumped = false;
        var jumps = 0;
        var wireLength = 1;
        while (true)
        {
            if (at >= message.Length)
            {
                return false;
            }

            var length = message[at];
            if ((length & 0xC0) == 0xC0)
            {
                if (at + 1 >= message.Length)
                {
                    return false;
                }

                var target = ((length & 0x3F) << 8) | message[at + 1];
                if (!jumped)
                {
                    next = at + 2;
                    jumped = true;
                }

                if (target >= at || ++jumps > 32)
                {
                    throw new DnsFormatException(DnsFormatError.BadPointer, at, $"compression pointer to {target} does not point backwards", message);
                }

                at = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                throw new DnsFormatException(DnsFormatError.BadLabel, at, $"label length byte 0x{length:x2} uses reserved bits", message);
            }

            if (length == 0)
            {
                if (!jumped)
                {
                    next = at + 1;
                }

                name = sb.ToString();
                return true;
            }

            if (at + 1 + length > message.Length)
            {
                return false;
            }

            wireLength += 1 + length;
            if (wireLength > MaxNameLength)
            {
                throw new DnsFormatException(DnsFormatError.NameTooLong, at, $"name longer than {MaxNameLength} bytes", message);
            }

            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            sb.Append(Encoding.ASCII.GetString(message.Slice(at + 1, length)));
            at += 1 + length;
        }
    }

    /// <summary>The reverse-lookup name of an IPv4 address: 4.3.2.1.in-addr.arpa.</summary>
    public static string ReverseName(System.Net.IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (b.Length != 4)
        {
            throw new ArgumentException("only IPv4 reverse names are supported", nameof(address));
        }

        return $"{b[3]}.{b[2]}.{b[1]}.{b[0]}.in-addr.arpa";
    }
}
