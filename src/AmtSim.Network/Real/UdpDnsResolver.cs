using System.Net;
using System.Net.Sockets;
using AmtSim.Firmware.Boot;
using AmtSim.Protocol.Dns;
using AmtSim.Runtime.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmtSim.Network.Real;

/// <summary>A stub resolver over real UDP: one question (A or PTR) per query, encoded and decoded by <see cref="DnsCodec"/>.</summary>
public sealed class UdpDnsResolver
{
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;

    public UdpDnsResolver(TimeProvider time, int seed, ILogger? logger = null)
    {
        _time = time;
        _random = new Random(seed);
        _logger = logger ?? NullLogger.Instance;
    }

    public int Port { get; init; } = 53;

    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public int Attempts { get; init; } = 2;

    /// <summary>Asks each server in turn from <paramref name="source"/> (the device's address) until one answers.</summary>
    public async Task<DnsAnswer> QueryAsync(string name, DnsRecordType type, IPAddress source, IReadOnlyList<IPAddress> servers, CancellationToken cancellationToken)
    {
        if (servers.Count == 0)
        {
            return DnsAnswer.Failed(DnsOutcome.NoServer, "no DNS server (option 6)");
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        var buffer = new byte[4096];
        foreach (var server in servers)
        {
            var endpoint = new IPEndPoint(server, Port);
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var id = (ushort)_random.Next(0, 65536);
                await socket.SendToAsync(DnsCodec.Write(DnsMessage.Query(id, name, type)), SocketFlags.None, endpoint, cancellationToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var timer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), wait, ReplyTimeout, Timeout.InfiniteTimeSpan);
                try
                {
                    while (true)
                    {
                        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                        DnsMessage reply;
                        try
                        {
                            reply = DnsCodec.Read(buffer.AsSpan(0, received.ReceivedBytes));
                        }
                        catch (InvalidInputException)
                        {
                            continue;
                        }

                        if (!reply.IsResponse || reply.Id != id)
                        {
                            continue;
                        }

                        var answer = ToAnswer(reply, type);
                        Log.DnsAnswered(_logger, endpoint, name, type, answer.Outcome);
                        return answer;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
        }

        return DnsAnswer.Failed(DnsOutcome.Timeout, $"no answer from {string.Join(", ", servers)}");
    }

    private static DnsAnswer ToAnswer(DnsMessage reply, DnsRecordType type) => reply.ResponseCode switch
    {
        DnsResponseCode.NoError when type == DnsRecordType.A => DnsAnswer.Of([.. reply.Answers.Where(a => a.Type == DnsRecordType.A).Select(a => a.Address!)]),
        DnsResponseCode.NoError => DnsAnswer.OfNames([.. reply.Answers.Where(a => a.Type == DnsRecordType.Ptr).Select(a => a.Target!)]),
        DnsResponseCode.NameError => DnsAnswer.Failed(DnsOutcome.NotFound, "NXDOMAIN"),
        _ => DnsAnswer.Failed(DnsOutcome.ServerFailure, reply.ResponseCode.ToString()),
    };
}
