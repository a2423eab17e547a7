using System.Buffers;
using System.Text;
using System.Xml.Linq;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Protocol.Tests.Wsman;

/// <summary>
/// The one WS-Man codec, both ends (issue 13): what the client half writes the device half reads
/// back, and what the device half writes the client half reads back.
/// </summary>
public class WsmanCodecRoundTripTests
{
    [Fact]
    public void RequestWriter_GetWithSelector_DeviceReaderSeesActionResourceMessageIdAndSelector()
    {
        var bytes = WsmanRequestWriter.Write(WsmanActions.Get, "AMT_PublicPrivateKeyPair", 0x568D0, [new("InstanceID", "Intel(r) AMT Key: Handle: 0 & <1>")]);

        var request = WsmanRequest.Parse(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(WsmanActions.Get, request.Action);
        Assert.Equal("http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicPrivateKeyPair", request.ResourceUri);
        Assert.Equal("AMT_PublicPrivateKeyPair", request.ClassName);
        Assert.Equal("uuid:00000000-8086-8086-8086-0000000568D0", request.MessageId);
        Assert.Equal("Intel(r) AMT Key: Handle: 0 & <1>", request.Selector("InstanceID"));
        Assert.Equal("/wsman", request.To);
        Assert.Null(request.Body);
    }

    [Fact]
    public void RequestWriter_MethodWithEndpointReference_DeviceReaderSeesInputAndReference()
    {
        var input = WsmanRequestWriter.MethodInput("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx",
        [
            ("KeyPair", WsmanRequestWriter.EndpointReference("AMT_PublicPrivateKeyPair", "InstanceID", "Intel(r) AMT Key: Handle: 0")),
            ("SigningAlgorithm", 1),
        ]);
        var bytes = WsmanRequestWriter.Write(WsmanRequestWriter.MethodAction("AMT_PublicKeyManagementService", "GeneratePKCS10RequestEx"), "AMT_PublicKeyManagementService", 7, body: input);

        var request = WsmanRequest.Parse(new ReadOnlySequence<byte>(bytes));

        Assert.Equal("http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicKeyManagementService/GeneratePKCS10RequestEx", request.Action);
        var body = Assert.IsType<WsmanElement>(request.Body);
        Assert.Equal("GeneratePKCS10RequestEx_INPUT", body.LocalName);
        Assert.Equal("1", body.ChildText("SigningAlgorithm"));
        var keyPair = body.Child("KeyPair")!;
        Assert.Equal("Intel(r) AMT Key: Handle: 0", keyPair.Child("ReferenceParameters")!.Child("SelectorSet")!.Child("Selector")!.Text);
    }

    [Fact]
    public void ResponseReader_DeviceFault_ReadsSubcodeAndReason()
    {
        var bytes = WsmanResponseWriter.Fault("uuid:1", WsmanResponseWriter.MessageIdFor(2), new WsmanFault(WsmanFaultKind.DestinationUnreachable));

        var reply = WsmanResponseReader.Read(bytes);

        Assert.True(reply.IsFault);
        Assert.Equal("b:DestinationUnreachable", reply.FaultSubcode);
        Assert.False(string.IsNullOrEmpty(reply.FaultReason));
    }

    [Fact]
    public void ResponseReader_DeviceInvokeResponse_ReadsOutputAndReturnValue()
    {
        var header = new WsmanReplyHeader("http://intel.com/wbem/wscim/1/amt-schema/1/AMT_SetupAndConfigurationService/CommitChangesResponse", "uuid:1", WsmanResponseWriter.MessageIdFor(3), null);
        var bytes = WsmanResponseWriter.InvokeResponse(header, WsmanNamespaces.ResourceUriOf("AMT_SetupAndConfigurationService"), "CommitChanges", [WsmanProperty.Of("ReturnValue", "0")]);

        var reply = WsmanResponseReader.Read(bytes);

        Assert.False(reply.IsFault);
        Assert.Equal("0", reply.Output("CommitChanges")!.Elements().Single(e => e.Name.LocalName == "ReturnValue").Value);
    }

    [Theory]
    [InlineData("<html>401</html>", WsmanParseError.NotSoapEnvelope)]
    [InlineData("<Envelope", WsmanParseError.Malformed)]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", WsmanParseError.Malformed)]
    public void ResponseReader_NotAnEnvelope_ThrowsWithTheReason(string text, WsmanParseError error)
    {
        var ex = Assert.Throws<WsmanReplyException>(() => WsmanResponseReader.Read(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(error, ex.Error);
    }

    [Fact]
    public void ResponseReader_OverTheLimit_RefusedBeforeParsing()
    {
        var ex = Assert.Throws<WsmanReplyException>(() => WsmanResponseReader.Read(new byte[WsmanResponseReader.Limits.MaxBodyBytes + 1]));

        Assert.Equal(WsmanParseError.TooLarge, ex.Error);
    }

    [Fact]
    public void Instance_PropertiesInOrder_InTheClassNamespace()
    {
        var instance = WsmanRequestWriter.Instance("AMT_TLSSettingData", ("ElementName", "x"), ("Enabled", true));

        XNamespace r = "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_TLSSettingData";
        Assert.Equal(r + "AMT_TLSSettingData", instance.Name);
        Assert.Equal(["ElementName", "Enabled"], instance.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("true", instance.Element(r + "Enabled")!.Value);
    }
}
