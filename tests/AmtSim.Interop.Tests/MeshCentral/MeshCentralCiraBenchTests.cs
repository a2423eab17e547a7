using System.Text.Json;
using AmtSim.Interop.Tests.Web;
using AmtSim.Testing;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Interop.Tests.MeshCentral;

/// <summary>
/// <c>amtsim bench cira</c> against real MeshCentral 1.1.55 (issue 15 item 4): its MPS counts every
/// device connected, none drops during the hold, and the keep-alives it asked for flow and are answered.
/// On MPS port 4433 the bench takes the CIRA scenarios' turn (the lock they take on hello port 16975),
/// so it never runs beside them; its devices' partition is one it claims free, as <c>amtsim run</c> does.
/// </summary>
public sealed class MeshCentralCiraBenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amtsim-bench-cira-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresMeshCentralFact]
    public async Task BenchCira_FiveDevicesAgainstMeshCentral_AllConnectedNoneDroppedKeepAlivesAnswered()
    {
        var json = Path.Combine(_dir, "cira.json");

        // A 35 s hold: MeshCentral asks for a keep-alive every 30 s, so each device sends at least one.
        var result = await ExternalProgram.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amtsim.dll"), "bench", "cira", "--devices", "5", "--hold", "35s", "--out", json, "--json"],
            timeout: TimeSpan.FromMinutes(14), workingDirectory: RepoFixtures.RepositoryRoot);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var figures = JsonDocument.Parse(File.ReadAllText(json));
        var root = figures.RootElement;
        Assert.Equal(5, root.GetProperty("devices").GetInt32());
        Assert.Equal(5, root.GetProperty("connected").GetInt32());
        Assert.Equal(0, root.GetProperty("dropped").GetInt32());
        Assert.Equal(5, root.GetProperty("connectedAfterHold").GetInt32());
        Assert.Equal(5, root.GetProperty("meshCentralConnected").GetInt32());
        Assert.Equal(5, root.GetProperty("meshCentralMinDuringHold").GetInt32());
        Assert.Equal(5, root.GetProperty("meshCentralStats").GetProperty("addedDeviceCount").GetInt32());
        Assert.Equal(0, root.GetProperty("meshCentralStats").GetProperty("incorrectPasswordCount").GetInt32());
        var sent = root.GetProperty("keepAlivesSent").GetInt64();
        Assert.True(sent >= 5, $"{sent} keep-alives sent");
        // A reply may be in flight at either end of the hold: at most one per device.
        Assert.InRange(root.GetProperty("keepAlivesAnswered").GetInt64(), sent - 5, sent + 5);

        // --json: the same figures alone on standard output; progress on standard error.
        using var printed = JsonDocument.Parse(result.StdOut);
        Assert.Equal(5, printed.RootElement.GetProperty("connected").GetInt32());
        Assert.Contains("bench: all 5 connected", result.StdErr, StringComparison.Ordinal);
    }
}
