using System.Text;
using System.Text.RegularExpressions;

namespace AmtSim.Scenarios.Diagnosis.Signatures;

/// <summary>
/// A log line as a template: literal text with typed holes for what differs from one log to the
/// next (<c>{hex}</c>, <c>{int}</c>, <c>{host}</c>, <c>{guid}</c>, <c>{ip}</c>, <c>{port}</c>,
/// <c>{time}</c>, <c>{path}</c>, <c>{word}</c>, <c>{any}</c>), optionally named to capture a fact
/// (<c>{host:Fqdn}</c>). Literal white space matches any run of white space (wrapped lines), a
/// double quote also matches an escaped one (<c>\"</c>, as logrus and JSON write it), and letters
/// match in any case. Holes are what make one signature fit the logs of other sites.
/// </summary>
public static partial class LineTemplate
{
    /// <summary>The hole types and the text each one matches.</summary>
    public static IReadOnlyDictionary<string, string> Holes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hex"] = @"(?:0x)?[0-9A-Fa-f]+",
        ["int"] = @"-?\d+",
        ["host"] = @"[A-Za-z0-9_*](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?",
        ["guid"] = @"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
        ["ip"] = @"\d{1,3}(?:\.\d{1,3}){3}",
        ["port"] = @"\d{1,5}",
        ["time"] = @"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?",
        ["path"] = @"\S+",
        ["word"] = @"\S+",
        ["any"] = @".*?",
    };

    /// <exception cref="ArgumentException">An unknown hole type, an unclosed hole or a bad capture name; the message says which.</exception>
    public static Regex Compile(string template, RegexOptions options)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{')
            {
                var close = template.IndexOf('}', i);
                if (close < 0)
                {
                    throw new ArgumentException($"hole opened at character {i + 1} is not closed with '}}'");
                }

                var spec = template[(i + 1)..close];
                var colon = spec.IndexOf(':', StringComparison.Ordinal);
                var type = colon < 0 ? spec : spec[..colon];
                var name = colon < 0 ? null : spec[(colon + 1)..];
                if (!Holes.TryGetValue(type, out var pattern))
                {
                    throw new ArgumentException($"unknown hole '{{{spec}}}' (known: {string.Join(", ", Holes.Keys.Select(k => "{" + k + "}"))})");
                }

                if (type == "any" && close == template.Length - 1)
                {
                    pattern = ".*";
                }

                if (name is not null && !CaptureNameRegex().IsMatch(name))
                {
                    throw new ArgumentException($"hole '{{{spec}}}': a capture name is letters and digits starting with a letter");
                }

                sb.Append(name is null ? $"(?:{pattern})" : $"(?<{name}>{pattern})");
                i = close + 1;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                while (i < template.Length && char.IsWhiteSpace(template[i]))
                {
                    i++;
                }

                sb.Append(@"\s+");
                continue;
            }

            sb.Append(c == '"' ? @"\\*""" : Regex.Escape(c.ToString()));
            i++;
        }

        return new Regex(sb.ToString(), options);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex CaptureNameRegex();
}
