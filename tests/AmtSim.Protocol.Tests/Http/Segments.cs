using System.Buffers;

namespace AmtSim.Protocol.Tests.Http;

/// <summary>Builds multi-segment sequences to test parsers on split input.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Prepend(0).Append(data.Length).ToArray();
        if (bounds.Length == 2)
        {
            return new ReadOnlySequence<byte>(data);
        }

        Segment? first = null, last = null;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var piece = data.AsMemory(bounds[i], bounds[i + 1] - bounds[i]);
            last = last is null ? first = new Segment(piece, 0) : last.Append(piece);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] data) => Split(data, [.. Enumerable.Range(1, data.Length)]);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
