using System.Globalization;
using AmtSim.Runtime.Errors;

namespace AmtSim.Runtime.Determinism;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> of a fleet: a fixed, contiguous, disjoint part
/// of the fleet's device indexes. Device identities, keys and seeds come from (run seed, fleet
/// index), so a device is the same device whichever shard runs it; the N shards of a fleet together
/// hold every index exactly once. Written <c>I/N</c> with I from 0 (a Kubernetes Indexed Job's
/// <c>JOB_COMPLETION_INDEX</c>) to N-1.
/// </summary>
public readonly record struct Shard
{
    /// <summary>The most shards a fleet may be split into.</summary>
    public const int MaxCount = 100_000;

    public Shard(int index, int count)
    {
        if (count < 1 || count > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a fleet splits into 1 to {MaxCount} shards");
        }

        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"shard index must be 0 to {count - 1}");
        }

        Index = index;
        Count = count;
    }

    /// <summary>The whole fleet: shard 0 of 1.</summary>
    public static Shard Whole { get; } = new(0, 1);

    public int Index { get; }

    /// <summary>How many shards the fleet is split into (0 only for <c>default</c>, read as <see cref="Whole"/>).</summary>
    public int Count { get; }

    /// <summary>Whether this is the whole fleet (one shard).</summary>
    public bool IsWhole => Count <= 1;

    /// <summary>
    /// The fleet indexes this shard holds out of <paramref name="total"/>: each shard gets
    /// ⌊total/N⌋ devices and the first total mod N one more, in index order, so sizes differ by at
    /// most one and the parts tile the fleet.
    /// </summary>
    public (int Start, int Length) Range(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (IsWhole)
        {
            return (0, total);
        }

        var (size, extra) = Math.DivRem(total, Count);
        var start = Index * size + Math.Min(Index, extra);
        return (start, size + (Index < extra ? 1 : 0));
    }

    /// <summary>Whether fleet index <paramref name="index"/> of a fleet of <paramref name="total"/> belongs to this shard.</summary>
    public bool Contains(int index, int total)
    {
        var (start, length) = Range(total);
        return index >= start && index < start + length;
    }

    public override string ToString() => IsWhole ? "0/1" : string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Reads <c>I/N</c> (e.g. <c>3/20</c>); anything else is invalid input naming what was given and what is expected.</summary>
    public static Shard Parse(string text, string source = "--shard")
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new InvalidInputException($"{source}: '{text}' is not a shard; write I/N, e.g. 0/4 for the first of four (I from 0 to N-1)");
        }

        if (count < 1 || count > MaxCount)
        {
            throw new InvalidInputException($"{source}: '{text}': the number of shards must be 1 to {MaxCount}");
        }

        if (index >= count)
        {
            throw new InvalidInputException($"{source}: '{text}': the shard index must be 0 to {count - 1} (shards are counted from 0, like a Kubernetes Indexed Job's JOB_COMPLETION_INDEX)");
        }

        return new Shard(index, count);
    }
}
