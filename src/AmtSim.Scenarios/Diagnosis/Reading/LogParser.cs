using System.Text;
using System.Text.RegularExpressions;

namespace AmtSim.Scenarios.Diagnosis.Reading;

/// <summary>
/// Splits decoded log text into records, whatever the mix of formats: CMTrace entries (which may
/// span physical lines inside <c>LOG[...]</c>), SCCM 2007 raw lines, the log viewer's pasted
/// columns, and plain lines of other tools. Tolerant by design: any line ending (CR LF, LF, CR,
/// mixed), missing timestamps, junk between records (kept as plain records), and hard-wrapped
/// lines (a long line that stops mid-sentence continues on the next one). Never throws.
/// </summary>
public static partial class LogParser
{
    private const string CmTraceOpen = "<![LOG[";
    private const string CmTraceClose = "]LOG]!>";

    /// <summary>A physical line this long (or longer) that does not end a sentence was probably wrapped.</summary>
    private const int WrapWidth = 50;

    /// <summary>A wrapped record is not followed for more than this many physical lines.</summary>
    private const int MaxContinuation = 12;

    public static IReadOnlyList<LogRecord> Parse(string text)
    {
        var lineStarts = LineStarts(text);
        var records = new List<LogRecord>();
        var pending = new List<Fragment>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(CmTraceOpen, position, StringComparison.Ordinal);
            var entry = open < 0 ? null : TryReadCmTrace(text, open, lineStarts);
            if (entry is null)
            {
                var end = open < 0 ? text.Length : open + CmTraceOpen.Length;
                AddFragments(text, position, end, lineStarts, pending);
                position = end;
                continue;
            }

            AddFragments(text, position, open, lineStarts, pending);
            Flush(pending, records);
            records.Add(entry.Value.Record);
            position = entry.Value.End;
        }

        Flush(pending, records);
        return records;
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    /// <summary>1-based line number of a character offset.</summary>
    private static int LineOf(int[] lineStarts, int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private static (LogRecord Record, int End)? TryReadCmTrace(string text, int open, int[] lineStarts)
    {
        var messageStart = open + CmTraceOpen.Length;
        var close = text.IndexOf(CmTraceClose, messageStart, StringComparison.Ordinal);
        if (close < 0)
        {
            return null;
        }

        // A second opening before the close means this entry was cut off: read it as text.
        var nextOpen = text.IndexOf(CmTraceOpen, messageStart, close - messageStart, StringComparison.Ordinal);
        if (nextOpen >= 0)
        {
            return null;
        }

        var end = close + CmTraceClose.Length;
        string? attributes = null;
        var tagStart = end;
        while (tagStart < text.Length && char.IsWhiteSpace(text[tagStart]))
        {
            tagStart++;
        }

        if (tagStart < text.Length && text[tagStart] == '<')
        {
            var tagEnd = text.IndexOf('>', tagStart);
            var nextEntry = text.IndexOf(CmTraceOpen, tagStart, StringComparison.Ordinal);
            if (tagEnd > 0 && (nextEntry < 0 || tagEnd < nextEntry))
            {
                attributes = text[(tagStart + 1)..tagEnd];
                end = tagEnd + 1;
            }
        }

        var message = new StringBuilder(close - messageStart);
        var segments = new List<(int, int)> { (0, LineOf(lineStarts, messageStart)) };
        for (var i = messageStart; i < close; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < close && text[i + 1] == '\n')
                {
                    i++;
                }

                message.Append(' ');
                segments.Add((message.Length, LineOf(lineStarts, i + 1)));
                continue;
            }

            message.Append(c);
        }

        var fields = attributes is null
            ? new Dictionary<string, string>()
            : AttributeRegex().Matches(attributes).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.OrdinalIgnoreCase);
        var date = fields.GetValueOrDefault("date");
        var time = fields.GetValueOrDefault("time");
        var timestamp = string.Join(' ', new[] { date, time }.Where(s => !string.IsNullOrEmpty(s)));
        var record = new LogRecord
        {
            Message = message.ToString(),
            Format = LogRecordFormat.CmTrace,
            Line = LineOf(lineStarts, open),
            Segments = segments,
            Component = fields.GetValueOrDefault("component"),
            Timestamp = timestamp.Length == 0 ? null : timestamp,
            Thread = int.TryParse(fields.GetValueOrDefault("thread"), out var thread) ? thread : null,
        };
        return (record, end);
    }

    private readonly record struct Fragment(string Text, int Line, bool LineEnds);

    /// <summary>Cuts text[start..end) into physical-line fragments; a fragment that reaches a line break "ends its line".</summary>
    private static void AddFragments(string text, int start, int end, int[] lineStarts, List<Fragment> into)
    {
        var i = start;
        while (i < end)
        {
            var lineEnd = text.IndexOfAny(['\r', '\n'], i, end - i);
            var stop = lineEnd < 0 ? end : lineEnd;
            var line = LineOf(lineStarts, i);
            if (into.Count > 0 && !into[^1].LineEnds && into[^1].Line == line)
            {
                // The rest of a line whose start was read before (text around a broken CMTrace entry).
                into[^1] = new Fragment(into[^1].Text + text[i..stop], line, lineEnd >= 0);
            }
            else
            {
                into.Add(new Fragment(text[i..stop], line, lineEnd >= 0));
            }

            if (lineEnd < 0)
            {
                break;
            }

            i = lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
        }
    }

    /// <summary>Groups pending fragments into records (joining wrapped lines) and empties the list.</summary>
    private static void Flush(List<Fragment> fragments, List<LogRecord> records)
    {
        // The width the text was wrapped at, if it was: its longest line.
        var width = fragments.Count == 0 ? 0 : fragments.Max(f => f.Text.Trim().Length);
        var i = 0;
        while (i < fragments.Count)
        {
            if (string.IsNullOrWhiteSpace(fragments[i].Text))
            {
                i++;
                continue;
            }

            var parts = new List<Fragment> { fragments[i] };
            while (parts.Count < MaxContinuation
                && i + 1 < fragments.Count
                && !string.IsNullOrWhiteSpace(fragments[i + 1].Text)
                && LooksWrapped(parts, fragments[i + 1].Text.Trim(), width))
            {
                parts.Add(fragments[++i]);
            }

            i++;
            var record = BuildRecord(parts);
            if (record.Format != LogRecordFormat.PlainText && record.Message.Length == 0
                && records.Count > 0 && records[^1].Format == LogRecordFormat.PlainText
                && records[^1].Segments[^1].Line == record.Line - 1)
            {
                // A framed line whose message was wrapped onto the line before it ("message." / "$$<...>").
                var previous = records[^1];
                records[^1] = record with { Message = previous.Message, Line = previous.Line, Segments = previous.Segments };
                continue;
            }

            records.Add(record);
        }

        fragments.Clear();
    }

    /// <summary>
    /// Whether the record continues on the next line: its framing is not complete and either the next
    /// line carries the rest of the framing (component, date, thread), or the last line stops
    /// mid-sentence where a wrap would have (it is long, or the next word would not have fitted).
    /// </summary>
    private static bool LooksWrapped(List<Fragment> parts, string next, int width)
    {
        var joined = string.Join(' ', parts.Select(p => p.Text.Trim()));
        if (IsSccm2007(joined) || IsViewer(joined))
        {
            return false;
        }

        if (FramingContinuationRegex().IsMatch(next))
        {
            return true;
        }

        if (RecordStartRegex().IsMatch(next))
        {
            // The next line starts like a record of its own (a timestamp, a JSON object, a key=value line).
            return false;
        }

        var last = parts[^1].Text.Trim();
        var space = next.IndexOf(' ', StringComparison.Ordinal);
        var nextWord = space > 0 ? space : next.Length;
        if (last.Length > 0 && !EndsSentence(last) && last.Length + 1 + nextWord > width)
        {
            return true;
        }

        if (last.Contains("$$<", StringComparison.Ordinal))
        {
            // An SCCM 2007 framing that has not closed yet: its end is on the next line.
            return true;
        }

        return last.Length >= WrapWidth && !EndsSentence(last);
    }

    // The framings' cheap signs, checked before their regexes run (a big log has millions of lines).
    private static bool IsSccm2007(string joined) => joined.Contains("$$<", StringComparison.Ordinal) && Sccm2007Regex().IsMatch(joined);

    private static bool IsViewer(string joined) => joined.Contains("(0x", StringComparison.Ordinal) && ViewerRegex().IsMatch(joined);

    private static bool EndsSentence(string line) => line[^1] is '.' or '!' or '?' or ')' or ']' or '}' or '>' or '"' or '\'';

    private static LogRecord BuildRecord(List<Fragment> parts)
    {
        var message = new StringBuilder();
        var segments = new List<(int, int)>();
        foreach (var part in parts)
        {
            if (message.Length > 0)
            {
                message.Append(' ');
            }

            segments.Add((message.Length, part.Line));
            message.Append(part.Text.Trim());
        }

        var joined = message.ToString();
        var m = joined.Contains("$$<", StringComparison.Ordinal) ? Sccm2007Regex().Match(joined) : Match.Empty;
        if (m.Success)
        {
            return new LogRecord
            {
                Message = m.Groups["msg"].Value.TrimEnd(),
                Format = LogRecordFormat.Sccm2007,
                Line = parts[0].Line,
                Segments = segments,
                Component = m.Groups["comp"].Value,
                Timestamp = m.Groups["dt"].Success && m.Groups["dt"].Length > 0 ? m.Groups["dt"].Value : null,
                Thread = int.Parse(m.Groups["thread"].Value, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        m = joined.Contains("(0x", StringComparison.Ordinal) ? ViewerRegex().Match(joined) : Match.Empty;
        if (m.Success)
        {
            return new LogRecord
            {
                Message = m.Groups["msg"].Value.TrimEnd(),
                Format = LogRecordFormat.ViewerColumns,
                Line = parts[0].Line,
                Segments = segments,
                Component = m.Groups["comp"].Value,
                Timestamp = m.Groups["dt"].Success ? Regex.Replace(m.Groups["dt"].Value, @"\s+", " ") : null,
                Thread = int.Parse(m.Groups["thread"].Value, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return new LogRecord { Message = joined, Format = LogRecordFormat.PlainText, Line = parts[0].Line, Segments = segments };
    }

    [GeneratedRegex(@"^(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+(?:\s|$)|\d{1,2}/\d{1,2}/\d{4}\s|\d{1,9}\s*\(0x[0-9A-Fa-f]+\)\s*$|\$\$<|<thread=|\(0x[0-9A-Fa-f]+\)>)")]
    private static partial Regex FramingContinuationRegex();

    [GeneratedRegex(@"^(?:\[?\d{4}-\d{2}-\d{2}[T ]|\[?\d{1,2}/\d{1,2}/\d{2,4}\s|\[?\d{1,2}:\d{2}:\d{2}|\{""|\w+=)")]
    private static partial Regex RecordStartRegex();

    [GeneratedRegex(@"(\w+)=""([^""]*)""")]
    private static partial Regex AttributeRegex();

    [GeneratedRegex(@"^(?<msg>.*?)\s*\$\$<(?<comp>[^>]*)>(?:<(?<dt>[^>]*)>)?<thread=(?<thread>\d{1,9})[^>]*>\s*$")]
    private static partial Regex Sccm2007Regex();

    [GeneratedRegex(@"^(?<msg>.*?)\s+(?<comp>[A-Z][A-Z0-9]*_[A-Z0-9_]+)(?:\s+(?<dt>\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s*[AaPp][Mm])?))?\s+(?<thread>\d{1,9})\s*\(0x[0-9A-Fa-f]+\)\s*$")]
    private static partial Regex ViewerRegex();
}
