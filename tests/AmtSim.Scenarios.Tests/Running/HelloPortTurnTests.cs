using AmtSim.Runtime.Time;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;
using Xunit;

namespace AmtSim.Scenarios.Tests.Running;

/// <summary>Third-party servers listen on every interface: runs side by side take turns on their hello port (issue 18).</summary>
public class HelloPortTurnTests
{
    private static Scenario External(int port) => new() { Name = "x", File = "x.yaml", Server = new ServerSpec { Kind = ServerKind.MeshCentral, HelloPort = port, Command = ["node"] } };

    [Fact]
    public async Task TakeAsync_PortHeldByAnotherRun_WaitsUntilItIsReleased()
    {
        var clock = new VirtualTimeProvider(Scenario.DefaultNow);
        var first = await HelloPortTurn.TakeAsync(External(39101), clock, CancellationToken.None);

        var second = HelloPortTurn.TakeAsync(External(39101), clock, CancellationToken.None);
        Assert.False(second.IsCompleted);
        first.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));

        using var turn = await second;
    }

    [Fact]
    public async Task TakeAsync_HeldLongerThanTheLimit_SetupErrorNamesTheHelloPort()
    {
        var clock = new VirtualTimeProvider(Scenario.DefaultNow);
        using var first = await HelloPortTurn.TakeAsync(External(39102), clock, CancellationToken.None);

        var second = HelloPortTurn.TakeAsync(External(39102), clock, CancellationToken.None);
        for (var i = 0; i < 3 && !second.IsCompleted; i++)
        {
            clock.Advance(HelloPortTurn.MaxWait);
        }

        var ex = await Assert.ThrowsAsync<ScenarioSetupException>(() => second);
        Assert.Contains("server.hello-port 39102 is held by another amtsim run", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakeAsync_BuiltinServer_NeedsNoTurn()
    {
        var clock = new VirtualTimeProvider(Scenario.DefaultNow);
        using var a = await HelloPortTurn.TakeAsync(new Scenario { Name = "a", File = "a.yaml" }, clock, CancellationToken.None);
        using var b = await HelloPortTurn.TakeAsync(new Scenario { Name = "b", File = "b.yaml" }, clock, CancellationToken.None);

        Assert.Same(HelloPortTurn.None, b);
    }
}
