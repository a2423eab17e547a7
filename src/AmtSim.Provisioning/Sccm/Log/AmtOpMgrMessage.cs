using System.Text;
using System.Text.RegularExpressions;

namespace AmtSim.Provisioning.Sccm.Log;

/// <summary>
/// One message of amtopmgr.log: a stable id, a severity and a template whose holes are PascalCase
/// names in braces (<c>{Fqdn}</c>). The template text is the product's, verbatim from the seeds.
/// </summary>
public sealed partial class AmtOpMgrMessage
{
    private readonly string[] _holes;

    internal AmtOpMgrMessage(string id, LogSeverity severity, string template, string source)
    {
        Id = id;
        Severity = severity;
        Template = template;
        Source = source;
        _holes = [.. HoleRegex().Matches(template).Select(m => m.Groups[1].Value)];
        Pattern = BuildPattern(template);
    }

    /// <summary>Stable identifier, e.g. "ProvisionCertExpiring".</summary>
    public string Id { get; }

    public LogSeverity Severity { get; }

    /// <summary>The text with holes, e.g. "RETRY({Attempt}) - Validate client certificate for AMT device {Fqdn} being generated.".</summary>
    public string Template { get; }

    /// <summary>Where the text comes from (a seed file, or "[I]" for text AmtSim had to infer).</summary>
    public string Source { get; }

    /// <summary>The names of the holes, in order.</summary>
    public IReadOnlyList<string> Holes => _holes;

    /// <summary>A regex matching the rendered message; each hole is a named group.</summary>
    public Regex Pattern { get; }

    /// <summary>Fills the holes, in order of appearance.</summary>
    public string Render(params object[] values)
    {
        if (values.Length != _holes.Length)
        {
            throw new ArgumentException($"message {Id} has {_holes.Length} hole(s) ({string.Join(", ", _holes)}), got {values.Length} value(s)", nameof(values));
        }

        var sb = new StringBuilder(Template.Length + 32);
        var index = 0;
        var last = 0;
        foreach (Match m in HoleRegex().Matches(Template))
        {
            sb.Append(Template, last, m.Index - last);
            sb.Append(Convert.ToString(values[index++], System.Globalization.CultureInfo.InvariantCulture));
            last = m.Index + m.Length;
        }

        sb.Append(Template, last, Template.Length - last);
        return sb.ToString();
    }

    public override string ToString() => $"{Id}: {Template}";

    private static Regex BuildPattern(string template)
    {
        var sb = new StringBuilder("^");
        var last = 0;
        foreach (Match m in HoleRegex().Matches(template))
        {
            sb.Append(Regex.Escape(template[last..m.Index]));
            sb.Append("(?<").Append(m.Groups[1].Value).Append(">.+?)");
            last = m.Index + m.Length;
        }

        sb.Append(Regex.Escape(template[last..])).Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"\{([A-Z][A-Za-z0-9]*)\}")]
    private static partial Regex HoleRegex();
}
