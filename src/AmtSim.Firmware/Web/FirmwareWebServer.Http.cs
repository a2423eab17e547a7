using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using AmtSim.Firmware.Wsman;
using AmtSim.Runtime.Errors;
using AmtSim.Protocol.Http;

namespace AmtSim.Firmware.Web;

public sealed partial class FirmwareWebServer
{
    private static readonly byte[] NotFoundPage = Encoding.ASCII.GetBytes("<html><head><title>Not Found</title></head><body>Not Found</body></html>");

    private string FirmwareVersionText => Device.Identity.Firmware.Version.ToString();

    /// <summary>
    /// The connection loop, the only code touching the pipe: ReadAsync, parse every complete
    /// request, AdvanceTo(consumed, examined), stop on IsCompleted or when a reply closes.
    /// </summary>
    private async Task<ConnectionEndReason> RunHttpConnectionAsync(IDuplexPipe transport, ConnectionContext context, CancellationToken cancellationToken)
    {
        var parser = new HttpRequestParser(Options.Limits);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Options.Work;
        using var idleTimer = Device.Clock.Time.CreateTimer(_ =>
        {
            // Fired on the virtual clock: the close is work until audited, so it is audited at this instant.
            context.BeginClosing(work);
            CancelQuietly(idle);
        }, null, Options.IdleTimeout, Timeout.InfiniteTimeSpan);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await transport.Input.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ConnectionEndReason.TimedOut;
            }

            idleTimer.Change(Options.IdleTimeout, Timeout.InfiniteTimeSpan);
            var buffer = result.Buffer;
            var (consumed, end, remaining) = ProcessRequests(buffer, parser, transport.Output, context);
            await transport.Output.FlushAsync(cancellationToken);
            transport.Input.AdvanceTo(consumed, buffer.End);
            if (end is not null)
            {
                return end.Value;
            }

            if (result.IsCompleted)
            {
                // The peer's close is seen now; it is audited before the clock may move (issue 18 item 9).
                context.BeginClosing(work);
                return remaining == 0 ? ConnectionEndReason.ClientClosed : ConnectionEndReason.ClientClosedMidRequest;
            }

            if (result.IsCanceled)
            {
                return ConnectionEndReason.ServerStopping;
            }
        }
    }

    /// <summary>Timer callback: cancels unless the connection already ended and disposed the source.</summary>
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Answers every complete request in <paramref name="buffer"/>; returns what was consumed, why to close (if so) and how many bytes are left.</summary>
    private (SequencePosition Consumed, ConnectionEndReason? End, long Remaining) ProcessRequests(in ReadOnlySequence<byte> buffer, HttpRequestParser parser, PipeWriter output, ConnectionContext context)
    {
        using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.DeviceHttp);
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            while (parser.TryRead(ref reader, out var request))
            {
                context.Requests++;
                if (Respond(request, output, context) is { } end)
                {
                    return (reader.Position, end, reader.Remaining);
                }
            }

            return (reader.Position, null, reader.Remaining);
        }
        catch (HttpParseException ex)
        {
            Log.MalformedRequest(_logger, context.Remote, ex.Message);
            HttpResponseWriter.WriteChunked(output, 400, "text/plain", Encoding.UTF8.GetBytes(ex.Message), FirmwareVersionText, close: true);
            var end = ex.Reason is HttpParseError.HeaderSectionTooLarge or HttpParseError.TooManyHeaders or HttpParseError.BodyTooLarge or HttpParseError.ChunkFramingTooLarge
                ? ConnectionEndReason.RequestTooLarge
                : ConnectionEndReason.MalformedRequest;
            return (buffer.End, end, 0);
        }
    }

    /// <summary>Writes the reply to one request; returns why the connection ends, or null to keep it open.</summary>
    private ConnectionEndReason? Respond(HttpRequest request, PipeWriter output, ConnectionContext context)
    {
        var path = request.Target.Split('?', 2)[0];
        if (!string.Equals(path, "/wsman", StringComparison.OrdinalIgnoreCase))
        {
            HttpResponseWriter.WriteFixed(output, 404, "text/html", NotFoundPage, FirmwareVersionText);
            return request.KeepAlive ? null : ConnectionEndReason.CloseRequested;
        }

        if (!string.Equals(request.Method, "POST", StringComparison.Ordinal))
        {
            HttpResponseWriter.WriteFixed(output, 405, "text/html", NotFoundPage, FirmwareVersionText);
            return request.KeepAlive ? null : ConnectionEndReason.CloseRequested;
        }

        var caller = Authorize(request, output, context);
        if (caller is null)
        {
            return ConnectionEndReason.Unauthorized;
        }

        WsmanReply reply;
        try
        {
            reply = _handler.Handle(new ReadOnlySequence<byte>(request.Body), caller);
        }
        catch (InvalidInputException ex)
        {
            reply = new WsmanReply(400, Encoding.UTF8.GetBytes(ex.Message));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.HandlerFailed(_logger, context.Remote, ex);
            HttpResponseWriter.WriteChunked(output, 500, HttpResponseWriter.SoapContentType, [], FirmwareVersionText, close: true);
            return ConnectionEndReason.CloseRequested;
        }

        if (request.MinorVersion == 0)
        {
            // HTTP/1.0 cannot read chunked bodies: Content-Length, no Connection header, and the close ends the exchange.
            HttpResponseWriter.WriteFixed(output, reply.HttpStatus, HttpResponseWriter.SoapContentType, reply.Body, FirmwareVersionText, Device.Clock.Now);
            return request.KeepAlive ? null : ConnectionEndReason.CloseRequested;
        }

        HttpResponseWriter.WriteSoap(output, reply.HttpStatus, reply.Body, FirmwareVersionText, close: !request.KeepAlive, Device.Clock.Now);
        return request.KeepAlive ? null : ConnectionEndReason.CloseRequested;
    }
}
