namespace AmtSim.Benchmarks.Fuzz;

/// <summary>
/// One parser under fuzzing. <see cref="Run"/> must return or throw an
/// <see cref="AmtSim.Runtime.Errors.InvalidInputException"/> (the documented "bad input" error) for any bytes;
/// anything else is a crash. <see cref="Grow"/> builds a valid-looking input with <c>n</c> repetitions of the
/// part that real attacks repeat (chunks, headers, nesting, list items), for the super-linear-cost check.
/// </summary>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<byte[]> Run, Func<int, byte[]> Grow);
