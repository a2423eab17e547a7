using System.Text;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman.Classes;
using AmtSim.Testing.Replay;
using Xunit;

namespace AmtSim.Firmware.Tests.Replay;

/// <summary>
/// Issue 14 item 5: RPS v2.31.0's recorded requests (fixtures/rps/transcripts), replayed in order over real
/// sockets to a fresh device's 16992 listener, one connection per request as an LMS relay passes them; only
/// the Digest header is rebuilt for the device's nonce. Each call's status and ReturnValue must be what real
/// AMT 16 answers (go-wsman-messages' recorded responses, docs/wsman.md), never what the recorded device said.
/// </summary>
public class RpsTranscriptReplayTests
{
    private static readonly string[] Ccm = RealAmtAnswers.Ccm1;

    private static readonly string[] AcmHead =
    [
        "1 Get AMT_GeneralSettings -> 401",
        "2 Get AMT_GeneralSettings -> 200",
        "3 Get IPS_HostBasedSetupService -> 200",
        "4 AddNextCertInChain IPS_HostBasedSetupService -> 200 ReturnValue 0",
        "5 AddNextCertInChain IPS_HostBasedSetupService -> 200 ReturnValue 0",
    ];

    [Fact]
    public async Task Replay_Ccm_EveryCallAnsweredAsRealAmtAndDeviceInClientControl()
    {
        await using var device = ReplayDevice.Start(RpsTranscript.Load("ccm-1"));

        var replayed = await device.Replayer().ReplayAsync(RpsTranscript.Load("ccm-1"));

        Assert.Equal(Ccm, replayed.Select(r => r.ToString()));
        Assert.Equal((ProvisioningState.Post, ControlMode.Client), (device.Device.State, device.Device.ControlMode));
    }

    // Issue 14: the clean-up's 802.1X read and the features' redirection read are the two calls that stopped RPS.
    [Fact]
    public async Task Replay_Ccm_CleanupAndFeatureReadsReturnTheirInstances()
    {
        await using var device = ReplayDevice.Start(RpsTranscript.Load("ccm-1"));

        var replayed = await device.Replayer().ReplayAsync(RpsTranscript.Load("ccm-1"));

        var ieee = replayed.Single(r => r.ClassName == "IPS_IEEE8021xSettings");
        var redirection = replayed.Single(r => r.ClassName == "AMT_RedirectionService");
        Assert.Contains("<g:Enabled>3</g:Enabled>", ieee.ResponseBody, StringComparison.Ordinal);
        Assert.Contains("<g:EnabledState>32771</g:EnabledState>", redirection.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_CcmWithTlsProfile_TlsSettingsWrittenAndCommitChangesAccepted()
    {
        var transcript = RpsTranscript.Load("ccm-with-tls-profile");
        await using var device = ReplayDevice.Start(transcript);

        var replayed = await device.Replayer().ReplayAsync(transcript);

        Assert.Equal(Ccm[..10], replayed.Take(10).Select(r => r.ToString()));
        Assert.Equal(
        [
            "11 Enumerate AMT_PublicKeyCertificate -> 200",
            "12 Pull AMT_PublicKeyCertificate -> 200",
            "13 AddTrustedRootCertificate AMT_PublicKeyManagementService -> 200 ReturnValue 0",
            "14 GenerateKeyPair AMT_PublicKeyManagementService -> 200 ReturnValue 0",
            "15 Enumerate AMT_PublicPrivateKeyPair -> 200",
            "16 Pull AMT_PublicPrivateKeyPair -> 200",
        ], replayed.Skip(10).Take(6).Select(r => r.ToString()));

        // 17-18: RPS's certificate carries the public key of the recorded device's key pair; a fresh device
        // generated another one, so (as on any real AMT) it does not take the certificate or bind it.
        Assert.Equal((200, true), (replayed[16].Status, replayed[16].ReturnValue is > 0));
        Assert.Equal("AddCertificate", replayed[16].Call);
        Assert.Equal((400, "e:InvalidParameter"), (replayed[17].Status, replayed[17].FaultSubcode));

        Assert.Equal(
        [
            "19 GetLowAccuracyTimeSynch AMT_TimeSynchronizationService -> 200 ReturnValue 0",
            "20 SetHighAccuracyTimeSynch AMT_TimeSynchronizationService -> 200 ReturnValue 0",
            "21 Enumerate AMT_TLSSettingData -> 200",
            "22 Pull AMT_TLSSettingData -> 200",
            "23 Put AMT_TLSSettingData -> 200",
            "24 Put AMT_TLSSettingData -> 200",
            "25 CommitChanges AMT_SetupAndConfigurationService -> 200 ReturnValue 0",
        ], replayed.Skip(18).Select(r => r.ToString()));
        Assert.Equal((ProvisioningState.Post, ControlMode.Client), (device.Device.State, device.Device.ControlMode));
        Assert.Contains(device.Device.WsmanState.TlsSettings[AmtTlsSettingData.Remote], p => p.Name == "Enabled" && p.Value == "true");
    }

    [Fact]
    public async Task Replay_AcmWithTrustedRoot_AdminControlThenCleanupAndFeatures()
    {
        var transcript = RpsTranscript.Load("acm-success-trusted-root");
        await using var device = ReplayDevice.Start(transcript);

        var replayed = await device.Replayer().ReplayAsync(transcript);

        Assert.Equal(
        [
            .. AcmHead,
            "6 AddNextCertInChain IPS_HostBasedSetupService -> 200 ReturnValue 0",
            "7 AdminSetup IPS_HostBasedSetupService -> 200 ReturnValue 0",
            "8 SetMEBxPassword AMT_SetupAndConfigurationService -> 200 ReturnValue 0",
            "9 Enumerate AMT_EthernetPortSettings -> 200",
            "10 Pull AMT_EthernetPortSettings -> 200",
            "11 Get IPS_IEEE8021xSettings -> 200",
            "12 Enumerate AMT_EthernetPortSettings -> 200",
            "13 Pull AMT_EthernetPortSettings -> 200",
            "14 Put AMT_EthernetPortSettings -> 200",
            "15 Get AMT_RedirectionService -> 200",
            "16 Enumerate AMT_PublicKeyCertificate -> 200",
            "17 Pull AMT_PublicKeyCertificate -> 200",
        ], replayed.Select(r => r.ToString()));
        Assert.Equal((ProvisioningState.Post, ControlMode.Admin), (device.Device.State, device.Device.ControlMode));
    }

    [Fact]
    public async Task Replay_AcmRootNotTrusted_RootAnswers4AndDeviceStaysPre()
    {
        var transcript = RpsTranscript.Load("acm-root-not-trusted-4");
        await using var device = ReplayDevice.Start(transcript, trustStandInRoots: false);

        var replayed = await device.Replayer().ReplayAsync(transcript);

        Assert.Equal([.. AcmHead, "6 AddNextCertInChain IPS_HostBasedSetupService -> 200 ReturnValue 4"], replayed.Select(r => r.ToString()));
        Assert.Equal(ProvisioningState.Pre, device.Device.State);
    }

    [Fact]
    public async Task Replay_AcmSuffixOverride_ChainAcceptedThenAdminSetup5()
    {
        var transcript = RpsTranscript.Load("acm-suffix-override-adminsetup-5");
        await using var device = ReplayDevice.Start(transcript, suffix: "northwindtraders.com");

        var replayed = await device.Replayer().ReplayAsync(transcript);

        Assert.Equal(
        [
            .. AcmHead,
            "6 AddNextCertInChain IPS_HostBasedSetupService -> 200 ReturnValue 0",
            "7 AdminSetup IPS_HostBasedSetupService -> 200 ReturnValue 5",
        ], replayed.Select(r => r.ToString()));
        Assert.Equal(ProvisioningState.Pre, device.Device.State);
    }

    /// <summary>Each transcript with WS-Man traffic has a test above; a new recording fails here until it gets one.</summary>
    [Fact]
    public void Transcripts_EveryOneWithWsmanTraffic_IsReplayedByATest()
    {
        string[] replayed = ["ccm-1", "ccm-with-tls-profile", "acm-success-trusted-root", "acm-root-not-trusted-4", "acm-suffix-override-adminsetup-5"];
        var withTraffic = Directory.GetFiles(RpsTranscript.Directory(AppContext.BaseDirectory), "*.jsonl")
            .Select(path => RpsTranscript.Load(path, Path.GetFileNameWithoutExtension(path)))
            .Where(t => t.Exchanges.Count > 0)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(replayed.Order(StringComparer.Ordinal), withTraffic);
    }

    [Fact]
    public void Prepare_DigestRequest_ChangesOnlyNonceAndResponse()
    {
        var transcript = RpsTranscript.Load("ccm-1");
        var replayer = new TranscriptReplayer(new SocketExchangeTransport(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9)), new("P@ssw0rd-OsAdmin1"));
        var challenge = transcript.Exchanges[0].RecordedResponse;
        replayer.Observe(Encoding.UTF8.GetBytes(challenge.Replace("nonce=\"", "nonce=\"LIVE", StringComparison.Ordinal)));

        var recorded = transcript.Exchanges[1].Request;
        var sent = Encoding.UTF8.GetString(replayer.Prepare(transcript.Exchanges[1]).Bytes);

        var recordedLines = recorded.Split("\r\n");
        var sentLines = sent.Split("\r\n");
        Assert.Equal(recordedLines.Length, sentLines.Length);
        var changed = Enumerable.Range(0, sentLines.Length).Where(i => recordedLines[i] != sentLines[i]).ToList();
        Assert.Equal(1, Assert.Single(changed));
        Assert.StartsWith("Authorization: Digest username=\"$$OsAdmin\"", sentLines[1], StringComparison.Ordinal);
        Assert.Contains("nonce=\"LIVE", sentLines[1], StringComparison.Ordinal);
        Assert.Contains("nc=\"00000001\",cnonce=", sentLines[1], StringComparison.Ordinal);
    }
}
