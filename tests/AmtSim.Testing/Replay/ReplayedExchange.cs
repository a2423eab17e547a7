using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using AmtSim.Protocol.Http;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Testing.Replay;

/// <summary>What the device answered to one replayed request: the call (from the request) and the status, ReturnValue and fault (from the live response).</summary>
public sealed record ReplayedExchange(int Number, string Call, string ClassName, int Status, uint? ReturnValue, string? FaultSubcode, string ResponseBody)
{
    /// <summary>"n Call Class → status [ReturnValue r] [fault]": one line for failure messages.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Number} {Call} {ClassName} -> {Status}{(ReturnValue is { } r ? " ReturnValue " + r : "")}{(FaultSubcode is { } f ? " " + f : "")}");

    /// <summary>Parses the raw response bytes against the request they answer.</summary>
    public static ReplayedExchange From(int number, WsmanRequest? request, byte[] response)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(response));
        if (!HttpResponse.TryRead(ref reader, HttpLimits.Default, out var parsed))
        {
            throw new InvalidDataException($"exchange {number}: the response is not one complete HTTP response");
        }

        var (call, className) = Describe(request);
        var body = Encoding.UTF8.GetString(parsed.Body.Span);
        uint? returnValue = null;
        string? subcode = null;
        if (parsed.Headers["Content-Type"]?.StartsWith("application/soap+xml", StringComparison.Ordinal) == true && body.Length > 0)
        {
            using var xml = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var document = XDocument.Load(xml);
            var value = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "ReturnValue")?.Value;
            returnValue = value is null ? null : uint.Parse(value, CultureInfo.InvariantCulture);
            subcode = document.Descendants(XName.Get("Subcode", WsmanNamespaces.Soap)).FirstOrDefault()?.Value;
        }

        return new ReplayedExchange(number, call, className, parsed.StatusCode, returnValue, subcode, body);
    }

    /// <summary>The call name as StateRules names it (Get, Pull, a method) and the class.</summary>
    public static (string Call, string ClassName) Describe(WsmanRequest? request)
    {
        if (request is null)
        {
            return ("?", "?");
        }

        var slash = request.Action.LastIndexOf('/');
        return (slash < 0 ? request.Action : request.Action[(slash + 1)..], request.ClassName);
    }
}
