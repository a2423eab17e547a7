using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Web;
using AmtSim.Protocol.Http;
using AmtSim.Testing.Web;
using AmtSim.Transport.Tls;
using Xunit;

namespace AmtSim.Firmware.Tests.Web;

/// <summary>Real sockets on 127.x and real TLS (a .NET SslStream client against the device's BouncyCastle server).</summary>
public class FirmwareWebServerTlsTests : IAsyncLifetime, IDisposable
{
    private readonly EchoWsmanHandler _handler = new();
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly AmtSim.Runtime.Time.VirtualTimeProvider _time = new(WebTestDevices.Start);
    private readonly AmtDevice _device;
    private readonly TestProvisioningChain _chain = TestProvisioningChain.Create();
    private readonly FirmwareWebServer _server;

    public FirmwareWebServerTlsTests()
    {
        _device = WebTestDevices.Create(time: _time);
        _device.HashTable.Add(_chain.RootHash);
        _server = new FirmwareWebServer(_device, _handler, WebTestDevices.Options(), _logs);
    }

    public Task InitializeAsync()
    {
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _logs.AssertNoErrors();
    }

    public void Dispose() => _chain.Dispose();

    /// <summary>The device certificate the client pins: the one the device should serve in its current state.</summary>
    private string ExpectedServerThumbprint()
        => (_device.State == ProvisioningState.Post ? _device.ProvisionedCertificate! : _device.SetupCertificate!).Thumbprint;

    private async Task<(SslStream Stream, TcpClient Tcp)> ConnectTlsAsync(IReadOnlyList<X509Certificate2>? clientChain, SslProtocols protocols = SslProtocols.Tls12)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.TlsEndPoint!);
        var ssl = new SslStream(tcp.GetStream(), false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = _device.Identity.Hostname,
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && ExpectedServerThumbprint() == certificate.GetCertHashString(),
        };
        if (clientChain is not null)
        {
            options.ClientCertificateContext = SslStreamCertificateContext.Create(clientChain[0], new X509Certificate2Collection(clientChain.Skip(1).ToArray()), offline: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await ssl.AuthenticateAsClientAsync(options, timeout.Token);
        return (ssl, tcp);
    }

    private static async Task<HttpResponse> ExchangeAsync(Stream stream, string body, string? authorization = null)
    {
        var headers = new HttpHeaders();
        headers.Add("Host", "device");
        if (authorization is not null)
        {
            headers.Add("Authorization", authorization);
        }

        var request = new HttpRequest { Method = "POST", Target = "/wsman", MinorVersion = 1, Headers = headers, Body = Encoding.UTF8.GetBytes(body) };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        request.WriteTo(buffer);
        await stream.WriteAsync(buffer.WrittenMemory);
        var received = new List<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            var reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(received.ToArray()));
            if (HttpResponse.TryRead(ref reader, HttpLimits.Default, out var response))
            {
                return response;
            }

            var n = await stream.ReadAsync(chunk);
            Assert.True(n > 0, "connection closed before a full response");
            received.AddRange(chunk.AsSpan(0, n).ToArray());
        }
    }

    [Fact]
    public async Task Handshake_AcceptedChainBeforeProvisioning_WsmanRunsAsAdminInSetupMode()
    {
        using (var client = await BouncyCastleTestClient.ConnectAsync(_server.TlsEndPoint!, _chain.Presented))
        {
            Assert.Equal(_device.SetupCertificate!.Thumbprint, client.ServerCertificate.Thumbprint);
            var first = await ExchangeAsync(client.Stream, "<enumerate/>");
            var second = await ExchangeAsync(client.Stream, "<pull/>");
            Assert.Equal(200, first.StatusCode);
            Assert.Equal(200, second.StatusCode);
        }

        var call = _handler.Calls[0];
        Assert.Equal("admin", call.Caller.User);
        Assert.True(call.Caller.OverTls);
        Assert.True(call.Caller.ClientCertificateAccepted);
        var audit = Assert.Single(_device.Audit.OfType<TlsHandshakeAudit>());
        Assert.True(audit.Accepted);
        Assert.Null(audit.AlertSent);
        Assert.Contains("provisionserver.contoso.com", audit.ClientLeafSubject, StringComparison.Ordinal);
        var record = await _server.WaitForConnectionEndAsync(r => r.OverTls);
        Assert.Equal(ConnectionEndReason.ClientClosed, record.Reason);
        Assert.Equal(2, record.Requests);
    }

    [Fact]
    public async Task Handshake_SetupKeyKeptApartFromTheCertificate_ServesItOnEveryHandshake()
    {
        // The world's devices serve a public-only setup certificate with the key beside it; a
        // handshake must not dispose that key, or the next one fails.
        var key = System.Security.Cryptography.RSA.Create(2048);
        var certificate = SetupCertificateFactory.CreatePublic(_device.Identity, WebTestDevices.Start, key);
        _device.UseSetupCredential(certificate, key);
        Assert.False(_device.SetupCertificate!.HasPrivateKey);

        for (var i = 0; i < 2; i++)
        {
            using (var client = await BouncyCastleTestClient.ConnectAsync(_server.TlsEndPoint!, _chain.Presented))
            {
                Assert.Equal(certificate.Thumbprint, client.ServerCertificate.Thumbprint);
                Assert.Equal(200, (await ExchangeAsync(client.Stream, "<enumerate/>")).StatusCode);
            }

            // The connection's end (where the server lets go of its key) before the next handshake.
            var ended = 0;
            var nth = i + 1;
            await _server.WaitForConnectionEndAsync(r => r.OverTls && ++ended == nth);
        }

        Assert.Equal(2, _device.Audit.OfType<TlsHandshakeAudit>().Count(a => a.Accepted));
    }

    [Fact]
    public async Task Handshake_RootNotInTable_FatalAlert46AndTypedReasonInAudit()
    {
        using var untrusted = TestProvisioningChain.Create();
        var refused = await Assert.ThrowsAsync<TlsHandshakeException>(() => BouncyCastleTestClient.ConnectAsync(_server.TlsEndPoint!, untrusted.Presented));
        Assert.Equal((short)46, refused.Failure.AlertReceived);

        var record = await _server.WaitForConnectionEndAsync(r => r.OverTls);
        Assert.Equal(ConnectionEndReason.ClientCertificateRejected, record.Reason);
        var audit = Assert.Single(_device.Audit.OfType<TlsHandshakeAudit>());
        Assert.Equal(ValidationReason.RootNotTrusted, audit.Reason);
        Assert.Equal((byte)46, audit.AlertSent);
        Assert.Empty(_handler.Calls);
    }

    /// <summary>issue 20: a trusted chain is not enough; the client must hold the leaf's key (its CertificateVerify is checked).</summary>
    [Fact]
    public async Task Handshake_TrustedChainSignedWithAnotherKey_RefusedWithDecryptErrorAndNoSetupSession()
    {
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var options = new TlsClientOptions { Credential = new TlsClientCredential(_chain.Presented, otherKey) };

        var refused = await Assert.ThrowsAsync<TlsHandshakeException>(() => TlsClientConnector.ConnectAsync(_server.TlsEndPoint!, null, options, CancellationToken.None));

        Assert.Equal((short)51, refused.Failure.AlertReceived); // decrypt_error
        Assert.Equal(ConnectionEndReason.TlsHandshakeFailed, (await _server.WaitForConnectionEndAsync(r => r.OverTls)).Reason);
        Assert.Empty(_handler.Calls);
        Assert.Equal(ProvisioningState.Pre, _device.State);
    }

    [Fact]
    public async Task Handshake_LeafWithoutSetupOidOrOu_RejectedWithMissingSetupOidAndOu()
    {
        using var noOid = TestProvisioningChain.Create(setupOid: false);
        _device.HashTable.Add(noOid.RootHash);
        var refused = await Assert.ThrowsAsync<TlsHandshakeException>(() => BouncyCastleTestClient.ConnectAsync(_server.TlsEndPoint!, noOid.Presented));
        Assert.Equal((short)46, refused.Failure.AlertReceived);

        await _server.WaitForConnectionEndAsync(r => r.OverTls);
        Assert.Equal(ValidationReason.MissingSetupOidAndOu, Assert.Single(_device.Audit.OfType<TlsHandshakeAudit>()).Reason);
    }

    [Fact]
    public async Task Handshake_SslStreamClientWithUntrustedChain_SeesCertificateUnknownAlert()
    {
        using var untrusted = TestProvisioningChain.Create();
        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => ConnectTlsAsync(untrusted.Presented));
        Assert.Contains("alert certificate unknown", failure.InnerException?.InnerException?.Message ?? "", StringComparison.Ordinal);
        Assert.Equal(ConnectionEndReason.ClientCertificateRejected, (await _server.WaitForConnectionEndAsync(r => r.OverTls)).Reason);
    }

    [Fact]
    public async Task Handshake_Tls11ClientOnTls12OnlyFirmware_FailsWithoutReachingTheValidator()
    {
        var refused = await Assert.ThrowsAsync<TlsHandshakeException>(() => BouncyCastleTestClient.ConnectAsync(_server.TlsEndPoint!, _chain.Presented, tls12: false));
        Assert.Equal((short)70, refused.Failure.AlertReceived); // protocol_version
        Assert.Equal(ConnectionEndReason.TlsHandshakeFailed, (await _server.WaitForConnectionEndAsync(r => r.OverTls)).Reason);
        Assert.Empty(_device.Audit.OfType<TlsHandshakeAudit>());
    }

    [Fact]
    public async Task Handshake_NoClientCertificateBeforeProvisioning_Fails()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectTlsAsync(null));
        var record = await _server.WaitForConnectionEndAsync(r => r.OverTls);
        Assert.Equal(ConnectionEndReason.ClientCertificateRejected, record.Reason);
        var audit = Assert.Single(_device.Audit.OfType<TlsHandshakeAudit>());
        Assert.Equal(ValidationReason.ChainIncomplete, audit.Reason);

        // issue 17: no certificate at all is handshake_failure (40, RFC 5246 §7.4.6); a refused one is 46 (docs/validator.md).
        Assert.Equal((byte)40, audit.AlertSent);
    }

    [Fact]
    public async Task Handshake_AfterCommit_ServesProvisionedCertificateWithoutClientCertAndNeedsDigest()
    {
        var provisioned = SetupCertificateFactory.Create(_device.Identity with { Hostname = "provisioned.contoso.com" }, WebTestDevices.Start);
        _device.ProvisionedCertificate = provisioned;
        _device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        _device.Apply(LifecycleEvent.Committed, "test");

        var (ssl, tcp) = await ConnectTlsAsync(null);
        using (tcp)
        await using (ssl)
        {
            Assert.Equal(provisioned.Thumbprint, new X509Certificate2(ssl.RemoteCertificate!).Thumbprint);
            var challenge = await ExchangeAsync(ssl, "<x/>");
            Assert.Equal(401, challenge.StatusCode);
        }

        Assert.Empty(_handler.Calls);
        Assert.Equal(ConnectionEndReason.Unauthorized, (await _server.WaitForConnectionEndAsync(r => r.OverTls)).Reason);
    }

    [Fact]
    public async Task Http_RealSocket_DigestExchangeReachesHandler()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.HttpEndPoint!);
        var challenge = await ExchangeAsync(tcp.GetStream(), "<x/>");
        Assert.True(DigestChallenge.TryParse(challenge.Headers["WWW-Authenticate"]!, out var c));

        using var tcp2 = new TcpClient();
        await tcp2.ConnectAsync(_server.HttpEndPoint!);
        var auth = DigestCredentials.ForRequest("admin", _device.MebxPassword, c.Realm, c.Nonce, 1, "abc", "POST", "/wsman").ToHeaderValue();
        var ok = await ExchangeAsync(tcp2.GetStream(), "<hello/>", auth);
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("<hello/>", _handler.Calls.Single().Body);
    }

    [Fact]
    public async Task Handshake_ClientSilentPastHandshakeTimeout_EndsTimedOut()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.TlsEndPoint!);
        await tcp.GetStream().WriteAsync(new byte[] { 0x16, 0x03, 0x01 });
        var ended = _server.WaitForConnectionEndAsync(r => r.OverTls);
        await WaitUntilAcceptedAsync();

        _time.Advance(FirmwareWebServerOptions.DefaultHandshakeTimeout);

        Assert.Equal(ConnectionEndReason.TimedOut, (await ended).Reason);
        Assert.Equal(0, await tcp.GetStream().ReadAsync(new byte[16]));
    }

    /// <summary>The connection arms its handshake timer on the thread pool; wait until it is armed before moving the clock.</summary>
    private async Task WaitUntilAcceptedAsync()
    {
        while (_time.PendingTimers == 0)
        {
            await Task.Yield();
        }
    }
}
