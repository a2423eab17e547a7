using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman;

/// <summary>
/// An MPS the device knows (AMT_ManagementPresenceRemoteSAP, added by AMT_RemoteAccessService.AddMpServer):
/// "Intel(r) AMT:Management Presence Server N". <paramref name="InfoFormat"/>: 3 IPv4, 201 FQDN.
/// <paramref name="AuthMethod"/>: 1 mutual (certificate), 2 username/password; the credentials are
/// AMT_MPSUsernamePassword's and never read back over WS-Man.
/// </summary>
public sealed record MpServer(string Name, string AccessInfo, int InfoFormat, int Port, string CommonName, int AuthMethod = MpServer.PasswordAuthentication, string? Username = null, string? Password = null)
{
    public const int InfoFormatIpv4 = 3;

    public const int InfoFormatFqdn = 201;

    public const int MutualAuthentication = 1;

    public const int PasswordAuthentication = 2;

    /// <summary>The name the MPS certificate must carry: the FQDN itself, or the CN given for an address.</summary>
    public string CertificateName => InfoFormat == InfoFormatFqdn || string.IsNullOrEmpty(CommonName) ? AccessInfo : CommonName;

    public const string NamePrefix = "Intel(r) AMT:Management Presence Server ";

    /// <summary>A real device's four selectors (MeshCentral reads AddMpServer's reply as a selector array and picks Name).</summary>
    public EndpointReference Reference => new(
        WsmanNamespaces.ResourceUriOf("AMT_ManagementPresenceRemoteSAP"),
        [
            new("CreationClassName", "AMT_ManagementPresenceRemoteSAP"),
            new("Name", Name),
            new("SystemCreationClassName", "CIM_ComputerSystem"),
            new("SystemName", "Intel(r) AMT"),
        ]);
}

/// <summary>
/// A remote access policy (AMT_RemoteAccessPolicyRule, added by AMT_RemoteAccessService.AddRemoteAccessPolicyRule).
/// Real AMT names the rule after its trigger: 0 "User Initiated", 1 "Alert", 2 "Periodic".
/// <paramref name="ExtendedData"/> is the base64 the caller sent (for Periodic: the interval).
/// </summary>
public sealed record RemoteAccessPolicy(string PolicyRuleName, int Trigger, int TunnelLifeTime, string ExtendedData, IReadOnlyList<string> MpServerNames)
{
    public const int UserInitiatedTrigger = 0;

    public const int AlertTrigger = 1;

    public const int PeriodicTrigger = 2;

    /// <summary>
    /// A periodic policy's interval: ExtendedData is base64 of two big-endian uint32, the timer type
    /// (0 periodic, 1 time of day) and the interval in seconds (MeshCentral's amtmanager writes 0, 10).
    /// Null when the data is absent, not base64, or not a periodic timer.
    /// </summary>
    public TimeSpan? PeriodicInterval
    {
        get
        {
            Span<byte> bytes = stackalloc byte[64];
            if (Trigger != PeriodicTrigger || !Convert.TryFromBase64String(ExtendedData ?? "", bytes, out var n) || n < 8)
            {
                return null;
            }

            var timerType = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
            var seconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
            return timerType == 0 && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
        }
    }

    /// <summary>The ExtendedData of a periodic policy with <paramref name="interval"/>.</summary>
    public static string PeriodicExtendedData(TimeSpan interval)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)interval.TotalSeconds);
        return Convert.ToBase64String(bytes);
    }

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

    /// <summary>The N of the next "Intel(r) AMT:Management Presence Server N" (never reused after a delete). [I]</summary>
    public int NextMpServerNumber { get; set; }

    /// <summary>Remote access policies in the order they were added; at most one per trigger.</summary>
    public List<RemoteAccessPolicy> Policies { get; } = [];

    public EnvironmentDetection EnvironmentDetection { get; set; } = EnvironmentDetection.Factory;

    /// <summary>AMT_UserInitiatedConnectionService.EnabledState: 32768 disabled, 32769 BIOS, 32770 OS, 32771 BIOS and OS.</summary>
    public int UserInitiatedState { get; set; } = UserInitiatedDisabled;

    public const int UserInitiatedDisabled = 32768;

    /// <summary>Forgets everything (Unprovision).</summary>
    public void Reset()
    {
        MpServers.Clear();
        NextMpServerNumber = 0;
        Policies.Clear();
        EnvironmentDetection = EnvironmentDetection.Factory;
        UserInitiatedState = UserInitiatedDisabled;
    }
}
