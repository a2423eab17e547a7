using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using AmtSim.Protocol.Apf;

namespace AmtSim.Firmware.Tests.Cira;

/// <summary>Certificates for test MPSes: a root and a leaf naming the MPS, RSA 2048, made once per process.</summary>
internal static class MpsCertificates
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static (X509Certificate2 Root, X509Certificate2 Leaf) Trusted { get; } = Make("AmtSim Test MPS Root", "mps.contoso.com");

    /// <summary>A leaf for the same name under a root the device is never given.</summary>
    public static (X509Certificate2 Root, X509Certificate2 Leaf) Stranger { get; } = Make("Stranger Root", "mps.contoso.com");

    /// <summary>A leaf under the trusted root that names another host.</summary>
    public static X509Certificate2 OtherName { get; } = Issue(Trusted.Root, "other.fabrikam.com");

    private static (X509Certificate2, X509Certificate2) Make(string rootName, string leafName)
    {
        using var rootKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={rootName}", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var root = request.CreateSelfSigned(From, From.AddYears(10));
        return (root, Issue(root, leafName));
    }

    private static X509Certificate2 Issue(X509Certificate2 root, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var leaf = request.Create(root, From, From.AddYears(5), serial);
        return X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);
    }

    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);
}

/// <summary>
/// An MPS written for the tests: a real TLS listener on loopback (SslStream, TLS 1.2, the given
/// certificate) speaking APF with the project's codec, the way MeshCentral's mpsserver.js answers:
/// SERVICE_ACCEPT, USERAUTH_SUCCESS or FAILURE (then close), REQUEST_SUCCESS with the port, and
/// KEEPALIVE_OPTIONS_REQUEST after the 5900 forward.
/// </summary>
internal sealed class TestMps : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<MpsConnection> _accepted = Channel.CreateUnbounded<MpsConnection>();
    private readonly List<Task> _tasks = [];
    private int _connections;
    private int _tlsFailures;

    public TestMps(X509Certificate2 certificate, string? password = "P@ssw0rd-Mps1", uint keepAliveSeconds = 30)
    {
        _certificate = certificate;
        Password = password;
        KeepAliveSeconds = keepAliveSeconds;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        _tasks.Add(AcceptLoopAsync());
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>The password USERAUTH must carry; null accepts any.</summary>
    public string? Password { get; }

    public uint KeepAliveSeconds { get; }

    public int Connections => Volatile.Read(ref _connections);

    public int TlsFailures => Volatile.Read(ref _tlsFailures);

    /// <summary>Extra bytes sent right after USERAUTH_SUCCESS (malformed-input tests).</summary>
    public byte[]? AfterAuth { get; init; }

    public async Task<MpsConnection> NextConnectionAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _accepted.Reader.ReadAsync(guard.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await Task.WhenAll(_tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_tasks)
            {
                _tasks.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                EnabledSslProtocols = SslProtocols.Tls12,
            }, _stopping.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            Interlocked.Increment(ref _tlsFailures);
            await ssl.DisposeAsync();
            return;
        }

        var connection = new MpsConnection(this, ssl, socket.RemoteEndPoint!.ToString()!);
        await _accepted.Writer.WriteAsync(connection);
        await connection.RunAsync(_stopping.Token);
    }
}

/// <summary>One device connection as the test MPS sees it.</summary>
internal sealed class MpsConnection
{
    private readonly TestMps _mps;
    private readonly SslStream _stream;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Dictionary<uint, MpsChannel> _channels = [];
    private readonly Channel<ApfMessage> _received = Channel.CreateUnbounded<ApfMessage>();
    private uint _nextChannel = 4;

    public MpsConnection(TestMps mps, SslStream stream, string remote)
    {
        _mps = mps;
        _stream = stream;
        Remote = remote;
    }

    public string Remote { get; }

    public TaskCompletionSource<ApfProtocolVersion> Version { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<ApfUserAuthRequest> UserAuth { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<ApfKeepAliveOptionsReply> KeepAliveOptions { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<uint> ForwardedPorts { get; } = [];

    public List<string> ServiceRequests { get; } = [];

    /// <summary>Every message from the device after the exchange (keep-alives, channel traffic), in order.</summary>
    public ChannelReader<ApfMessage> Received => _received.Reader;

    public async Task<T> NextAsync<T>() where T : ApfMessage
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await _received.Reader.ReadAsync(guard.Token) is T found)
            {
                return found;
            }
        }
    }

    public Task SendAsync(ApfMessage message) => SendRawAsync(ApfWriter.ToArray(message));

    public async Task SendRawAsync(byte[] bytes)
    {
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

    /// <summary>Opens a forwarded-tcpip channel to <paramref name="port"/> and waits for the device's answer.</summary>
    public async Task<MpsChannel> OpenChannelAsync(uint port, uint window = 32768)
    {
        var channel = new MpsChannel(this, _nextChannel++, window);
        lock (_channels)
        {
            _channels[channel.Id] = channel;
        }

        await SendAsync(new ApfChannelOpen(ApfNames.ForwardedTcpip, channel.Id, window, "amt1.contoso.com", port, "1.2.3.4", 1024));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await channel.Opened.Task.WaitAsync(guard.Token);
        return channel;
    }

    /// <summary>Closes the TLS connection (a dropped MPS).</summary>
    public async Task DropAsync() => await _stream.DisposeAsync();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var input = PipeReader.Create(_stream);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                var (messages, consumed) = Parse(result.Buffer);
                input.AdvanceTo(consumed, result.Buffer.End);
                foreach (var message in messages)
                {
                    if (!await HandleAsync(message))
                    {
                        return;
                    }
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
            foreach (var c in _channels.Values)
            {
                c.Data.Writer.TryComplete();
            }

            await _stream.DisposeAsync();
            Closed.TrySetResult();
        }
    }

    private static (List<ApfMessage>, SequencePosition) Parse(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var list = new List<ApfMessage>();
        while (ApfReader.TryRead(ref reader, ApfReadOptions.Server, out var m))
        {
            list.Add(m);
        }

        return (list, reader.Position);
    }

    private async Task<bool> HandleAsync(ApfMessage message)
    {
        switch (message)
        {
            case ApfProtocolVersion v:
                Version.TrySetResult(v);
                return true;
            case ApfServiceRequest s:
                ServiceRequests.Add(s.Service);
                await SendAsync(new ApfServiceAccept(s.Service));
                return true;
            case ApfUserAuthRequest u:
                UserAuth.TrySetResult(u);
                if (_mps.Password is not null && u.Password != _mps.Password)
                {
                    await SendAsync(new ApfUserAuthFailure(ApfNames.PasswordMethod));
                    return false;
                }

                await SendAsync(new ApfUserAuthSuccess());
                if (_mps.AfterAuth is { } extra)
                {
                    await SendRawAsync(extra);
                }

                return true;
            case ApfGlobalRequest g:
                ForwardedPorts.Add(g.Port);
                await SendAsync(new ApfRequestSuccess(g.Port));
                if (g.Port == 5900)
                {
                    await SendAsync(new ApfKeepAliveOptionsRequest(_mps.KeepAliveSeconds, 0));
                }

                return true;
            case ApfKeepAliveOptionsReply o:
                KeepAliveOptions.TrySetResult(o);
                return true;
            case ApfKeepAliveRequest k:
                await SendAsync(new ApfKeepAliveReply(k.Cookie));
                break;
            case ApfChannelOpenConfirmation c when Find(c.RecipientChannel) is { } channel:
                channel.Confirm(c);
                break;
            case ApfChannelOpenFailure f when Find(f.RecipientChannel) is { } channel:
                channel.Opened.TrySetException(new InvalidOperationException($"channel open refused: {f.Reason}"));
                break;
            case ApfChannelData d when Find(d.RecipientChannel) is { } channel:
                await channel.Data.Writer.WriteAsync(d.Data.ToArray());
                break;
            case ApfChannelClose c when Find(c.RecipientChannel) is { } channel:
                channel.Data.Writer.TryComplete();
                channel.CloseReceived.TrySetResult();
                break;
        }

        await _received.Writer.WriteAsync(message);
        return true;
    }

    private MpsChannel? Find(uint id)
    {
        lock (_channels)
        {
            return _channels.GetValueOrDefault(id);
        }
    }
}

/// <summary>A channel the test MPS opened.</summary>
internal sealed class MpsChannel(MpsConnection connection, uint id, uint window)
{
    public uint Id => id;

    public uint Window => window;

    public uint DeviceChannel { get; private set; }

    public uint DeviceWindow { get; private set; }

    public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource CloseReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<byte[]> Data { get; } = Channel.CreateUnbounded<byte[]>();

    public void Confirm(ApfChannelOpenConfirmation confirmation)
    {
        DeviceChannel = confirmation.SenderChannel;
        DeviceWindow = confirmation.WindowSize;
        Opened.TrySetResult();
    }

    public Task SendAsync(ReadOnlyMemory<byte> bytes) => connection.SendAsync(new ApfChannelData(DeviceChannel, bytes));

    public Task CloseAsync() => connection.SendAsync(new ApfChannelClose(DeviceChannel));

    /// <summary>
    /// The channel as a duplex pipe (for a TLS client inside it): CHANNEL_DATA from the device is its
    /// input, ending at the device's CHANNEL_CLOSE; what is written goes out as CHANNEL_DATA.
    /// </summary>
    public IDuplexPipe AsPipe()
    {
        var input = new Pipe();
        var output = new Pipe();
        _ = Task.Run(async () =>
        {
            await foreach (var chunk in Data.Reader.ReadAllAsync())
            {
                await input.Writer.WriteAsync(chunk);
            }

            await input.Writer.CompleteAsync();
        });
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var result = await output.Reader.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    await SendAsync(segment.ToArray());
                }

                output.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await output.Reader.CompleteAsync();
        });
        return new PipePair(input.Reader, output.Writer);
    }

    private sealed class PipePair(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>Reads one HTTP response from the channel's data.</summary>
    public async Task<Protocol.Http.HttpResponse> ReceiveResponseAsync(List<byte> pending)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(pending.ToArray()));
            if (Protocol.Http.HttpResponse.TryRead(ref reader, Protocol.Http.HttpLimits.Default, out var response))
            {
                pending.RemoveRange(0, (int)reader.Consumed);
                return response;
            }

            pending.AddRange(await Data.Reader.ReadAsync(guard.Token));
        }
    }
}
