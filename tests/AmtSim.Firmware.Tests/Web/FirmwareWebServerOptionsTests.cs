using AmtSim.Firmware.Web;
using AmtSim.Runtime.Errors;
using Xunit;

namespace AmtSim.Firmware.Tests.Web;

public class FirmwareWebServerOptionsTests
{
    // issue 17: a bad knob value threw an unhandled FormatException or OverflowException.
    [Theory]
    [InlineData("AMTSIM_WEB_HTTP_PORT", "abc")]
    [InlineData("AMTSIM_WEB_MAX_BODY_BYTES", "99999999999")]
    [InlineData("AMTSIM_WEB_LOCKOUT_THRESHOLD", "-1")]
    [InlineData("AMTSIM_WEB_IDLE_TIMEOUT_SECONDS", "1e308")]
    [InlineData("AMTSIM_WEB_NONCE_LIFETIME_SECONDS", "NaN")]
    [InlineData("AMTSIM_WEB_HANDSHAKE_TIMEOUT_SECONDS", "0")]
    public void FromEnvironment_BadValue_InvalidInputNamingTheVariable(string variable, string value)
    {
        var ex = Assert.Throws<InvalidInputException>(() => FirmwareWebServerOptions.FromEnvironment(v => v == variable ? value : null));

        Assert.StartsWith($"{variable}: '{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_GoodValues_Applied()
    {
        var options = FirmwareWebServerOptions.FromEnvironment(v => v switch
        {
            "AMTSIM_WEB_HTTP_PORT" => "8080",
            "AMTSIM_WEB_IDLE_TIMEOUT_SECONDS" => "2.5",
            _ => null,
        });

        Assert.Equal(8080, options.HttpPort);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.IdleTimeout);
    }
}
