using System.Net;
using System.Net.Sockets;
using System.Text;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Host;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Firmware.Tests.Host;

/// <summary>
/// LMS over real sockets: a stand-in firmware listener on the device's own 127.x address records what
/// arrives and answers in pieces; it closes its side only after the relay has closed, so a relay that
/// waited for the end of the connection instead of the response's own framing would never return (issue 14).
/// </summary>
public class LocalManageabilityServiceTests
{
    private const string Request = "POST /wsman HTTP/1.1\r\nHost: 5c67e0a9-8531-433a-b624-00924d027723:16992\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";

    [Fact]
    public async Task Relay_ChunkedResponseInPieces_ReturnsExactlyTheResponseWhileTheConnectionStaysOpen()
    {
        const string response = "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml; charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n";
        await using var firmware = StandInFirmware.Start([response[..40], response[40..75], response[75..]]);

        var relayed = await firmware.Lms.RelayAsync(Encoding.ASCII.GetBytes(Request), firmware.Guard);

        Assert.Equal(response, Encoding.ASCII.GetString(relayed));
        Assert.Equal(Request, await firmware.ReceivedAsync());
    }

    [Fact]
    public async Task Relay_ContentLengthResponse_EndsAtItsLength()
    {
        const string response = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"Digest:00\", nonce=\"n\",qop=\"auth\"\r\nContent-Length: 5\r\n\r\nabcde";
        await using var firmware = StandInFirmware.Start([response]);

        var relayed = await firmware.Lms.RelayAsync(Encoding.ASCII.GetBytes(Request), firmware.Guard);

        Assert.Equal(response, Encoding.ASCII.GetString(relayed));
    }

    [Fact]
    public async Task Relay_FirmwareClosesMidResponse_IncompleteResponse()
    {
        await using var firmware = StandInFirmware.Start(["HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this"], closeAfterWrite: true);

        var error = await Assert.ThrowsAsync<LmsRelayException>(() => firmware.Lms.RelayAsync(Encoding.ASCII.GetBytes(Request), firmware.Guard));

        Assert.Equal(LmsRelayFailure.IncompleteResponse, error.Failure);
    }

    [Fact]
    public async Task Relay_NobodyListens_ConnectFailed()
    {
        var device = WebTestDevices.Create(withCertificate: false);
        var lms = new LocalManageabilityService(device, new DeviceHostInterface(device), httpPort: 1);

        var error = await Assert.ThrowsAsync<LmsRelayException>(() => lms.RelayAsync(Encoding.ASCII.GetBytes(Request), CancellationToken.None));

        Assert.Equal(LmsRelayFailure.ConnectFailed, error.Failure);
    }

    [Fact]
    public async Task Relay_MalformedResponse_MalformedResponse()
    {
        await using var firmware = StandInFirmware.Start(["SSH-2.0-OpenSSH\r\n\r\n"]);

        var error = await Assert.ThrowsAsync<LmsRelayException>(() => firmware.Lms.RelayAsync(Encoding.ASCII.GetBytes(Request), firmware.Guard));

        Assert.Equal(LmsRelayFailure.MalformedResponse, error.Failure);
    }

    /// <summary>A listener on a device's 127.x address that reads one request, writes the given pieces, then waits for the client to close.</summary>
    private sealed class StandInFirmware : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task<string> _served;
        private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(60));

        private StandInFirmware(TcpListener listener, AmtDevice device, IReadOnlyList<string> pieces, bool closeAfterWrite)
        {
            _listener = listener;
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Lms = new LocalManageabilityService(device, new DeviceHostInterface(device), httpPort: port);
            _served = ServeAsync(pieces, closeAfterWrite);
        }

        public LocalManageabilityService Lms { get; }

        /// <summary>Only a hang guard: a broken relay fails the test instead of blocking the run.</summary>
        public CancellationToken Guard => _guard.Token;

        public static StandInFirmware Start(IReadOnlyList<string> pieces, bool closeAfterWrite = false)
        {
            var device = WebTestDevices.Create(withCertificate: false);
            var listener = new TcpListener(device.Network.Address, 0);
            listener.Start();
            return new StandInFirmware(listener, device, pieces, closeAfterWrite);
        }

        public Task<string> ReceivedAsync() => _served;

        private async Task<string> ServeAsync(IReadOnlyList<string> pieces, bool closeAfterWrite)
        {
            using var client = await _listener.AcceptTcpClientAsync(_guard.Token);
            var stream = client.GetStream();
            var received = new StringBuilder();
            var buffer = new byte[4096];
            while (!received.ToString().EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, _guard.Token);
                if (n == 0)
                {
                    break;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            foreach (var piece in pieces)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(piece), _guard.Token);
                await stream.FlushAsync(_guard.Token);
            }

            if (!closeAfterWrite)
            {
                // Keep the connection open until the relay closes it.
                while (await stream.ReadAsync(buffer, _guard.Token) > 0)
                {
                }
            }

            return received.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _served;
            }
            finally
            {
                _listener.Stop();
                _guard.Dispose();
            }
        }
    }
}
