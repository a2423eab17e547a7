namespace AmtSim.Protocol.Apf;

/// <summary>One APF message. Integers are big-endian uint32; strings are a uint32 length and that many bytes (Latin-1).</summary>
public abstract record ApfMessage
{
    public abstract ApfMessageType Type { get; }
}

/// <summary>DISCONNECT: reason (uint32) and two reserved bytes; 7 bytes.</summary>
public sealed record ApfDisconnect(ApfDisconnectReason Reason) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.Disconnect;
}

/// <summary>SERVICE_REQUEST: the service name.</summary>
public sealed record ApfServiceRequest(string Service) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ServiceRequest;
}

/// <summary>SERVICE_ACCEPT: the service name.</summary>
public sealed record ApfServiceAccept(string Service) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ServiceAccept;
}

/// <summary>
/// USERAUTH_REQUEST: user, service, method; for method "password" a FALSE byte and the password
/// follow (nothing follows other methods).
/// </summary>
public sealed record ApfUserAuthRequest(string User, string Service, string Method, string? Password) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.UserAuthRequest;

    public static ApfUserAuthRequest WithPassword(string user, string password)
        => new(user, ApfNames.PortForwardService, ApfNames.PasswordMethod, password);

    public override string ToString() => $"ApfUserAuthRequest {{ User = {User}, Service = {Service}, Method = {Method}, Password = {(Password is null ? "none" : "***")} }}";
}

/// <summary>USERAUTH_FAILURE: the methods that may continue and two reserved bytes (both MPSes send "password", 0x0000).</summary>
public sealed record ApfUserAuthFailure(string Methods) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.UserAuthFailure;
}

/// <summary>USERAUTH_SUCCESS: the type byte alone.</summary>
public sealed record ApfUserAuthSuccess : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.UserAuthSuccess;
}

/// <summary>GLOBAL_REQUEST "tcpip-forward" or "cancel-tcpip-forward": request name, want-reply byte, address, port.</summary>
public sealed record ApfGlobalRequest(string Request, bool WantReply, string Address, uint Port) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.GlobalRequest;

    public static ApfGlobalRequest Forward(string address, uint port) => new(ApfNames.TcpipForward, true, address, port);
}

/// <summary>
/// REQUEST_SUCCESS: the type byte, followed by the bound port when it answers a "tcpip-forward"
/// (5 bytes) and by nothing when it answers a cancel (1 byte). The bytes alone cannot say which:
/// the reader is told (<see cref="ApfReadOptions.RequestSuccessCarriesPort"/>).
/// </summary>
public sealed record ApfRequestSuccess(uint? Port) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.RequestSuccess;
}

/// <summary>REQUEST_FAILURE: the type byte alone.</summary>
public sealed record ApfRequestFailure : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.RequestFailure;
}

/// <summary>
/// CHANNEL_OPEN: channel type, sender channel, initial window, a reserved uint32 (0xFFFFFFFF),
/// connected address and port, originator address and port.
/// </summary>
public sealed record ApfChannelOpen(string ChannelType, uint SenderChannel, uint WindowSize, string Target, uint TargetPort, string Source, uint SourcePort) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ChannelOpen;
}

/// <summary>CHANNEL_OPEN_CONFIRMATION: recipient channel, sender channel, initial window, reserved (0xFFFFFFFF); 17 bytes.</summary>
public sealed record ApfChannelOpenConfirmation(uint RecipientChannel, uint SenderChannel, uint WindowSize) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ChannelOpenConfirmation;
}

/// <summary>CHANNEL_OPEN_FAILURE: recipient channel, reason, two reserved uint32 (0); 17 bytes.</summary>
public sealed record ApfChannelOpenFailure(uint RecipientChannel, ApfChannelOpenFailureReason Reason) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ChannelOpenFailure;
}

/// <summary>CHANNEL_WINDOW_ADJUST: recipient channel, bytes to add; 9 bytes.</summary>
public sealed record ApfChannelWindowAdjust(uint RecipientChannel, uint BytesToAdd) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ChannelWindowAdjust;
}

/// <summary>CHANNEL_DATA: recipient channel and the data as a string (uint32 length, bytes).</summary>
public sealed record ApfChannelData(uint RecipientChannel, ReadOnlyMemory<byte> Data) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ChannelData;

    public bool Equals(ApfChannelData? other) => other is not null && RecipientChannel == other.RecipientChannel && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(RecipientChannel, Data.Length);

    public override string ToString() => $"ApfChannelData {{ RecipientChannel = {RecipientChannel}, Data = {Data.Length} bytes }}";
}

/// <summary>CHANNEL_CLOSE: recipient channel; 5 bytes.</summary>
public sealed record ApfChannelClose(uint RecipientChannel) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.ChannelClose;
}

/// <summary>
/// PROTOCOLVERSION: major, minor, trigger reason (uint32 each), the device UUID (16 bytes, GUID
/// byte order: first three fields little-endian, as in the PKI hello) and 64 reserved bytes; 93 bytes.
/// </summary>
public sealed record ApfProtocolVersion(uint Major, uint Minor, uint TriggerReason, Guid Uuid) : ApfMessage
{
    public const int Length = 93;

    public override ApfMessageType Type => ApfMessageType.ProtocolVersion;
}

/// <summary>KEEPALIVE_REQUEST: a cookie the reply echoes; 5 bytes.</summary>
public sealed record ApfKeepAliveRequest(uint Cookie) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.KeepAliveRequest;
}

/// <summary>KEEPALIVE_REPLY: the request's cookie; 5 bytes.</summary>
public sealed record ApfKeepAliveReply(uint Cookie) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.KeepAliveReply;
}

/// <summary>KEEPALIVE_OPTIONS_REQUEST (MPS to device): keep-alive interval and timeout in seconds; 9 bytes.</summary>
public sealed record ApfKeepAliveOptionsRequest(uint IntervalSeconds, uint TimeoutSeconds) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.KeepAliveOptionsRequest;
}

/// <summary>KEEPALIVE_OPTIONS_REPLY (device to MPS): the interval and timeout the device will use; 9 bytes.</summary>
public sealed record ApfKeepAliveOptionsReply(uint IntervalSeconds, uint TimeoutSeconds) : ApfMessage
{
    public override ApfMessageType Type => ApfMessageType.KeepAliveOptionsReply;
}
