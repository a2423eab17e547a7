using System.Security.Authentication;
using AmtSim.Benchmarks.Tls;
using Xunit;

namespace AmtSim.Benchmarks.Tests.Tls;

/// <summary>A line of <c>bench tls</c> whose handshakes failed says why, not only how many.</summary>
public sealed class TlsBenchmarkLineTests
{
    private static TlsBenchmarkLine Line(int failures, string? first) => new()
    {
        Server = "amtsim device",
        Client = "dotnet SslStream",
        Mode = "setup",
        Handshakes = 0,
        Failures = failures,
        Seconds = 5,
        HandshakesPerSecond = 0,
        ServerCpuMsPerHandshake = 0,
        ClientCpuMsPerHandshake = 0,
        FirstFailure = first,
    };

    [Fact]
    public void Format_FailedHandshakes_NameTheFirstError()
    {
        var text = TlsBenchmark.Format(Line(785, "Authentication failed (sslv3 alert certificate unknown)"));

        Assert.EndsWith("(785 failed; the first: Authentication failed (sslv3 alert certificate unknown))", text, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", TlsBenchmark.Format(Line(0, null)), StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeFailure_GivesTheInnermostCause()
    {
        var wrapped = new AuthenticationException("Authentication failed, see inner exception.", new IOException("error:0A000416:SSL routines::sslv3 alert certificate unknown"));

        Assert.Equal("Authentication failed, see inner exception. (error:0A000416:SSL routines::sslv3 alert certificate unknown)", TlsBenchmark.DescribeFailure(wrapped));
        Assert.Equal("connection reset", TlsBenchmark.DescribeFailure(new IOException("connection reset")));
    }
}
