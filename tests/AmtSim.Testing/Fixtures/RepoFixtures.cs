using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Fixtures;
using AmtSim.Protocol.Hello;

namespace AmtSim.Testing.Fixtures;

/// <summary>The committed fixture PKI (fixtures/pki, seed 7), found by walking up from the test binaries.</summary>
public static class RepoFixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "fixtures", "pki", FixtureManifest.FileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("fixtures/pki/fixtures.json not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<FixtureManifest> LazyManifest = new(() => FixtureManifest.Load(PkiDirectory));

    public static string RepositoryRoot => Root.Value;

    public static string PkiDirectory => Path.Combine(Root.Value, "fixtures", "pki");

    public static FixtureManifest Manifest => LazyManifest.Value;

    public static FixtureProvisioningCertificate Fixture(string id)
        => Manifest.Fixtures.SingleOrDefault(f => f.Id == id) ?? throw new ArgumentException($"no fixture '{id}' in fixtures/pki", nameof(id));

    /// <summary>The chain a server presents for this fixture, leaf first (the chain PEM, or the certificate alone when the fixture has no chain file).</summary>
    public static IReadOnlyList<X509Certificate2> PresentedChain(string id)
    {
        var f = Fixture(id);
        var pem = File.ReadAllText(Path.Combine(PkiDirectory, f.Files.Chain ?? f.Files.Certificate ?? throw new InvalidOperationException($"fixture {id} has no certificate file")));
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }

    public static string PathOf(string fileName) => Path.Combine(PkiDirectory, fileName);

    /// <summary>The table a simulated device of firmware <paramref name="major"/> trusts: the real defaults plus the fixture's trusted stand-in roots.</summary>
    public static IReadOnlyList<TrustedRootHash> TrustedTable(int major)
    {
        var type = major >= 11 ? CertHashType.Sha256 : CertHashType.Sha1;
        var standIns = Manifest.Authorities
            .Where(a => a.Role == "root" && a.TrustedByDevices)
            .Select(a => TrustedRootHash.FromHex("AmtSim " + a.Id, type, type == CertHashType.Sha256 ? a.Sha256Thumbprint : a.Sha1Thumbprint, isDefault: false));
        return [.. DefaultHashTables.ForFirmware(major), .. standIns];
    }
}
