using System.CommandLine;
using AmtSim.Testing;
using Xunit;

namespace AmtSim.Cli.Tests.Commands;

/// <summary>A seed-7 fixture PKI written once by <c>amtsim pki init</c> itself (keys from the default cache).</summary>
public sealed class PkiInitOutput : IDisposable
{
    public PkiInitOutput()
    {
        Directory = Path.Combine(Path.GetTempPath(), "amtsim-cli-pki-" + Guid.NewGuid().ToString("N"));
        var (exitCode, output, error) = PkiCommandTests.Invoke("pki", "init", "--out", Directory, "--seed", "7");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"pki init failed ({exitCode}): {output}{error}");
        }
    }

    public string Directory { get; }

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public class PkiCommandTests(PkiInitOutput fixture) : IClassFixture<PkiInitOutput>
{
    /// <summary>Runs the command tree in-process, as Main does, capturing its output.</summary>
    internal static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built amtsim in its own process, so stderr and the exit code are exactly what a user sees.</summary>
    private static Task<ProgramResult> RunAmtsim(params string[] args)
        => ExternalProgram.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), .. args], timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public void PkiInit_SameSeedTwice_WritesIdenticalFiles()
    {
        var other = Path.Combine(Path.GetTempPath(), "amtsim-cli-pki-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output, _) = Invoke("pki", "init", "--out", other, "--seed", "7");

            Assert.Equal(0, exitCode);
            Assert.Contains("Wrote 68 files", output, StringComparison.Ordinal);
            var names = Directory.GetFiles(fixture.Directory).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(names, Directory.GetFiles(other).Select(Path.GetFileName).Order());
            Assert.All(names, name => Assert.Equal(File.ReadAllBytes(fixture.File(name!)), File.ReadAllBytes(Path.Combine(other, name!))));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void PkiInit_Now_MovesValidityAndManifestTime()
    {
        var other = Path.Combine(Path.GetTempPath(), "amtsim-cli-pki-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, _, _) = Invoke("pki", "init", "--out", other, "--seed", "7", "--now", "2027-01-15T08:30:00Z");

            Assert.Equal(0, exitCode);
            Assert.Contains("\"referenceTime\": \"2027-01-15T08:30:00+00:00\"", File.ReadAllText(Path.Combine(other, "fixtures.json")), StringComparison.Ordinal);
            Assert.NotEqual(File.ReadAllBytes(fixture.File("prov-valid.crt.pem")), File.ReadAllBytes(Path.Combine(other, "prov-valid.crt.pem")));
            Assert.Equal(File.ReadAllBytes(fixture.File("root-godaddy-standin.cer")), File.ReadAllBytes(Path.Combine(other, "root-godaddy-standin.cer")));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void PkiInit_BadNow_ExitsWithInvalidInput()
    {
        var other = Path.Combine(Path.GetTempPath(), "amtsim-cli-pki-" + Guid.NewGuid().ToString("N"));

        var (exitCode, _, _) = Invoke("pki", "init", "--out", other, "--now", "next tuesday");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.False(Directory.Exists(other));
    }

    [Fact]
    public void PkiInit_OutIsAFile_ExitsWithSetupError()
    {
        var (exitCode, _, _) = Invoke("pki", "init", "--out", Path.Combine(fixture.File("README.md"), "sub"), "--seed", "7");

        Assert.Equal(ExitCodes.SetupError, exitCode);
    }

    [Fact]
    public void PkiHelp_ListsInitAndInspect()
    {
        var (exitCode, output, _) = Invoke("pki", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("init", output, StringComparison.Ordinal);
        Assert.Contains("inspect", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PkiInspect_PfxWithPassword_PrintsEveryCertificate()
    {
        var (exitCode, output, _) = Invoke("pki", "inspect", fixture.File("prov-valid.pfx"), "--password", "amtsim");

        Assert.Equal(0, exitCode);
        Assert.Contains("PFX, 3 certificates", output, StringComparison.Ordinal);
        Assert.Contains("2.16.840.1.113741.1.2.3 (Intel AMT setup)", output, StringComparison.Ordinal);
        Assert.Contains("AmtSim stand-in for \"Go Daddy Class 2 CA\" (seed 7)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PkiInspect_DerRoot_PrintsThumbprints()
    {
        var (exitCode, output, _) = Invoke("pki", "inspect", fixture.File("root-untrusted.cer"));

        Assert.Equal(0, exitCode);
        Assert.Contains("SHA-1:", output, StringComparison.Ordinal);
        Assert.Contains("SHA-256:", output, StringComparison.Ordinal);
        Assert.Contains("NOT in any default AMT hash table", output, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], string> BadInputs => new()
    {
        { "corrupt PFX", ["--password", "amtsim"], "corrupt PFX" },
        { "wrong password", ["--password", "nope"], "wrong PFX password" },
        { "text file", [], "not a certificate file" },
        { "empty file", [], "the file is empty" },
        { "missing file", [], "no such file" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task PkiInspect_BadInput_PrintsOneLineAndExitsTwo(string kind, string[] extra, string problem)
    {
        var path = kind switch
        {
            "corrupt PFX" => Write("corrupt.pfx", File.ReadAllBytes(fixture.File("prov-valid.pfx"))[..700]),
            "wrong password" => fixture.File("prov-valid.pfx"),
            "text file" => fixture.File("README.md"),
            "empty file" => Write("empty.cer", []),
            "missing file" => fixture.File("does-not-exist.pfx"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var result = await RunAmtsim(["pki", "inspect", path, .. extra]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"amtsim: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] content)
    {
        var folder = fixture.File("bad-inputs");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
