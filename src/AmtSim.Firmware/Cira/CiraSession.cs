using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using AmtSim.Firmware.Web;
using AmtSim.Protocol.Apf;

namespace AmtSim.Firmware.Cira;

/// <summary>The device's side of the APF exchange, one step per reply it waits for.</summary>
internal enum ApfPhase
{
    /// <summary>PROTOCOLVERSION and SERVICE_REQUEST auth@amt.intel.com sent; waiting for SERVICE_ACCEPT.</summary>
    AwaitAuthService,

    /// <summary>USERAUTH_REQUEST (MPS username/password) sent; waiting for USERAUTH_SUCCESS or FAILURE.</summary>
    AwaitUserAuth,

    /// <summary>SERVICE_REQUEST pfwd@amt.intel.com sent; waiting for SERVICE_ACCEPT.</summary>
    AwaitPortForwardService,

    /// <summary>tcpip-forward requests, one at a time; waiting for each REQUEST_SUCCESS or FAILURE.</summary>
    AwaitForwards,

    /// <summary>Connected: keep-alives, channels.</summary>
    Established,
}

/// <summary>
/// One CIRA connection: dial, the APF exchange up to the port forwards, then keep-alives and the
/// channels the MPS opens, each served by the device's own web server over in-memory pipes
/// (16992 plain HTTP, 16993 TLS then HTTP).
/// Returns the event that ended it (a failure of the dial or the exchange, or a drop).
/// </summary>
internal sealed class CiraSession(CiraAgent agent, CiraPlan plan, IDisposable dialWork) : IDisposable
{
    /// <summary>The largest CHANNEL_DATA the device sends. [I]</summary>
    private const int MaxChunk = 16384;

    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Dictionary<uint, CiraChannel> _channels = [];
    private readonly List<uint> _forwarded = [];
    private Stream _stream = Stream.Null;
    private ApfPhase _phase;
    private int _forwardIndex;
    private uint _nextChannel = 1;
    private uint _cookie;
    private ITimer? _keepAlive;
    private TimeSpan _keepAliveInterval;

    private Device.AmtDevice Device => agent.Device;

    private CiraOptions Options => agent.Options;

    public async Task<(CiraEvent, string)> RunAsync(CancellationToken cancellationToken)
    {
        var address = await agent.ResolveAsync(plan.Server.AccessInfo, cancellationToken);
        if (address is null)
        {
            return (CiraEvent.Unreachable, $"cannot resolve MPS '{plan.Server.AccessInfo}'");
        }

        var dial = await agent.Transport.DialAsync(new MpsDialRequest(Device.Network.Address, new IPEndPoint(address, plan.Server.Port), plan.Server.CertificateName, plan.TrustedRoots, Device.Clock.Now, Options.HandshakeTimeout), cancellationToken);
        switch (dial.Outcome)
        {
            case MpsDialOutcome.Unreachable:
                return (CiraEvent.Unreachable, dial.Detail);
            case MpsDialOutcome.CertificateUntrusted:
                return (CiraEvent.CertificateUntrusted, dial.Detail);
            case MpsDialOutcome.CertificateNameMismatch:
                return (CiraEvent.CertificateNameMismatch, dial.Detail);
            case MpsDialOutcome.TlsFailed:
                return (CiraEvent.TlsFailed, dial.Detail);
        }

        _stream = dial.Stream!;
        var input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            await SendAsync(new ApfProtocolVersion(1, 0, (uint)plan.Policy.Trigger, Device.Identity.Uuid));
            await SendAsync(new ApfServiceRequest(ApfNames.AuthService));
            _phase = ApfPhase.AwaitAuthService;
            return await ReadLoopAsync(input, cancellationToken);
        }
        catch (IOException ex)
        {
            return (CiraEvent.Dropped, $"connection to {plan.Target} broke: {ex.Message}");
        }
        finally
        {
            _keepAlive?.Dispose();
            CiraChannel[] open;
            lock (_channels)
            {
                open = [.. _channels.Values];
                _channels.Clear();
            }

            foreach (var channel in open)
            {
                await channel.AbortAsync();
            }

            await input.CompleteAsync();
            await _stream.DisposeAsync();
            dialWork.Dispose();
        }
    }

    private async Task<(CiraEvent, string)> ReadLoopAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var (messages, consumed, malformed) = Parse(buffer);
            input.AdvanceTo(consumed, buffer.End);
            (CiraEvent, string)? end = null;
            foreach (var message in messages)
            {
                end = await HandleAsync(message);
                if (end is not null)
                {
                    break;
                }
            }

            end ??= malformed is null ? null : (CiraEvent.ProtocolError, malformed);
            if (end is { } done)
            {
                return done;
            }

            if (result.IsCompleted)
            {
                return _phase == ApfPhase.Established
                    ? (CiraEvent.Dropped, $"the MPS {plan.Target} closed the connection")
                    : (CiraEvent.Dropped, $"the MPS {plan.Target} closed the connection while the device was at {_phase}");
            }
        }
    }

    /// <summary>Every complete message in <paramref name="buffer"/>, where they end, and the error of a malformed one after them.</summary>
    private static (List<ApfMessage> Messages, SequencePosition Consumed, string? Malformed) Parse(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var messages = new List<ApfMessage>();
        try
        {
            while (ApfReader.TryRead(ref reader, ApfReadOptions.Device, out var message))
            {
                messages.Add(message);
            }
        }
        catch (ApfFormatException ex)
        {
            return (messages, buffer.End, ex.Message);
        }

        return (messages, reader.Position, null);
    }

    /// <summary>One message from the MPS; returns the end of the session when it ends it.</summary>
    private async ValueTask<(CiraEvent, string)?> HandleAsync(ApfMessage message)
    {
        switch (message)
        {
            case ApfKeepAliveRequest k:
                await SendAsync(new ApfKeepAliveReply(k.Cookie));
                return null;
            case ApfKeepAliveReply:
                agent.CountKeepAliveReply();
                return null;
            case ApfKeepAliveOptionsRequest o:
                if (o.IntervalSeconds > 0)
                {
                    ScheduleKeepAlives(TimeSpan.FromSeconds(o.IntervalSeconds));
                }

                await SendAsync(new ApfKeepAliveOptionsReply(o.IntervalSeconds, o.TimeoutSeconds));
                return null;
            case ApfDisconnect d:
                return (CiraEvent.Dropped, $"the MPS sent DISCONNECT ({d.Reason})");
        }

        switch (_phase, message)
        {
            case (ApfPhase.AwaitAuthService, ApfServiceAccept { Service: ApfNames.AuthService }):
                await SendAsync(ApfUserAuthRequest.WithPassword(plan.Username, plan.Password));
                _phase = ApfPhase.AwaitUserAuth;
                return null;
            case (ApfPhase.AwaitUserAuth, ApfUserAuthSuccess):
                await SendAsync(new ApfServiceRequest(ApfNames.PortForwardService));
                _phase = ApfPhase.AwaitPortForwardService;
                return null;
            case (ApfPhase.AwaitUserAuth, ApfUserAuthFailure f):
                return (CiraEvent.AuthenticationFailed, $"the MPS {plan.Target} refused user '{plan.Username}' (USERAUTH_FAILURE, methods '{f.Methods}')");
            case (ApfPhase.AwaitPortForwardService, ApfServiceAccept { Service: ApfNames.PortForwardService }):
                _phase = ApfPhase.AwaitForwards;
                await ForwardNextAsync();
                return null;
            case (ApfPhase.AwaitForwards, ApfRequestSuccess or ApfRequestFailure):
                if (message is ApfRequestSuccess)
                {
                    _forwarded.Add((uint)Options.ForwardedPorts[_forwardIndex]);
                }

                _forwardIndex++;
                if (_forwardIndex < Options.ForwardedPorts.Count)
                {
                    await ForwardNextAsync();
                    return null;
                }

                if (_forwarded.Count == 0)
                {
                    return (CiraEvent.ProtocolError, $"the MPS {plan.Target} refused every port forward");
                }

                _phase = ApfPhase.Established;
                if (_keepAlive is null)
                {
                    ScheduleKeepAlives(Options.KeepAliveInterval);
                }

                agent.CountSession();
                Device.ApplyCira(CiraEvent.Established, $"connected to {plan.Target} as '{plan.Username}', ports [{string.Join(", ", _forwarded)}] forwarded");
                dialWork.Dispose();
                return null;
            case (ApfPhase.Established, ApfChannelOpen open):
                await OpenChannelAsync(open);
                return null;
            case (ApfPhase.Established, ApfChannelData data):
                return await ChannelAsync(data.RecipientChannel, c => c.ReceiveAsync(data.Data));
            case (ApfPhase.Established, ApfChannelWindowAdjust adjust):
                return await ChannelAsync(adjust.RecipientChannel, c => { c.AddCredits(adjust.BytesToAdd); return ValueTask.FromResult<string?>(null); });
            case (ApfPhase.Established, ApfChannelClose close):
                return await ChannelAsync(close.RecipientChannel, async c => { await c.CloseReceivedAsync(); return null; });
        }

        return (CiraEvent.ProtocolError, $"unexpected {message.Type} from {plan.Target} at {_phase}");
    }

    private Task ForwardNextAsync() => SendAsync(ApfGlobalRequest.Forward(Device.Network.Fqdn ?? "", (uint)Options.ForwardedPorts[_forwardIndex]));

    private void ScheduleKeepAlives(TimeSpan interval)
    {
        if (_keepAlive is not null && interval == _keepAliveInterval)
        {
            return;
        }

        _keepAliveInterval = interval;
        _keepAlive?.Dispose();
        _keepAlive = Device.Clock.Time.CreateTimer(_ => _ = KeepAliveAsync(), null, interval, interval);
    }

    private async Task KeepAliveAsync()
    {
        using var work = Options.Work.Begin();
        try
        {
            agent.CountKeepAlive();
            await SendAsync(new ApfKeepAliveRequest(Interlocked.Increment(ref _cookie)));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
        {
            // The read loop sees the broken connection and ends the session.
        }
    }

    private async Task OpenChannelAsync(ApfChannelOpen open)
    {
        if (open.ChannelType is not (ApfNames.ForwardedTcpip or ApfNames.DirectTcpip))
        {
            await SendAsync(new ApfChannelOpenFailure(open.SenderChannel, ApfChannelOpenFailureReason.UnknownChannelType));
            return;
        }

        if (open.TargetPort is not (FirmwareWebServerOptions.DefaultHttpPort or FirmwareWebServerOptions.DefaultTlsPort))
        {
            Log.Channel(agent.Logger, Device.Identity.Uuid, open.SenderChannel, open.TargetPort, open.Source, "refused: the device serves only its web server (16992, 16993) through the tunnel");
            await SendAsync(new ApfChannelOpenFailure(open.SenderChannel, ApfChannelOpenFailureReason.ConnectFailed));
            return;
        }

        var id = _nextChannel++;
        var channel = new CiraChannel(id, open.SenderChannel, open.WindowSize, (uint)Options.ChannelWindow, SendAsync, Closed);
        lock (_channels)
        {
            _channels[id] = channel;
        }

        await SendAsync(new ApfChannelOpenConfirmation(open.SenderChannel, id, (uint)Options.ChannelWindow));
        agent.CountChannel();
        Log.Channel(agent.Logger, Device.Identity.Uuid, id, open.TargetPort, open.Source, "opened");
        var remote = $"CIRA {open.Source}:{open.SourcePort}";
        channel.Start(
            open.TargetPort == FirmwareWebServerOptions.DefaultTlsPort
                ? agent.Web.ServeTlsAsync(channel.Transport, (int)open.TargetPort, remote)
                : agent.Web.ServeHttpAsync(channel.Transport, (int)open.TargetPort, remote),
            MaxChunk);
    }

    private void Closed(CiraChannel channel)
    {
        lock (_channels)
        {
            _channels.Remove(channel.Id);
        }
    }

    private async ValueTask<(CiraEvent, string)?> ChannelAsync(uint id, Func<CiraChannel, ValueTask<string?>> act)
    {
        CiraChannel? channel;
        lock (_channels)
        {
            _channels.TryGetValue(id, out channel);
        }

        if (channel is null)
        {
            // A channel both sides are closing; a real device drops what arrives for it.
            return null;
        }

        return await act(channel) is { } error ? (CiraEvent.ProtocolError, error) : null;
    }

    public void Dispose() => _send.Dispose();

    private async Task SendAsync(ApfMessage message)
    {
        var bytes = ApfWriter.ToArray(message);
        await _send.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
        finally
        {
            _send.Release();
        }
    }
}
