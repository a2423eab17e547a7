using System.Globalization;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// CIM_SoftwareIdentity: one instance per firmware component, versions from the device's firmware profile (clients read
/// "AMT", "Sku", "Build Number"). Versions have three parts; the build is only in its own entries, as on real devices
/// (go-wsman-messages cim/software/identity/pull.xml; issue 15).
/// </summary>
public sealed class CimSoftwareIdentity : WsmanClass
{
    public override string ClassName => "CIM_SoftwareIdentity";

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var version = call.Device.Identity.Firmware.Version;
        var threePart = string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{version.Minor}.{version.Hotfix}");
        var build = version.Build.ToString(CultureInfo.InvariantCulture);
        return
        [
            Entry("Flash", threePart),
            Entry("Netstack", threePart),
            Entry("AMTApps", threePart),
            Entry("AMT", threePart),
            Entry("Sku", call.Device.Identity.Sku),
            Entry("VendorID", "8086"),
            Entry("Build Number", build),
            Entry("Recovery Version", threePart),
            Entry("Recovery Build Num", build),
            Entry("Legacy Mode", "False"),
            Entry("AMT FW Core Version", threePart),
        ];
    }

    private WsmanInstance Entry(string instanceId, string version)
        => Instance(WsmanProperty.Of("InstanceID", instanceId), WsmanProperty.Of("IsEntity", true), WsmanProperty.Of("VersionString", version));
}
