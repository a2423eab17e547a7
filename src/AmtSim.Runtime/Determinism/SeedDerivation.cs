using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AmtSim.Runtime.Determinism;

/// <summary>
/// Derives independent, reproducible seeds from one run seed. Every consumer of randomness
/// (a device's faker, its fault rolls, a key in the pool) asks for its own seed by
/// (run seed, index, purpose), so adding a consumer never shifts the others.
/// </summary>
public static class SeedDerivation
{
    /// <summary>A 32-bit seed for <see cref="Random"/> or Bogus's <c>UseSeed</c>.</summary>
    public static int Derive(long runSeed, int index, string purpose)
        => BinaryPrimitives.ReadInt32LittleEndian(DeriveBytes(runSeed, index, purpose, 4));

    /// <summary>Seed material of any length (SHA-256 in counter mode over the inputs).</summary>
    public static byte[] DeriveBytes(long runSeed, int index, string purpose, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var input = new byte[8 + 4 + 4 + purposeBytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(input, runSeed);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(8), index);
        purposeBytes.CopyTo(input, 16);
        var output = new byte[length];
        Span<byte> block = stackalloc byte[32];
        for (int counter = 0, written = 0; written < length; counter++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(12), counter);
            SHA256.HashData(input, block);
            var n = Math.Min(32, length - written);
            block[..n].CopyTo(output.AsSpan(written));
            written += n;
        }
        return output;
    }
}
