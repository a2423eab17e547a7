namespace AmtSim.Protocol.Apf;

/// <summary>
/// APF (AMT Port Forwarding, the SSH-derived protocol of CIRA) message numbers: the first byte of
/// every message. Numbers as MeshCentral's mpsserver.js and the toolkit's MPS (APFProcessor.ts) use them.
/// </summary>
public enum ApfMessageType : byte
{
    Disconnect = 1,
    ServiceRequest = 5,
    ServiceAccept = 6,
    UserAuthRequest = 50,
    UserAuthFailure = 51,
    UserAuthSuccess = 52,
    GlobalRequest = 80,
    RequestSuccess = 81,
    RequestFailure = 82,
    ChannelOpen = 90,
    ChannelOpenConfirmation = 91,
    ChannelOpenFailure = 92,
    ChannelWindowAdjust = 93,
    ChannelData = 94,
    ChannelClose = 97,
    ProtocolVersion = 192,
    KeepAliveRequest = 208,
    KeepAliveReply = 209,
    KeepAliveOptionsRequest = 210,
    KeepAliveOptionsReply = 211,
}

/// <summary>DISCONNECT reason codes (SSH's, as both MPS implementations list them).</summary>
public enum ApfDisconnectReason : uint
{
    HostNotAllowedToConnect = 1,
    ProtocolError = 2,
    KeyExchangeFailed = 3,
    Reserved = 4,
    MacError = 5,
    CompressionError = 6,
    ServiceNotAvailable = 7,
    ProtocolVersionNotSupported = 8,
    HostKeyNotVerifiable = 9,
    ConnectionLost = 10,
    ByApplication = 11,
    TooManyConnections = 12,
    AuthCancelledByUser = 13,
    NoMoreAuthMethodsAvailable = 14,
    InvalidCredentials = 15,
    ConnectionTimedOut = 16,
    ByPolicy = 17,
    TemporarilyUnavailable = 18,
}

/// <summary>CHANNEL_OPEN_FAILURE reason codes.</summary>
public enum ApfChannelOpenFailureReason : uint
{
    AdministrativelyProhibited = 1,
    ConnectFailed = 2,
    UnknownChannelType = 3,
    ResourceShortage = 4,
}

/// <summary>Names APF uses on the wire.</summary>
public static class ApfNames
{
    /// <summary>The service a device asks for before user authentication.</summary>
    public const string AuthService = "auth@amt.intel.com";

    /// <summary>The port-forwarding service, named in USERAUTH_REQUEST and requested after it.</summary>
    public const string PortForwardService = "pfwd@amt.intel.com";

    public const string PasswordMethod = "password";

    public const string TcpipForward = "tcpip-forward";

    public const string CancelTcpipForward = "cancel-tcpip-forward";

    /// <summary>Channel type of a channel the MPS opens towards one of the device's forwarded ports.</summary>
    public const string ForwardedTcpip = "forwarded-tcpip";

    public const string DirectTcpip = "direct-tcpip";
}
