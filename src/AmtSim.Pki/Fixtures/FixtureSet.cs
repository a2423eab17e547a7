using AmtSim.Pki.Catalogue;
using AmtSim.Pki.Certificates;

namespace AmtSim.Pki.Fixtures;

/// <summary>A generated fixture PKI: the certificates in memory, the files, and the manifest.</summary>
public sealed class FixtureSet
{
    private readonly IReadOnlyDictionary<string, GeneratedCertificate> _certificates;

    internal FixtureSet(FixtureManifest manifest, StandInRoots standIns, IReadOnlyDictionary<string, GeneratedCertificate> certificates, IReadOnlyList<FixtureFile> files)
    {
        Manifest = manifest;
        StandIns = standIns;
        _certificates = certificates;
        Files = files;
    }

    public FixtureManifest Manifest { get; }

    /// <summary>The stand-in roots of the same seed (for building a device's trusted table).</summary>
    public StandInRoots StandIns { get; }

    /// <summary>Every file, in the order they are written; names are unique.</summary>
    public IReadOnlyList<FixtureFile> Files { get; }

    /// <summary>Ids of every certificate (CAs and provisioning certificates).</summary>
    public IEnumerable<string> CertificateIds => _certificates.Keys;

    /// <summary>The certificate with id <paramref name="id"/> ("prov-valid", "int-godaddy", ...).</summary>
    public GeneratedCertificate this[string id]
        => _certificates.TryGetValue(id, out var certificate) ? certificate : throw new KeyNotFoundException($"no fixture certificate '{id}'");

    /// <summary>
    /// The chain a provisioning server presents for fixture <paramref name="fixtureId"/> (an id of
    /// <see cref="FixtureManifest.Fixtures"/>): leaf first, root last; just the leaf for "prov-valid-nochain".
    /// </summary>
    public IReadOnlyList<GeneratedCertificate> PresentedChain(string fixtureId)
    {
        var entry = Manifest.Fixtures.FirstOrDefault(f => f.Id == fixtureId)
            ?? throw new KeyNotFoundException($"no provisioning fixture '{fixtureId}'");
        return entry.Chain.Select(id => this[id]).ToList();
    }

    /// <summary>Writes every file into <paramref name="directory"/> (created if missing; other files are left alone).</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Files)
        {
            File.WriteAllBytes(Path.Combine(directory, file.Name), file.Content);
        }
    }
}
