using AmtSim.Pki.Fixtures;
using AmtSim.Pki.Inspection;
using AmtSim.Runtime.Errors;

namespace AmtSim.Pki.Tests.Inspection;

[Collection(SharedFixturesCollection.Name)]
public class CertificateFileTests(SharedFixtures shared)
{
    private readonly FixtureSet _set = shared.Set;

    private string Write(TempDirectory folder, string name, byte[]? content = null)
    {
        var path = folder.File(name);
        File.WriteAllBytes(path, content ?? _set.Files.Single(f => f.Name == name).Content);
        return path;
    }

    [Fact]
    public void Read_ChainPem_GivesEveryCertificateInFileOrder()
    {
        using var folder = new TempDirectory();

        var file = CertificateFile.Read(Write(folder, "prov-valid.chain.pem"));

        Assert.Equal(CertificateFileFormat.Pem, file.Format);
        Assert.Equal(_set["prov-valid"].Chain.Select(c => c.Der()), file.Certificates.Select(c => c.RawData));
    }

    [Fact]
    public void Read_DerRoot_GivesOneCertificate()
    {
        using var folder = new TempDirectory();

        var file = CertificateFile.Read(Write(folder, "root-godaddy-standin.cer"));

        Assert.Equal(CertificateFileFormat.Der, file.Format);
        Assert.Equal(_set["root-godaddy-standin"].Der(), Assert.Single(file.Certificates).RawData);
    }

    [Fact]
    public void Read_PfxWithPassword_GivesChainAndKey()
    {
        using var folder = new TempDirectory();

        var file = CertificateFile.Read(Write(folder, "prov-valid.pfx"), "amtsim");

        Assert.Equal(CertificateFileFormat.Pfx, file.Format);
        Assert.Equal(3, file.Certificates.Count);
        Assert.Single(file.Certificates, c => c.HasPrivateKey);
    }

    public static TheoryData<string, string?, string> BadInputs => new()
    {
        { "empty", null, "the file is empty" },
        { "text", null, "not a certificate file" },
        { "key", null, "PEM file without a certificate (it holds PRIVATE KEY)" },
        { "truncated-pfx", "amtsim", "corrupt PFX" },
        { "flipped-pfx", "amtsim", "MAC check failed" },
        { "wrong-password", "wrong", "wrong PFX password" },
        { "no-password", null, "password-protected (give --password)" },
        { "corrupt-pem", null, "PEM certificate block 1 is corrupt" },
        { "corrupt-der", null, "corrupt DER certificate" },
        { "binary", null, "binary data" },
        { "text-starting-with-0", null, "text without a PEM certificate block" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Read_BadInput_ThrowsOneLineNamingFileAndProblem(string kind, string? password, string problem)
    {
        using var folder = new TempDirectory();
        var pfx = _set.Files.Single(f => f.Name == "prov-valid.pfx").Content;
        var der = _set["root-godaddy-standin"].Der();
        var path = kind switch
        {
            "empty" => Write(folder, "empty.pem", []),
            "text" => Write(folder, "notes.txt", "just some notes\nabout a certificate\n"u8.ToArray()),
            "key" => Write(folder, "prov-valid.key.pem"),
            "truncated-pfx" => Write(folder, "truncated.pfx", pfx[..(pfx.Length / 2)]),
            "flipped-pfx" => Write(folder, "flipped.pfx", Flip(pfx, pfx.Length / 2)),
            "wrong-password" or "no-password" => Write(folder, "prov-valid.pfx"),
            "corrupt-pem" => Write(folder, "corrupt.pem", "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"u8.ToArray()),
            "corrupt-der" => Write(folder, "corrupt.cer", der[..(der.Length - 40)]),
            "binary" => Write(folder, "random.bin", [0xff, 0xfe, 0x00, 0x81, 0x9c]),
            "text-starting-with-0" => Write(folder, "serials.txt", "0x1234 is the serial\n"u8.ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = Assert.Throws<InvalidInputException>(() => CertificateFile.Read(path, password));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_MissingFile_SaysNoSuchFile()
    {
        var error = Assert.Throws<InvalidInputException>(() => CertificateFile.Read("/nonexistent/amtsim/cert.pfx"));

        Assert.Equal("/nonexistent/amtsim/cert.pfx: no such file", error.Message);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0xFF;
        return copy;
    }
}
