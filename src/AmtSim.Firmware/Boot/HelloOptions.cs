using System.Globalization;
using AmtSim.Runtime.Errors;

namespace AmtSim.Firmware.Boot;

/// <summary>
/// Knobs of the hello: the provisioning server's port and how long the device keeps sending.
/// Each has a documented default and an environment variable (README "Knobs").
/// </summary>
public sealed record HelloOptions
{
    /// <summary>The de-facto provisioning (hello) port; a setup.bin variable on real devices (amt-reference.md §1.1). [C]</summary>
    public const int DefaultPort = 9971;

    public const string PortVariable = "AMTSIM_HELLO_PORT";

    public const string WindowVariable = "AMTSIM_HELLO_WINDOW_HOURS";

    /// <summary>Other products say the device sends hellos for 6 h. [C]</summary>
    public static readonly TimeSpan SixHourWindow = TimeSpan.FromHours(6);

    /// <summary>SCCM 2007 docs: about 24 h (5 x 1 min, 12 x 5 min, 23 x 60 min). The default. [C]</summary>
    public static readonly TimeSpan SccmWindow = TimeSpan.FromHours(24);

    /// <summary>Intel AMT SDK: the setup interface stays open at most 255 h. [C]</summary>
    public static readonly TimeSpan MaximumWindow = TimeSpan.FromHours(255);

    public int Port { get; init; } = DefaultPort;

    /// <summary>How long after the first hello the device keeps trying; an attempt due exactly at the end is still sent.</summary>
    public TimeSpan Window { get; init; } = SccmWindow;

    /// <summary>Defaults overridden by AMTSIM_HELLO_PORT and AMTSIM_HELLO_WINDOW_HOURS; a bad value is invalid input.</summary>
    public static HelloOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var options = new HelloOptions();
        if (getVariable(PortVariable) is { Length: > 0 } port)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                throw new InvalidInputException($"{PortVariable}='{port}' is not a TCP port (1-65535)");
            }

            options = options with { Port = p };
        }

        if (getVariable(WindowVariable) is { Length: > 0 } hours)
        {
            if (!double.TryParse(hours, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) || h <= 0 || h > MaximumWindow.TotalHours)
            {
                throw new InvalidInputException($"{WindowVariable}='{hours}' is not a number of hours in (0, {MaximumWindow.TotalHours}]");
            }

            options = options with { Window = TimeSpan.FromHours(h) };
        }

        return options.Validated();
    }

    public HelloOptions Validated()
    {
        if (Port is < 1 or > 65535)
        {
            throw new InvalidInputException($"hello port {Port} is not a TCP port (1-65535)");
        }

        if (Window <= TimeSpan.Zero || Window > MaximumWindow)
        {
            throw new InvalidInputException($"hello window {Window.TotalHours} h is outside (0, {MaximumWindow.TotalHours}] h");
        }

        return this;
    }
}
