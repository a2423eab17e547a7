using System.Text.RegularExpressions;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>AMT_AuthorizationService: SetAdminAclEntryEx(Username, DigestPassword) sets the admin user and its Digest HA1.</summary>
public sealed partial class AmtAuthorizationService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Authorization Service";

    public override string ClassName => "AMT_AuthorizationService";

    public override IReadOnlyCollection<string> Methods => ["SetAdminAclEntryEx"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("AllowHttpQopAuthOnly", 1),
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", ServiceName),
            WsmanProperty.Of("EnabledState", 5),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT")),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call) => method == "SetAdminAclEntryEx" ? SetAdminAclEntryEx(call) : NotSupported(method);

    /// <summary>
    /// DigestPassword is the 16-byte MD5 of "user:realm:password", base64-encoded (MeshCentral);
    /// 32 hex digits are accepted too. The device stores it as lower-case hex HA1.
    /// </summary>
    private static WsmanResult SetAdminAclEntryEx(WsmanCall call)
    {
        var user = call.Text("Username");
        var digest = call.Text("DigestPassword");
        if (string.IsNullOrEmpty(user) || user.Length > 16)
        {
            return WsmanResult.Output(AmtSetupAndConfigurationService.InvalidParameter, "Username must have 1-16 characters");
        }

        var ha1 = DigestToHex(digest);
        if (ha1 is null)
        {
            return WsmanResult.Output(AmtSetupAndConfigurationService.InvalidParameter, "DigestPassword is not a 16-byte MD5 digest");
        }

        call.Device.AdminUser = user;
        call.Device.AdminDigestHa1 = ha1;
        return WsmanResult.Output(0);
    }

    private static string? DigestToHex(string? digest)
    {
        if (string.IsNullOrEmpty(digest))
        {
            return null;
        }

        if (HexDigest().IsMatch(digest))
        {
            return digest.ToLowerInvariant();
        }

        try
        {
            var bytes = Convert.FromBase64String(digest);
            return bytes.Length == 16 ? Convert.ToHexStringLower(bytes) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex HexDigest();
}
