using AmtSim.Firmware.Boot;
using AmtSim.Runtime.Errors;
using Xunit;

namespace AmtSim.Firmware.Tests.Boot;

public sealed class HelloOptionsTests
{
    [Fact]
    public void FromEnvironment_Unset_Is9971And24Hours()
    {
        var options = HelloOptions.FromEnvironment(_ => null);

        Assert.Equal(9971, options.Port);
        Assert.Equal(TimeSpan.FromHours(24), options.Window);
    }

    [Fact]
    public void FromEnvironment_Set_OverridesBoth()
    {
        var env = new Dictionary<string, string> { ["AMTSIM_HELLO_PORT"] = "19971", ["AMTSIM_HELLO_WINDOW_HOURS"] = "255" };

        var options = HelloOptions.FromEnvironment(k => env.GetValueOrDefault(k));

        Assert.Equal(19971, options.Port);
        Assert.Equal(TimeSpan.FromHours(255), options.Window);
    }

    [Theory]
    [InlineData("AMTSIM_HELLO_PORT", "0")]
    [InlineData("AMTSIM_HELLO_PORT", "70000")]
    [InlineData("AMTSIM_HELLO_PORT", "x")]
    [InlineData("AMTSIM_HELLO_WINDOW_HOURS", "256")]
    [InlineData("AMTSIM_HELLO_WINDOW_HOURS", "0")]
    public void FromEnvironment_BadValue_IsInvalidInputNamingTheVariable(string variable, string value)
    {
        var ex = Assert.Throws<InvalidInputException>(() => HelloOptions.FromEnvironment(k => k == variable ? value : null));

        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
    }
}
