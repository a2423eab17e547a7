using System.Xml.Linq;
using AmtSim.Provisioning.Wsman;
using Xunit;

namespace AmtSim.Provisioning.Tests.Wsman;

public class WsmanClientTests
{
    [Fact]
    public void BuildEnvelope_Get_CarriesActionResourceMessageIdAndSelectors()
    {
        var bytes = WsmanClient.BuildEnvelope(WsmanUris.Get, WsmanUris.Resource("AMT_GeneralSettings"), 0x568D0, new Dictionary<string, string> { ["InstanceID"] = "a&b" }, null);
        var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        XNamespace s = WsmanUris.Soap, a = WsmanUris.Addressing, w = WsmanUris.Wsman;

        var header = doc.Root!.Element(s + "Header")!;
        Assert.Equal("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", header.Element(a + "Action")!.Value);
        Assert.Equal("http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings", header.Element(w + "ResourceURI")!.Value);
        Assert.Equal("uuid:00000000-8086-8086-8086-0000000568D0", header.Element(a + "MessageID")!.Value);
        Assert.Equal("a&b", header.Descendants(w + "Selector").Single(x => (string?)x.Attribute("Name") == "InstanceID").Value);
        Assert.Empty(doc.Root.Element(s + "Body")!.Elements());
    }

    [Theory]
    [InlineData("AMT_SetupAndConfigurationService", "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_SetupAndConfigurationService")]
    [InlineData("CIM_SoftwareIdentity", "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_SoftwareIdentity")]
    [InlineData("IPS_HostBasedSetupService", "http://intel.com/wbem/wscim/1/ips-schema/1/IPS_HostBasedSetupService")]
    public void Resource_ClassName_MapsToItsSchema(string className, string uri)
        => Assert.Equal(uri, WsmanUris.Resource(className));

    [Fact]
    public void Resource_UnknownPrefix_Throws()
        => Assert.Throws<ArgumentException>(() => WsmanUris.Resource("Win32_Process"));
}
