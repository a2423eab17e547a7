using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Loading;

/// <summary>
/// Strict reading of a YAML representation tree: every mapping declares the keys it allows, and
/// every error names file:line:column and what was expected. Nothing is guessed or defaulted silently.
/// </summary>
internal sealed class YamlReader(string file)
{
    public string File { get; } = file;

    public ScenarioFormatException Error(YamlNode node, string problem)
        => new(File, node.Start.Line, node.Start.Column, problem);

    public ScenarioFormatException Error(Mark mark, string problem)
        => new(File, mark.Line, mark.Column, problem);

    /// <summary>The node as a mapping whose keys are all in <paramref name="allowed"/>.</summary>
    public YamlMappingNode Mapping(YamlNode node, string what, params string[] allowed)
    {
        if (node is not YamlMappingNode map)
        {
            throw Error(node, $"{what} must be a mapping (key: value lines)");
        }

        // Duplicate keys never get here: the YAML parser rejects them with their position.
        foreach (var (k, _) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? throw Error(k, $"{what}: keys must be plain words");
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                throw Error(k, $"unknown key '{key}' in {what} (expected one of: {string.Join(", ", allowed)})");
            }
        }

        return map;
    }

    public YamlNode? Get(YamlMappingNode map, string key)
        => map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlNode Require(YamlMappingNode map, string key, string what)
        => Get(map, key) ?? throw Error(map, $"{what} needs '{key}'");

    public string Scalar(YamlNode node, string what)
    {
        if (node is not YamlScalarNode s || s.Value is null)
        {
            throw Error(node, $"{what} must be a single value");
        }

        return s.Value;
    }

    public string? String(YamlMappingNode map, string key, string what)
        => Get(map, key) is { } n ? Scalar(n, $"{what}.{key}") : null;

    public int? Int(YamlMappingNode map, string key, string what, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Get(map, key) is not { } n)
        {
            return null;
        }

        var text = Scalar(n, $"{what}.{key}");
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(n, $"{what}.{key}: '{text}' is not a whole number from {min} to {max}");
        }

        return value;
    }

    public long? Long(YamlMappingNode map, string key, string what)
    {
        if (Get(map, key) is not { } n)
        {
            return null;
        }

        var text = Scalar(n, $"{what}.{key}");
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(n, $"{what}.{key}: '{text}' is not a whole number");
    }

    public bool? Bool(YamlMappingNode map, string key, string what)
    {
        if (Get(map, key) is not { } n)
        {
            return null;
        }

        return Scalar(n, $"{what}.{key}") switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            var t => throw Error(n, $"{what}.{key}: '{t}' is not true or false"),
        };
    }

    public DateTimeOffset? Time(YamlMappingNode map, string key, string what)
    {
        if (Get(map, key) is not { } n)
        {
            return null;
        }

        var text = Scalar(n, $"{what}.{key}");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            throw Error(n, $"{what}.{key}: '{text}' is not a date and time (expected ISO 8601, e.g. 2026-06-01T12:00:00Z)");
        }

        return t >= EarliestTime && t < LatestTime
            ? t
            : throw Error(n, $"{what}.{key}: '{text}' is outside {EarliestTime:yyyy-MM-dd} to {LatestTime.AddDays(-1):yyyy-MM-dd} (certificates and schedules are computed from it)");
    }

    /// <summary>A duration such as <c>90s</c>, <c>20m</c>, <c>24h</c>, <c>6w</c>, <c>-3d</c>, at most <see cref="LongestDuration"/> either way.</summary>
    public TimeSpan? Duration(YamlMappingNode map, string key, string what)
    {
        if (Get(map, key) is not { } n)
        {
            return null;
        }

        var text = Scalar(n, $"{what}.{key}");
        return ParseDuration(text, out var d) switch
        {
            DurationParse.Ok => d,
            DurationParse.OutOfRange => throw Error(n, $"{what}.{key}: '{text}' is longer than {LongestDuration.TotalDays:0} days ({LongestYears} years) either way"),
            _ => throw Error(n, $"{what}.{key}: '{text}' is not a duration (expected a number and a unit s, m, h, d or w, e.g. 20s, 24h, 6w)"),
        };
    }

    public T? Enum<T>(YamlMappingNode map, string key, string what, IReadOnlyDictionary<string, T> names)
        where T : struct
    {
        if (Get(map, key) is not { } n)
        {
            return null;
        }

        var text = Scalar(n, $"{what}.{key}");
        return names.TryGetValue(text, out var v)
            ? v
            : throw Error(n, $"{what}.{key}: '{text}' is not one of: {string.Join(", ", names.Keys)}");
    }

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string what)
        => node is YamlSequenceNode seq ? [.. seq.Children] : throw Error(node, $"{what} must be a list (lines starting with '- ')");

    public IReadOnlyList<string> Strings(YamlMappingNode map, string key, string what)
        => Get(map, key) is { } n ? [.. Sequence(n, $"{what}.{key}").Select(x => Scalar(x, $"{what}.{key}"))] : [];

    /// <summary>Earliest scenario time: the Unix epoch (a device clock before it is a clock-offset question).</summary>
    public static readonly DateTimeOffset EarliestTime = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// First time no longer allowed. Everything a run computes from <c>now</c> (CA and certificate
    /// validity of up to decades, run-for, clock offsets) then stays far inside what dates can hold (issue 17).
    /// </summary>
    public static readonly DateTimeOffset LatestTime = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const int LongestYears = 100;

    /// <summary>Longest duration either way: 100 years of 365.25 days.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(LongestYears * 365.25);

    private enum DurationParse
    {
        Ok,
        Malformed,
        OutOfRange,
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
        => ParseDuration(text, out duration) == DurationParse.Ok;

    /// <summary>Checks the number and its range before any TimeSpan arithmetic, which throws on overflow (issue 17).</summary>
    private static DurationParse ParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length < 2 || UnitSeconds(text[^1]) == 0)
        {
            return DurationParse.Malformed;
        }

        var number = text[..^1];
        if (!number.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+')
            || !double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            return DurationParse.Malformed;
        }

        var seconds = value * UnitSeconds(text[^1]);
        if (Math.Abs(seconds) > LongestDuration.TotalSeconds)
        {
            return DurationParse.OutOfRange;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return DurationParse.Ok;
    }

    private static double UnitSeconds(char unit) => unit switch
    {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        'w' => 7 * 86400,
        _ => 0,
    };
}
