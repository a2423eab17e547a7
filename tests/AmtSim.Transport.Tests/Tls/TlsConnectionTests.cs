using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AmtSim.Transport.Tls;
using Org.BouncyCastle.Tls;
using Xunit;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using CertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;

namespace AmtSim.Transport.Tests.Tls;

/// <summary>The one TLS engine, both ends in one process over in-memory pipes (issue 20).</summary>
public sealed class TlsConnectionTests
{
    // One pair of keys for the class: generating RSA-2048 per test costs more than the handshakes.
    private static readonly RSA _serverKey = RSA.Create(2048);
    private static readonly RSA _clientKey = RSA.Create(2048);
    private static readonly X509Certificate2 _serverCertificate = SelfSigned("CN=server", _serverKey);
    private static readonly X509Certificate2 _clientCertificate = SelfSigned("CN=client", _clientKey);

    private static X509Certificate2 SelfSigned(string subject, RSA key)
        => new System.Security.Cryptography.X509Certificates.CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

    /// <summary>Two in-memory transports crossed over: what one writes the other reads.</summary>
    private static (IDuplexPipe Client, IDuplexPipe Server) Wire()
    {
        var up = new Pipe();
        var down = new Pipe();
        return (new Duplex(down.Reader, up.Writer), new Duplex(up.Reader, down.Writer));
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    private sealed class TestServer(BcCertificate chain, RSA key, ProtocolVersion version, int[] suites, bool askForCertificate) : DefaultTlsServer(DotNetTlsCrypto.Instance)
    {
        public BcCertificate? ClientCertificate { get; private set; }

        protected override ProtocolVersion[] GetSupportedVersions() => version.Only();

        protected override int[] GetSupportedCipherSuites() => suites;

        public override CertificateRequest? GetCertificateRequest()
            => askForCertificate ? new CertificateRequest([ClientCertificateType.rsa_sign], TlsUtilities.IsTlsV12(m_context) ? TlsUtilities.GetDefaultRsaSignatureAlgorithms() : null, null) : null;

        public override void NotifyClientCertificate(BcCertificate clientCertificate) => ClientCertificate = clientCertificate;

        protected override TlsCredentialedSigner GetRsaSignerCredentials()
            => DotNetRsaTlsCredentials.Signer(chain, key, SignatureAndHashAlgorithm.GetInstance(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.rsa));

        protected override TlsCredentialedDecryptor GetRsaEncryptionCredentials() => DotNetRsaTlsCredentials.Decryptor(Crypto, chain, key);
    }

    private TestServer Server(ProtocolVersion version, int suite, bool askForCertificate = true)
        => new(DotNetRsaTlsCredentials.ChainOf([_serverCertificate]), _serverKey, version, [suite], askForCertificate);

    private TlsClientOptions ClientOptions() => new() { Credential = new TlsClientCredential([_clientCertificate], _clientKey) };

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[64];
        while (!received.Contains((byte)'\n'))
        {
            var n = await stream.ReadAsync(buffer);
            Assert.True(n > 0, "closed before a whole line");
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return Encoding.ASCII.GetString([.. received]).TrimEnd('\n');
    }

    [Theory]
    [InlineData(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0x0303)]
    [InlineData(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0x0303)]
    [InlineData(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, 0x0303)]
    [InlineData(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, 0x0302)]
    [InlineData(CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, 0x0301)]
    public async Task Handshake_SuiteAndVersion_ClientCertificateArrivesAndDataFlowsBothWays(int suite, int version)
    {
        var (clientWire, serverWire) = Wire();
        var server = Server(ProtocolVersion.Get(version >> 8, version & 0xff), suite);
        await using var serverConnection = TlsConnection.Server(serverWire, server);
        var serverHandshake = serverConnection.HandshakeAsync(CancellationToken.None);

        var clientHandshake = TlsClientConnector.HandshakeAsync(clientWire, null, ClientOptions(), CancellationToken.None);
        Assert.Null(await serverHandshake);
        await using var session = await clientHandshake;

        Assert.Equal(suite, session.CipherSuite);
        Assert.Equal(_serverCertificate.Thumbprint, session.ServerCertificate.Thumbprint);
        Assert.Equal(_clientCertificate.RawData, server.ClientCertificate!.GetCertificateAt(0).GetEncoded());
        await session.Stream.WriteAsync("ping\n"u8.ToArray());
        Assert.Equal("ping", await ReadLineAsync(serverConnection.Stream));
        await serverConnection.Stream.WriteAsync("pong\n"u8.ToArray());
        Assert.Equal("pong", await ReadLineAsync(session.Stream));
    }

    [Fact]
    public async Task Handshake_ClientRefusesTheServerChain_SendsItsAlertAndBothSidesSayWhich()
    {
        var (clientWire, serverWire) = Wire();
        await using var serverConnection = TlsConnection.Server(serverWire, Server(ProtocolVersion.TLSv12, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        var serverHandshake = serverConnection.HandshakeAsync(CancellationToken.None);
        var options = ClientOptions() with { ValidateServer = _ => ServerCertificateVerdict.Reject(AlertDescription.unknown_ca, "not one of the MPS roots") };

        var refused = await Assert.ThrowsAsync<TlsHandshakeException>(() => TlsClientConnector.HandshakeAsync(clientWire, null, options, CancellationToken.None));

        Assert.Equal(AlertDescription.unknown_ca, refused.Failure.AlertSent);
        Assert.Equal(AlertDescription.unknown_ca, (await serverHandshake)!.AlertReceived);
    }

    [Fact]
    public async Task Handshake_NoCommonVersion_ClientReportsTheServersProtocolVersionAlert()
    {
        var (clientWire, serverWire) = Wire();
        await using var serverConnection = TlsConnection.Server(serverWire, Server(ProtocolVersion.TLSv12, CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        var serverHandshake = serverConnection.HandshakeAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<TlsHandshakeException>(() => TlsClientConnector.HandshakeAsync(clientWire, null, ClientOptions() with { MaximumVersion = TlsProtocolVersion.Tls11 }, CancellationToken.None));

        Assert.Equal(AlertDescription.protocol_version, refused.Failure.AlertReceived);
        Assert.Equal(AlertDescription.protocol_version, (await serverHandshake)!.AlertSent);
    }

    [Fact]
    public async Task Handshake_PeerHangsUpMidway_FailsWithoutAlert()
    {
        var (clientWire, serverWire) = Wire();
        await using var serverConnection = TlsConnection.Server(serverWire, Server(ProtocolVersion.TLSv12, CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        var serverHandshake = serverConnection.HandshakeAsync(CancellationToken.None);
        await clientWire.Output.WriteAsync(new byte[] { 0x16, 0x03, 0x01 });
        await clientWire.Output.CompleteAsync();

        var failure = await serverHandshake;

        Assert.NotNull(failure);
        Assert.Null(failure.AlertReceived);
        Assert.Contains("closed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_GarbageInsteadOfAHello_FailsWithAnAlertInsteadOfHanging()
    {
        var (clientWire, serverWire) = Wire();
        await using var serverConnection = TlsConnection.Server(serverWire, Server(ProtocolVersion.TLSv12, CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        var serverHandshake = serverConnection.HandshakeAsync(CancellationToken.None);
        await clientWire.Output.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());

        var failure = await serverHandshake;

        Assert.NotNull(failure?.AlertSent);
    }

    /// <summary>
    /// The server's side of a wire that can be reset, as a socket's peer resets it: from then on its
    /// reads and writes throw <see cref="IOException"/>. It records what the server wrote and counts
    /// the writes tried after the reset.
    /// </summary>
    private sealed class ResettableWire : Stream, IDuplexPipe
    {
        private readonly PipeReader _input;
        private readonly Stream _peer;
        private readonly MemoryStream _written = new();
        private volatile bool _reset;

        public ResettableWire(PipeReader input, PipeWriter toPeer)
        {
            _input = input;
            _peer = toPeer.AsStream();
            Input = new ResettableReader(this);
            Output = PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }

        public int WritesAfterReset { get; private set; }

        public long Written => _written.Length;

        public byte[] WrittenSince(long position) => _written.ToArray()[(int)position..];

        public void Reset()
        {
            _reset = true;
            _input.CancelPendingRead();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_reset)
            {
                WritesAfterReset++;
                throw new IOException("Connection reset by peer");
            }

            _written.Write(buffer.Span);
            await _peer.WriteAsync(buffer, cancellationToken);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => _reset ? throw new IOException("Connection reset by peer") : _peer.FlushAsync(cancellationToken);

        public override void Flush() => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        private sealed class ResettableReader(ResettableWire wire) : PipeReader
        {
            public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
            {
                var result = await wire._input.ReadAsync(cancellationToken);
                return wire._reset ? throw new IOException("Connection reset by peer") : result;
            }

            public override bool TryRead(out ReadResult result) => wire._input.TryRead(out result);

            public override void AdvanceTo(SequencePosition consumed) => wire._input.AdvanceTo(consumed);

            public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => wire._input.AdvanceTo(consumed, examined);

            public override void CancelPendingRead() => wire._input.CancelPendingRead();

            public override void Complete(Exception? exception = null) => wire._input.Complete(exception);
        }
    }

    private async Task<(TlsConnection Server, ResettableWire Wire, TlsClientSession Client)> ConnectedOverResettableWireAsync()
    {
        var up = new Pipe();
        var down = new Pipe();
        var wire = new ResettableWire(up.Reader, down.Writer);
        var server = TlsConnection.Server(wire, Server(ProtocolVersion.TLSv12, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        var serverHandshake = server.HandshakeAsync(CancellationToken.None);
        var client = await TlsClientConnector.HandshakeAsync(new Duplex(down.Reader, up.Writer), null, ClientOptions(), CancellationToken.None);
        Assert.Null(await serverHandshake);
        return (server, wire, client);
    }

    [Fact]
    public async Task Dispose_PeerStillConnected_SendsCloseNotify()
    {
        var (server, wire, client) = await ConnectedOverResettableWireAsync();
        await using var _ = client;
        var before = wire.Written;

        await server.DisposeAsync();

        // One more record, and it is an alert (content type 21; its body is encrypted).
        var sent = wire.WrittenSince(before);
        Assert.NotEmpty(sent);
        Assert.Equal(21, sent[0]);
    }

    [Fact]
    public async Task Dispose_AfterThePeerResetTheConnection_TriesNoMoreWritesAndDoesNotThrow()
    {
        var (server, wire, client) = await ConnectedOverResettableWireAsync();
        await using var _ = client;

        wire.Reset();
        // The application sees the reset on its next read, so the receive loop has seen it too.
        await Assert.ThrowsAnyAsync<IOException>(async () => await server.Stream.ReadExactlyAsync(new byte[16]));
        await server.DisposeAsync();

        Assert.Equal(0, wire.WritesAfterReset);
    }
}
