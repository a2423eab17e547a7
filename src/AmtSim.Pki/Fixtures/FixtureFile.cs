namespace AmtSim.Pki.Fixtures;

/// <summary>One file of a fixture PKI: its name in the fixture folder and its exact bytes.</summary>
public sealed record FixtureFile(string Name, byte[] Content);
