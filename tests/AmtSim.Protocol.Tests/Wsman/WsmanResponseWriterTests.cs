using System.Text;
using System.Xml;
using System.Xml.Linq;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Protocol.Tests.Wsman;

public class WsmanResponseWriterTests
{
    private const string ClassUri = "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings";
    private static readonly WsmanReplyHeader Header = new(WsmanActions.GetResponse, "5", WsmanResponseWriter.MessageIdFor(0x568D0), ClassUri);

    private static XDocument Load(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }

    [Fact]
    public void MessageIdFor_Counter_FormatsLikeAmt()
        => Assert.Equal("uuid:00000000-8086-8086-8086-0000000568D0", WsmanResponseWriter.MessageIdFor(0x568D0));

    [Fact]
    public void GetResponse_Instance_IsOneLineWithAmtPrefixes()
    {
        var instance = new WsmanInstance(ClassUri, [WsmanProperty.Of("HostName", ""), WsmanProperty.Of("IdleWakeTimeout", 65535)]);
        var text = Encoding.UTF8.GetString(WsmanResponseWriter.GetResponse(Header, instance));

        Assert.DoesNotContain('\n', text);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a:Envelope xmlns:a=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:b=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" xmlns:c=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"", text, StringComparison.Ordinal);
        Assert.Contains($"xmlns:g=\"{ClassUri}\"", text, StringComparison.Ordinal);
        Assert.Contains("<b:RelatesTo>5</b:RelatesTo><b:Action a:mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse</b:Action><b:MessageID>uuid:00000000-8086-8086-8086-0000000568D0</b:MessageID>", text, StringComparison.Ordinal);
        Assert.Contains("<a:Body><g:AMT_GeneralSettings><g:HostName></g:HostName><g:IdleWakeTimeout>65535</g:IdleWakeTimeout></g:AMT_GeneralSettings></a:Body>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GetResponse_SpecialCharacters_UseOnlyPredefinedEntitiesAndRoundTrip()
    {
        var value = "a&b<c>d\"e'f";
        var instance = new WsmanInstance(ClassUri, [WsmanProperty.Of("HostName", value)]);
        var bytes = WsmanResponseWriter.GetResponse(Header, instance);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Contains("<g:HostName>a&amp;b&lt;c&gt;d\"e'f</g:HostName>", text, StringComparison.Ordinal);
        Assert.Equal(value, Load(bytes).Descendants(XName.Get("HostName", ClassUri)).Single().Value);
    }

    [Fact]
    public void PullResponse_LastPage_HasEndOfSequenceAndNoContext()
    {
        var items = new[] { new WsmanInstance(ClassUri, [WsmanProperty.Of("InstanceID", "x")]) };
        var text = Encoding.UTF8.GetString(WsmanResponseWriter.PullResponse(Header with { Action = WsmanActions.PullResponse }, ClassUri, items, null));

        Assert.Contains("<g:PullResponse><g:Items><h:AMT_GeneralSettings><h:InstanceID>x</h:InstanceID></h:AMT_GeneralSettings></g:Items><g:EndOfSequence></g:EndOfSequence></g:PullResponse>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("EnumerationContext", text, StringComparison.Ordinal);
        Assert.Contains($"xmlns:g=\"{WsmanNamespaces.Enumeration}\" xmlns:h=\"{ClassUri}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PullResponse_MorePages_HasContextAndNoEndOfSequence()
    {
        var items = new[] { new WsmanInstance(ClassUri, [WsmanProperty.Of("InstanceID", "x")]) };
        var text = Encoding.UTF8.GetString(WsmanResponseWriter.PullResponse(Header, ClassUri, items, "01000000-0000-0000-0000-000000000000"));

        Assert.Contains("<g:PullResponse><g:EnumerationContext>01000000-0000-0000-0000-000000000000</g:EnumerationContext><g:Items>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("EndOfSequence", text, StringComparison.Ordinal);
    }

    [Fact]
    public void InvokeResponse_ReferenceOutput_WritesEndpointReference()
    {
        var reference = EndpointReference.To("http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicPrivateKeyPair", "InstanceID", "Intel(r) AMT Key: Handle: 0");
        var serviceUri = "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicKeyManagementService";
        var bytes = WsmanResponseWriter.InvokeResponse(Header, serviceUri, "GenerateKeyPair", [WsmanProperty.Ref("KeyPair", reference), WsmanProperty.Of("ReturnValue", 0)]);
        var doc = Load(bytes);

        var output = doc.Descendants(XName.Get("GenerateKeyPair_OUTPUT", serviceUri)).Single();
        Assert.Equal("0", output.Element(XName.Get("ReturnValue", serviceUri))?.Value);
        var selector = output.Descendants(XName.Get("Selector", WsmanNamespaces.Wsman)).Single();
        Assert.Equal("InstanceID", selector.Attribute("Name")?.Value);
        Assert.Equal("Intel(r) AMT Key: Handle: 0", selector.Value);
    }

    [Fact]
    public void Fault_DestinationUnreachable_HasAmtFaultLayout()
    {
        var bytes = WsmanResponseWriter.Fault("3", WsmanResponseWriter.MessageIdFor(1), new WsmanFault(WsmanFaultKind.DestinationUnreachable, "unknown resource"));
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Contains("<b:Action a:mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2004/08/addressing/fault</b:Action>", text, StringComparison.Ordinal);
        Assert.Contains("<a:Code><a:Value>a:Sender</a:Value><a:Subcode><a:Value>b:DestinationUnreachable</a:Value></a:Subcode></a:Code>", text, StringComparison.Ordinal);
        Assert.Contains("<a:Text xml:lang=\"en-US\">No route can be determined to reach the destination role defined by the WSAddressing To.</a:Text>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ResourceURI", text, StringComparison.Ordinal);
        var subcode = Load(bytes).Descendants(XName.Get("Subcode", WsmanNamespaces.Soap)).Single().Value;
        Assert.Equal("b:DestinationUnreachable", subcode);
    }

    // Issue 15: real AMT sends soap:Detail empty; the detail stays in the device's audit trail.
    [Fact]
    public void Fault_WithDetail_WritesDetailEmpty()
    {
        var text = Encoding.UTF8.GetString(WsmanResponseWriter.Fault("3", WsmanResponseWriter.MessageIdFor(1), new WsmanFault(WsmanFaultKind.InvalidSelectors, "no remote access policy 'Alert'")));

        Assert.Contains("</a:Reason><a:Detail></a:Detail></a:Fault>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Alert", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fault_MustUnderstand_HasSoapCodeAndNoSubcode()
    {
        var bytes = WsmanResponseWriter.Fault("3", WsmanResponseWriter.MessageIdFor(1), new WsmanFault(WsmanFaultKind.MustUnderstand));
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Contains("<a:Code><a:Value>a:MustUnderstand</a:Value></a:Code>", text, StringComparison.Ordinal);
        Assert.Empty(Load(bytes).Descendants(XName.Get("Subcode", WsmanNamespaces.Soap)));
    }

    [Theory]
    [InlineData(WsmanFaultKind.AlreadyExists, "e:AlreadyExists", WsmanActions.WsmanFault)]
    [InlineData(WsmanFaultKind.InvalidParameter, "e:InvalidParameter", WsmanActions.WsmanFault)]
    [InlineData(WsmanFaultKind.ActionNotSupported, "b:ActionNotSupported", WsmanActions.AddressingFault)]
    [InlineData(WsmanFaultKind.InvalidEnumerationContext, "c:InvalidEnumerationContext", WsmanActions.EnumerationFault)]
    public void Fault_Kind_HasSubcodeAndAction(WsmanFaultKind kind, string subcode, string action)
    {
        var fault = new WsmanFault(kind);
        Assert.Equal(subcode, fault.Subcode);
        Assert.Equal(action, fault.Action);
        var doc = Load(WsmanResponseWriter.Fault("1", "uuid:x", fault));
        var prefix = subcode[..subcode.IndexOf(':', StringComparison.Ordinal)];
        var ns = doc.Root!.GetNamespaceOfPrefix(prefix)!.NamespaceName;
        Assert.Equal(kind switch
        {
            WsmanFaultKind.ActionNotSupported => WsmanNamespaces.Addressing,
            WsmanFaultKind.InvalidEnumerationContext => WsmanNamespaces.Enumeration,
            _ => WsmanNamespaces.Wsman,
        }, ns);
    }

    [Fact]
    public void Parse_WriterOutput_RoundTripsHeaderFields()
    {
        var bytes = WsmanResponseWriter.GetResponse(Header, new WsmanInstance(ClassUri, []));
        var request = WsmanRequest.Parse(bytes.AsMemory());
        Assert.Equal(WsmanActions.GetResponse, request.Action);
        Assert.Equal(Header.MessageId, request.MessageId);
        Assert.Equal(ClassUri, request.ResourceUri);
    }
}
