using System.Buffers;
using System.Text;

namespace AmtSim.Protocol.Errors;

/// <summary>Hex dumps of malformed input for parse exceptions (offset column, 16 bytes a line, capped).</summary>
public static class ByteDump
{
    /// <summary>At most this many bytes are dumped; longer input ends with "...".</summary>
    public const int MaxBytes = 256;

    public static string Format(ReadOnlySequence<byte> bytes)
    {
        var length = (int)Math.Min(bytes.Length, MaxBytes);
        var copy = new byte[length];
        bytes.Slice(0, length).CopyTo(copy);
        return Format(copy, bytes.Length > MaxBytes);
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Format(bytes[..Math.Min(bytes.Length, MaxBytes)], bytes.Length > MaxBytes);

    private static string Format(ReadOnlySpan<byte> bytes, bool truncated)
    {
        var sb = new StringBuilder();
        for (var line = 0; line < bytes.Length; line += 16)
        {
            if (line > 0)
            {
                sb.Append('\n');
            }

            sb.Append(line.ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
            var end = Math.Min(line + 16, bytes.Length);
            for (var i = line; i < end; i++)
            {
                sb.Append(' ').Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (truncated)
        {
            sb.Append(" ...");
        }

        return sb.ToString();
    }
}
