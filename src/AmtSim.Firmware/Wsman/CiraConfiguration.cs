using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman;

/// <summary>
/// An MPS the device knows (AMT_ManagementPresenceRemoteSAP, added by AMT_RemoteAccessService.AddMpServer):
/// "Intel(r) AMT:Management Presence Server N". <paramref name="InfoFormat"/>: 3 IPv4, 201 FQDN.
/// </summary>
public sealed record MpServer(string Name, string AccessInfo, int InfoFormat, int Port, string CommonName)
{
    public const string NamePrefix = "Intel(r) AMT:Management Presence Server ";

    public EndpointReference Reference => EndpointReference.To(WsmanNamespaces.ResourceUriOf("AMT_ManagementPresenceRemoteSAP"), "Name", Name);
}

/// <summary>
/// A remote access policy (AMT_RemoteAccessPolicyRule, added by AMT_RemoteAccessService.AddRemoteAccessPolicyRule).
/// Real AMT names the rule after its trigger: 0 "User Initiated", 1 "Alert", 2 "Periodic".
/// <paramref name="ExtendedData"/> is the base64 the caller sent (for Periodic: the interval).
/// </summary>
public sealed record RemoteAccessPolicy(string PolicyRuleName, int Trigger, int TunnelLifeTime, string ExtendedData, IReadOnlyList<string> MpServerNames)
{
    public static string NameOf(int trigger) => trigger switch
    {
        0 => "User Initiated",
        1 => "Alert",
        2 => "Periodic",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "AMT triggers are 0 (user initiated), 1 (alert) and 2 (periodic)"),
    };
}

/// <summary>AMT_EnvironmentDetectionSettingData: the intranet domains that tell the device it is inside (no strings: never inside).</summary>
public sealed record EnvironmentDetection(int DetectionAlgorithm, IReadOnlyList<string> DetectionStrings)
{
    public static EnvironmentDetection Factory { get; } = new(0, []);
}

/// <summary>
/// The device's CIRA configuration as WS-Man reads and writes it. The classes that configure CIRA
/// (AMT_RemoteAccessService, AMT_RemoteAccessPolicyAppliesToMPS, AMT_UserInitiatedConnectionService,
/// AMT_MPSUsernamePassword) and the CIRA connection itself build on this state.
/// </summary>
public sealed class CiraConfiguration
{
    /// <summary>MPS entries in the order they were added.</summary>
    public List<MpServer> MpServers { get; } = [];

    /// <summary>Remote access policies in the order they were added; at most one per trigger.</summary>
    public List<RemoteAccessPolicy> Policies { get; } = [];

    public EnvironmentDetection EnvironmentDetection { get; set; } = EnvironmentDetection.Factory;

    /// <summary>Forgets everything (Unprovision).</summary>
    public void Reset()
    {
        MpServers.Clear();
        Policies.Clear();
        EnvironmentDetection = EnvironmentDetection.Factory;
    }
}
