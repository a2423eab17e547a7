namespace AmtSim.Benchmarks.Fuzz;

/// <summary>
/// Seeded byte-level mutations (bit flips, random and "interesting" bytes, inserted, deleted, duplicated
/// and truncated ranges, splices of two corpus entries), 1 to 4 per input. Same seed, same inputs.
/// </summary>
public sealed class ByteMutator(Random random, int maxLength = 64 * 1024)
{
    private static readonly byte[][] Interesting =
    [
        [0x00], [0xff], [0x7f], [0x80], [0x01], "\r\n"u8.ToArray(), "\n"u8.ToArray(), "\r\n\r\n"u8.ToArray(),
        "0"u8.ToArray(), "9"u8.ToArray(), "ffffffff"u8.ToArray(), "-1"u8.ToArray(), "["u8.ToArray(), "{"u8.ToArray(),
        ":"u8.ToArray(), "\""u8.ToArray(), ","u8.ToArray(), "&a "u8.ToArray(), "*a"u8.ToArray(), "<"u8.ToArray(),
        "</"u8.ToArray(), "&amp;"u8.ToArray(), "-----BEGIN CERTIFICATE-----\n"u8.ToArray(), [0x30, 0x82], [0x30, 0x80], [0x02, 0x81, 0xff],
    ];

    public byte[] Mutate(IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(corpus[random.Next(corpus.Count)]);
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(data, corpus);
        }

        if (data.Count > maxLength)
        {
            data.RemoveRange(maxLength, data.Count - maxLength);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        var at = data.Count == 0 ? 0 : random.Next(data.Count);
        switch (random.Next(9))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = (byte)random.Next(256);
                break;
            case 2:
                data.InsertRange(at, Interesting[random.Next(Interesting.Length)]);
                break;
            case 3:
                var bytes = new byte[1 + random.Next(16)];
                random.NextBytes(bytes);
                data.InsertRange(at, bytes);
                break;
            case 4 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(32)));
                break;
            case 5 when data.Count > 0:
                var length = Math.Min(data.Count - at, 1 + random.Next(64));
                var copy = data.GetRange(at, length);
                var times = 1 + random.Next(random.Next(2) == 0 ? 4 : 256);
                for (var t = 0; t < times && data.Count < maxLength; t++)
                {
                    data.InsertRange(at, copy);
                }

                break;
            case 6 when data.Count > 0:
                data.RemoveRange(at, data.Count - at);
                break;
            case 7:
                var other = corpus[random.Next(corpus.Count)];
                var from = other.Length == 0 ? 0 : random.Next(other.Length);
                data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(128))).ToArray());
                break;
            default:
                if (data.Count > 0)
                {
                    data[at] = Interesting[random.Next(Interesting.Length)][0];
                }

                break;
        }
    }
}
