using System.Globalization;

namespace AmtSim.Protocol.Wsman;

/// <summary>The header fields of one reply: action, the request's MessageID it relates to, the reply's MessageID, the resource.</summary>
public readonly record struct WsmanReplyHeader(string Action, string RelatesTo, string MessageId, string? ResourceUri);

/// <summary>
/// Writes replies as AMT does (amt-reference.md §5): an XML declaration, then one line with
/// prefixes a: SOAP, b: addressing, c: wsman, d: trust, e: wsse, f: cimbinding, g: the class or
/// WS-Enumeration, h: the class inside a Pull, xsi. Faults use AMT's other prefix set.
/// </summary>
public static class WsmanResponseWriter
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    /// <summary>AMT's reply MessageID for a counter value: uuid:00000000-8086-8086-8086-0000000568D0.</summary>
    public static string MessageIdFor(long counter) => "uuid:00000000-8086-8086-8086-" + counter.ToString("X12", CultureInfo.InvariantCulture);

    /// <summary>A Get reply; an instance with CIM datetimes also declares <c>h:</c> as the common schema, as real AMT does.</summary>
    public static byte[] GetResponse(WsmanReplyHeader header, WsmanInstance instance)
        => Write(header, instance.ResourceUri, HasDatetime([instance]) ? WsmanNamespaces.CimCommon : null, w => WriteInstance(w, "g", instance, "h"));

    public static byte[] PutResponse(WsmanReplyHeader header, WsmanInstance instance)
        => Write(header, instance.ResourceUri, HasDatetime([instance]) ? WsmanNamespaces.CimCommon : null, w => WriteInstance(w, "g", instance, "h"));

    private static bool HasDatetime(IReadOnlyList<WsmanInstance> instances) => instances.Any(i => i.Properties.Any(p => p.IsDatetime));

    public static byte[] EnumerateResponse(WsmanReplyHeader header, string context)
        => Write(header, WsmanNamespaces.Enumeration, null, w => w.Start("g:EnumerateResponse").Element("g:EnumerationContext", context).End("g:EnumerateResponse"));

    /// <summary>
    /// An optimized EnumerateResponse (wsman:OptimizeEnumeration): the first items in wsman:Items;
    /// <paramref name="nextContext"/> null means they were all (wsman:EndOfSequence, no context).
    /// </summary>
    public static byte[] OptimizedEnumerateResponse(WsmanReplyHeader header, string resourceUri, IReadOnlyList<WsmanInstance> items, string? nextContext)
        => Write(header, WsmanNamespaces.Enumeration, resourceUri, HasDatetime(items), w =>
        {
            w.Start("g:EnumerateResponse");
            if (nextContext is not null)
            {
                w.Element("g:EnumerationContext", nextContext);
            }

            w.Start("c:Items");
            foreach (var item in items)
            {
                WriteInstance(w, "h", item, "i");
            }

            w.End("c:Items");
            if (nextContext is null)
            {
                w.Empty("c:EndOfSequence");
            }

            w.End("g:EnumerateResponse");
        });

    /// <summary>A Pull page; <paramref name="nextContext"/> null means the last page (EndOfSequence, no context).</summary>
    public static byte[] PullResponse(WsmanReplyHeader header, string resourceUri, IReadOnlyList<WsmanInstance> items, string? nextContext)
        => Write(header, WsmanNamespaces.Enumeration, resourceUri, HasDatetime(items), w =>
        {
            w.Start("g:PullResponse");
            if (nextContext is not null)
            {
                w.Element("g:EnumerationContext", nextContext);
            }

            w.Start("g:Items");
            foreach (var item in items)
            {
                WriteInstance(w, "h", item, "i");
            }

            w.End("g:Items");
            if (nextContext is null)
            {
                w.Empty("g:EndOfSequence");
            }

            w.End("g:PullResponse");
        });

    public static byte[] ReleaseResponse(WsmanReplyHeader header)
        => Write(header, null, null, _ => { });

    /// <summary>A custom method's reply: &lt;g:Method_OUTPUT&gt; with the output properties (ReturnValue included) in order.</summary>
    public static byte[] InvokeResponse(WsmanReplyHeader header, string resourceUri, string method, IReadOnlyList<WsmanProperty> output)
        => Write(header, resourceUri, output.Any(p => p.IsDatetime) ? WsmanNamespaces.CimCommon : null, w =>
        {
            var element = "g:" + method + "_OUTPUT";
            w.Start(element);
            foreach (var property in output)
            {
                WriteProperty(w, "g", property, "h");
            }

            w.End(element);
        });

    public static byte[] CreateResponse(WsmanReplyHeader header, EndpointReference created)
        => Write(header, WsmanNamespaces.Transfer, null, w =>
        {
            w.Start("g:ResourceCreated");
            WriteReferenceContent(w, created);
            w.End("g:ResourceCreated");
        });

    public static byte[] DeleteResponse(WsmanReplyHeader header)
        => Write(header, null, null, _ => { });

    /// <summary>A SOAP fault in AMT's fault layout (no ResourceURI header).</summary>
    public static byte[] Fault(string relatesTo, string messageId, WsmanFault fault)
    {
        var w = new CompactXmlWriter(1400);
        w.Raw(Declaration)
         .Raw("<a:Envelope xmlns:g=\"").Raw(WsmanNamespaces.CimBinding)
         .Raw("\" xmlns:f=\"").Raw(WsmanNamespaces.Eventing)
         .Raw("\" xmlns:e=\"").Raw(WsmanNamespaces.Wsman)
         .Raw("\" xmlns:d=\"").Raw(WsmanNamespaces.Transfer)
         .Raw("\" xmlns:c=\"").Raw(WsmanNamespaces.Enumeration)
         .Raw("\" xmlns:b=\"").Raw(WsmanNamespaces.Addressing)
         .Raw("\" xmlns:a=\"").Raw(WsmanNamespaces.Soap)
         .Raw("\" xmlns:h=\"").Raw(WsmanNamespaces.Trust)
         .Raw("\" xmlns:i=\"").Raw(WsmanNamespaces.Wsse)
         .Raw("\" xmlns:xsi=\"").Raw(WsmanNamespaces.Xsi).Raw("\">");
        w.Start("a:Header")
         .Element("b:To", WsmanNamespaces.AnonymousRole)
         .Element("b:RelatesTo", relatesTo)
         .Start("b:Action", "a:mustUnderstand", "true").Text(fault.Action).End("b:Action")
         .Element("b:MessageID", messageId)
         .End("a:Header");
        w.Start("a:Body").Start("a:Fault")
         .Start("a:Code").Element("a:Value", fault.Code);
        if (fault.Subcode is { } subcode)
        {
            w.Start("a:Subcode").Element("a:Value", subcode).End("a:Subcode");
        }

        w.End("a:Code")
         .Start("a:Reason").Start("a:Text", "xml:lang", "en-US").Text(fault.Reason).End("a:Text").End("a:Reason")
         .Element("a:Detail", "")
         .End("a:Fault").End("a:Body").End("a:Envelope");
        return w.ToUtf8();
    }

    private static byte[] Write(WsmanReplyHeader header, string? gNamespace, string? hNamespace, Action<CompactXmlWriter> body)
        => Write(header, gNamespace, hNamespace, false, body);

    /// <param name="commonAsI">Declare <c>i:</c> as the common schema (Pull items with CIM datetimes; <c>h:</c> is the class there).</param>
    private static byte[] Write(WsmanReplyHeader header, string? gNamespace, string? hNamespace, bool commonAsI, Action<CompactXmlWriter> body)
    {
        var w = new CompactXmlWriter(2048);
        w.Raw(Declaration)
         .Raw("<a:Envelope xmlns:a=\"").Raw(WsmanNamespaces.Soap)
         .Raw("\" xmlns:b=\"").Raw(WsmanNamespaces.Addressing)
         .Raw("\" xmlns:c=\"").Raw(WsmanNamespaces.Wsman)
         .Raw("\" xmlns:d=\"").Raw(WsmanNamespaces.Trust)
         .Raw("\" xmlns:e=\"").Raw(WsmanNamespaces.Wsse)
         .Raw("\" xmlns:f=\"").Raw(WsmanNamespaces.CimBinding);
        if (gNamespace is not null)
        {
            w.Raw("\" xmlns:g=\"").Raw(gNamespace);
        }

        if (hNamespace is not null)
        {
            w.Raw("\" xmlns:h=\"").Raw(hNamespace);
        }

        if (commonAsI)
        {
            w.Raw("\" xmlns:i=\"").Raw(WsmanNamespaces.CimCommon);
        }

        w.Raw("\" xmlns:xsi=\"").Raw(WsmanNamespaces.Xsi).Raw("\">");
        w.Start("a:Header")
         .Element("b:To", WsmanNamespaces.AnonymousRole)
         .Element("b:RelatesTo", header.RelatesTo)
         .Start("b:Action", "a:mustUnderstand", "true").Text(header.Action).End("b:Action")
         .Element("b:MessageID", header.MessageId);
        if (header.ResourceUri is not null)
        {
            w.Element("c:ResourceURI", header.ResourceUri);
        }

        w.End("a:Header").Start("a:Body");
        body(w);
        w.End("a:Body").End("a:Envelope");
        return w.ToUtf8();
    }

    private static void WriteInstance(CompactXmlWriter w, string prefix, WsmanInstance instance, string commonPrefix)
    {
        var element = prefix + ":" + instance.ClassName;
        w.Start(element);
        foreach (var property in instance.Properties)
        {
            WriteProperty(w, prefix, property, commonPrefix);
        }

        w.End(element);
    }

    private static void WriteProperty(CompactXmlWriter w, string prefix, WsmanProperty property, string commonPrefix)
    {
        var element = prefix + ":" + property.Name;
        if (property.IsDatetime)
        {
            w.Start(element).Element(commonPrefix + ":Datetime", property.Value ?? "").End(element);
        }
        else if (property.Reference is { } reference)
        {
            w.Start(element);
            WriteReferenceContent(w, reference);
            w.End(element);
        }
        else
        {
            w.Element(element, property.Value ?? "");
        }
    }

    private static void WriteReferenceContent(CompactXmlWriter w, EndpointReference reference)
    {
        w.Element("b:Address", reference.Address)
         .Start("b:ReferenceParameters")
         .Element("c:ResourceURI", reference.ResourceUri)
         .Start("c:SelectorSet");
        foreach (var (name, value) in reference.Selectors)
        {
            w.Start("c:Selector", "Name", name).Text(value).End("c:Selector");
        }

        w.End("c:SelectorSet").End("b:ReferenceParameters");
    }
}
