using System.Buffers;
using System.Diagnostics;
using System.Text;
using AmtSim.Protocol.Wsman;
using Xunit;
using static AmtSim.Protocol.Tests.Wsman.WsmanSamples;

namespace AmtSim.Protocol.Tests.Wsman;

public class WsmanRequestTests
{
    private static WsmanRequest Parse(string text, WsmanXmlLimits? limits = null) => WsmanRequest.Parse(Bytes(text), limits);

    [Fact]
    public void Parse_CounterStyleEnumerate_ReadsHeaders()
    {
        var request = Parse(CounterStyle(WsmanActions.Enumerate, GeneralSettingsUri, $"<Enumerate xmlns=\"{WsmanNamespaces.Enumeration}\" />", "7"));

        Assert.Equal(WsmanActions.Enumerate, request.Action);
        Assert.Equal(GeneralSettingsUri, request.ResourceUri);
        Assert.Equal("AMT_GeneralSettings", request.ClassName);
        Assert.Equal("/wsman", request.To);
        Assert.Equal("7", request.MessageId);
        Assert.Equal(WsmanNamespaces.AnonymousRole, request.ReplyTo);
        Assert.Equal("Enumerate", request.Body?.LocalName);
        Assert.Equal(WsmanNamespaces.Enumeration, request.Body?.NamespaceUri);
        Assert.Null(request.EnumerationContext);
    }

    [Fact]
    public void Parse_PrefixedStyleGetWithSelectors_ReadsSelectorsAndOptions()
    {
        var selectors = "    <wsman:SelectorSet><wsman:Selector Name=\"InstanceID\">AMT</wsman:Selector><wsman:Selector Name=\"Other\">x &amp; y</wsman:Selector></wsman:SelectorSet>\n";
        var request = Parse(PrefixedStyle(WsmanActions.Get, SoftwareIdentityUri, "", selectors));

        Assert.Equal(WsmanActions.Get, request.Action);
        Assert.Equal("uuid:8a9a3b4e-0d0c-4bd4-9f16-3d3a1c2b5e01", request.MessageId);
        Assert.Equal("AMT", request.Selector("InstanceID"));
        Assert.Equal("x & y", request.Selector("Other"));
        Assert.Equal(new KeyValuePair<string, string>("ShowExtensions", "true"), Assert.Single(request.OptionSet));
        Assert.Null(request.Body);
    }

    [Fact]
    public void Parse_PrefixedStyleMustUnderstandOnKnownHeaders_NothingNotUnderstood()
        => Assert.Empty(Parse(PrefixedStyle(WsmanActions.Get, SoftwareIdentityUri, "")).NotUnderstoodHeaders);

    // Issue 15: an unknown mustUnderstand="true" header was accepted silently.
    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    public void Parse_UnknownHeaderWithMustUnderstand_ListedOnlyWhenTrue(string mustUnderstand, bool listed)
    {
        var extra = $"<x:Trace xmlns:x=\"urn:example:trace\" xmlns:s=\"{WsmanNamespaces.Soap}\" s:mustUnderstand=\"{mustUnderstand}\">1</x:Trace>";

        var request = Parse(CounterStyle(WsmanActions.Get, GeneralSettingsUri, "", extraHeaders: extra));

        Assert.Equal(listed ? ["{urn:example:trace}Trace"] : [], request.NotUnderstoodHeaders);
    }

    [Fact]
    public void Parse_PullBody_ReadsContextAndMaxElements()
    {
        var body = $"<Pull xmlns=\"{WsmanNamespaces.Enumeration}\"><EnumerationContext>02000000-0000-0000-0000-000000000000</EnumerationContext><MaxElements>999</MaxElements><MaxCharacters>99999</MaxCharacters></Pull>";
        var request = Parse(CounterStyle(WsmanActions.Pull, SoftwareIdentityUri, body));

        Assert.Equal("02000000-0000-0000-0000-000000000000", request.EnumerationContext);
        Assert.Equal(999, request.MaxElements);
    }

    [Fact]
    public void Parse_OptimizedEnumerate_ReadsFlagAndWsmanMaxElements()
    {
        var body = "<wsen:Enumerate><wsman:OptimizeEnumeration /><wsman:MaxElements>512</wsman:MaxElements></wsen:Enumerate>";
        var request = Parse(PrefixedStyle(WsmanActions.Enumerate, SoftwareIdentityUri, body));

        Assert.True(request.OptimizeEnumeration);
        Assert.Equal(512, request.MaxElements);
        Assert.False(Parse(CounterStyle(WsmanActions.Enumerate, SoftwareIdentityUri, $"<Enumerate xmlns=\"{WsmanNamespaces.Enumeration}\" />")).OptimizeEnumeration);
    }

    [Fact]
    public void Parse_InvokeBody_ReadsInputParameters()
    {
        var body = $"<r:AddNextCertInChain_INPUT xmlns:r=\"{HostBasedUri}\"><r:NextCertificate>\n  TUlJ\n</r:NextCertificate><r:IsLeafCertificate>true</r:IsLeafCertificate><r:IsRootCertificate>false</r:IsRootCertificate></r:AddNextCertInChain_INPUT>";
        var request = Parse(CounterStyle(HostBasedUri + "/AddNextCertInChain", HostBasedUri, body));

        Assert.Equal("AddNextCertInChain_INPUT", request.Body?.LocalName);
        Assert.Equal("TUlJ", request.Body?.ChildText("NextCertificate"));
        Assert.Equal("true", request.Body?.ChildText("IsLeafCertificate"));
    }

    [Fact]
    public void Parse_EndpointReferenceParameter_ReadsResourceAndSelectors()
    {
        var body = $"<r:GeneratePKCS10RequestEx_INPUT xmlns:r=\"http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicKeyManagementService\"><r:KeyPair><a:Address>/wsman</a:Address><a:ReferenceParameters><w:ResourceURI>http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicPrivateKeyPair</w:ResourceURI><w:SelectorSet><w:Selector Name=\"InstanceID\">Intel(r) AMT Key: Handle: 0</w:Selector></w:SelectorSet></a:ReferenceParameters></r:KeyPair></r:GeneratePKCS10RequestEx_INPUT>";
        var request = Parse(CounterStyle("http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicKeyManagementService/GeneratePKCS10RequestEx", "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_PublicKeyManagementService", body));

        var reference = EndpointReference.FromElement(request.Body!.Child("KeyPair")!);
        Assert.NotNull(reference);
        Assert.Equal("AMT_PublicPrivateKeyPair", reference.ClassName);
        Assert.Equal("Intel(r) AMT Key: Handle: 0", reference.Selector("InstanceID"));
        Assert.Equal("/wsman", reference.Address);
    }

    [Fact]
    public void Parse_BodySplitAcrossSegments_SameAsContiguous()
    {
        var bytes = Encoding.UTF8.GetBytes(PrefixedStyle(WsmanActions.Get, SoftwareIdentityUri, "", "<wsman:SelectorSet><wsman:Selector Name=\"InstanceID\">AMT</wsman:Selector></wsman:SelectorSet>"));
        var whole = WsmanRequest.Parse(bytes.AsMemory());
        foreach (var cut in new[] { 1, 17, bytes.Length / 2, bytes.Length - 1 })
        {
            var split = WsmanRequest.Parse(Segments(bytes, cut));
            Assert.Equal(whole.Action, split.Action);
            Assert.Equal(whole.ResourceUri, split.ResourceUri);
            Assert.Equal(whole.MessageId, split.MessageId);
            Assert.Equal(whole.SelectorSet, split.SelectorSet);
        }
    }

    [Fact]
    public void Parse_EveryProperPrefix_ThrowsWsmanParseException()
    {
        var bytes = Encoding.UTF8.GetBytes(CounterStyle(WsmanActions.Get, GeneralSettingsUri, ""));
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsMemory(0, length);
            Assert.Throws<WsmanParseException>(() => WsmanRequest.Parse(prefix));
        }
    }

    [Fact]
    public void Parse_ExternalEntity_RejectedWithoutReadingTheFile()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"amtsim-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "XXE-SECRET-MARKER");
        try
        {
            var body = $"<?xml version=\"1.0\"?><!DOCTYPE Envelope [<!ENTITY xxe SYSTEM \"file://{secret}\">]>"
                       + $"<Envelope xmlns=\"{WsmanNamespaces.Soap}\" xmlns:a=\"{WsmanNamespaces.Addressing}\"><Header><a:Action>&xxe;</a:Action></Header><Body/></Envelope>";

            var ex = Assert.Throws<WsmanParseException>(() => Parse(body));

            Assert.Equal(WsmanParseError.DtdProhibited, ex.Error);
            Assert.DoesNotContain("XXE-SECRET-MARKER", ex.ToString(), StringComparison.Ordinal);
            Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Parse_BillionLaughs_RejectedWithoutExpansion()
    {
        var dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">");
        }

        dtd.Append("]>");
        var body = "<?xml version=\"1.0\"?>" + dtd + $"<Envelope xmlns=\"{WsmanNamespaces.Soap}\"><Header/><Body>&lol9;</Body></Envelope>";
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<WsmanParseException>(() => Parse(body));

        Assert.Equal(WsmanParseError.DtdProhibited, ex.Error);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 10_000_000, "the entities must not have been expanded");
    }

    [Fact]
    public void Parse_BodyOverLimit_RejectedBeforeReading()
    {
        var limits = new WsmanXmlLimits { MaxBodyBytes = 1024 };
        var body = CounterStyle(WsmanActions.Get, GeneralSettingsUri, new string(' ', 2000));

        var ex = Assert.Throws<WsmanParseException>(() => Parse(body, limits));

        Assert.Equal(WsmanParseError.TooLarge, ex.Error);
        Assert.Contains("1024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingTooDeep_RejectedAsLimitExceeded()
    {
        var deep = string.Concat(Enumerable.Repeat("<x>", 100)) + string.Concat(Enumerable.Repeat("</x>", 100));
        var ex = Assert.Throws<WsmanParseException>(() => Parse(CounterStyle(WsmanActions.Get, GeneralSettingsUri, deep)));
        Assert.Equal(WsmanParseError.LimitExceeded, ex.Error);
    }

    [Fact]
    public void Parse_TooManyElements_RejectedAsLimitExceeded()
    {
        var many = string.Concat(Enumerable.Repeat("<x/>", 5000));
        var ex = Assert.Throws<WsmanParseException>(() => Parse(CounterStyle(WsmanActions.Get, GeneralSettingsUri, many)));
        Assert.Equal(WsmanParseError.LimitExceeded, ex.Error);
    }

    [Fact]
    public void Parse_MalformedXml_SaysLineAndPosition()
    {
        var ex = Assert.Throws<WsmanParseException>(() => Parse("<?xml version=\"1.0\"?>\n<Envelope>\n  <Header></Body>\n</Envelope>"));
        Assert.Equal(WsmanParseError.Malformed, ex.Error);
        Assert.Equal(3, ex.Line);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SoapElevenEnvelope_RejectedAsNotSoapEnvelope()
    {
        var ex = Assert.Throws<WsmanParseException>(() => Parse("<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Header/><Body/></Envelope>"));
        Assert.Equal(WsmanParseError.NotSoapEnvelope, ex.Error);
    }

    [Fact]
    public void Parse_MissingAction_RejectedAsMissingHeader()
    {
        var ex = Assert.Throws<WsmanParseException>(() => Parse($"<Envelope xmlns=\"{WsmanNamespaces.Soap}\"><Header/><Body/></Envelope>"));
        Assert.Equal(WsmanParseError.MissingHeader, ex.Error);
        Assert.Contains("wsa:Action", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaxElementsNotANumber_RejectedAsInvalidValue()
    {
        var body = $"<Pull xmlns=\"{WsmanNamespaces.Enumeration}\"><EnumerationContext>c</EnumerationContext><MaxElements>lots</MaxElements></Pull>";
        var ex = Assert.Throws<WsmanParseException>(() => Parse(CounterStyle(WsmanActions.Pull, SoftwareIdentityUri, body)));
        Assert.Equal(WsmanParseError.InvalidValue, ex.Error);
        Assert.Contains("MaxElements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WsmanParseException_IsAnInvalidInputException()
        => Assert.IsAssignableFrom<AmtSim.Runtime.Errors.InvalidInputException>(new WsmanParseException(WsmanParseError.Malformed, "x"));

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int cut)
    {
        var first = new Segment(bytes.AsMemory(0, cut));
        var last = first.Append(bytes.AsMemory(cut));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
