namespace AmtSim.Testing.Replay;

/// <summary>What real AMT 16 answers to RPS's recorded calls (go-wsman-messages' recorded responses, docs/wsman.md), shared by every test that replays them.</summary>
public static class RealAmtAnswers
{
    /// <summary>Every call of ccm-1 as real AMT answers it; the recorded device gave 400 at 6 and 10 (issue 14).</summary>
    public static readonly string[] Ccm1 =
    [
        "1 Get AMT_GeneralSettings -> 401",
        "2 Get AMT_GeneralSettings -> 200",
        "3 Setup IPS_HostBasedSetupService -> 200 ReturnValue 0",
        "4 Enumerate AMT_EthernetPortSettings -> 200",
        "5 Pull AMT_EthernetPortSettings -> 200",
        "6 Get IPS_IEEE8021xSettings -> 200",
        "7 Enumerate AMT_EthernetPortSettings -> 200",
        "8 Pull AMT_EthernetPortSettings -> 200",
        "9 Put AMT_EthernetPortSettings -> 200",
        "10 Get AMT_RedirectionService -> 200",
        "11 Enumerate AMT_PublicKeyCertificate -> 200",
        "12 Pull AMT_PublicKeyCertificate -> 200",
    ];
}
