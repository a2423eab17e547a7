using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Tests.Wsman;
using Xunit;

namespace AmtSim.Firmware.Tests.Device;

/// <summary>The device's lifecycle table (issue 13): legal transitions move, every other (state, event) pair is refused.</summary>
public class LifecycleTests
{
    public static TheoryData<ProvisioningState, LifecycleEvent> IllegalPairs()
    {
        var data = new TheoryData<ProvisioningState, LifecycleEvent>();
        foreach (var state in Enum.GetValues<ProvisioningState>())
        {
            foreach (var lifecycleEvent in Enum.GetValues<LifecycleEvent>())
            {
                if (Lifecycle.Find(state, lifecycleEvent) is null)
                {
                    data.Add(state, lifecycleEvent);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Table_LegalTransitions_AreTheDocumentedFive()
    {
        Assert.Equal(
            [
                "Pre --SetupSessionAccepted--> In/None",
                "In --Committed--> Post/Admin",
                "Pre --HostBasedSetupClient--> Post/Client",
                "Pre --HostBasedSetupAdmin--> Post/Admin",
                "Post --Unprovisioned--> Pre/None",
            ],
            Lifecycle.Table.Select(t => $"{t.From} --{t.Event}--> {t.To}/{t.Mode}"));
    }

    [Fact]
    public void Table_IllegalPairs_AreTheRestOfTheMatrix()
    {
        var all = Enum.GetValues<ProvisioningState>().Length * Enum.GetValues<LifecycleEvent>().Length;

        Assert.Equal(all - Lifecycle.Table.Count, IllegalPairs().Count);
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public void Apply_IllegalEvent_RefusesAndKeepsStateAndMode(ProvisioningState state, LifecycleEvent lifecycleEvent)
    {
        var device = InState(state);
        var mode = device.ControlMode;
        var changes = 0;
        device.StateChanged += (_, _) => changes++;

        Assert.False(device.Apply(lifecycleEvent, "test"));

        Assert.Equal(state, device.State);
        Assert.Equal(mode, device.ControlMode);
        Assert.Equal(0, changes);
        var refused = Assert.IsType<StateChangeRefusedAudit>(device.Audit.Entries[^1]);
        Assert.Equal(lifecycleEvent.ToString(), refused.Event);
    }

    [Theory]
    [InlineData(ProvisioningState.Pre, LifecycleEvent.SetupSessionAccepted, ProvisioningState.In, ControlMode.None)]
    [InlineData(ProvisioningState.In, LifecycleEvent.Committed, ProvisioningState.Post, ControlMode.Admin)]
    [InlineData(ProvisioningState.Pre, LifecycleEvent.HostBasedSetupClient, ProvisioningState.Post, ControlMode.Client)]
    [InlineData(ProvisioningState.Pre, LifecycleEvent.HostBasedSetupAdmin, ProvisioningState.Post, ControlMode.Admin)]
    [InlineData(ProvisioningState.Post, LifecycleEvent.Unprovisioned, ProvisioningState.Pre, ControlMode.None)]
    public void Apply_LegalEvent_MovesAndAuditsTheChange(ProvisioningState from, LifecycleEvent lifecycleEvent, ProvisioningState to, ControlMode mode)
    {
        var device = InState(from);

        Assert.True(device.Apply(lifecycleEvent, "test"));

        Assert.Equal(to, device.State);
        Assert.Equal(mode, device.ControlMode);
        Assert.IsType<StateChangeAudit>(device.Audit.Entries[^1]);
    }

    private static AmtDevice InState(ProvisioningState state)
    {
        var (device, _) = TestDevices.Create();
        if (state != ProvisioningState.Pre)
        {
            Assert.True(device.Apply(LifecycleEvent.SetupSessionAccepted, "setup"));
        }

        if (state == ProvisioningState.Post)
        {
            Assert.True(device.Apply(LifecycleEvent.Committed, "setup"));
        }

        return device;
    }
}
