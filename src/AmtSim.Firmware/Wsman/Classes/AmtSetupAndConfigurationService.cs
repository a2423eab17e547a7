using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Device;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_SetupAndConfigurationService: ProvisioningState/Mode; SetMEBxPassword, CommitChanges
/// (ends PKI setup: Post, admin control mode, the TLS credential becomes the served certificate),
/// Unprovision, GetUuid. Return values are PT_STATUS codes (amt-reference.md §4).
/// </summary>
public sealed class AmtSetupAndConfigurationService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Setup and Configuration Service";

    /// <summary>PT_STATUS_INVALID_PARAMETER.</summary>
    public const uint InvalidParameter = 36;

    /// <summary>PT_STATUS_INVALID_PASSWORD.</summary>
    public const uint InvalidPassword = 2054;

    public override string ClassName => "AMT_SetupAndConfigurationService";

    public override IReadOnlyCollection<string> Methods => ["SetMEBxPassword", "CommitChanges", "Unprovision", "GetUuid"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var device = call.Device;
        return
        [
            Instance(
                WsmanProperty.Of("CreationClassName", ClassName),
                WsmanProperty.Of("ElementName", ServiceName),
                WsmanProperty.Of("EnabledState", 5),
                WsmanProperty.Of("Name", ServiceName),
                WsmanProperty.Of("PasswordModel", 1),
                WsmanProperty.Of("ProvisioningMode", device.ControlMode == ControlMode.Client ? 4 : 1),
                WsmanProperty.Of("ProvisioningServerOTP", ""),
                WsmanProperty.Of("ProvisioningState", (int)device.State),
                WsmanProperty.Of("RequestedState", 12),
                WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
                WsmanProperty.Of("SystemName", "Intel(r) AMT"),
                WsmanProperty.Of("ZeroTouchConfigurationEnabled", true)),
        ];
    }

    public override WsmanResult Invoke(string method, WsmanCall call) => method switch
    {
        "SetMEBxPassword" => SetMebxPassword(call),
        "CommitChanges" => CommitChanges(call),
        "Unprovision" => Unprovision(call),
        "GetUuid" => WsmanResult.Output(0, WsmanProperty.Of("UUID", Convert.ToBase64String(call.Device.Identity.Uuid.ToByteArray()))),
        _ => NotSupported(method),
    };

    /// <summary>AMT's password rule: 8-32 characters with an upper-case letter, a lower-case letter, a digit and a special character (§5).</summary>
    public static bool IsStrongPassword(string password)
        => password.Length is >= 8 and <= 32
           && password.Any(char.IsUpper) && password.Any(char.IsLower) && password.Any(char.IsDigit)
           && password.Any(c => !char.IsLetterOrDigit(c));

    private static WsmanResult SetMebxPassword(WsmanCall call)
    {
        var password = call.Text("Password");
        if (password is null)
        {
            return WsmanResult.Output(InvalidParameter, "Password missing");
        }

        if (!IsStrongPassword(password))
        {
            return WsmanResult.Output(InvalidPassword, "password does not meet the strength rule");
        }

        call.Device.MebxPassword = password;
        return WsmanResult.Output(0);
    }

    private static WsmanResult CommitChanges(WsmanCall call)
    {
        if (call.Device.State == ProvisioningState.Post)
        {
            // Provisioned: settings written since (TLS, network) are already in effect here; nothing else changes.
            return WsmanResult.Output(0, "provisioned: settings committed");
        }

        var credential = call.State.TlsCredential;
        if (credential?.KeyPair is { } pair)
        {
            call.Device.UseProvisionedCredential(() => credential.Certificate, pair.Key);
        }

        call.Device.Apply(LifecycleEvent.Committed, "CommitChanges");
        return WsmanResult.Output(0, credential is null ? "no TLS credential was linked" : "TLS credential " + credential.InstanceId);
    }

    private static WsmanResult Unprovision(WsmanCall call)
    {
        if (call.Text("ProvisioningMode") is { } mode && mode is not ("0" or "1"))
        {
            return WsmanResult.Output(InvalidParameter, "ProvisioningMode " + mode);
        }

        var device = call.Device;
        device.ProvisionedCertificate = null;
        device.AdminDigestHa1 = null;
        call.State.ResetProvisioningData();
        device.Apply(LifecycleEvent.Unprovisioned, "Unprovision");
        return WsmanResult.Output(0);
    }
}
