using System.Net;
using System.Text;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Cira;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Apf;
using AmtSim.Protocol.Http;
using AmtSim.Protocol.Wsman;
using AmtSim.Runtime.Time;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Firmware.Tests.Cira;

/// <summary>
/// The device's CIRA behaviour against <see cref="TestMps"/>: real sockets and TLS on loopback, APF
/// through the one codec, a virtual clock for keep-alives and reconnects (issue 15 item 2).
/// </summary>
public sealed class CiraAgentTests : IAsyncLifetime
{
    private const string MpsUser = "tOkGm9ydWsWNxSEv";
    private const string MpsPassword = "P@ssw0rd-Mps1";
    private const string AdminPassword = "Admin!Pass1";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly VirtualTimeProvider _time = new(WebTestDevices.Start);
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private readonly AmtDevice _device;
    private readonly FirmwareWebServer _web;
    private readonly List<IAsyncDisposable> _owned = [];
    private CiraAgent? _agent;

    public CiraAgentTests()
    {
        _device = WebTestDevices.Create(time: _time, withCertificate: false);
        _device.Apply(LifecycleEvent.HostBasedSetupAdmin, "test activation");
        _device.AdminDigestHa1 = DigestCredentials.Ha1("admin", _device.DigestRealm, AdminPassword);
        _web = new FirmwareWebServer(_device, new WsmanService(_device), WebTestDevices.Options(), _logs);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        foreach (var o in _owned)
        {
            await o.DisposeAsync();
        }

        await _web.DisposeAsync();
        _logs.AssertNoErrors();
    }

    private TestMps Mps(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string? password = MpsPassword, byte[]? afterAuth = null)
    {
        var mps = new TestMps(certificate, password) { AfterAuth = afterAuth };
        _owned.Add(mps);
        return mps;
    }

    /// <summary>What MeshCentral's amtmanager writes: the MPS with username/password, a periodic policy every 10 s, the MPS root.</summary>
    private void Configure(TestMps mps, string password = MpsPassword, string name = "mps.contoso.com", bool trustRoot = true, params string[] detection)
    {
        var state = _device.WsmanState;
        lock (state.Gate)
        {
            var server = new MpServer(MpServer.NamePrefix + "0", name, MpServer.InfoFormatFqdn, mps.Port, name, MpServer.PasswordAuthentication, MpsUser, password);
            state.Cira.MpServers.Add(server);
            state.Cira.Policies.Add(new RemoteAccessPolicy("Periodic", RemoteAccessPolicy.PeriodicTrigger, 0, RemoteAccessPolicy.PeriodicExtendedData(TimeSpan.FromSeconds(10)), [server.Name]));
            state.Cira.EnvironmentDetection = new EnvironmentDetection(0, detection);
            if (trustRoot)
            {
                state.AddCertificate(MpsCertificates.Trusted.Root.RawData, trustedRoot: true, keyPair: null, MpsCertificates.PublicOnly(MpsCertificates.Trusted.Root));
            }
        }
    }

    private CiraAgent StartAgent()
    {
        _agent = new CiraAgent(_device, _web, options: new CiraOptions(), resolve: (name, _) => Task.FromResult<IPAddress?>(name == "mps.contoso.com" ? IPAddress.Loopback : null), loggerFactory: _logs);
        _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _agent.ReconnectScheduled += (_, interval) => _armed.TrySetResult(interval);
        _agent.Start();
        return _agent;
    }

    /// <summary>Starts the agent and moves the clock past the periodic trigger's first interval, so it dials.</summary>
    private async Task<CiraAgent> StartAgentAndFireTrigger()
    {
        var agent = StartAgent();
        _time.Advance(await _armed!.Task.WaitAsync(Guard));
        return agent;
    }

    private TaskCompletionSource<TimeSpan>? _armed;

    private async Task<CiraStatus> Reaches(CiraStatus status) => await _agent!.WhenStatusAsync(s => s == status).WaitAsync(Guard);

    private CiraAudit LastCira() => _device.Audit.OfType<CiraAudit>()[^1];

    [Fact]
    public async Task Connect_PeriodicPolicyOutsideTrustedRoot_AuthenticatesForwardsPortsAndIsConnected()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps, detection: "intranet.fabrikam.com");
        await StartAgentAndFireTrigger();

        var connection = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);
        var version = await connection.Version.Task;
        var auth = await connection.UserAuth.Task;
        var options = await connection.KeepAliveOptions.Task.WaitAsync(Guard);

        Assert.Equal(_device.Identity.Uuid, version.Uuid);
        Assert.Equal(1u, version.Major);
        Assert.Equal([ApfNames.AuthService, ApfNames.PortForwardService], connection.ServiceRequests);
        Assert.Equal(MpsUser, auth.User);
        Assert.Equal(MpsPassword, auth.Password);
        Assert.Equal(ApfNames.PortForwardService, auth.Service);
        Assert.Equal([16993u, 16992, 664, 623, 16995, 16994, 5900], connection.ForwardedPorts);
        Assert.Equal(new ApfKeepAliveOptionsReply(30, 0), options);
        Assert.Contains("ports [16993, 16992, 664, 623, 16995, 16994, 5900] forwarded", _device.CiraDetail, StringComparison.Ordinal);
        Assert.Equal([CiraStatus.Connecting, CiraStatus.CiraConnected], _device.Audit.OfType<CiraAudit>().Select(a => a.To));
    }

    [Fact]
    public async Task Configure_ThroughWsmanAsMeshCentralDoes_DeviceConnectsWithoutBeingTold()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        StartAgent();
        var client = new Wsman.WsmanTestClient(new WsmanService(_device), Wsman.WsmanTestClient.HttpAdmin);

        var root = client.Invoke("AMT_PublicKeyManagementService", "AddTrustedRootCertificate", ("CertificateBlob", Convert.ToBase64String(MpsCertificates.Trusted.Root.RawData)));
        var server = CiraConfigurationClassesTests.AddMpServer(client, port: mps.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CiraStatus.Off, _device.CiraStatus);
        var policy = CiraConfigurationClassesTests.AddPeriodicPolicy(client);
        _time.Advance(await _armed!.Task.WaitAsync(Guard));
        var connection = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);

        Assert.Equal((0u, 0u, 0u), (root.ReturnValue, server.ReturnValue, policy.ReturnValue));
        Assert.Equal(MpsPassword, (await connection.UserAuth.Task).Password);
        Assert.Equal(["dialling mps.contoso.com:" + mps.Port], _device.Audit.OfType<CiraAudit>().Select(a => a.Detail).Take(1).Select(d => d.Split(" (")[0]));
    }

    [Fact]
    public async Task Channel_GetGeneralSettingsThroughTheTunnel_401ThenDigestAnswersWithTheDevicesRealm()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps);
        await StartAgentAndFireTrigger();
        var connection = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);

        // AMT answers 401 with Connection: close, so the device closes that channel; the MPS opens another.
        var first = await connection.OpenChannelAsync(16992);
        await first.SendAsync(Request(null, null));
        var challenge = await first.ReceiveResponseAsync([]);
        await first.CloseReceived.Task.WaitAsync(Guard);
        Assert.Equal(401, challenge.StatusCode);
        Assert.True(DigestChallenge.TryParse(challenge.Headers["WWW-Authenticate"]!, out var digest));
        var channel = await connection.OpenChannelAsync(16992);
        await channel.SendAsync(Request(digest.Realm, digest.Nonce));
        var reply = await channel.ReceiveResponseAsync([]);
        await channel.CloseAsync();
        await channel.CloseReceived.Task.WaitAsync(Guard);

        Assert.Equal(_device.DigestRealm, digest.Realm);
        Assert.Equal(200, reply.StatusCode);
        var body = Encoding.UTF8.GetString(reply.Body.Span);
        Assert.Contains("AMT_GeneralSettings", body, StringComparison.Ordinal);
        Assert.Contains($"<g:DigestRealm>{_device.DigestRealm}</g:DigestRealm>", body, StringComparison.Ordinal);
        Assert.Equal(32768u, channel.DeviceWindow);
        Assert.Equal(2, _agent!.ChannelsServed);
        Assert.Equal(CiraStatus.CiraConnected, _device.CiraStatus);
    }

    /// <summary>Issue 15: the device serves its TLS web server through the tunnel too (16993), with the listener's handshake and chain rules.</summary>
    [Fact]
    public async Task Channel_To16993_TlsWithTheDevicesCertificateThenDigestGetOverIt_NoClientCertificateRequested()
    {
        _device.SetupCertificate = SetupCertificateFactory.Create(_device.Identity, WebTestDevices.Start);
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps);
        await StartAgentAndFireTrigger();
        var connection = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);

        // The 401 closes its channel (Connection: close), so the Digest answer goes in a second TLS session.
        var (challenge, first) = await TlsExchangeAsync(connection, Request(null, null), closeAfter: false);
        await first.CloseReceived.Task.WaitAsync(Guard);
        Assert.True(DigestChallenge.TryParse(challenge.Response.Headers["WWW-Authenticate"]!, out var digest));
        var (reply, second) = await TlsExchangeAsync(connection, Request(digest.Realm, digest.Nonce), closeAfter: true);

        Assert.Equal(401, challenge.Response.StatusCode);
        Assert.Equal(200, reply.Response.StatusCode);
        Assert.Contains($"<g:DigestRealm>{_device.DigestRealm}</g:DigestRealm>", Encoding.UTF8.GetString(reply.Response.Body.Span), StringComparison.Ordinal);
        Assert.Equal(_device.SetupCertificate.Thumbprint, reply.ServerThumbprint);
        Assert.Equal("TLS 1.2", reply.Version);
        var handshakes = _device.Audit.OfType<TlsHandshakeAudit>().ToList();
        Assert.Equal(2, handshakes.Count);
        Assert.All(handshakes, h => Assert.Equal(("no client certificate requested (provisioned)", (string?)null), (h.Detail, h.ClientLeafSubject)));
        Assert.Equal(2, _agent!.ChannelsServed);
        Assert.Equal(CiraStatus.CiraConnected, _device.CiraStatus);
        await second.CloseReceived.Task.WaitAsync(Guard);
    }

    /// <summary>Opens a 16993 channel, runs the project's TLS client inside it, sends <paramref name="request"/> and reads one response.</summary>
    private static async Task<((HttpResponse Response, string ServerThumbprint, string Version), MpsChannel Channel)> TlsExchangeAsync(MpsConnection connection, byte[] request, bool closeAfter)
    {
        using var guard = new CancellationTokenSource(Guard);
        var channel = await connection.OpenChannelAsync(16993, window: 1 << 20);
        var session = await AmtSim.Transport.Tls.TlsClientConnector.HandshakeAsync(channel.AsPipe(), null, new AmtSim.Transport.Tls.TlsClientOptions(), guard.Token);
        await session.Stream.WriteAsync(request, guard.Token);
        await session.Stream.FlushAsync(guard.Token);
        var pending = new List<byte>();
        var buffer = new byte[4096];
        HttpResponse? response = null;
        while (response is null)
        {
            var reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(pending.ToArray()));
            if (HttpResponse.TryRead(ref reader, HttpLimits.Default, out var parsed))
            {
                response = parsed;
                break;
            }

            var n = await session.Stream.ReadAsync(buffer, guard.Token);
            Assert.True(n > 0, "the TLS session ended before a whole response");
            pending.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var result = (response, session.ServerCertificate.Thumbprint, session.Version);
        await session.DisposeAsync();
        if (closeAfter)
        {
            await channel.CloseAsync();
        }

        return (result, channel);
    }

    [Fact]
    public async Task Channel_ToAPortTheDeviceDoesNotServe_OpenFailsWithConnectFailed()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps);
        await StartAgentAndFireTrigger();
        var connection = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.OpenChannelAsync(5900));

        Assert.Contains(nameof(ApfChannelOpenFailureReason.ConnectFailed), ex.Message, StringComparison.Ordinal);
        Assert.Equal(CiraStatus.CiraConnected, _device.CiraStatus);
    }

    [Fact]
    public async Task Dial_MpsChainsToARootTheDeviceWasNotGiven_MpsCertificateUntrustedAndNoApf()
    {
        var mps = Mps(MpsCertificates.Stranger.Leaf);
        Configure(mps);
        await StartAgentAndFireTrigger();

        await Reaches(CiraStatus.MpsCertificateUntrusted);

        Assert.Contains("'CN=Stranger Root'", LastCira().Detail, StringComparison.Ordinal);
        Assert.Contains("not to one of the 1 trusted root(s)", LastCira().Detail, StringComparison.Ordinal);
        Assert.Equal(1, mps.Connections);
    }

    [Fact]
    public async Task Dial_NoTrustedRootAtAll_MpsCertificateUntrusted()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps, trustRoot: false);
        await StartAgentAndFireTrigger();

        await Reaches(CiraStatus.MpsCertificateUntrusted);

        Assert.Contains("holds no trusted root certificate", LastCira().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dial_CertificateNamesAnotherHost_MpsCertificateNameMismatch()
    {
        var mps = Mps(MpsCertificates.OtherName);
        Configure(mps);
        await StartAgentAndFireTrigger();

        await Reaches(CiraStatus.MpsCertificateNameMismatch);

        Assert.Contains("does not name 'mps.contoso.com'", LastCira().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAuth_WrongMpsPassword_MpsAuthenticationFailed()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps, password: "Wrong!Pass9");
        await StartAgentAndFireTrigger();

        await Reaches(CiraStatus.MpsAuthenticationFailed);
        var connection = await mps.NextConnectionAsync();

        Assert.Equal("Wrong!Pass9", (await connection.UserAuth.Task).Password);
        Assert.Contains($"refused user '{MpsUser}' (USERAUTH_FAILURE", LastCira().Detail, StringComparison.Ordinal);
        Assert.Empty(connection.ForwardedPorts);
    }

    [Fact]
    public async Task Evaluate_EnvironmentDetectionMatchesTheDomain_CiraNotRequiredAndNoDial()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps, detection: "contoso.com");
        StartAgent();

        await Reaches(CiraStatus.CiraNotRequired);

        Assert.Equal("inside: environment detection matches 'contoso.com' (domain contoso.com)", _device.CiraDetail);
        Assert.Equal(0, mps.Connections);
    }

    [Fact]
    public async Task FirstDial_PeriodicPolicyEveryTenSeconds_DialsOneIntervalAfterTheTriggerIsArmedNotAtOnce()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps);
        var armedAt = _device.Clock.Now;
        StartAgent();

        var wait = await _armed!.Task.WaitAsync(Guard);
        _time.Advance(wait - TimeSpan.FromSeconds(1));
        var before = (_device.CiraStatus, mps.Connections);
        _time.Advance(TimeSpan.FromSeconds(1));
        await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);

        Assert.Equal(TimeSpan.FromSeconds(10), wait);
        Assert.Equal((CiraStatus.Off, 0), before);
        var dial = _device.Audit.OfType<CiraAudit>().First(a => a.Event == CiraEvent.Dial);
        Assert.Equal(armedAt + TimeSpan.FromSeconds(10), dial.At);
    }

    /// <summary>Issue 15: MeshCentral adds the periodic policy, then writes environment detection; the device must not dial in between.</summary>
    [Fact]
    public async Task FirstDial_EnvironmentDetectionWrittenAfterThePolicyAsMeshCentralDoes_CiraNotRequiredAndNeverDials()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        StartAgent();
        var client = new Wsman.WsmanTestClient(new WsmanService(_device), Wsman.WsmanTestClient.HttpAdmin);
        client.Invoke("AMT_PublicKeyManagementService", "AddTrustedRootCertificate", ("CertificateBlob", Convert.ToBase64String(MpsCertificates.Trusted.Root.RawData)));
        CiraConfigurationClassesTests.AddMpServer(client, port: mps.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        CiraConfigurationClassesTests.AddPeriodicPolicy(client);
        await _armed!.Task.WaitAsync(Guard);
        var put = client.Put("AMT_EnvironmentDetectionSettingData", "<r:DetectionAlgorithm>0</r:DetectionAlgorithm><r:DetectionStrings>contoso.com</r:DetectionStrings><r:ElementName>Intel(r) AMT Environment Detection Settings</r:ElementName><r:InstanceID>Intel(r) AMT Environment Detection Settings</r:InstanceID>");
        await Reaches(CiraStatus.CiraNotRequired);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(200, put.Status);
        Assert.Equal(0, mps.Connections);
        Assert.DoesNotContain(_device.Audit.OfType<CiraAudit>(), a => a.Event == CiraEvent.Dial);
        Assert.Equal("inside: environment detection matches 'contoso.com' (domain contoso.com)", _device.CiraDetail);
    }

    [Fact]
    public async Task Evaluate_NotProvisioned_StaysOffUntilActivatedThenDials()
    {
        var device = WebTestDevices.Create(time: _time, index: 2, withCertificate: false);
        await using var web = new FirmwareWebServer(device, new WsmanService(device), WebTestDevices.Options(), _logs);
        await using var agent = new CiraAgent(device, web);
        var armed = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.ReconnectScheduled += (_, interval) => armed.TrySetResult(interval);
        agent.Start();

        var provisioned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (device.WsmanState.Gate)
        {
            device.WsmanState.Cira.MpServers.Add(new MpServer(MpServer.NamePrefix + "0", "mps.contoso.com", MpServer.InfoFormatFqdn, 4433, "", MpServer.PasswordAuthentication, "u", "p"));
            device.WsmanState.Cira.Policies.Add(new RemoteAccessPolicy("Periodic", 2, 0, RemoteAccessPolicy.PeriodicExtendedData(TimeSpan.FromSeconds(10)), [MpServer.NamePrefix + "0"]));
        }

        device.NotifyCiraConfigurationChanged();
        device.Apply(LifecycleEvent.HostBasedSetupAdmin, "test activation");
        _time.Advance(await armed.Task.WaitAsync(Guard));
        await agent.WhenStatusAsync(s => s != CiraStatus.Off).WaitAsync(Guard);

        // Pre-provisioning the policy was not looked at: no CIRA entry before the activation.
        var first = device.Audit.OfType<CiraAudit>()[0];
        Assert.Equal(CiraEvent.Dial, first.Event);
        Assert.True(device.Audit.Entries.ToList().FindIndex(e => e is StateChangeAudit) < device.Audit.Entries.ToList().IndexOf(first));
    }

    [Fact]
    public async Task ConfigurationChange_DetectionStringAddedWhileConnected_ClosesAndIsNotRequired()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps);
        await StartAgentAndFireTrigger();
        var connection = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);

        lock (_device.WsmanState.Gate)
        {
            _device.WsmanState.Cira.EnvironmentDetection = new EnvironmentDetection(0, ["contoso.com"]);
        }

        _device.NotifyCiraConfigurationChanged();
        await Reaches(CiraStatus.CiraNotRequired);
        await connection.Closed.Task.WaitAsync(Guard);

        Assert.Equal(
            [CiraStatus.Connecting, CiraStatus.CiraConnected, CiraStatus.CiraDisconnected, CiraStatus.CiraNotRequired],
            _device.Audit.OfType<CiraAudit>().Select(a => a.To));
    }

    [Fact]
    public async Task KeepAlive_IntervalFromTheMps_DeviceSendsARequestEachInterval()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps);
        await StartAgentAndFireTrigger();
        var connection = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);
        await connection.KeepAliveOptions.Task.WaitAsync(Guard);

        _time.Advance(TimeSpan.FromSeconds(30));
        var first = await connection.NextAsync<ApfKeepAliveRequest>();
        _time.Advance(TimeSpan.FromSeconds(30));
        var second = await connection.NextAsync<ApfKeepAliveRequest>();

        Assert.Equal(1u, first.Cookie);
        Assert.Equal(2u, second.Cookie);
        Assert.Equal(2, _agent!.KeepAlivesSent);
        Assert.Equal(CiraStatus.CiraConnected, _device.CiraStatus);
    }

    [Fact]
    public async Task Drop_MpsClosesTheConnection_DisconnectedThenRedialsAfterThePolicyInterval()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf);
        Configure(mps);
        var agent = await StartAgentAndFireTrigger();
        var first = await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);
        var scheduled = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.ReconnectScheduled += (_, interval) => scheduled.TrySetResult(interval);

        await first.DropAsync();
        var interval = await scheduled.Task.WaitAsync(Guard);
        Assert.Equal(CiraStatus.CiraDisconnected, _device.CiraStatus);
        _time.Advance(interval);
        await mps.NextConnectionAsync();
        await Reaches(CiraStatus.CiraConnected);

        Assert.Equal(TimeSpan.FromSeconds(10), interval);
        Assert.Equal(2, agent.Sessions);
        Assert.Contains(_device.Audit.OfType<CiraAudit>(), a => a.To == CiraStatus.CiraDisconnected && a.Detail.Contains("closed the connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apf_MalformedBytesFromTheMps_MpsProtocolErrorNamingWhatAndWhere()
    {
        var mps = Mps(MpsCertificates.Trusted.Leaf, afterAuth: [0x05, 0xFF, 0xFF, 0xFF, 0xFF]);
        Configure(mps);
        await StartAgentAndFireTrigger();

        await Reaches(CiraStatus.MpsProtocolError);

        Assert.Equal("malformed APF message ServiceRequest at offset 1: NameTooLong: string length 4294967295 is over the limit of 2048", _device.CiraDetail);
    }

    private byte[] Request(string? realm, string? nonce)
    {
        var headers = new HttpHeaders();
        headers.Add("Host", "amt1.contoso.com:16992");
        if (realm is not null)
        {
            headers.Add("Authorization", DigestCredentials.ForRequest("admin", AdminPassword, realm, nonce!, 1, "c1", "POST", "/wsman").ToHeaderValue());
        }

        var body = WsmanRequestWriter.Write(WsmanActions.Get, "AMT_GeneralSettings", 1);
        var request = new HttpRequest { Method = "POST", Target = "/wsman", MinorVersion = 1, Headers = headers, Body = body };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        request.WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
