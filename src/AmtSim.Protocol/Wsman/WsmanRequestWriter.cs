using System.Xml.Linq;

namespace AmtSim.Protocol.Wsman;

/// <summary>
/// Writes WS-Man request envelopes, the client half of the codec (the device reads them with
/// <see cref="WsmanRequest.Parse(System.Buffers.ReadOnlySequence{byte})"/>): SOAP 1.2 with the
/// addressing and wsman prefixes, Action, To, ResourceURI, MessageID, anonymous ReplyTo,
/// OperationTimeout, an optional SelectorSet, then the body. Every client AmtSim plays (the
/// service point, the agents, benchmarks and tests) writes its requests here.
/// </summary>
public static class WsmanRequestWriter
{
    /// <summary>The MessageID of the <paramref name="counter"/>-th request, in AMT's uuid form.</summary>
    public static string MessageIdFor(long counter) => WsmanResponseWriter.MessageIdFor(counter);

    /// <summary>A request for <paramref name="className"/>'s resource URI.</summary>
    /// <remarks>The body is written straight into the envelope as LINQ to XML would write it (<see cref="CompactXmlWriter.TryElement"/>); only a body outside that plain form goes through an XmlWriter.</remarks>
    public static byte[] Write(string action, string className, long messageId, IReadOnlyCollection<KeyValuePair<string, string>>? selectors = null, XElement? body = null)
    {
        var w = Envelope(action, WsmanNamespaces.ResourceUriOf(className), MessageIdFor(messageId), selectors, extraHeaders: null, 2048);
        if (body is not null && !w.TryElement(body))
        {
            w.Raw(body.ToString(SaveOptions.DisableFormatting));
        }

        return w.End("Body").End("Envelope").ToUtf8();
    }

    /// <summary>A request with an explicit resource URI, MessageID and body markup (already XML).</summary>
    public static byte[] WriteTo(string action, string resourceUri, string messageId, IReadOnlyCollection<KeyValuePair<string, string>>? selectors, string? bodyMarkup, string? extraHeaders = null)
    {
        var w = Envelope(action, resourceUri, messageId, selectors, extraHeaders, 1024 + (bodyMarkup?.Length ?? 0));
        if (bodyMarkup is not null)
        {
            w.Raw(bodyMarkup);
        }

        return w.End("Body").End("Envelope").ToUtf8();
    }

    /// <summary>The envelope up to and including the Body start tag.</summary>
    private static CompactXmlWriter Envelope(string action, string resourceUri, string messageId, IReadOnlyCollection<KeyValuePair<string, string>>? selectors, string? extraHeaders, int capacity)
    {
        var w = new CompactXmlWriter(capacity);
        w.Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
            .Raw("<Envelope xmlns=\"" + WsmanNamespaces.Soap + "\" xmlns:a=\"" + WsmanNamespaces.Addressing + "\" xmlns:w=\"" + WsmanNamespaces.Wsman + "\">")
            .Start("Header")
            .Element("a:Action", action)
            .Element("a:To", "/wsman")
            .Element("w:ResourceURI", resourceUri)
            .Element("a:MessageID", messageId)
            .Start("a:ReplyTo").Element("a:Address", WsmanNamespaces.AnonymousRole).End("a:ReplyTo")
            .Element("w:OperationTimeout", "PT60S");
        if (selectors is { Count: > 0 })
        {
            w.Start("w:SelectorSet");
            foreach (var (name, value) in selectors)
            {
                w.Start("w:Selector", "Name", name).Text(value).End("w:Selector");
            }

            w.End("w:SelectorSet");
        }

        if (extraHeaders is not null)
        {
            w.Raw(extraHeaders);
        }

        return w.End("Header").Start("Body");
    }

    /// <summary>The action URI of a method: the class's resource URI, '/', the method name.</summary>
    public static string MethodAction(string className, string method) => WsmanNamespaces.ResourceUriOf(className) + "/" + method;

    /// <summary>A method's input element: <c>&lt;r:Method_INPUT&gt;</c> in the class's namespace, one child per parameter (text, a number, or child elements such as an endpoint reference).</summary>
    public static XElement MethodInput(string className, string method, IEnumerable<(string Name, object Value)> parameters)
    {
        XNamespace r = WsmanNamespaces.ResourceUriOf(className);
        return new XElement(r + (method + "_INPUT"), parameters.Select(p => new XElement(r + p.Name, p.Value)));
    }

    /// <summary>An instance body (for Put and Create): <c>&lt;r:Class&gt;</c> with one child per property, in order.</summary>
    public static XElement Instance(string className, params (string Name, object Value)[] properties)
    {
        XNamespace r = WsmanNamespaces.ResourceUriOf(className);
        return new XElement(r + className, properties.Select(p => new XElement(r + p.Name, p.Value)));
    }

    /// <summary>An endpoint reference's children (Address, ReferenceParameters with ResourceURI and one selector), as AMT methods take them.</summary>
    public static XElement[] EndpointReference(string className, string selectorName, string selectorValue)
    {
        XNamespace a = WsmanNamespaces.Addressing, w = WsmanNamespaces.Wsman;
        return
        [
            new XElement(a + "Address", "/wsman"),
            new XElement(a + "ReferenceParameters",
                new XElement(w + "ResourceURI", WsmanNamespaces.ResourceUriOf(className)),
                new XElement(w + "SelectorSet", new XElement(w + "Selector", new XAttribute("Name", selectorName), selectorValue))),
        ];
    }
}
