using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AmtSim.Firmware.Boot;
using AmtSim.Protocol.Dhcp;
using AmtSim.Runtime.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmtSim.Network.Real;

/// <summary>
/// A DHCPv4 client over real UDP (RFC 2131): DISCOVER, OFFER, REQUEST, ACK on one interface
/// (SO_BINDTODEVICE, needs root), broadcast flag set so the server broadcasts its replies to a
/// client that has no address yet. Messages are encoded and decoded by <see cref="DhcpCodec"/>.
/// </summary>
public sealed class RealDhcpClient
{
    /// <summary>SOL_SOCKET and SO_BINDTODEVICE on Linux.</summary>
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    private static readonly DhcpOptionCode[] Requested =
    [
        DhcpOptionCode.SubnetMask, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName,
        DhcpOptionCode.LeaseTime, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.ClientFqdn, DhcpOptionCode.DomainSearch,
    ];

    private readonly string _interface;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;

    /// <param name="interfaceName">The interface to run DHCP on.</param>
    /// <param name="seed">Seed of the transaction ids (derive it from the run seed).</param>
    public RealDhcpClient(string interfaceName, TimeProvider time, int seed, ILogger? logger = null)
    {
        _interface = interfaceName;
        _time = time;
        _random = new Random(seed);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>How long to wait for each reply before sending again.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many DISCOVERs (and REQUESTs) to send before giving up.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>Binds a UDP socket to <paramref name="interfaceName"/> (SO_BINDTODEVICE).</summary>
    public static void BindToDevice(Socket socket, string interfaceName)
        => socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));

    public async Task<DhcpLease?> AcquireAsync(DhcpLeaseRequest request, CancellationToken cancellationToken)
    {
        var mac = ParseMac(request.Mac);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
        BindToDevice(socket, _interface);
        socket.Bind(new IPEndPoint(IPAddress.Any, DhcpCodec.ClientPort));
        var broadcast = new IPEndPoint(IPAddress.Broadcast, DhcpCodec.ServerPort);
        var xid = (uint)_random.Next() ^ ((uint)_random.Next() << 1);

        var offer = await ExchangeAsync(socket, broadcast, Build(DhcpMessageType.Discover, xid, mac, request, null), xid, [DhcpMessageType.Offer], cancellationToken).ConfigureAwait(false);
        if (offer is null)
        {
            Log.DhcpGaveUp(_logger, _interface, Attempts);
            return null;
        }

        var ack = await ExchangeAsync(socket, broadcast, Build(DhcpMessageType.Request, xid, mac, request, offer), xid, [DhcpMessageType.Ack, DhcpMessageType.Nak], cancellationToken).ConfigureAwait(false);
        if (ack is null || ack.MessageType != DhcpMessageType.Ack)
        {
            return null;
        }

        return new DhcpLease
        {
            Address = ack.YourAddress,
            ServerIdentifier = ack.ServerIdentifier,
            SubnetMask = ack.SubnetMask,
            DomainName = ack.DomainName,
            DnsServers = ack.DomainNameServers,
            RegisteredFqdn = ack.ClientFqdn?.Name is { } fqdn && fqdn.Contains('.', StringComparison.Ordinal) ? fqdn : null,
            LeaseTime = ack.LeaseTime ?? TimeSpan.FromHours(1),
        };
    }

    private async Task<DhcpMessage?> ExchangeAsync(Socket socket, IPEndPoint to, DhcpMessage message, uint xid, DhcpMessageType[] wanted, CancellationToken cancellationToken)
    {
        var bytes = DhcpCodec.Write(message);
        var buffer = new byte[1500];
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            await socket.SendToAsync(bytes, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
            Log.DhcpSent(_logger, _interface, message.MessageType, xid);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var timer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), wait, ReplyTimeout, Timeout.InfiniteTimeSpan);
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                    DhcpMessage reply;
                    try
                    {
                        reply = DhcpCodec.Read(buffer.AsSpan(0, received.ReceivedBytes));
                    }
                    catch (InvalidInputException ex)
                    {
                        Log.DhcpMalformed(_logger, _interface, ex.Message);
                        continue;
                    }

                    if (reply.Operation == DhcpOperation.BootReply && reply.TransactionId == xid && reply.MessageType is { } type && wanted.Contains(type))
                    {
                        Log.DhcpReceived(_logger, _interface, type, reply.ServerIdentifier ?? IPAddress.None, reply.YourAddress);
                        return reply;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }

        return null;
    }

    private static DhcpMessage Build(DhcpMessageType type, uint xid, byte[] mac, DhcpLeaseRequest request, DhcpMessage? offer)
    {
        var options = new List<DhcpOption>
        {
            DhcpOptions.MessageType(type),
            new(DhcpOptionCode.ClientIdentifier, (byte[])[1, .. mac]),
            DhcpOptions.Text(DhcpOptionCode.HostName, request.Hostname),
        };
        if (offer is not null)
        {
            options.Add(DhcpOptions.Addresses(DhcpOptionCode.RequestedAddress, offer.YourAddress));
            if (offer.ServerIdentifier is { } server)
            {
                options.Add(DhcpOptions.Addresses(DhcpOptionCode.ServerIdentifier, server));
            }
        }

        if (request.RequestFqdnRegistration)
        {
            options.Add(new DhcpOption(DhcpOptionCode.ClientFqdn, new ClientFqdn(ClientFqdn.ServerUpdatesFlag, request.Hostname).EncodeAscii()));
        }

        options.Add(DhcpOptions.ParameterRequestList(Requested));
        return new DhcpMessage
        {
            TransactionId = xid,
            Flags = DhcpMessage.BroadcastFlag,
            ClientHardwareAddress = mac,
            Options = options,
        };
    }

    private static byte[] ParseMac(string mac)
    {
        var parts = mac.Split(':', '-');
        if (parts.Length != 6 || !parts.All(p => p.Length == 2 && p.All(Uri.IsHexDigit)))
        {
            throw new InvalidInputException($"'{mac}' is not a MAC address (six hex pairs separated by ':')");
        }

        return [.. parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
    }
}
