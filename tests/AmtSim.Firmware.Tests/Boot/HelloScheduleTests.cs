using System.Net;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Boot;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using Xunit;

namespace AmtSim.Firmware.Tests.Boot;

public sealed class HelloScheduleTests
{
    /// <summary>SCCM 2007: 5 x 1 min, 12 x 5 min, 23 x 60 min, written out by hand.</summary>
    private static readonly TimeSpan[] SccmTimes =
    [
        .. new[] { 0, 1, 2, 3, 4 }.Select(m => TimeSpan.FromMinutes(m)),
        .. new[] { 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60 }.Select(m => TimeSpan.FromMinutes(m)),
        .. new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 }.Select(h => TimeSpan.FromHours(h)),
    ];

    private static (VirtualTimeProvider Time, AmtDevice Device, FakeNetworkStack Network) Setup()
    {
        var time = new VirtualTimeProvider(BootTestDevices.Start);
        var device = BootTestDevices.Create(time);
        var network = new FakeNetworkStack(time);
        network.Names["provisionserver.contoso.com"] = IPAddress.Parse("127.0.2.1");
        return (time, device, network);
    }

    [Fact]
    public void Offsets_24Hours_Are40AtTheSccmTimes()
    {
        Assert.Equal(SccmTimes, HelloSchedule.Offsets(HelloOptions.SccmWindow));
    }

    [Fact]
    public void Offsets_6Hours_Are22()
    {
        Assert.Equal(22, HelloSchedule.Offsets(HelloOptions.SixHourWindow).Count());
    }

    [Fact]
    public void Offsets_255Hours_KeepHourlyPaceToTheEnd()
    {
        var offsets = HelloSchedule.Offsets(HelloOptions.MaximumWindow).ToList();

        Assert.Equal(40 + 231, offsets.Count);
        Assert.Equal(TimeSpan.FromHours(255), offsets[^1]);
    }

    [Fact]
    public async Task Agent_24HourWindow_Sends40HellosAtTheDocumentedTimesAndNoneAfter()
    {
        var (time, device, network) = Setup();
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();
        time.Advance(TimeSpan.FromHours(24));

        Assert.Equal(SccmTimes, network.Sent.Select(s => s.At - BootTestDevices.Start));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (uint)i), network.Sent.Select(s => BitConverter.ToUInt32(s.Bytes, 4)));

        time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(40, network.Sent.Count);
        Assert.Equal(HelloScheduleEnd.WindowEnded, agent.End);
        Assert.Equal(0, time.PendingTimers);
        Assert.Equal(40, device.Audit.OfType<NetworkAudit>().Count(a => a.Kind == AuditKind.Hello && a.Succeeded && a.Detail.StartsWith("hello #", StringComparison.Ordinal)));
        Assert.Contains(device.Audit.OfType<NetworkAudit>(), a => a.Detail == "hello schedule ended: WindowEnded after 40 attempts");
    }

    [Fact]
    public async Task Agent_6HourWindow_StopsAfter6Hours()
    {
        var (time, device, network) = Setup();
        await using var agent = new DeviceNetworkAgent(device, network, new HelloOptions { Window = HelloOptions.SixHourWindow });

        await agent.StartAsync();
        time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(22, network.Sent.Count);
        Assert.Equal(TimeSpan.FromHours(6), network.Sent[^1].At - BootTestDevices.Start);
    }

    [Fact]
    public async Task Agent_ProvisionedAfterThirdHello_SendsNoMore()
    {
        var (time, device, network) = Setup();
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(3, network.Sent.Count);

        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        time.Advance(TimeSpan.FromHours(30));

        Assert.Equal(3, network.Sent.Count);
        Assert.Equal(HelloScheduleEnd.Provisioned, agent.End);
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public async Task Agent_AlreadyProvisioned_SendsNoHello()
    {
        var (time, device, network) = Setup();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();
        time.Advance(TimeSpan.FromHours(30));

        Assert.Empty(network.Sent);
        Assert.Equal(HelloScheduleEnd.Provisioned, agent.End);
    }

    [Fact]
    public async Task Agent_ServerRefuses_KeepsTheScheduleAndAuditsEachFailure()
    {
        var (time, device, network) = Setup();
        network.DeliveryOutcome = HelloDeliveryOutcome.Refused;
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();
        time.Advance(TimeSpan.FromHours(24));

        Assert.Equal(40, agent.Attempts.Count(a => a.Outcome == HelloAttemptOutcome.NotDelivered));
        Assert.Equal(40, device.Audit.OfType<NetworkAudit>().Count(a => a.Kind == AuditKind.Hello && a.Detail.EndsWith(": Refused", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Agent_NoLease_AuditsEveryAttemptAsNoLease()
    {
        var (time, device, network) = Setup();
        network.Lease = null;
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();
        time.Advance(TimeSpan.FromHours(1));

        Assert.Empty(network.Sent);
        Assert.Equal(17, agent.Attempts.Count);
        Assert.All(agent.Attempts, a => Assert.Equal(HelloAttemptOutcome.NoLease, a.Outcome));
        Assert.Contains(device.Audit.OfType<NetworkAudit>(), a => a.Kind == AuditKind.DhcpLease && !a.Succeeded);
    }

    [Fact]
    public async Task Agent_RecordAddedLater_IsFoundAtTheNextAttempt()
    {
        var (time, device, network) = Setup();
        network.Names.Clear();
        await using var agent = new DeviceNetworkAgent(device, network);

        await agent.StartAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        network.Names["provisionserver.contoso.com"] = IPAddress.Parse("127.0.2.1");
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal([HelloAttemptOutcome.ServerNotFound, HelloAttemptOutcome.ServerNotFound, HelloAttemptOutcome.Delivered], agent.Attempts.Select(a => a.Outcome));
    }
}
