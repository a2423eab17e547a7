using System.Globalization;
using System.Net;
using System.Xml.Linq;
using AmtSim.Protocol.Wsman;
using AmtSim.Runtime.Profiling;

namespace AmtSim.Provisioning.Wsman;

/// <summary>
/// A WS-Management client for AMT, as provisioning servers use it: Get, Put, Create, Enumerate/Pull
/// and method invocation over one keep-alive HTTP connection (plain or on a TLS stream) with AMT's
/// Digest auth (<see cref="DigestHttpConnection"/>). Requests are written and replies read by the one WS-Man
/// codec (<see cref="WsmanRequestWriter"/>, <see cref="WsmanResponseReader"/>).
/// </summary>
public sealed class WsmanClient : IDisposable
{
    private const string Path = "/wsman";

    private readonly DigestHttpConnection _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _exchangeTimeout;
    private int _messageId;

    /// <summary>How long one exchange may wait for the device's answer when no other timeout is given. [I]</summary>
    public static readonly TimeSpan DefaultExchangeTimeout = TimeSpan.FromSeconds(60);

    /// <param name="connect">Opens the transport (a socket stream, or a TLS session stream) to the device.</param>
    /// <param name="host">Host name for the request URI and Host header (the device FQDN or address).</param>
    /// <param name="port">16992 or 16993.</param>
    /// <param name="credential">Digest credentials (e.g. admin with an empty password in setup mode).</param>
    /// <param name="time">The clock the exchange timeout runs on (the run's virtual clock in scenarios); the system clock by default.</param>
    /// <param name="exchangeTimeout">How long one request may wait for its answer (<see cref="DefaultExchangeTimeout"/>); a request past it fails with a <see cref="WsmanException"/>.</param>
    public WsmanClient(Func<CancellationToken, ValueTask<Stream>> connect, string host, int port, NetworkCredential credential, TimeProvider? time = null, TimeSpan? exchangeTimeout = null)
    {
        _time = time ?? TimeProvider.System;
        _exchangeTimeout = exchangeTimeout ?? DefaultExchangeTimeout;
        _http = new DigestHttpConnection(connect, host, port, credential);
    }

    /// <summary>Every exchange, in order: (action, resource, HTTP status) — for logs and tests.</summary>
    public List<(string Action, string Resource, int Status)> Exchanges { get; } = [];

    public Task<XElement> GetAsync(string className, CancellationToken ct, IReadOnlyDictionary<string, string>? selectors = null)
        => SendAsync(WsmanActions.Get, className, selectors, body: null, ct);

    public Task<XElement> PutAsync(string className, XElement instance, CancellationToken ct, IReadOnlyDictionary<string, string>? selectors = null)
        => SendAsync(WsmanActions.Put, className, selectors, instance, ct);

    public Task<XElement> CreateAsync(string className, XElement instance, CancellationToken ct)
        => SendAsync(WsmanActions.Create, className, null, instance, ct);

    public Task<XElement> DeleteAsync(string className, CancellationToken ct, IReadOnlyDictionary<string, string>? selectors = null)
        => SendAsync(WsmanActions.Delete, className, selectors, body: null, ct);

    /// <summary>Enumerate then Pull until EndOfSequence; returns every item element.</summary>
    public async Task<IReadOnlyList<XElement>> EnumerateAsync(string className, CancellationToken ct)
    {
        XNamespace n = WsmanNamespaces.Enumeration;
        var enumerate = await SendAsync(WsmanActions.Enumerate, className, null, new XElement(n + "Enumerate"), ct);
        var context = enumerate.Descendants(n + "EnumerationContext").FirstOrDefault()?.Value;
        var items = new List<XElement>();
        for (var page = 0; context is not null; page++)
        {
            if (page > 10_000)
            {
                throw new WsmanException($"{className}: enumeration did not end after 10000 pages", 200);
            }

            var pull = await SendAsync(WsmanActions.Pull, className, null, new XElement(n + "Pull", new XElement(n + "EnumerationContext", context), new XElement(n + "MaxElements", 20)), ct);
            var response = pull.Descendants(n + "PullResponse").FirstOrDefault() ?? throw new WsmanException($"{className}: Pull reply has no PullResponse", 200);
            items.AddRange(response.Element(n + "Items")?.Elements() ?? []);
            var ended = response.Element(n + "EndOfSequence") is not null;
            context = ended ? null : response.Element(n + "EnumerationContext")?.Value
                ?? throw new WsmanException($"{className}: Pull reply has neither EndOfSequence nor EnumerationContext", 200);
        }

        return items;
    }

    /// <summary>Invokes a method (a parameter's value may be text, a number or child elements such as an endpoint reference); returns its _OUTPUT element. A non-zero ReturnValue throws unless <paramref name="allowNonZero"/>.</summary>
    public async Task<XElement> InvokeAsync(string className, string method, IEnumerable<(string Name, object Value)> parameters, CancellationToken ct, bool allowNonZero = false, IReadOnlyDictionary<string, string>? selectors = null)
    {
        var body = await SendAsync(WsmanRequestWriter.MethodAction(className, method), className, selectors, WsmanRequestWriter.MethodInput(className, method, parameters), ct);
        var output = body.Elements().FirstOrDefault(e => e.Name.LocalName == method + "_OUTPUT")
            ?? throw new WsmanException($"{className}.{method}: reply has no {method}_OUTPUT", 200);
        var rv = ReturnValue(output);
        if (rv != 0 && !allowNonZero)
        {
            throw new WsmanException($"{className}.{method} returned {rv}", 200, returnValue: rv);
        }

        return output;
    }

    public static int ReturnValue(XElement output)
        => int.TryParse(output.Elements().FirstOrDefault(e => e.Name.LocalName == "ReturnValue")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;

    /// <summary>Sends one request; returns the SOAP Body element. Faults and HTTP errors throw <see cref="WsmanException"/>.</summary>
    public async Task<XElement> SendAsync(string action, string className, IReadOnlyDictionary<string, string>? selectors, XElement? body, CancellationToken ct)
    {
        byte[] envelope;
        using (PhaseProfiler.Enter(ProfilePhase.ClientWsman))
        {
            envelope = WsmanRequestWriter.Write(action, className, ++_messageId, selectors, body);
        }

        // The timeout is this client's own, per exchange and on the injected clock: a wall-clock one
        // would end a virtual-time run's exchange with a TaskCanceledException (issue 17 item 5).
        using var timeout = new CancellationTokenSource(_exchangeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        AmtSim.Protocol.Http.HttpResponse response;
        try
        {
            response = await _http.PostAsync(Path, envelope, linked.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new WsmanException(string.Create(CultureInfo.InvariantCulture, $"{className}: no answer within {_exchangeTimeout.TotalSeconds} s"), 0, inner: ex);
        }
        catch (AmtSim.Protocol.Http.HttpParseException ex)
        {
            throw new HttpRequestException($"{className}: the device's HTTP response is malformed ({ex.Message})", ex);
        }

        var status = response.StatusCode;
        Exchanges.Add((action, className, status));
        if (status == (int)HttpStatusCode.Unauthorized)
        {
            throw new WsmanException($"{className}: authentication failed (401)", 401);
        }

        WsmanResponse reply;
        try
        {
            using var profile = PhaseProfiler.Enter(ProfilePhase.ClientWsman);
            reply = WsmanResponseReader.Read(response.Body);
        }
        catch (WsmanReplyException ex) when (ex.Error != WsmanParseError.NotSoapEnvelope)
        {
            throw new WsmanException($"{className}: HTTP {status} with a body that is not XML ({ex.Message})", status, inner: ex);
        }
        catch (WsmanReplyException)
        {
            throw new WsmanException($"{className}: reply is not a SOAP envelope", status);
        }

        if (reply.IsFault)
        {
            throw new WsmanException($"{className}: SOAP fault {reply.FaultSubcode}: {reply.FaultReason}", status, reply.FaultSubcode);
        }

        if (status is < 200 or > 299)
        {
            throw new WsmanException($"{className}: HTTP {status}", status);
        }

        return reply.Body;
    }

    public void Dispose() => _http.Dispose();
}
