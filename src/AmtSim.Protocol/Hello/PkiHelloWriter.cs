using System.Buffers;
using System.Buffers.Binary;

namespace AmtSim.Protocol.Hello;

/// <summary>Writes a PKI hello in the device's byte layout (amt-reference.md §1.2).</summary>
public static class PkiHelloWriter
{
    public static void Write(IBufferWriter<byte> output, PkiHello hello)
    {
        if (hello.Hashes.Count > PkiHello.MaxHashes)
        {
            throw new ArgumentException($"a PKI hello carries at most {PkiHello.MaxHashes} hashes, got {hello.Hashes.Count}", nameof(hello));
        }

        var span = output.GetSpan(hello.EncodedLength);
        BinaryPrimitives.WriteUInt16LittleEndian(span, hello.AdminCredentialsSet ? (ushort)1 : (ushort)0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], hello.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], hello.RetryCount);
        hello.Uuid.TryWriteBytes(span.Slice(8, 16));
        span[24] = (byte)hello.Hashes.Count;
        var at = 25;
        foreach (var hash in hello.Hashes)
        {
            if (hash.Hash.Length != hash.Type.HashSize())
            {
                throw new ArgumentException($"a {hash.Type} hash has {hash.Type.HashSize()} bytes, got {hash.Hash.Length}", nameof(hello));
            }

            span[at++] = (byte)hash.Type;
            span[at++] = (byte)hash.Hash.Length;
            hash.Hash.Span.CopyTo(span[at..]);
            at += hash.Hash.Length;
        }

        output.Advance(at);
    }

    public static byte[] ToArray(PkiHello hello)
    {
        var buffer = new ArrayBufferWriter<byte>(hello.EncodedLength);
        Write(buffer, hello);
        return buffer.WrittenSpan.ToArray();
    }
}
