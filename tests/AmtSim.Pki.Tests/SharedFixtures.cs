using AmtSim.Pki.Fixtures;
using AmtSim.Pki.Keys;

namespace AmtSim.Pki.Tests;

/// <summary>
/// The seed-7 fixture PKI, generated once per test run with keys from the default on-disk cache
/// (the same keys <c>amtsim pki init</c> uses), so repeated test runs pay no key generation.
/// </summary>
public sealed class SharedFixtures
{
    public const long Seed = 7;

    public SharedFixtures()
    {
        Keys = KeyPool.WithDefaultCache(Seed);
        Set = FixturePki.Generate(Seed, FixturePki.DefaultReferenceTime, Keys);
    }

    public KeyPool Keys { get; }

    public FixtureSet Set { get; }
}

[CollectionDefinition(Name)]
public sealed class SharedFixturesCollection : ICollectionFixture<SharedFixtures>
{
    public const string Name = "Seed-7 fixture PKI";
}
