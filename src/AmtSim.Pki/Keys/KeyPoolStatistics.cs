namespace AmtSim.Pki.Keys;

/// <summary>How a pool obtained its keys so far (for the CLI's summary and the benchmark notes).</summary>
public readonly record struct KeyPoolStatistics(int Generated, int CacheHits, int CacheRepairs, TimeSpan GenerationTime);
