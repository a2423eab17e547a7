using System.CommandLine;
using System.CommandLine.Parsing;

namespace AmtSim.Cli.Commands;

/// <summary>
/// A mistyped option (<c>--paralel 2</c>) would otherwise be taken as a path argument and fail far
/// from the mistake ("--paralel:0:0: no such file or folder"). Any positional argument that looks
/// like an option (starts with '-', is not '-' alone or a negative number, and does not come after
/// '--') is reported as an unknown option of the command, with the options it has.
/// </summary>
internal static class UnknownOptions
{
    public static string? Find(ParseResult parse)
    {
        var afterDoubleDash = parse.Tokens.SkipWhile(t => t.Type != TokenType.DoubleDash).Skip(1).ToHashSet();
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens)
            {
                if (LooksLikeOption(token.Value) && !afterDoubleDash.Contains(token))
                {
                    var command = parse.CommandResult.Command;
                    var known = command.Options.Where(o => !o.Hidden).Select(o => o.Name).Order(StringComparer.Ordinal);
                    return $"unknown option '{token.Value}' for '{command.Name}' (its options: {string.Join(", ", known)})";
                }
            }
        }

        return null;
    }

    private static bool LooksLikeOption(string value)
        => value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1]) && value[1] != '.';
}
