using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using AmtSim.Firmware.Host;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmtSim.Agent.Rpc;

/// <summary>What rpc is asked to do: <c>activate --profile NAME</c> or <c>deactivate --password P</c>, against RPS at <see cref="Url"/>.</summary>
public sealed record RpcCommand(RpcAction Action, Uri Url, string? Profile = null, string? DnsSuffix = null, string? Password = null)
{
    /// <summary>The <c>method</c> of the first message, as rpc-go writes it (<c>internal/rps/rps.go</c>, setCommandMethod).</summary>
    public string Method => Action == RpcAction.Activate ? $"activate --profile {Profile}" : $"deactivate --password {Password}";
}

public enum RpcAction
{
    Activate,
    Deactivate,
}

/// <summary>Knobs of the agent.</summary>
public sealed record RpcAgentOptions
{
    /// <summary>How long one relayed request may take at the firmware (rpc-go waits 4 s, AMTResponseTimeout; a loaded simulator gets more).</summary>
    public static readonly TimeSpan DefaultRelayTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a whole session with RPS may take.</summary>
    public static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Largest message accepted from RPS (RPS itself closes on messages over 100 KiB).</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan RelayTimeout { get; init; } = DefaultRelayTimeout;

    public TimeSpan SessionTimeout { get; init; } = DefaultSessionTimeout;

    /// <summary>rpc's <c>appVersion</c>.</summary>
    public string AppVersion { get; init; } = "2.0.0-amtsim";

    public ILogger Logger { get; init; } = NullLogger.Instance;
}

/// <summary>How one device's session with RPS ended.</summary>
public sealed record RpcOutcome
{
    public required Guid Uuid { get; init; }

    /// <summary>rpc-go's exit code (<see cref="RpcExitCode"/>).</summary>
    public required int ExitCode { get; init; }

    /// <summary>RPS's final method (<c>success</c> or <c>error</c>), or null when RPS never sent one.</summary>
    public string? FinalMethod { get; init; }

    /// <summary>RPS's final message as it sent it (a JSON object as text, or a plain string).</summary>
    public string? FinalMessage { get; init; }

    /// <summary>The fields of a JSON final message (Status, Network, CIRAConnection, TLSConfiguration).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>Requests relayed to the firmware.</summary>
    public int WsmanCalls { get; init; }

    /// <summary>What went wrong on the agent's side, when it did.</summary>
    public string? Detail { get; init; }

    public string ExitName => RpcExitCode.NameOf(ExitCode);

    /// <summary>The lines rpc prints at the end: Status/Network/CIRA/TLS on success (rpc-go's logStatusMessage), the error text otherwise.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            if (FinalMethod == "success" && Fields.Count > 0)
            {
                return [$"Status: {Field("Status")}", $"Network: {Field("Network")}", $"CIRA: {Field("CIRAConnection")}", $"TLS: {Field("TLSConfiguration")}"];
            }

            if (FinalMethod is not null)
            {
                return [Fields.TryGetValue("Status", out var status) ? status : FinalMessage ?? ""];
            }

            return [Detail ?? ExitName];
        }
    }

    private string Field(string name) => Fields.TryGetValue(name, out var v) ? v : "";
}

/// <summary>
/// An rpc-compatible agent for one simulated machine: reads the payload from the host's MEI facts,
/// opens its own websocket to RPS, sends the activation (or deactivation) message, answers
/// heartbeats, relays every <c>wsman</c> request through the host's LMS (a new connection each, bytes
/// unchanged, the response framed by its own length or chunked end) and returns RPS's final message
/// with rpc-go's exit code. The flow is rpc-go's (<c>internal/rps/executor.go</c>, <c>rps.go</c>,
/// <c>message.go</c>); there is no MEI driver, the facts come from <see cref="HostMachine"/>.
/// </summary>
public sealed class RpcAgent(HostMachine host, RpcAgentOptions? options = null)
{
    private readonly RpcAgentOptions _options = options ?? new RpcAgentOptions();

    public async Task<RpcOutcome> RunAsync(RpcCommand command, CancellationToken cancellationToken)
    {
        var uuid = host.Mei.GetUuid();
        var logger = _options.Logger;
        if (command.Url is null || command.Url.Scheme is not ("ws" or "wss"))
        {
            return Failed(uuid, RpcExitCode.MissingOrIncorrectUrl, $"-u {command.Url}: expected a ws:// or wss:// URL of RPS");
        }

        if (command.Action == RpcAction.Activate && string.IsNullOrWhiteSpace(command.Profile))
        {
            return Failed(uuid, RpcExitCode.MissingOrIncorrectProfile, "activate needs --profile");
        }

        var payload = ActivationPayload.From(host, command.DnsSuffix, command.Password);
        // rpc-go picks the LMS port once, when its executor starts (internal/rps/executor.go, NewExecutor).
        var localTls = host.Mei.IsLocalTlsEnforced();
        if ((payload.CurrentMode != 0 || command.Action == RpcAction.Deactivate) && string.IsNullOrEmpty(command.Password))
        {
            return Failed(uuid, RpcExitCode.MissingOrIncorrectPassword, payload.CurrentMode != 0 ? "the device is activated: --password (the AMT password) is needed" : "deactivate needs --password");
        }

        using var session = new CancellationTokenSource(_options.SessionTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(session.Token, cancellationToken);
        var token = linked.Token;
        using var socket = new ClientWebSocket();
        var calls = 0;
        try
        {
            Log.Connecting(logger, uuid, command.Url);
            try
            {
                await socket.ConnectAsync(command.Url, token);
            }
            catch (WebSocketException ex)
            {
                return Failed(uuid, RpcExitCode.GenericFailure, $"cannot connect to RPS at {command.Url}: {ex.Message}");
            }

            await SendAsync(socket, new RpcMessage { Method = command.Method, AppVersion = _options.AppVersion, Payload = payload.ToBase64() }, token);
            while (true)
            {
                var bytes = await ReceiveAsync(socket, token);
                if (bytes is null)
                {
                    return Failed(uuid, RpcExitCode.GenericFailure, "rps connection closed unexpectedly", calls);
                }

                var message = RpcMessage.Parse(bytes);
                switch (message.Method)
                {
                    case "heartbeat_request":
                        await SendAsync(socket, message with { Method = "heartbeat_response", Status = "success" }, token);
                        break;
                    case "success" or "error":
                        Log.Final(logger, uuid, message.Method, message.Message);
                        await CloseAsync(socket);
                        return Final(uuid, command, message, calls);
                    case "wsman":
                        calls++;
                        var request = Convert.FromBase64String(message.Payload);
                        byte[] response;
                        using (var relay = CancellationTokenSource.CreateLinkedTokenSource(token))
                        {
                            relay.CancelAfter(_options.RelayTimeout);
                            try
                            {
                                response = await host.Lms.RelayAsync(request, localTls, relay.Token);
                            }
                            catch (OperationCanceledException) when (!token.IsCancellationRequested)
                            {
                                return Failed(uuid, RpcExitCode.AmtConnectionFailed, $"timeout waiting for AMT response after {_options.RelayTimeout.TotalSeconds:0} seconds", calls);
                            }
                        }

                        await SendAsync(socket, new RpcMessage { Method = "response", AppVersion = _options.AppVersion, Payload = Convert.ToBase64String(response) }, token);
                        break;
                    default:
                        Log.Ignored(logger, uuid, message.Method);
                        break;
                }
            }
        }
        catch (LmsRelayException ex)
        {
            return Failed(uuid, RpcExitCode.LmsConnectionFailed, ex.Message, calls);
        }
        catch (Exception ex) when (ex is RpcProtocolException or FormatException)
        {
            return Failed(uuid, RpcExitCode.UnmarshalMessageFailed, ex.Message, calls);
        }
        catch (WebSocketException ex)
        {
            return Failed(uuid, RpcExitCode.GenericFailure, $"the websocket to RPS broke: {ex.Message}", calls);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(uuid, RpcExitCode.GenericFailure, $"no final message from RPS within {_options.SessionTimeout.TotalSeconds:0} seconds", calls);
        }
    }

    private static RpcOutcome Final(Guid uuid, RpcCommand command, RpcMessage message, int calls)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = message.Message.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText();
                }
            }
            catch (JsonException)
            {
                // A plain string that happens to start with a brace: kept as the message.
            }
        }

        var code = message.Method == "success" ? RpcExitCode.Success
            : command.Action == RpcAction.Activate ? RpcExitCode.ActivationFailed : RpcExitCode.DeactivationFailed;
        return new RpcOutcome { Uuid = uuid, ExitCode = code, FinalMethod = message.Method, FinalMessage = message.Message, Fields = fields, WsmanCalls = calls };
    }

    private static RpcOutcome Failed(Guid uuid, int code, string detail, int calls = 0)
        => new() { Uuid = uuid, ExitCode = code, Detail = detail, WsmanCalls = calls };

    private static Task SendAsync(ClientWebSocket socket, RpcMessage message, CancellationToken token)
        => socket.SendAsync(message.ToUtf8(), WebSocketMessageType.Text, endOfMessage: true, token);

    /// <summary>One whole message (its frames joined), or null when RPS closed the socket.</summary>
    private static async Task<byte[]?> ReceiveAsync(ClientWebSocket socket, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(4096), token);
            }
            catch (WebSocketException) when (socket.State is WebSocketState.Closed or WebSocketState.CloseReceived or WebSocketState.Aborted)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Complete the close handshake RPS began.
                await CloseAsync(socket);
                return null;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > RpcAgentOptions.MaxMessageBytes)
            {
                throw new RpcProtocolException($"a message from RPS is larger than {RpcAgentOptions.MaxMessageBytes} bytes");
            }

            if (result.EndOfMessage)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", limit.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // RPS may already have closed its end after the final message.
        }
    }
}
