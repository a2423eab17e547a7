using System.Buffers;
using AmtSim.Protocol.Hello;
using Xunit;

namespace AmtSim.Protocol.Tests.Hello;

public sealed class PkiHelloReaderTests
{
    private static PkiHello Read(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(PkiHelloReader.TryRead(ref reader, out var hello));
        Assert.Equal(bytes.Length, reader.Consumed);
        return hello;
    }

    private static HelloFormatException ReadMalformed(byte[] bytes)
    {
        return Assert.Throws<HelloFormatException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            PkiHelloReader.TryRead(ref reader, out _);
        });
    }

    [Fact]
    public void TestVector_Is807Bytes()
    {
        Assert.Equal(807, HelloTestVector.Bytes().Length);
    }

    [Fact]
    public void TryRead_RealDeviceVector_DecodesEveryField()
    {
        var hello = Read(HelloTestVector.Bytes());

        Assert.True(hello.AdminCredentialsSet);
        Assert.Equal(3, hello.Version);
        Assert.Equal(0u, hello.RetryCount);
        Assert.Equal(HelloTestVector.GuidString, hello.Uuid.ToString());
        Assert.Equal(23, hello.Hashes.Count);
        Assert.All(hello.Hashes, h => Assert.Equal(CertHashType.Sha256, h.Type));
        Assert.Equal(HelloTestVector.Sha256Hashes, hello.Hashes.Select(h => h.Hex));
        Assert.StartsWith("c3846bf2", hello.Hashes[0].Hex, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThenRead_RealDeviceVector_RoundTripsByteForByte()
    {
        var bytes = HelloTestVector.Bytes();
        var hello = Read(bytes);

        Assert.Equal(bytes, PkiHelloWriter.ToArray(hello));
        Assert.Equal(hello, Read(PkiHelloWriter.ToArray(hello)));
    }

    [Fact]
    public void Write_MixedHashTypes_RoundTrips()
    {
        var hello = new PkiHello
        {
            AdminCredentialsSet = false,
            RetryCount = 0xA1B2C3D4,
            Uuid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
            Hashes =
            [
                new PkiHelloHash(CertHashType.Sha1, Enumerable.Range(1, 20).Select(i => (byte)i).ToArray()),
                new PkiHelloHash(CertHashType.Sha256, Enumerable.Range(1, 32).Select(i => (byte)(i * 3)).ToArray()),
                new PkiHelloHash(CertHashType.Sha384, Enumerable.Range(1, 48).Select(i => (byte)(255 - i)).ToArray()),
            ],
        };

        var bytes = PkiHelloWriter.ToArray(hello);

        Assert.Equal(25 + 22 + 34 + 50, bytes.Length);
        Assert.Equal([0xD4, 0xC3, 0xB2, 0xA1], bytes[4..8]);
        Assert.Equal(hello, Read(bytes));
    }

    [Fact]
    public void TryRead_EveryPrefix_ReturnsFalseAndConsumesNothing()
    {
        var bytes = HelloTestVector.Bytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(PkiHelloReader.TryRead(ref reader, out _), $"prefix of {length} bytes");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(34)]
    [InlineData(100)]
    public void TryRead_SplitAcrossSegments_ReadsTheSameHello(int segmentSize)
    {
        var bytes = HelloTestVector.Bytes();
        var sequence = SequenceSegments.Split(bytes, segmentSize);
        var reader = new SequenceReader<byte>(sequence);

        Assert.True(PkiHelloReader.TryRead(ref reader, out var hello));
        Assert.Equal(bytes.Length, reader.Consumed);
        Assert.Equal(Read(bytes), hello);
    }

    [Fact]
    public void TryRead_TwoHellosBackToBack_ReadsTheFirstAndLeavesTheSecond()
    {
        var bytes = HelloTestVector.Bytes();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([.. bytes, .. bytes]));

        Assert.True(PkiHelloReader.TryRead(ref reader, out _));
        Assert.Equal(bytes.Length, reader.Remaining);
    }

    [Fact]
    public void TryRead_AdminFlagTwo_ThrowsInvalidAdminFlagAtOffset0()
    {
        var bytes = HelloTestVector.Bytes();
        bytes[0] = 2;

        var ex = ReadMalformed(bytes);

        Assert.Equal(HelloFormatError.InvalidAdminFlag, ex.Reason);
        Assert.Equal(0, ex.Offset);
        Assert.StartsWith("0000  02 00 03 00", ex.HexDump, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_AdminFlagHighByteSet_ThrowsInvalidAdminFlag()
    {
        var bytes = HelloTestVector.Bytes();
        bytes[1] = 1;

        Assert.Equal(HelloFormatError.InvalidAdminFlag, ReadMalformed(bytes).Reason);
    }

    [Fact]
    public void TryRead_InvalidAdminFlagInTwoBytePrefix_ThrowsBeforeTheRestArrives()
    {
        Assert.Equal(HelloFormatError.InvalidAdminFlag, ReadMalformed([5, 0]).Reason);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(0)]
    public void TryRead_VersionNot3_ThrowsUnsupportedVersionAtOffset2(byte version)
    {
        var bytes = HelloTestVector.Bytes();
        bytes[2] = version;

        var ex = ReadMalformed(bytes);

        Assert.Equal(HelloFormatError.UnsupportedVersion, ex.Reason);
        Assert.Equal(2, ex.Offset);
    }

    [Fact]
    public void TryRead_Count24_ThrowsTooManyHashesAtOffset24()
    {
        var bytes = HelloTestVector.Bytes();
        bytes[24] = 24;

        var ex = ReadMalformed(bytes);

        Assert.Equal(HelloFormatError.TooManyHashes, ex.Reason);
        Assert.Equal(24, ex.Offset);
    }

    [Fact]
    public void TryRead_UnknownHashType_ThrowsUnknownHashTypeAtTheEntry()
    {
        var bytes = HelloTestVector.Bytes();
        bytes[25 + 34] = 4;

        var ex = ReadMalformed(bytes);

        Assert.Equal(HelloFormatError.UnknownHashType, ex.Reason);
        Assert.Equal(25 + 34, ex.Offset);
    }

    [Fact]
    public void TryRead_Sha256WithSize20_ThrowsHashSizeMismatchAtTheSizeByte()
    {
        var bytes = HelloTestVector.Bytes();
        bytes[26] = 20;

        var ex = ReadMalformed(bytes);

        Assert.Equal(HelloFormatError.HashSizeMismatch, ex.Reason);
        Assert.Equal(26, ex.Offset);
    }

    [Fact]
    public void TryRead_Sha1TypeWithSha256Size_ThrowsHashSizeMismatch()
    {
        var bytes = HelloTestVector.Bytes();
        bytes[25] = 1;

        Assert.Equal(HelloFormatError.HashSizeMismatch, ReadMalformed(bytes).Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(24)]
    public void ReadComplete_ShorterThan25Bytes_ThrowsTooShort(int length)
    {
        var bytes = HelloTestVector.Bytes()[..length];

        var ex = Assert.Throws<HelloFormatException>(() => PkiHelloReader.ReadComplete(bytes));

        Assert.Equal(HelloFormatError.TooShort, ex.Reason);
    }

    [Fact]
    public void ReadComplete_CountDisagreesWithHashesSent_ThrowsCountMismatch()
    {
        var bytes = HelloTestVector.Bytes();
        bytes[24] = 22;
        Assert.Equal(HelloFormatError.CountMismatch, Assert.Throws<HelloFormatException>(() => PkiHelloReader.ReadComplete(bytes)).Reason);

        var truncated = HelloTestVector.Bytes()[..^34];
        var ex = Assert.Throws<HelloFormatException>(() => PkiHelloReader.ReadComplete(truncated));
        Assert.Equal(HelloFormatError.CountMismatch, ex.Reason);
        Assert.Contains("hash count is 23", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadComplete_ValidVector_ReturnsHello()
    {
        Assert.Equal(HelloTestVector.GuidString, PkiHelloReader.ReadComplete(HelloTestVector.Bytes()).Uuid.ToString());
    }

    [Fact]
    public void Write_24Hashes_Throws()
    {
        var hello = new PkiHello
        {
            Uuid = Guid.Empty,
            Hashes = [.. Enumerable.Repeat(new PkiHelloHash(CertHashType.Sha1, new byte[20]), 24)],
        };

        Assert.Throws<ArgumentException>(() => PkiHelloWriter.ToArray(hello));
    }

    [Fact]
    public void HelloFormatException_IsInvalidInput()
    {
        Assert.IsAssignableFrom<AmtSim.Runtime.Errors.InvalidInputException>(ReadMalformed([9, 0]));
    }
}
