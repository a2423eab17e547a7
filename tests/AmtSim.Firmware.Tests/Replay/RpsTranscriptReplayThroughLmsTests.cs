using AmtSim.Firmware.Host;
using AmtSim.Testing.Replay;
using Xunit;

namespace AmtSim.Firmware.Tests.Replay;

/// <summary>
/// The transcript replays of <see cref="RpsTranscriptReplayTests"/> routed through the host's LMS (issue 14):
/// RPS's recorded requests go to <see cref="LocalManageabilityService.RelayAsync"/>, which opens its own
/// connection to the device per request and returns the response framed by its own length; every call must
/// get the same answer, and the device must end in the same state, as over a direct connection.
/// </summary>
public class RpsTranscriptReplayThroughLmsTests
{
    [Theory]
    [InlineData("ccm-1", null, true)]
    [InlineData("ccm-with-tls-profile", null, true)]
    [InlineData("acm-success-trusted-root", null, true)]
    [InlineData("acm-root-not-trusted-4", null, false)]
    [InlineData("acm-suffix-override-adminsetup-5", "northwindtraders.com", true)]
    public async Task Replay_ThroughLms_SameAnswersAndStateAsDirect(string name, string? suffix, bool trustStandIns)
    {
        var transcript = RpsTranscript.Load(name);
        await using var direct = ReplayDevice.Start(transcript, suffix, trustStandIns);
        await using var viaLms = ReplayDevice.Start(transcript, suffix, trustStandIns);
        var host = new HostMachine(viaLms.Device, viaLms.HttpEndPoint.Port);

        var expected = await direct.Replayer().ReplayAsync(transcript);
        var relayed = await viaLms.Replayer(new LmsTransport(host.Lms, host.Mei.IsLocalTlsEnforced())).ReplayAsync(transcript);

        Assert.Equal(expected.Select(e => e.ToString()), relayed.Select(r => r.ToString()));
        Assert.Equal(transcript.Exchanges.Count, relayed.Count);
        Assert.Equal((direct.Device.State, direct.Device.ControlMode), (viaLms.Device.State, viaLms.Device.ControlMode));
    }

    /// <summary>One agent session's relay: the LMS port is chosen once, at the start (a TLS profile applied mid-session takes effect after it).</summary>
    private sealed class LmsTransport(LocalManageabilityService lms, bool tls) : IHttpExchangeTransport
    {
        public Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken) => lms.RelayAsync(request, tls, cancellationToken);
    }
}
