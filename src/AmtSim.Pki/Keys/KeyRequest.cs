namespace AmtSim.Pki.Keys;

/// <summary>A key of the pool: its index and size.</summary>
public readonly record struct KeyRequest(int Index, int Bits);
