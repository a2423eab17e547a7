using System.Buffers;
using System.Text;

namespace AmtSim.Protocol.Http;

/// <summary>One parsed HTTP/1.x request. The body is a copy (de-chunked), independent of the receive buffer.</summary>
public sealed class HttpRequest
{
    public required string Method { get; init; }

    public required string Target { get; init; }

    /// <summary>Minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.</summary>
    public required int MinorVersion { get; init; }

    public required HttpHeaders Headers { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Whether the body arrived chunked.</summary>
    public bool Chunked { get; init; }

    /// <summary>HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 closes unless "Connection: keep-alive".</summary>
    public bool KeepAlive => MinorVersion >= 1
        ? !Headers.HasToken("Connection", "close")
        : Headers.HasToken("Connection", "keep-alive");

    /// <summary>Writes the request in wire form (Content-Length body, or chunked in <paramref name="chunkSize"/> pieces when <see cref="Chunked"/>).</summary>
    public void WriteTo(IBufferWriter<byte> output, int chunkSize = 256)
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(Target).Append(" HTTP/1.").Append(MinorVersion).Append("\r\n");
        foreach (var (k, v) in Headers.Fields)
        {
            if (string.Equals(k, "Content-Length", StringComparison.OrdinalIgnoreCase) || string.Equals(k, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            head.Append(k).Append(": ").Append(v).Append("\r\n");
        }

        if (Chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n\r\n");
            output.Write(Encoding.ASCII.GetBytes(head.ToString()));
            HttpResponseWriter.WriteChunks(output, Body.Span, chunkSize);
        }
        else
        {
            if (Body.Length > 0 || Method is "POST" or "PUT")
            {
                head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
            }

            head.Append("\r\n");
            output.Write(Encoding.ASCII.GetBytes(head.ToString()));
            output.Write(Body.Span);
        }
    }
}
