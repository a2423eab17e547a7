using System.Xml;
using System.Xml.Linq;
using AmtSim.Runtime.Errors;

namespace AmtSim.Protocol.Wsman;

/// <summary>One reply as a client reads it: the SOAP Body, or the fault's subcode and reason.</summary>
public sealed record WsmanResponse(XElement Body, string? FaultSubcode, string? FaultReason)
{
    public bool IsFault => FaultSubcode is not null || FaultReason is not null;

    /// <summary>The first element anywhere in the body with this local name (AMT's replies use several prefixes for one namespace).</summary>
    public XElement? Find(string localName) => Body.Descendants().FirstOrDefault(e => e.Name.LocalName == localName);

    /// <summary>The method's _OUTPUT element, or null.</summary>
    public XElement? Output(string method) => Body.Elements().FirstOrDefault(e => e.Name.LocalName == method + "_OUTPUT");
}

/// <summary>
/// Reads WS-Man replies, the client half of the codec (the device writes them with
/// <see cref="WsmanResponseWriter"/>). XML settings come from <see cref="WsmanXmlLimits"/>, the one
/// place that makes them: no DTD, no resolver, a size cap.
/// </summary>
public static class WsmanResponseReader
{
    /// <summary>Limits for replies: larger than a request (an enumeration of certificates), same safety.</summary>
    public static WsmanXmlLimits Limits { get; } = new() { MaxBodyBytes = 4 * 1024 * 1024 };

    /// <summary>Parses a reply; throws <see cref="WsmanReplyException"/> when it is too large, not XML or not a SOAP envelope.</summary>
    public static WsmanResponse Read(ReadOnlySpan<byte> reply)
        => reply.Length > Limits.MaxBodyBytes ? throw TooLarge(reply.Length) : Read(reply.ToArray());

    private static WsmanReplyException TooLarge(int length) => new(WsmanParseError.TooLarge, $"reply of {length} bytes is over the {Limits.MaxBodyBytes}-byte limit");

    /// <summary>Parses a reply held in an array (read in place, not copied); throws as <see cref="Read(ReadOnlySpan{byte})"/>.</summary>
    public static WsmanResponse Read(byte[] reply) => Read(new ReadOnlyMemory<byte>(reply));

    /// <summary>Parses a reply held in memory (read in place when an array backs it, as an HTTP response body); throws as <see cref="Read(ReadOnlySpan{byte})"/>.</summary>
    public static WsmanResponse Read(ReadOnlyMemory<byte> reply)
    {
        if (reply.Length > Limits.MaxBodyBytes)
        {
            throw TooLarge(reply.Length);
        }

        var array = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(reply, out var segment) ? segment : new ArraySegment<byte>(reply.ToArray());
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(array.Array!, array.Offset, array.Count, writable: false), Limits.CreateReaderSettings(shareNames: true));
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new WsmanReplyException(WsmanParseError.Malformed, ex.Message, ex);
        }

        XNamespace s = WsmanNamespaces.Soap;
        var body = doc.Root?.Element(s + "Body") ?? throw new WsmanReplyException(WsmanParseError.NotSoapEnvelope, "reply is not a SOAP envelope");
        if (body.Element(s + "Fault") is { } fault)
        {
            return new WsmanResponse(body, fault.Descendants(s + "Subcode").Elements(s + "Value").FirstOrDefault()?.Value, fault.Descendants(s + "Text").FirstOrDefault()?.Value);
        }

        return new WsmanResponse(body, null, null);
    }
}

/// <summary>A reply a client cannot read: <see cref="Error"/> says how, the message what.</summary>
public sealed class WsmanReplyException(WsmanParseError error, string message, Exception? inner = null)
    : InvalidInputException(message, inner ?? new InvalidOperationException(message))
{
    public WsmanParseError Error { get; } = error;
}
