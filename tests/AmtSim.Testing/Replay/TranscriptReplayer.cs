using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using AmtSim.Protocol.Http;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Testing.Replay;

/// <summary>
/// Sends a transcript's requests, in order, through an <see cref="IHttpExchangeTransport"/> and reports what the
/// device answered. Every request goes out exactly as recorded except its Digest <c>Authorization</c> header,
/// which is rebuilt for the live device: its nonce and realm (from the last 401 challenge) and the response
/// computed from the caller's credentials; user, uri, qop, nc and cnonce stay as RPS sent them.
/// Credentials: <c>$$OsAdmin</c> from <see cref="ReplayCredentials.OsAdminPassword"/>; <c>admin</c> from the
/// NetworkAdminPassword (the HA1 RPS computed) of the Setup/AdminSetup request the transcript itself sent,
/// or <see cref="ReplayCredentials.AdminPassword"/> before that.
/// </summary>
public sealed partial class TranscriptReplayer(IHttpExchangeTransport transport, ReplayCredentials credentials)
{
    private DigestChallenge? _challenge;
    private string? _adminHa1;

    public async Task<IReadOnlyList<ReplayedExchange>> ReplayAsync(RpsTranscript transcript, CancellationToken cancellationToken = default)
    {
        var results = new List<ReplayedExchange>(transcript.Exchanges.Count);
        foreach (var exchange in transcript.Exchanges)
        {
            var (bytes, request) = Prepare(exchange);
            var response = await transport.ExchangeAsync(bytes, cancellationToken);
            var result = ReplayedExchange.From(exchange.Number, request, response);
            Observe(response);
            results.Add(result);
        }

        return results;
    }

    /// <summary>The bytes to send for <paramref name="exchange"/> (Authorization rebuilt) and its parsed WS-Man request.</summary>
    public (byte[] Bytes, WsmanRequest? Request) Prepare(RecordedExchange exchange)
    {
        var raw = Encoding.UTF8.GetBytes(exchange.Request);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(raw));
        if (!new HttpRequestParser().TryRead(ref reader, out var http))
        {
            throw new InvalidDataException($"exchange {exchange.Number}: the recorded request is not one complete HTTP request");
        }

        var request = http.Body.Length == 0 ? null : WsmanRequest.Parse(http.Body);
        if (http.Headers["Authorization"] is { } authorization)
        {
            raw = Encoding.UTF8.GetBytes(exchange.Request.Replace("Authorization: " + authorization, "Authorization: " + Rebuild(exchange.Number, authorization, http.Method), StringComparison.Ordinal));
        }

        Learn(request);
        return (raw, request);
    }

    private string Rebuild(int number, string authorization, string method)
    {
        var recorded = DigestCredentials.Parse(authorization);
        var challenge = _challenge ?? throw new InvalidOperationException($"exchange {number} sends Digest before the device sent any challenge");
        var ha1 = Ha1(recorded.UserName, challenge.Realm)
            ?? throw new InvalidOperationException($"exchange {number}: no credentials for '{recorded.UserName}'");
        var response = DigestCredentials.ExpectedResponse(ha1, challenge.Nonce, recorded.NonceCountText ?? "", recorded.ClientNonce ?? "", recorded.Qop ?? "", method, recorded.Uri);
        var rebuilt = Field("nonce").Replace(authorization, m => m.Groups[1].Value + challenge.Nonce + "\"", 1);
        rebuilt = Field("realm").Replace(rebuilt, m => m.Groups[1].Value + challenge.Realm + "\"", 1);
        return Field("response").Replace(rebuilt, m => m.Groups[1].Value + response + "\"", 1);
    }

    private string? Ha1(string user, string realm) => user switch
    {
        "$$OsAdmin" => DigestCredentials.Ha1(user, realm, credentials.OsAdminPassword),
        "admin" => _adminHa1 ?? (credentials.AdminPassword is { } password ? DigestCredentials.Ha1(user, realm, password) : null),
        _ => null,
    };

    /// <summary>Host-based activation carries the new admin HA1 (md5hex("admin:" + realm + ":" + password)).</summary>
    private void Learn(WsmanRequest? request)
    {
        if (request?.Body is { LocalName: "Setup_INPUT" or "AdminSetup_INPUT" } input && input.ChildText("NetworkAdminPassword") is { Length: 32 } ha1)
        {
            _adminHa1 = ha1.ToLowerInvariant();
        }
    }

    /// <summary>Takes the Digest challenge of a 401 response; later requests are signed with its nonce and realm.</summary>
    public void Observe(byte[] response)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(response));
        if (HttpResponse.TryRead(ref reader, HttpLimits.Default, out var parsed)
            && parsed.StatusCode == 401
            && parsed.Headers["WWW-Authenticate"] is { } header
            && DigestChallenge.TryParse(header, out var challenge))
        {
            _challenge = challenge;
        }
    }

    private static Regex Field(string name) => name switch
    {
        "nonce" => NonceField(),
        "realm" => RealmField(),
        _ => ResponseField(),
    };

    [GeneratedRegex("(\\bnonce=\")[^\"]*\"")]
    private static partial Regex NonceField();

    [GeneratedRegex("(\\brealm=\")[^\"]*\"")]
    private static partial Regex RealmField();

    [GeneratedRegex("(\\bresponse=\")[^\"]*\"")]
    private static partial Regex ResponseField();
}

/// <summary>The replaying client's own credentials: the local system account's password and, optionally, admin's.</summary>
public sealed record ReplayCredentials(string OsAdminPassword, string? AdminPassword = null);
