namespace AmtSim.Cli.Terminal;

/// <summary>
/// Colour and live progress only on a terminal: ANSI colour when standard output is a terminal and
/// NO_COLOR is not set (https://no-color.org) and TERM is not "dumb"; a redirected stream (a file, a
/// pipe, CI) gets plain text. A few escape codes, so the tool carries no console library.
/// </summary>
internal static class Terminal
{
    private static readonly bool NoColour = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>True when text written to standard output may carry colour.</summary>
    public static bool StdoutColour => !Console.IsOutputRedirected && !NoColour;

    /// <summary>True when standard error is a terminal a progress line can redraw in place.</summary>
    public static bool StderrLive => !Console.IsErrorRedirected && !NoColour;

    public static string Green(string text) => Paint(text, "32");

    public static string Red(string text) => Paint(text, "31");

    public static string Yellow(string text) => Paint(text, "33");

    public static string Bold(string text) => Paint(text, "1");

    private static string Paint(string text, string code) => StdoutColour ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
