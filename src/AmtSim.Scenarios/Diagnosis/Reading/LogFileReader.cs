using AmtSim.Runtime.Errors;

namespace AmtSim.Scenarios.Diagnosis.Reading;

/// <summary>A log read from disk: where from, how it was decoded, and its records.</summary>
public sealed record LogDocument(string Name, string Encoding, IReadOnlyList<LogRecord> Records)
{
    /// <summary>The format most records are in (plain text when there are none).</summary>
    public LogRecordFormat DominantFormat => Records.Count == 0
        ? LogRecordFormat.PlainText
        : Records.GroupBy(r => r.Format).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
}

/// <summary>Reads a log file (any supported format and encoding) into records.</summary>
public static class LogFileReader
{
    /// <summary>Larger files are refused: amtopmgr.log rolls over long before this.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <exception cref="InvalidInputException">The file cannot be read or is not text; the message names the file.</exception>
    public static LogDocument Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidInputException($"{path}: is a folder, not a log file");
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                throw new InvalidInputException($"{path}: the file is {info.Length} bytes, larger than the {MaxBytes} bytes a log can be");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidInputException($"{path}: cannot read the log: {ex.Message}", ex);
        }

        return FromBytes(bytes, path);
    }

    public static LogDocument FromBytes(ReadOnlySpan<byte> bytes, string name)
    {
        var text = LogDecoder.Decode(bytes, name);
        return new LogDocument(name, text.Encoding, LogParser.Parse(text.Text));
    }

    public static LogDocument FromText(string text, string name) => new(name, "text", LogParser.Parse(text));
}
