using System.Buffers;
using System.Globalization;
using System.Text;

namespace AmtSim.Protocol.Http;

/// <summary>
/// Writes replies the way AMT's web server does (amt-reference.md §5): WS-Man replies chunked with
/// AMT's headers; the 401 with a Content-Length HTML page and <c>Connection: close</c>. A
/// non-chunked body never carries <c>Connection: close</c> except that 401, as the real device sends it.
/// </summary>
public static class HttpResponseWriter
{
    public const string SoapContentType = "application/soap+xml; charset=UTF-8";

    /// <summary>The Server header value AMT sends for a firmware version such as 15.0.23.1706.</summary>
    public static string ServerHeader(string firmwareVersion) => "Intel(R) Active Management Technology " + firmwareVersion;

    public static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Request Entity Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    };

    /// <summary>A WS-Man reply: <paramref name="status"/> (200, or 400 for a SOAP fault), chunked SOAP body; real AMT dates it (<paramref name="date"/>, the device clock).</summary>
    public static void WriteSoap(IBufferWriter<byte> output, int status, ReadOnlySpan<byte> body, string firmwareVersion, bool close, DateTimeOffset? date = null)
        => WriteChunked(output, status, SoapContentType, body, firmwareVersion, close, date);

    /// <summary>The Date header as AMT writes it, first after the status line: <c>Date: Mon, 20 Mar 2023 22:48:10 GMT</c>.</summary>
    private static void DateLine(StringBuilder head, DateTimeOffset? date)
    {
        if (date is { } d)
        {
            head.Append("Date: ").Append(d.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        }
    }

    /// <summary>A chunked reply with AMT's headers; <c>Connection: close</c> allowed because the body is chunked.</summary>
    public static void WriteChunked(IBufferWriter<byte> output, int status, string contentType, ReadOnlySpan<byte> body, string firmwareVersion, bool close, DateTimeOffset? date = null)
    {
        var head = new StringBuilder(256);
        StatusLine(head, status);
        DateLine(head, date);
        head.Append("Server: ").Append(ServerHeader(firmwareVersion)).Append("\r\n");
        head.Append("X-Frame-Options: DENY\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append("Transfer-Encoding: chunked\r\n");
        if (close)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        output.Write(Encoding.ASCII.GetBytes(head.ToString()));
        WriteChunks(output, body, 4096);
    }

    /// <summary>A short Content-Length reply (404, 405): no <c>Connection: close</c>, the connection stays usable.</summary>
    public static void WriteFixed(IBufferWriter<byte> output, int status, string contentType, ReadOnlySpan<byte> body, string firmwareVersion, DateTimeOffset? date = null)
    {
        var head = new StringBuilder(256);
        StatusLine(head, status);
        DateLine(head, date);
        head.Append("Server: ").Append(ServerHeader(firmwareVersion)).Append("\r\n");
        head.Append("X-Frame-Options: DENY\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        output.Write(Encoding.ASCII.GetBytes(head.ToString()));
        output.Write(body);
    }

    /// <summary>
    /// AMT's 401: <c>WWW-Authenticate: Digest realm="...", nonce="...",stale="...",qop="auth"</c>,
    /// <c>Content-Type: text/html</c>, the Server header, Content-Length of the HTML page, <c>Connection: close</c>.
    /// </summary>
    public static void WriteUnauthorized(IBufferWriter<byte> output, string realm, string nonce, bool stale, string firmwareVersion)
    {
        var page = UnauthorizedPage;
        var head = new StringBuilder(384);
        StatusLine(head, 401);
        head.Append("WWW-Authenticate: Digest realm=\"").Append(realm).Append("\", nonce=\"").Append(nonce)
            .Append("\",stale=\"").Append(stale ? "true" : "false").Append("\",qop=\"auth\"\r\n");
        head.Append("Content-Type: text/html\r\n");
        head.Append("Server: ").Append(ServerHeader(firmwareVersion)).Append("\r\n");
        head.Append("Content-Length: ").Append(page.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        output.Write(Encoding.ASCII.GetBytes(head.ToString()));
        output.Write(page);
    }

    /// <summary>Writes <paramref name="body"/> as chunks of at most <paramref name="chunkSize"/> bytes and the last chunk.</summary>
    public static void WriteChunks(IBufferWriter<byte> output, ReadOnlySpan<byte> body, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        while (body.Length > 0)
        {
            var n = Math.Min(chunkSize, body.Length);
            output.Write(Encoding.ASCII.GetBytes(n.ToString("X", CultureInfo.InvariantCulture) + "\r\n"));
            output.Write(body[..n]);
            output.Write("\r\n"u8);
            body = body[n..];
        }

        output.Write("0\r\n\r\n"u8);
    }

    /// <summary>
    /// The HTML page of the 401, in the shape of the real one (about 690 bytes): title
    /// "Intel&amp;reg; Active Management Technology" and the log-on failure sentence. The markup is the project's own.
    /// </summary>
    public static ReadOnlySpan<byte> UnauthorizedPage => """
        <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
        <html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
        <title>Intel&reg; Active Management Technology</title>
        <style type="text/css">body { font-family: Tahoma, Arial, sans-serif; font-size: 10pt; background: #ffffff; }
        h1 { font-size: 14pt; color: #000080; } p.err { color: #c00000; }</style></head>
        <body>
        <table width="100%" cellpadding="4" cellspacing="0"><tr><td><h1>Intel&reg; Active Management Technology</h1></td></tr></table>
        <hr>
        <p class="err">Log on failed. Incorrect user name or password, or user account temporarily locked.</p>
        <p>Check the user name and password.</p>
        <hr>
        </body></html>

        """u8;

    private static void StatusLine(StringBuilder head, int status)
        => head.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase(status)).Append("\r\n");
}
