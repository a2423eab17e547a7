namespace AmtSim.Scenarios.Loading;

/// <summary>The scenario files' duration syntax (a number and a unit: 30s, 10m, 1.5h, 2d, 1w), for command-line options too.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration) => YamlReader.TryParseDuration(text, out duration);
}
