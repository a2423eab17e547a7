using System.Buffers;
using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Firmware.Tests.Wsman;

/// <summary>Builds request envelopes (in the shape MeshCentral-style clients send) and reads replies; talks to a <see cref="WsmanService"/> directly.</summary>
internal sealed class WsmanTestClient(WsmanService service, WsmanCaller caller)
{
    private int _messageId;

    public static WsmanCaller HttpAdmin { get; } = new("admin", "127.0.0.1:50000", OverTls: false, ClientCertificateAccepted: false);

    public static WsmanCaller TlsSetup { get; } = new("admin", "127.0.0.1:50001", OverTls: true, ClientCertificateAccepted: true);

    public WsmanService Service => service;

    public AmtDevice Device => service.Device;

    public static string Uri(string className) => WsmanNamespaces.ResourceUriOf(className);

    public static string Selectors(params (string Name, string Value)[] selectors)
        => selectors.Length == 0 ? "" : "<w:SelectorSet>" + string.Concat(selectors.Select(s => $"<w:Selector Name=\"{s.Name}\">{SecurityElement.Escape(s.Value)}</w:Selector>")) + "</w:SelectorSet>";

    /// <summary>An endpoint reference parameter value (Address + ReferenceParameters).</summary>
    public static string Reference(string className, string selectorName, string selectorValue)
        => $"<a:Address>/wsman</a:Address><a:ReferenceParameters><w:ResourceURI>{Uri(className)}</w:ResourceURI>{Selectors((selectorName, selectorValue))}</a:ReferenceParameters>";

    /// <summary>A request envelope from the one codec's writer; <paramref name="headers"/> (a SelectorSet, extra headers) go at the end of the Header.</summary>
    public string Envelope(string action, string resourceUri, string body, string headers = "")
        => Encoding.UTF8.GetString(WsmanRequestWriter.WriteTo(action, resourceUri, Interlocked.Increment(ref _messageId).ToString(CultureInfo.InvariantCulture), null, body, headers));

    public Reply Send(string envelope) => Send(Encoding.UTF8.GetBytes(envelope));

    public Reply Send(byte[] body)
    {
        // The web server's session layer starts a setup session before dispatch; this client skips the web server.
        if (caller.ClientCertificateAccepted && service.Device.State == ProvisioningState.Pre)
        {
            service.Device.Apply(LifecycleEvent.SetupSessionAccepted, "TLS setup session with an accepted provisioning certificate");
        }

        var reply = service.Handle(new ReadOnlySequence<byte>(body), caller);
        return new Reply(reply.HttpStatus, reply.Body);
    }

    public Reply Get(string className, params (string, string)[] selectors)
        => Send(Envelope(WsmanActions.Get, Uri(className), "", Selectors(selectors)));

    public Reply Put(string className, string properties, params (string, string)[] selectors)
        => Send(Envelope(WsmanActions.Put, Uri(className), $"<r:{className} xmlns:r=\"{Uri(className)}\">{properties}</r:{className}>", Selectors(selectors)));

    public Reply Create(string className, string properties)
        => Send(Envelope(WsmanActions.Create, Uri(className), $"<r:{className} xmlns:r=\"{Uri(className)}\">{properties}</r:{className}>"));

    public Reply Delete(string className, params (string, string)[] selectors)
        => Send(Envelope(WsmanActions.Delete, Uri(className), "", Selectors(selectors)));

    public Reply Enumerate(string className)
        => Send(Envelope(WsmanActions.Enumerate, Uri(className), $"<Enumerate xmlns=\"{WsmanNamespaces.Enumeration}\" />"));

    public Reply Pull(string className, string context, int? maxElements = null)
        => Send(Envelope(WsmanActions.Pull, Uri(className),
            $"<Pull xmlns=\"{WsmanNamespaces.Enumeration}\"><EnumerationContext>{context}</EnumerationContext>"
            + (maxElements is { } max ? $"<MaxElements>{max.ToString(CultureInfo.InvariantCulture)}</MaxElements><MaxCharacters>99999</MaxCharacters>" : "")
            + "</Pull>"));

    /// <summary>Enumerate then Pull with <paramref name="maxElements"/> until EndOfSequence; returns every item and every page.</summary>
    public (List<XElement> Items, List<Reply> Pages) EnumerateAll(string className, int maxElements = 999)
    {
        var enumerate = enumerateOk(Enumerate(className));
        var context = enumerate.Text("EnumerationContext")!;
        var items = new List<XElement>();
        var pages = new List<Reply>();
        for (var guard = 0; guard < 100; guard++)
        {
            var page = Pull(className, context, maxElements);
            Assert.Equal(200, page.Status);
            pages.Add(page);
            items.AddRange(page.Items(className));
            if (page.EndOfSequence)
            {
                return (items, pages);
            }

            context = page.Text("EnumerationContext")!;
        }

        throw new InvalidOperationException("enumeration never ended");

        static Reply enumerateOk(Reply r)
        {
            Assert.Equal(200, r.Status);
            return r;
        }
    }

    /// <summary>Invokes ResourceUri/method with the given parameters (values escaped unless they start with '&lt;').</summary>
    public Reply Invoke(string className, string method, params (string Name, string Value)[] parameters)
    {
        var uri = Uri(className);
        var input = string.Concat(parameters.Select(p => $"<r:{p.Name}>{(p.Value.StartsWith('<') ? p.Value : SecurityElement.Escape(p.Value))}</r:{p.Name}>"));
        return Send(Envelope(uri + "/" + method, uri, $"<r:{method}_INPUT xmlns:r=\"{uri}\">{input}</r:{method}_INPUT>"));
    }
}

/// <summary>A reply: HTTP status, the raw text and the parsed document.</summary>
internal sealed class Reply
{
    public Reply(int status, byte[] body)
    {
        Status = status;
        Raw = Encoding.UTF8.GetString(body);
        using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        Document = XDocument.Load(reader);
    }

    public int Status { get; }

    public string Raw { get; }

    public XDocument Document { get; }

    /// <summary>Text of the first element with this local name anywhere in the reply.</summary>
    public string? Text(string localName) => Document.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    public IEnumerable<string> Texts(string localName) => Document.Descendants().Where(e => e.Name.LocalName == localName).Select(e => e.Value);

    public uint ReturnValue => uint.Parse(Text("ReturnValue") ?? throw new InvalidOperationException("no ReturnValue in " + Raw), CultureInfo.InvariantCulture);

    public string? Subcode => Document.Descendants(XName.Get("Subcode", WsmanNamespaces.Soap)).FirstOrDefault()?.Value;

    public string? RelatesTo => Text("RelatesTo");

    public string? MessageId => Text("MessageID");

    public bool EndOfSequence => Document.Descendants(XName.Get("EndOfSequence", WsmanNamespaces.Enumeration)).Any();

    public IEnumerable<XElement> Items(string className) => Document.Descendants(XName.Get(className, WsmanNamespaces.ResourceUriOf(className)));

    public override string ToString() => $"{Status} {Raw}";
}
