using AmtSim.Firmware.Device;
using AmtSim.Firmware.Host;
using AmtSim.Firmware.Wsman.Classes;
using AmtSim.Protocol.Wsman;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Firmware.Tests.Host;

/// <summary>The MEI facts a host reads (issue 14 item 1).</summary>
public class DeviceHostInterfaceTests
{
    [Fact]
    public void CodeVersions_Amt16_SplitsVersionBuildAndSku()
    {
        var mei = new DeviceHostInterface(WebTestDevices.Create("16.1.25.2124", withCertificate: false));

        Assert.Equal(new HostCodeVersions("16.1.25", "2124", "16392"), mei.GetCodeVersions());
    }

    // The Digest side (the device accepts $$OsAdmin with this password) is proven end to end by RpcAgentTests.
    [Fact]
    public void LocalSystemAccount_IsTheDevicesOwnPassword()
    {
        var device = WebTestDevices.Create(withCertificate: false);
        device.LocalSystemPassword = LocalSystemPasswords.For(42);

        var account = new DeviceHostInterface(device).GetLocalSystemAccount();

        Assert.Equal(("$$OsAdmin", LocalSystemPasswords.For(42)), (account.Username, account.Password));
    }

    [Fact]
    public void LocalSystemPasswords_SameSeedSamePassword_OtherSeedOther_AndMeetAmtRules()
    {
        var passwords = Enumerable.Range(0, 200).Select(LocalSystemPasswords.For).ToList();

        Assert.Equal(passwords, Enumerable.Range(0, 200).Select(LocalSystemPasswords.For));
        Assert.Equal(200, passwords.Distinct(StringComparer.Ordinal).Count());
        Assert.All(passwords, p => Assert.True(p.Any(char.IsUpper) && p.Any(char.IsLower) && p.Any(char.IsDigit) && p.Any(c => !char.IsLetterOrDigit(c)), p));
    }

    [Fact]
    public void CertificateHashes_EveryTableEntryInOrder_LowerCaseHex()
    {
        var device = WebTestDevices.Create(withCertificate: false);

        var hashes = new DeviceHostInterface(device).GetCertificateHashes();

        Assert.Equal(device.HashTable.Select(h => h.Hex.ToLowerInvariant()), hashes.Select(h => h.Hash));
        Assert.All(hashes, h => Assert.Equal("SHA256", h.Algorithm));
        Assert.Equal(device.HashTable.Select(h => (h.Name, h.IsDefault, h.IsActive)), hashes.Select(h => (h.Name, h.IsDefault, h.IsActive)));
    }

    [Fact]
    public void ControlModeAndSuffix_FollowTheDevice()
    {
        var device = WebTestDevices.Create(withCertificate: false);
        var mei = new DeviceHostInterface(device);
        Assert.Equal((ControlMode.None, ""), (mei.GetControlMode(), mei.GetDnsSuffix()));

        device.Apply(LifecycleEvent.HostBasedSetupClient, "test");
        device.Network.PkiDnsSuffix = "contoso.com";

        Assert.Equal((ControlMode.Client, "contoso.com"), (mei.GetControlMode(), mei.GetDnsSuffix()));
    }

    [Fact]
    public void LocalTlsEnforced_OnceTheLmsTlsSettingIsEnabled_LmsUsesTheTlsPort()
    {
        var device = WebTestDevices.Create(withCertificate: false);
        var host = new HostMachine(device, 16992, 16993);
        Assert.Equal((false, 16992), (host.Mei.IsLocalTlsEnforced(), host.Lms.Port));

        device.WsmanState.TlsSettings[AmtTlsSettingData.Local] = [WsmanProperty.Of("InstanceID", AmtTlsSettingData.Local), WsmanProperty.Of("Enabled", true)];

        Assert.Equal((true, 16993), (host.Mei.IsLocalTlsEnforced(), host.Lms.Port));
    }
}
