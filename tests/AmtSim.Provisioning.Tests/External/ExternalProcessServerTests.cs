using System.Net;
using System.Text.Json;
using AmtSim.Provisioning.External;
using Xunit;

namespace AmtSim.Provisioning.Tests.External;

public class ExternalProcessServerTests
{
    private static ExternalServerOptions Options(params string[] command) => new()
    {
        Command = command,
        Address = IPAddress.Parse("127.0.5.1"),
        HelloPort = 19971,
        Devices = [new ExternalDevice(Guid.Parse("939b524b-13d4-1d18-e487-1c697a6b7a2b"), IPAddress.Parse("127.1.0.1"), "amt1.contoso.com", "11.8.50")],
        ProvisioningPfx = "/tmp/x.pfx",
        ProvisioningPfxPassword = "pw",
    };

    [Fact]
    public async Task Start_ScriptReadsEnvironmentAndDevicesFile_OutputBecomesTheLog()
    {
        await using var server = new ExternalProcessServer(Options("/bin/sh", "-c",
            "echo \"listening on $AMTSIM_SERVER_ADDRESS:$AMTSIM_HELLO_PORT pfx=$AMTSIM_PROVISIONING_PFX\"; cat \"$AMTSIM_DEVICES_FILE\"; echo; echo oops >&2"));

        await server.StartAsync(CancellationToken.None);
        var exit = await server.WaitForExitAsync(CancellationToken.None);
        await server.StopAsync();

        Assert.Equal(0, exit);
        Assert.Contains("listening on 127.0.5.1:19971 pfx=/tmp/x.pfx", server.LogLines);
        Assert.Contains("oops", server.LogLines);
        var json = server.LogLines.Single(l => l.StartsWith('['));
        var device = JsonDocument.Parse(json).RootElement[0];
        Assert.Equal("939b524b-13d4-1d18-e487-1c697a6b7a2b", device.GetProperty("uuid").GetString());
        Assert.Equal("127.1.0.1", device.GetProperty("address").GetString());
        Assert.Equal("amt1.contoso.com", device.GetProperty("fqdn").GetString());
    }

    [Fact]
    public async Task Start_ReadyPatternGiven_ReturnsOnlyOnceTheProgramPrintsTheMatchingLine()
    {
        await using var server = new ExternalProcessServer(Options("/bin/sh", "-c", "echo setting up; sleep 1; echo \"hello server on port $AMTSIM_HELLO_PORT.\"; exec sleep 600")
            with { ReadyPattern = @"^hello server on port \d+\.$" });

        await server.StartAsync(CancellationToken.None);

        Assert.Equal(["setting up", "hello server on port 19971."], server.LogLines);
        await server.StopAsync();
    }

    [Fact]
    public async Task Start_ProgramExitsBeforeItIsReady_ThrowsWithItsExitCodeAndLastLine()
    {
        await using var server = new ExternalProcessServer(Options("/bin/sh", "-c", "echo cannot find MeshCentral; exit 3") with { ReadyPattern = "^ready$" });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(CancellationToken.None));

        Assert.Contains("exited with 3 before it was ready", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot find MeshCentral", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ArgumentPlaceholders_AreSubstituted()
    {
        await using var server = new ExternalProcessServer(Options("/bin/echo", "--port={HelloPort}", "--bind={Address}", "--pfx={Pfx}"));

        await server.StartAsync(CancellationToken.None);
        await server.WaitForExitAsync(CancellationToken.None);
        await server.StopAsync();

        Assert.Equal(["--port=19971 --bind=127.0.5.1 --pfx=/tmp/x.pfx"], server.LogLines);
    }

    [Fact]
    public async Task Stop_LongRunningServer_IsTerminated()
    {
        var server = new ExternalProcessServer(Options("/bin/sh", "-c", "echo started; exec sleep 600"));
        await server.StartAsync(CancellationToken.None);

        await server.StopAsync();

        Assert.NotNull(server.ExitCode);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Start_MissingProgram_ThrowsWithItsName()
    {
        await using var server = new ExternalProcessServer(Options("/nonexistent/provisioner"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(CancellationToken.None));

        Assert.Contains("/nonexistent/provisioner", ex.Message, StringComparison.Ordinal);
    }
}
