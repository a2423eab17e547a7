using System.Buffers.Binary;
using System.Text;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Firmware.Tests.Wsman;

/// <summary>
/// Issue 15 item 1: the classes a console reads after activation, answered as real AMT does
/// (values from go-wsman-messages' recorded responses; docs/wsman.md cites each).
/// </summary>
public class PostActivationClassesTests
{
    private static (AmtDevice Device, WsmanTestClient Client) Activated()
    {
        var (device, _) = TestDevices.Create(firmware: "16.1.25.2124");
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        return (device, TestDevices.Client(device));
    }

    private static string Prop(System.Xml.Linq.XElement item, string name) => item.Elements().First(e => e.Name.LocalName == name).Value;

    // Issue 15: CIM_ComputerSystemPackage answered 400; consoles read the PlatformGUID from it.
    [Fact]
    public void Get_ComputerSystemPackage_PlatformGuidIsTheUuidInSmbiosOrder()
    {
        var (device, client) = Activated();

        var reply = client.Get("CIM_ComputerSystemPackage");

        Assert.Equal(200, reply.Status);
        Assert.Equal(Convert.ToHexString(device.Identity.Uuid.ToByteArray()), reply.Text("PlatformGUID"));
        Assert.Equal("4B529B93D413181DE4871C697A6B7A2B", reply.Text("PlatformGUID"));
        Assert.Contains("CIM_Chassis", reply.Texts("Selector"));
    }

    [Theory]
    [InlineData("CIM_ComputerSystem", "Name", "ManagedSystem")]
    [InlineData("CIM_Chassis", "Tag", "CIM_Chassis")]
    [InlineData("CIM_Card", "ElementName", "Managed System Base Board")]
    [InlineData("CIM_Processor", "Role", "Central")]
    [InlineData("CIM_Chip", "ElementName", "Managed System Processor Chip")]
    [InlineData("CIM_PhysicalMemory", "ElementName", "Managed System Memory Chip")]
    [InlineData("CIM_MediaAccessDevice", "DeviceID", "MEDIA DEV 0")]
    [InlineData("CIM_BIOSElement", "Name", "Primary BIOS")]
    public void EnumeratePull_InventoryClass_ReturnsItsInstances(string className, string property, string value)
    {
        var (_, client) = Activated();

        var (items, _) = client.EnumerateAll(className);

        Assert.NotEmpty(items);
        Assert.Equal(value, Prop(items[0], property));
    }

    [Fact]
    public void Get_BiosElement_ReleaseDateIsACimDatetimeInTheCommonSchema()
    {
        var (_, client) = Activated();

        var reply = client.Get("CIM_BIOSElement");

        var datetime = reply.Document.Descendants(System.Xml.Linq.XName.Get("Datetime", WsmanNamespaces.CimCommon)).Single();
        Assert.Equal("2020-08-10T00:00:00Z", datetime.Value);
        Assert.Equal("ReleaseDate", datetime.Parent!.Name.LocalName);
    }

    [Fact]
    public void Inventory_SameSeed_SameSerials_OtherSeed_OtherSerials()
    {
        Assert.Equal(HardwareInventory.For(7) with { Memory = [] }, HardwareInventory.For(7) with { Memory = [] });
        Assert.Equal(HardwareInventory.For(7).Memory, HardwareInventory.For(7).Memory);
        Assert.NotEqual(HardwareInventory.For(7).ChassisSerial, HardwareInventory.For(8).ChassisSerial);
    }

    [Theory]
    [InlineData("CIM_SystemPackaging", "CIM_ComputerSystemPackage")]
    [InlineData("CIM_PhysicalPackage", "CIM_Card")]
    [InlineData("CIM_ServiceAvailableToElement", "CIM_AssociatedPowerManagementService")]
    public void EnumeratePull_AssociationOrSuperclass_ItemsAreTheSubclass(string className, string itemClass)
    {
        var (_, client) = Activated();
        var context = client.Enumerate(className).Text("EnumerationContext")!;

        var page = client.Pull(className, context, 10);

        Assert.Single(page.Document.Descendants(), e => e.Name.LocalName == itemClass && e.Parent?.Name.LocalName == "Items");
    }

    [Fact]
    public void Power_OnThenOffThenOn_StateAndAvailableStatesFollow()
    {
        var (device, client) = Activated();
        var on = client.EnumerateAll("CIM_AssociatedPowerManagementService").Items.Single();

        var off = client.Invoke("CIM_PowerManagementService", "RequestPowerStateChange", ("PowerState", "8"), ("ManagedElement", WsmanTestClient.Reference("CIM_ComputerSystem", "Name", "ManagedSystem")));
        var afterOff = client.EnumerateAll("CIM_AssociatedPowerManagementService").Items.Single();
        var osPowerWhenOff = client.Get("IPS_PowerManagementService").Text("OSPowerSavingState");
        var offAgain = client.Invoke("CIM_PowerManagementService", "RequestPowerStateChange", ("PowerState", "8"));
        var up = client.Invoke("CIM_PowerManagementService", "RequestPowerStateChange", ("PowerState", "2"));

        Assert.Equal("2", Prop(on, "PowerState"));
        Assert.Equal(["10", "8", "5", "11", "4", "7", "14", "12"], on.Elements().Where(e => e.Name.LocalName == "AvailableRequestedPowerStates").Select(e => e.Value));
        Assert.Equal(0u, off.ReturnValue);
        Assert.Equal("8", Prop(afterOff, "PowerState"));
        Assert.Equal("3", osPowerWhenOff);
        Assert.Equal(2u, offAgain.ReturnValue);
        Assert.Equal(0u, up.ReturnValue);
        Assert.Equal(HostPower.On, device.WsmanState.Power.State);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("x")]
    public void RequestPowerStateChange_NoPowerState_InvalidParameter(string state)
    {
        var (_, client) = Activated();

        Assert.Equal(5u, client.Invoke("CIM_PowerManagementService", "RequestPowerStateChange", ("PowerState", state)).ReturnValue);
    }

    [Fact]
    public void RequestPowerStateChange_BeforeActivation_AccessDenied()
    {
        var (device, _) = TestDevices.Create();

        var reply = TestDevices.Client(device).Invoke("CIM_PowerManagementService", "RequestPowerStateChange", ("PowerState", "8"));

        Assert.Equal((400, "e:AccessDenied"), (reply.Status, reply.Subcode));
        Assert.Equal(HostPower.On, device.WsmanState.Power.State);
    }

    [Fact]
    public void Boot_CapabilitiesSettingsServiceAndOrder_AsRealAmt()
    {
        var (_, client) = Activated();

        var capabilities = client.Get("AMT_BootCapabilities");
        var put = client.Put("AMT_BootSettingData", "<r:BIOSSetup>true</r:BIOSSetup><r:InstanceID>Intel(r) AMT:BootSettingData 0</r:InstanceID>");
        var role = client.Invoke("CIM_BootService", "SetBootConfigRole", ("BootConfigSetting", WsmanTestClient.Reference("CIM_BootConfigSetting", "InstanceID", "Intel(r) AMT: Boot Configuration 0")), ("Role", "1"));
        var order = client.Invoke("CIM_BootConfigSetting", "ChangeBootOrder", ("Source", WsmanTestClient.Reference("CIM_BootSourceSetting", "InstanceID", "Intel(r) AMT: Force PXE Boot")));
        var badOrder = client.Invoke("CIM_BootConfigSetting", "ChangeBootOrder", ("Source", WsmanTestClient.Reference("CIM_BootSourceSetting", "InstanceID", "Floppy")));

        Assert.Equal(("true", "true"), (capabilities.Text("ForcePXEBoot"), capabilities.Text("SOL")));
        Assert.Equal("true", put.Text("BIOSSetup"));
        Assert.Equal("true", client.Get("AMT_BootSettingData").Text("BIOSSetup"));
        Assert.Equal((0u, 0u, 4u), (role.ReturnValue, order.ReturnValue, badOrder.ReturnValue));
        Assert.Equal("Intel(r) AMT Boot Service", client.Get("CIM_BootService").Text("Name"));
    }

    [Fact]
    public void AuditLog_AfterProvisioningAndPowerAction_ReadRecordsDecodesAsMeshCentralReadsThem()
    {
        var (device, client) = Activated();
        client.Invoke("CIM_PowerManagementService", "RequestPowerStateChange", ("PowerState", "10"));

        var log = client.Get("AMT_AuditLog");
        var read = client.Invoke("AMT_AuditLog", "ReadRecords", ("StartIndex", "1"));

        Assert.Equal("2", log.Text("CurrentNumberOfRecords"));
        Assert.Equal((0u, "2", "2"), (read.ReturnValue, read.Text("TotalRecordCount"), read.Text("RecordsReturned")));
        var records = read.Texts("EventRecords").Select(Convert.FromBase64String).ToList();
        Assert.Equal([(16, 1), (17, 3)], records.Select(r => ((int)BinaryPrimitives.ReadUInt16BigEndian(r), (int)BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(2)))));
        var first = records[0];
        Assert.Equal(2, first[4]); // initiator: local (no Digest user in this test)
        Assert.Equal((uint)device.Clock.Now.ToUnixTimeSeconds(), BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(5)));
        Assert.Equal([2, 0, 0], first[9..]); // no address, no extended data
        Assert.Equal("0", client.Invoke("AMT_AuditLog", "ReadRecords", ("StartIndex", "3")).Text("RecordsReturned"));
    }

    [Fact]
    public void AuditEvent_DigestInitiatorAndAddress_EncodedWithLengths()
    {
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        var bytes = new AmtAuditEvent(16, 10, "admin", "10.0.0.5", at, [7]).Encode();

        Assert.Equal([0, 16, 0, 10, 0, 5, .. "admin"u8.ToArray()], bytes[..11]);
        Assert.Equal((uint)at.ToUnixTimeSeconds(), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(11)));
        Assert.Equal([0, 8, .. "10.0.0.5"u8.ToArray(), 1, 7], bytes[15..]);
    }

    [Fact]
    public void OptIn_StartThenRightCode_ConsentGranted()
    {
        var (device, client) = Activated();

        var start = client.Invoke("IPS_OptInService", "StartOptIn");
        var displayed = client.Get("IPS_OptInService").Text("OptInState");
        var code = device.WsmanState.OptIn.DisplayedCode!;
        var send = client.Invoke("IPS_OptInService", "SendOptInCode", ("OptInCode", code));

        Assert.Equal((0u, "2", 0u), (start.ReturnValue, displayed, send.ReturnValue));
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal("3", client.Get("IPS_OptInService").Text("OptInState"));
        Assert.Equal(0u, client.Invoke("IPS_OptInService", "CancelOptIn").ReturnValue);
        Assert.Equal("0", client.Get("IPS_OptInService").Text("OptInState"));
    }

    [Fact]
    public void OptIn_ThreeWrongCodes_SessionEnds()
    {
        var (device, client) = Activated();
        client.Invoke("IPS_OptInService", "StartOptIn");
        var wrong = device.WsmanState.OptIn.DisplayedCode == "000000" ? "000001" : "000000";

        var codes = Enumerable.Range(0, 3).Select(_ => client.Invoke("IPS_OptInService", "SendOptInCode", ("OptInCode", wrong)).ReturnValue).ToList();

        Assert.Equal([2066u, 2066u, 2066u], codes);
        Assert.Equal(OptInSession.NotStarted, device.WsmanState.OptIn.State);
        Assert.Equal(2u, client.Invoke("IPS_OptInService", "SendOptInCode", ("OptInCode", wrong)).ReturnValue);
    }

    // Issue 15: real devices also return the wireless port, "Settings 1".
    [Fact]
    public void EnumeratePull_EthernetPortSettings_WiredThenWireless()
    {
        var (_, client) = Activated();

        var (items, _) = client.EnumerateAll("AMT_EthernetPortSettings");

        Assert.Equal(["Intel(r) AMT Ethernet Port Settings 0", "Intel(r) AMT Ethernet Port Settings 1"], items.Select(i => Prop(i, "InstanceID")));
        Assert.Equal(("3", "false"), (Prop(items[1], "PhysicalConnectionType"), Prop(items[1], "LinkIsUp")));
    }
}
