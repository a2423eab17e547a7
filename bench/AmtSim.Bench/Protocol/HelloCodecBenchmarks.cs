using System.Buffers;
using AmtSim.Protocol.Hello;
using BenchmarkDotNet.Attributes;

namespace AmtSim.Bench.Protocol;

/// <summary>The PKI hello (amt-reference.md §1.2) as a device with 23 SHA-256 root hashes sends it: 807 bytes.</summary>
[MemoryDiagnoser]
public class HelloCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private PkiHello _hello = null!;
    private ReadOnlySequence<byte> _wire;
    private ReadOnlySequence<byte> _split;

    [GlobalSetup]
    public void Setup()
    {
        _hello = new PkiHello
        {
            RetryCount = 3,
            Uuid = Guid.Parse("04afe777-2b58-47f6-7a30-3051be0ff217"),
            Hashes = [.. Enumerable.Range(0, PkiHello.MaxHashes).Select(i => new PkiHelloHash(CertHashType.Sha256, Enumerable.Range(i, 32).Select(b => (byte)b).ToArray()))],
        };
        var buffer = new ArrayBufferWriter<byte>();
        PkiHelloWriter.Write(buffer, _hello);
        var bytes = buffer.WrittenMemory.ToArray();
        _wire = new ReadOnlySequence<byte>(bytes);
        _split = Segments(bytes, 100);
    }

    [Benchmark(Baseline = true)]
    public PkiHello Read()
    {
        var reader = new SequenceReader<byte>(_wire);
        PkiHelloReader.TryRead(ref reader, out var hello);
        return hello;
    }

    /// <summary>The same hello arriving as TCP segments of 100 bytes (a multi-segment sequence).</summary>
    [Benchmark]
    public PkiHello ReadSegmented()
    {
        var reader = new SequenceReader<byte>(_split);
        PkiHelloReader.TryRead(ref reader, out var hello);
        return hello;
    }

    [Benchmark]
    public int Write()
    {
        _output.ResetWrittenCount();
        PkiHelloWriter.Write(_output, _hello);
        return _output.WrittenCount;
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            var memory = bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
            var next = new Segment(memory, last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null)
            {
                first = next;
            }
            else
            {
                last.Next = next;
            }

            last = next;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new ReadOnlySequenceSegment<byte>? Next
        {
            get => base.Next;
            set => base.Next = value;
        }
    }
}
