using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml;

namespace AmtSim.Protocol.Wsman;

/// <summary>
/// A WS-Man request parsed from a SOAP 1.2 envelope: the addressing and WS-Management headers
/// and the body element. Bodies are complete when they arrive (the HTTP layer delimits them), so
/// parsing takes the whole body rather than resuming; it never resolves DTDs or entities.
/// </summary>
public sealed record WsmanRequest
{
    public required string Action { get; init; }

    /// <summary>wsman:ResourceURI, or null when the request has none.</summary>
    public string? ResourceUri { get; init; }

    public string? To { get; init; }

    /// <summary>wsa:MessageID as sent (MeshCentral sends a counter, others uuid:...); the reply's RelatesTo.</summary>
    public string? MessageId { get; init; }

    /// <summary>wsa:ReplyTo/wsa:Address.</summary>
    public string? ReplyTo { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> SelectorSet { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> OptionSet { get; init; } = [];

    /// <summary>wsen:EnumerationContext from a Pull or Release body.</summary>
    public string? EnumerationContext { get; init; }

    /// <summary>wsen:MaxElements from a Pull (or wsman:MaxElements from an optimized Enumerate).</summary>
    public int? MaxElements { get; init; }

    /// <summary>wsman:OptimizeEnumeration in an Enumerate body: the first items come back in the EnumerateResponse.</summary>
    public bool OptimizeEnumeration { get; init; }

    /// <summary>The first element inside soap:Body, or null for an empty body (Get, Delete).</summary>
    public WsmanElement? Body { get; init; }

    /// <summary>
    /// Header blocks marked mustUnderstand="true" (or "1") that the device does not process, as "{namespace}name";
    /// real AMT answers such a request with a soap:MustUnderstand fault.
    /// </summary>
    public IReadOnlyList<string> NotUnderstoodHeaders { get; init; } = [];

    /// <summary>The headers the device processes (WS-Addressing and the WS-Management headers AMT implements).</summary>
    public static IReadOnlySet<(string Namespace, string Name)> UnderstoodHeaders { get; } = new HashSet<(string, string)>
    {
        (WsmanNamespaces.Addressing, "Action"), (WsmanNamespaces.Addressing, "To"), (WsmanNamespaces.Addressing, "MessageID"),
        (WsmanNamespaces.Addressing, "ReplyTo"), (WsmanNamespaces.Addressing, "FaultTo"), (WsmanNamespaces.Addressing, "From"),
        (WsmanNamespaces.Wsman, "ResourceURI"), (WsmanNamespaces.Wsman, "SelectorSet"), (WsmanNamespaces.Wsman, "OptionSet"),
        (WsmanNamespaces.Wsman, "OperationTimeout"), (WsmanNamespaces.Wsman, "MaxEnvelopeSize"), (WsmanNamespaces.Wsman, "Locale"),
        (WsmanNamespaces.Wsman, "RequestEPR"), (WsmanNamespaces.Wsman, "RequestTotalItemsCountEstimate"),
    };

    /// <summary>The class name at the end of the resource URI, or "" without one.</summary>
    public string ClassName => ResourceUri is null ? "" : WsmanNamespaces.ClassNameOf(ResourceUri);

    public string? Selector(string name)
    {
        foreach (var (key, value) in SelectorSet)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Parses a complete body with the default limits.</summary>
    public static WsmanRequest Parse(ReadOnlySequence<byte> body) => Parse(body, WsmanXmlLimits.Default);

    /// <summary>Parses a complete body. Throws <see cref="WsmanParseException"/> saying what and where.</summary>
    public static WsmanRequest Parse(ReadOnlySequence<byte> body, WsmanXmlLimits limits)
    {
        if (body.Length > limits.MaxBodyBytes)
        {
            throw new WsmanParseException(WsmanParseError.TooLarge, $"body of {body.Length} bytes exceeds the limit of {limits.MaxBodyBytes} bytes");
        }

        if (body.IsEmpty)
        {
            throw new WsmanParseException(WsmanParseError.NotSoapEnvelope, "empty body");
        }

        var root = ReadTree(body, limits);
        return FromEnvelope(root);
    }

    public static WsmanRequest Parse(ReadOnlyMemory<byte> body, WsmanXmlLimits? limits = null)
        => Parse(new ReadOnlySequence<byte>(body), limits ?? WsmanXmlLimits.Default);

    internal static IReadOnlyList<KeyValuePair<string, string>> ReadSelectors(WsmanElement? selectorSet)
    {
        if (selectorSet is null)
        {
            return [];
        }

        var list = new List<KeyValuePair<string, string>>();
        foreach (var selector in selectorSet.ChildrenNamed("Selector"))
        {
            var name = selector.Attribute("Name");
            if (string.IsNullOrEmpty(name))
            {
                throw new WsmanParseException(WsmanParseError.InvalidValue, "wsman:Selector without a Name attribute");
            }

            var epr = selector.Child("EndpointReference");
            list.Add(new(name, epr is null ? selector.Text.Trim() : EndpointReference.FromElement(epr)?.ToString() ?? ""));
        }

        return list;
    }

    private static Stream OpenStream(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment && MemoryMarshal.TryGetArray(body.First, out var segment) && segment.Array is not null)
        {
            return new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false);
        }

        return new MemoryStream(body.ToArray(), writable: false);
    }

    private static WsmanElement ReadTree(ReadOnlySequence<byte> body, WsmanXmlLimits limits)
    {
        using var reader = XmlReader.Create(OpenStream(body), limits.CreateReaderSettings(shareNames: true));
        var info = (IXmlLineInfo)reader;
        var stack = new Stack<Builder>();
        var elements = 0;
        WsmanElement? root = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (root is not null)
                        {
                            throw new WsmanParseException(WsmanParseError.Malformed, "content after the root element", info.LineNumber, info.LinePosition);
                        }

                        if (++elements > limits.MaxElements)
                        {
                            throw new WsmanParseException(WsmanParseError.LimitExceeded, $"more than {limits.MaxElements} elements", info.LineNumber, info.LinePosition);
                        }

                        if (stack.Count >= limits.MaxDepth)
                        {
                            throw new WsmanParseException(WsmanParseError.LimitExceeded, $"elements nested deeper than {limits.MaxDepth}", info.LineNumber, info.LinePosition);
                        }

                        var builder = new Builder(reader.LocalName, reader.NamespaceURI);
                        if (reader.HasAttributes)
                        {
                            while (reader.MoveToNextAttribute())
                            {
                                if (reader.Prefix != "xmlns" && reader.LocalName != "xmlns")
                                {
                                    builder.SetAttribute(reader.LocalName, reader.Value);
                                }
                            }

                            reader.MoveToElement();
                        }

                        if (reader.IsEmptyElement)
                        {
                            Close(builder.Build());
                        }
                        else
                        {
                            stack.Push(builder);
                        }

                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.SignificantWhitespace:
                    case XmlNodeType.Whitespace:
                        if (stack.Count > 0)
                        {
                            stack.Peek().AppendText(reader.Value);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        Close(stack.Pop().Build());
                        break;
                    case XmlNodeType.DocumentType:
                    case XmlNodeType.EntityReference:
                        throw new WsmanParseException(WsmanParseError.DtdProhibited, "DTDs and entity references are not accepted", info.LineNumber, info.LinePosition);
                }
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new WsmanParseException(WsmanParseError.DtdProhibited, "the body contains a DTD (DOCTYPE); DTDs and entity declarations are not accepted, nothing was expanded", ex.LineNumber, ex.LinePosition, ex);
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharacters", StringComparison.Ordinal))
        {
            throw new WsmanParseException(WsmanParseError.LimitExceeded, "the document exceeds the character limit", ex.LineNumber, ex.LinePosition, ex);
        }
        catch (XmlException ex)
        {
            throw new WsmanParseException(WsmanParseError.Malformed, ex.Message, ex.LineNumber, ex.LinePosition, ex);
        }

        return root ?? throw new WsmanParseException(WsmanParseError.Malformed, "no root element");

        void Close(WsmanElement element)
        {
            if (stack.Count == 0)
            {
                root = element;
            }
            else
            {
                stack.Peek().AddChild(element);
            }
        }
    }

    private static WsmanRequest FromEnvelope(WsmanElement envelope)
    {
        if (envelope.LocalName != "Envelope" || envelope.NamespaceUri != WsmanNamespaces.Soap)
        {
            throw new WsmanParseException(WsmanParseError.NotSoapEnvelope, $"root element is {envelope}, expected {{{WsmanNamespaces.Soap}}}Envelope");
        }

        var header = envelope.Child("Header", WsmanNamespaces.Soap)
            ?? throw new WsmanParseException(WsmanParseError.NotSoapEnvelope, "Envelope has no soap:Header");
        var bodyElement = envelope.Child("Body", WsmanNamespaces.Soap)
            ?? throw new WsmanParseException(WsmanParseError.NotSoapEnvelope, "Envelope has no soap:Body");

        var action = header.Child("Action", WsmanNamespaces.Addressing)?.Text.Trim();
        if (string.IsNullOrEmpty(action))
        {
            throw new WsmanParseException(WsmanParseError.MissingHeader, "Envelope/Header has no wsa:Action");
        }

        var body = bodyElement.Children.Count > 0 ? bodyElement.Children[0] : null;
        string? context = null;
        int? maxElements = null;
        if (body is not null && body.NamespaceUri == WsmanNamespaces.Enumeration)
        {
            context = body.Child("EnumerationContext", WsmanNamespaces.Enumeration)?.Text.Trim();
            var max = body.Child("MaxElements", WsmanNamespaces.Enumeration) ?? body.Child("MaxElements", WsmanNamespaces.Wsman);
            if (max is not null)
            {
                if (!int.TryParse(max.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    throw new WsmanParseException(WsmanParseError.InvalidValue, $"Envelope/Body/{body.LocalName}/MaxElements '{max.Text.Trim()}' is not a positive integer");
                }

                maxElements = n;
            }
        }

        return new WsmanRequest
        {
            Action = action,
            ResourceUri = NullIfEmpty(header.Child("ResourceURI", WsmanNamespaces.Wsman)?.Text.Trim()),
            To = NullIfEmpty(header.Child("To", WsmanNamespaces.Addressing)?.Text.Trim()),
            MessageId = NullIfEmpty(header.Child("MessageID", WsmanNamespaces.Addressing)?.Text.Trim()),
            ReplyTo = NullIfEmpty(header.Child("ReplyTo", WsmanNamespaces.Addressing)?.ChildText("Address")),
            SelectorSet = ReadSelectors(header.Child("SelectorSet", WsmanNamespaces.Wsman)),
            OptionSet = ReadOptions(header.Child("OptionSet", WsmanNamespaces.Wsman)),
            EnumerationContext = NullIfEmpty(context),
            OptimizeEnumeration = body?.LocalName == "Enumerate" && body.Child("OptimizeEnumeration", WsmanNamespaces.Wsman) is not null,
            NotUnderstoodHeaders = [.. header.Children
                .Where(h => h.Attribute("mustUnderstand") is "true" or "1" && !UnderstoodHeaders.Contains((h.NamespaceUri, h.LocalName)))
                .Select(h => "{" + h.NamespaceUri + "}" + h.LocalName)],
            MaxElements = maxElements,
            Body = body,
        };
    }

    private static List<KeyValuePair<string, string>> ReadOptions(WsmanElement? optionSet)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (optionSet is null)
        {
            return list;
        }

        foreach (var option in optionSet.ChildrenNamed("Option"))
        {
            list.Add(new(option.Attribute("Name") ?? "", option.Text.Trim()));
        }

        return list;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>An element being read; attributes, text and children are allocated only when present.</summary>
    private sealed class Builder(string localName, string namespaceUri)
    {
        private static readonly Dictionary<string, string> NoAttributes = new(StringComparer.Ordinal);
        private Dictionary<string, string>? _attributes;
        private string _text = "";
        private System.Text.StringBuilder? _more;
        private List<WsmanElement>? _children;

        public void SetAttribute(string name, string value) => (_attributes ??= new(StringComparer.Ordinal))[name] = value;

        public void AppendText(string text)
        {
            if (_text.Length == 0 && _more is null)
            {
                _text = text;
            }
            else
            {
                (_more ??= new System.Text.StringBuilder(_text)).Append(text);
            }
        }

        public void AddChild(WsmanElement child) => (_children ??= []).Add(child);

        public WsmanElement Build() => new(localName, namespaceUri, _attributes ?? NoAttributes, _more?.ToString() ?? _text, _children ?? (IReadOnlyList<WsmanElement>)[]);
    }
}
