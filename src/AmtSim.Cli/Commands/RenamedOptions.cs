namespace AmtSim.Cli.Commands;

/// <summary>
/// Options renamed for one consistent CLI (issue 18 item 7): an old spelling is invalid input (exit
/// 2) that says the new one, rather than a generic "unknown option". <c>--count</c> is
/// <c>--devices</c> everywhere (a fleet size has one name); <c>bench fleet --json PATH</c> is
/// <c>--json</c> (a switch, JSON on standard output) and <c>--out PATH</c> (the file).
/// </summary>
internal static class RenamedOptions
{
    public static string? Find(IReadOnlyList<string> args)
    {
        var end = args.ToList().IndexOf("--");
        var tokens = end < 0 ? args : args.Take(end).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var name = token.Split('=', 2)[0];
            if (name == "--count")
            {
                return "--count is now --devices (one name for a fleet size in every command): use --devices N";
            }

            if (name == "--json" && tokens.Contains("bench") && (token.Contains('=', StringComparison.Ordinal) || (i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-') && tokens[i + 1] is not ("true" or "false"))))
            {
                return "bench --json is a switch now (JSON on standard output instead of text); write the figures to a file with --out PATH";
            }
        }

        return null;
    }
}
