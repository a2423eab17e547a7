using System.Buffers;
using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Hello;

/// <summary>
/// Pure, resumable reader of the PKI hello (amt-reference.md §1.2). A field is checked as soon
/// as its bytes are there, so a bad header is rejected before the rest arrives.
/// </summary>
public static class PkiHelloReader
{
    /// <summary>
    /// Reads one hello. Incomplete input returns false and consumes nothing; malformed input
    /// throws <see cref="HelloFormatException"/> with the offset (from the start of the hello).
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out PkiHello hello)
    {
        hello = null!;
        var r = reader;
        var start = reader.Position;

        if (!r.TryReadLittleEndian(out short adminFlag))
        {
            return false;
        }

        if ((ushort)adminFlag > 1)
        {
            throw Fail(reader, start, HelloFormatError.InvalidAdminFlag, 0, $"admin credentials flag is {(ushort)adminFlag}, expected 0 or 1");
        }

        if (!r.TryReadLittleEndian(out short version))
        {
            return false;
        }

        if ((ushort)version != PkiHello.PkiInterfaceVersion)
        {
            throw Fail(reader, start, HelloFormatError.UnsupportedVersion, 2, $"interface version is {(ushort)version}, expected {PkiHello.PkiInterfaceVersion}");
        }

        if (!r.TryReadLittleEndian(out int retryCount))
        {
            return false;
        }

        Span<byte> uuid = stackalloc byte[16];
        if (!r.TryCopyTo(uuid))
        {
            return false;
        }

        r.Advance(16);
        if (!r.TryRead(out var count))
        {
            return false;
        }

        if (count > PkiHello.MaxHashes)
        {
            throw Fail(reader, start, HelloFormatError.TooManyHashes, 24, $"hash count is {count}, at most {PkiHello.MaxHashes} allowed");
        }

        var hashes = new PkiHelloHash[count];
        for (var i = 0; i < count; i++)
        {
            var entryOffset = r.Consumed - reader.Consumed;
            if (!r.TryRead(out var typeCode))
            {
                return false;
            }

            if (typeCode is < (byte)CertHashType.Sha1 or > (byte)CertHashType.Sha384)
            {
                throw Fail(reader, start, HelloFormatError.UnknownHashType, entryOffset, $"hash {i + 1} of {count} has type {typeCode}, expected 1, 2 or 3");
            }

            var type = (CertHashType)typeCode;
            if (!r.TryRead(out var size))
            {
                return false;
            }

            if (size != type.HashSize())
            {
                throw Fail(reader, start, HelloFormatError.HashSizeMismatch, entryOffset + 1, $"hash {i + 1} of {count} is {type} with size {size}, expected {type.HashSize()}");
            }

            if (r.Remaining < size)
            {
                return false;
            }

            var bytes = new byte[size];
            r.TryCopyTo(bytes);
            r.Advance(size);
            hashes[i] = new PkiHelloHash(type, bytes);
        }

        hello = new PkiHello
        {
            AdminCredentialsSet = adminFlag == 1,
            Version = (ushort)version,
            RetryCount = (uint)retryCount,
            Uuid = new Guid(uuid),
            Hashes = hashes,
        };
        reader = r;
        return true;
    }

    /// <summary>
    /// Reads a whole hello from everything the device sent before closing: fewer than 25 bytes is
    /// <see cref="HelloFormatError.TooShort"/>; a hello cut inside its hashes, or bytes after the
    /// last hash, is <see cref="HelloFormatError.CountMismatch"/>.
    /// </summary>
    public static PkiHello ReadComplete(ReadOnlySequence<byte> bytes)
    {
        var reader = new SequenceReader<byte>(bytes);
        if (!TryRead(ref reader, out var hello))
        {
            if (bytes.Length < PkiHello.MinimumLength)
            {
                throw new HelloFormatException(HelloFormatError.TooShort, bytes.Length, $"{bytes.Length} bytes, a PKI hello has at least {PkiHello.MinimumLength}", ByteDump.Format(bytes));
            }

            var announced = bytes.Slice(24, 1).FirstSpan[0];
            throw new HelloFormatException(HelloFormatError.CountMismatch, bytes.Length, $"hash count is {announced} but the input ends after {bytes.Length} bytes", ByteDump.Format(bytes));
        }

        if (!reader.End)
        {
            throw new HelloFormatException(HelloFormatError.CountMismatch, reader.Consumed, $"hash count is {hello.Hashes.Count} but {reader.Remaining} more bytes follow the last hash", ByteDump.Format(bytes));
        }

        return hello;
    }

    public static PkiHello ReadComplete(ReadOnlyMemory<byte> bytes) => ReadComplete(new ReadOnlySequence<byte>(bytes));

    private static HelloFormatException Fail(SequenceReader<byte> reader, SequencePosition start, HelloFormatError reason, long offset, string detail)
        => new(reason, offset, detail, ByteDump.Format(reader.Sequence.Slice(start)));
}
