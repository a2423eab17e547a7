using AmtSim.Testing;
using Xunit;

namespace AmtSim.Interop.Tests.Network;

/// <summary>The amtsim binary run as a separate process, the way users run it.</summary>
public sealed class NetworkCommandTests
{
    private static readonly string Amtsim = Path.Combine(AppContext.BaseDirectory, "amtsim.dll");

    private static Task<ProgramResult> RunAsync(params string[] args)
        => ExternalProgram.RunAsync("dotnet", [Amtsim, .. args], timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public async Task Fleet_Count1000Seed3JsonTwice_IsIdentical()
    {
        var first = await RunAsync("fleet", "--devices", "1000", "--seed", "3", "--json");
        var second = await RunAsync("fleet", "--devices", "1000", "--seed", "3", "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.StdOut, second.StdOut);
        Assert.Contains("\"count\": 1000", first.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_OtherSeed_DiffersFromSeed3()
    {
        var a = await RunAsync("fleet", "--devices", "5", "--seed", "3");
        var b = await RunAsync("fleet", "--devices", "5", "--seed", "4");

        Assert.NotEqual(a.StdOut, b.StdOut);
    }

    [Fact]
    public async Task HelloDecode_RealVectorHex_PrintsTheFields()
    {
        var hex = "0100030000000000" + "4b529b93d413181de4871c697a6b7a2b" + "01" + "0220" + "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4";

        var result = await RunAsync("hello", "decode", hex);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("uuid:                  939b524b-13d4-1d18-e487-1c697a6b7a2b", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("1. Sha256 c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelloDecode_Version2_ExitsWithInvalidInputAndOneLine()
    {
        var result = await RunAsync("hello", "decode", "00000200" + new string('0', 60));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("amtsim: malformed PKI hello at offset 2: UnsupportedVersion: interface version is 2, expected 3", result.StdErr.Trim());
    }

    [Fact]
    public async Task HelloDecode_FileWithRawBytes_Decodes()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Convert.FromHexString("0000030005000000" + "4b529b93d413181de4871c697a6b7a2b" + "00"));

            var result = await RunAsync("hello", "decode", path);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("retry count:           5", result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
