using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AmtSim.Scenarios.Loading;

/// <summary>
/// Checks a scenario text's shape with YamlDotNet's event parser (a loop, no recursion) before the
/// representation model, which recurses per nesting level and hashes every mapping key, ever sees it:
/// nesting depth, node count with every alias counted at its expanded size, and plain scalar keys.
/// A text that passes costs the representation model time and stack in proportion to these bounds.
/// </summary>
public static class YamlShapeGuard
{
    /// <summary>Scenario files are a few kilobytes; 1 MiB leaves room for long expectation lists.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences, aliases included (the schema needs 5).</summary>
    public const int MaxDepth = 64;

    /// <summary>Nodes after expanding every alias, so an alias bomb is refused at its first bad level.</summary>
    public const long MaxExpandedNodes = 100_000;

    public static void Check(string yaml, string file)
    {
        var anchors = new Dictionary<string, (long Size, int Height)>(StringComparer.Ordinal);
        var open = new Stack<Frame>();
        long total = 0;
        var parser = new Parser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case Scalar s:
                        Add(s, 1, 1, s.Anchor);
                        break;
                    case AnchorAlias a:
                        // An alias to no earlier anchor made YamlDotNet's representation model throw ArgumentException (issue 17, found by amtsim fuzz).
                        var (size, height) = anchors.TryGetValue(a.Value.Value, out var known)
                            ? known
                            : throw Fail(a.Start, $"alias '*{a.Value.Value}' refers to no anchor defined before it");
                        Add(a, size, height, AnchorName.Empty);
                        break;
                    case SequenceStart or MappingStart:
                        KeyCheck(e);
                        if (open.Count + 1 > MaxDepth)
                        {
                            throw Fail(e.Start, $"nested more than {MaxDepth} levels deep (scenario files are flat)");
                        }

                        open.Push(new Frame(e is MappingStart, ((NodeEvent)e).Anchor));
                        break;
                    case SequenceEnd or MappingEnd:
                        var done = open.Pop();
                        done.Height += 1;
                        Add(e, done.Size + 1, done.Height, done.Anchor, alreadyChecked: true);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new ScenarioFormatException(file, ex.Start.Line, ex.Start.Column, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these on some malformed plain scalars instead of a YamlException
            // (issue 17, found by amtsim fuzz); the position is where the last good event ended.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new ScenarioFormatException(file, Math.Max(at.Line, 1), Math.Max(at.Column, 1), $"not valid YAML after this point (the YAML reader failed: {ex.Message})");
        }

        void KeyCheck(ParsingEvent e)
        {
            if (open.TryPeek(out var parent) && parent.IsMapping && parent.Children % 2 == 0)
            {
                if (e is not Scalar key)
                {
                    throw Fail(e.Start, "mapping keys must be plain words (found a list, mapping or alias as a key)");
                }

                // Empty keys ("  : value") made YamlDotNet's representation model throw ArgumentException (issue 17, found by amtsim fuzz).
                if (key.Value.Length == 0)
                {
                    throw Fail(e.Start, "a mapping key is empty (expected 'key: value')");
                }
            }
        }

        void Add(ParsingEvent e, long size, int height, AnchorName anchor, bool alreadyChecked = false)
        {
            if (!alreadyChecked)
            {
                KeyCheck(e);
            }

            if (open.Count + height > MaxDepth + 1)
            {
                throw Fail(e.Start, $"nested more than {MaxDepth} levels deep once aliases are expanded");
            }

            total += alreadyChecked ? 1 : size;
            if (total > MaxExpandedNodes)
            {
                throw Fail(e.Start, $"more than {MaxExpandedNodes:N0} values once aliases are expanded (an alias bomb?)");
            }

            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = (size, height);
            }

            if (open.TryPeek(out var parent))
            {
                parent.Children++;
                parent.Size += size;
                parent.Height = Math.Max(parent.Height, height);
            }
        }

        ScenarioFormatException Fail(Mark mark, string problem) => new(file, mark.Line, mark.Column, problem);
    }

    private sealed class Frame(bool isMapping, AnchorName anchor)
    {
        public bool IsMapping { get; } = isMapping;
        public AnchorName Anchor { get; } = anchor;
        public long Children { get; set; }
        public long Size { get; set; }
        public int Height { get; set; }
    }
}
