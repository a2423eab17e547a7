using System.Text;
using System.Xml.Linq;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Protocol.Tests.Wsman;

/// <summary>A request body is written straight into the envelope, as LINQ to XML would write it (issue 20).</summary>
public sealed class WsmanRequestBodyTests
{
    private static readonly XNamespace R = WsmanNamespaces.ResourceUriOf("AMT_PublicKeyManagementService");

    public static TheoryData<string> PlainBodies() =>
    [
        "instance",
        "method with endpoint reference",
        "enumerate",
        "pull",
        "escaped text",
        "empty elements",
        "element back in no namespace",
        "unicode",
    ];

    private static XElement Body(string name) => name switch
    {
        "instance" => WsmanRequestWriter.Instance("AMT_GeneralSettings", ("HostName", "host-01"), ("DomainName", "contoso.com"), ("PingResponseEnabled", true), ("IdleWakeTimeout", 65535)),
        "method with endpoint reference" => WsmanRequestWriter.MethodInput("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx", [("KeyPair", WsmanRequestWriter.EndpointReference("AMT_PublicKeyPrivateKeyPair", "InstanceID", "Intel(r) AMT Key: Handle: 0")), ("SigningAlgorithm", 1), ("NullSignedCertificateRequest", "MIIBIjAN")]),
        "enumerate" => new XElement(XNamespace.Get(WsmanNamespaces.Enumeration) + "Enumerate"),
        "pull" => new XElement(XNamespace.Get(WsmanNamespaces.Enumeration) + "Pull", new XElement(XNamespace.Get(WsmanNamespaces.Enumeration) + "EnumerationContext", "06000000-0000-0000-0000-000000000000"), new XElement(XNamespace.Get(WsmanNamespaces.Enumeration) + "MaxElements", 20)),
        "escaped text" => new XElement(R + "Text", new XAttribute("Name", "a&b<c>d\"e"), "x & y < z > w \" q ' end\tand\nline"),
        "empty elements" => new XElement(R + "Outer", new XElement(R + "Empty"), new XElement(R + "EmptyString", ""), new XAttribute("At", "")),
        "element back in no namespace" => new XElement(R + "Outer", new XElement("Plain", new XElement(R + "Inner", "v"))),
        "unicode" => new XElement(R + "Name", "Grüße 😀 ☃"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(PlainBodies))]
    public void Write_PlainBody_SameBytesAsLinqToXml(string name)
    {
        var body = Body(name);

        var written = WsmanRequestWriter.Write(WsmanActions.Put, "AMT_GeneralSettings", 7, null, body);
        var throughLinq = WsmanRequestWriter.WriteTo(WsmanActions.Put, WsmanNamespaces.ResourceUriOf("AMT_GeneralSettings"), WsmanRequestWriter.MessageIdFor(7), null, body.ToString(SaveOptions.DisableFormatting));

        Assert.Equal(Encoding.UTF8.GetString(throughLinq), Encoding.UTF8.GetString(written));
    }

    public static TheoryData<string> OtherBodies() =>
    [
        "prefixed",
        "namespaced attribute",
        "comment",
        "cdata",
        "carriage return",
        "line break in attribute",
    ];

    private static XElement Other(string name) => name switch
    {
        "prefixed" => new XElement(R + "Outer", new XAttribute(XNamespace.Xmlns + "r", R.NamespaceName), new XElement(R + "Inner", "v")),
        "namespaced attribute" => new XElement(R + "Outer", new XAttribute(XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance") + "nil", "true")),
        "comment" => new XElement(R + "Outer", new XComment("note"), "v"),
        "cdata" => new XElement(R + "Outer", new XCData("<raw>")),
        "carriage return" => new XElement(R + "Outer", "a\r\nb"),
        "line break in attribute" => new XElement(R + "Outer", new XAttribute("A", "1\n2")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(OtherBodies))]
    public void Write_BodyOutsideThePlainForm_WrittenByLinqToXml(string name)
    {
        var body = Other(name);

        var written = WsmanRequestWriter.Write(WsmanActions.Put, "AMT_GeneralSettings", 7, null, body);
        var throughLinq = WsmanRequestWriter.WriteTo(WsmanActions.Put, WsmanNamespaces.ResourceUriOf("AMT_GeneralSettings"), WsmanRequestWriter.MessageIdFor(7), null, body.ToString(SaveOptions.DisableFormatting));

        Assert.Equal(throughLinq, written);
        Assert.False(new CompactXmlWriter().TryElement(body));
    }

    [Fact]
    public void Write_Apostrophe_InAttribute_SameDocumentAsLinqToXml()
    {
        var body = new XElement(R + "Outer", new XAttribute("A", "it's"));

        var written = XDocument.Parse(Encoding.UTF8.GetString(WsmanRequestWriter.Write(WsmanActions.Put, "AMT_GeneralSettings", 7, null, body)));

        Assert.Equal("it's", written.Descendants(R + "Outer").Single().Attribute("A")!.Value);
    }
}
