using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AmtSim.Runtime.Errors;

namespace AmtSim.Protocol.Http;

/// <summary>
/// The fields of an <c>Authorization: Digest ...</c> header (RFC 7616, MD5, qop=auth).
/// Quoted and unquoted values are both accepted (RPS quotes <c>nc</c> and <c>qop</c>).
/// </summary>
public sealed record DigestCredentials
{
    public required string UserName { get; init; }

    public required string Realm { get; init; }

    public required string Nonce { get; init; }

    public required string Uri { get; init; }

    public required string Response { get; init; }

    public string? Qop { get; init; }

    /// <summary>The nonce count as sent (8 hex digits); null without qop.</summary>
    public string? NonceCountText { get; init; }

    public string? ClientNonce { get; init; }

    public string? Algorithm { get; init; }

    public string? Opaque { get; init; }

    /// <summary>The nonce count as a number, or -1 when absent or not hex.</summary>
    public long NonceCount => NonceCountText is { Length: > 0 and <= 8 } text
        && long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>Parses the header value; throws <see cref="InvalidInputException"/> when it is not Digest or misses a required field.</summary>
    public static DigestCredentials Parse(string headerValue)
    {
        if (!TryParse(headerValue, out var credentials, out var error))
        {
            throw new InvalidInputException($"Authorization header: {error}");
        }

        return credentials;
    }

    public static bool TryParse(string headerValue, out DigestCredentials credentials, out string error)
    {
        credentials = null!;
        var text = headerValue.AsSpan().Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || (text.Length > 6 && text[6] != ' ' && text[6] != '\t'))
        {
            error = "not a Digest authorization";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 6;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] is ' ' or '\t' or ','))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var eq = text[i..].IndexOf('=');
            if (eq <= 0)
            {
                error = "field without '='";
                return false;
            }

            var name = text.Slice(i, eq).Trim().ToString();
            i += eq + 1;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    sb.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    error = $"unterminated quoted value of '{name}'";
                    return false;
                }

                i++;
                value = sb.ToString();
            }
            else
            {
                var end = text[i..].IndexOf(',');
                var raw = end < 0 ? text[i..] : text.Slice(i, end);
                value = raw.Trim().ToString();
                i += raw.Length;
            }

            fields[name] = value;
        }

        string? Get(string key) => fields.TryGetValue(key, out var v) ? v : null;
        var missing = new[] { "username", "realm", "nonce", "uri", "response" }.FirstOrDefault(k => Get(k) is null);
        if (missing is not null)
        {
            error = $"Digest field '{missing}' missing";
            return false;
        }

        credentials = new DigestCredentials
        {
            UserName = Get("username")!,
            Realm = Get("realm")!,
            Nonce = Get("nonce")!,
            Uri = Get("uri")!,
            Response = Get("response")!,
            Qop = Get("qop"),
            NonceCountText = Get("nc"),
            ClientNonce = Get("cnonce"),
            Algorithm = Get("algorithm"),
            Opaque = Get("opaque"),
        };
        error = "";
        return true;
    }

    /// <summary>Writes the header value a client sends (quoted nc/qop when <paramref name="quoteNcAndQop"/>, as RPS does).</summary>
    public string ToHeaderValue(bool quoteNcAndQop = false)
    {
        var sb = new StringBuilder("Digest ");
        sb.Append(CultureInfo.InvariantCulture, $"username=\"{UserName}\", realm=\"{Realm}\", nonce=\"{Nonce}\", uri=\"{Uri}\", response=\"{Response}\"");
        if (Qop is not null)
        {
            var q = quoteNcAndQop ? "\"" : "";
            sb.Append(CultureInfo.InvariantCulture, $", qop={q}{Qop}{q}, nc={q}{NonceCountText}{q}, cnonce=\"{ClientNonce}\"");
        }

        return sb.ToString();
    }

    /// <summary>md5hex(user ":" realm ":" password): the HA1 AMT stores (SetAdminAclEntryEx, AdminSetup).</summary>
    public static string Ha1(string user, string realm, string password) => Md5Hex($"{user}:{realm}:{password}");

    /// <summary>The expected <c>response</c> for qop=auth: md5hex(HA1:nonce:nc:cnonce:qop:md5hex(method:uri)).</summary>
    public static string ExpectedResponse(string ha1, string nonce, string nc, string cnonce, string qop, string method, string uri)
        => Md5Hex($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{Md5Hex($"{method}:{uri}")}");

    /// <summary>Builds the credentials a client sends for one request.</summary>
    public static DigestCredentials ForRequest(string user, string password, string realm, string nonce, long nc, string cnonce, string method, string uri)
    {
        var ncText = nc.ToString("x8", CultureInfo.InvariantCulture);
        return new DigestCredentials
        {
            UserName = user,
            Realm = realm,
            Nonce = nonce,
            Uri = uri,
            Qop = "auth",
            NonceCountText = ncText,
            ClientNonce = cnonce,
            Response = ExpectedResponse(Ha1(user, realm, password), nonce, ncText, cnonce, "auth", method, uri),
        };
    }

    public static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>The fields of a <c>WWW-Authenticate: Digest ...</c> challenge, parsed with the same rules.</summary>
public sealed record DigestChallenge(string Realm, string Nonce, bool Stale, string? Qop)
{
    public static bool TryParse(string headerValue, out DigestChallenge challenge)
    {
        challenge = null!;
        var fake = headerValue + ", username=\"-\", uri=\"-\", response=\"-\"";
        if (!DigestCredentials.TryParse(fake, out var c, out _))
        {
            return false;
        }

        var stale = false;
        var staleIndex = headerValue.IndexOf("stale=", StringComparison.OrdinalIgnoreCase);
        if (staleIndex >= 0)
        {
            stale = headerValue.AsSpan(staleIndex + 6).TrimStart('"').StartsWith("true", StringComparison.OrdinalIgnoreCase);
        }

        challenge = new DigestChallenge(c.Realm, c.Nonce, stale, c.Qop);
        return true;
    }
}
