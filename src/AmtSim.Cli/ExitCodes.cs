namespace AmtSim.Cli;

/// <summary>The exit-code contract of the amtsim command (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>Everything passed / the command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Some scenario failed, or (diagnose) no known failure found.</summary>
    public const int Failed = 1;

    /// <summary>Invalid input: a malformed scenario, certificate file, log or argument.</summary>
    public const int InvalidInput = 2;

    /// <summary>Setup error: an address or port in use, a missing program, a file that cannot be written.</summary>
    public const int SetupError = 3;

    /// <summary><c>run</c> stopped by Ctrl-C or SIGTERM: the reports hold what finished, the rest is marked not run.</summary>
    public const int Interrupted = 4;
}
