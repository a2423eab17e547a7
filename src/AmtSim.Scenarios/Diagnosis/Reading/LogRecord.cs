namespace AmtSim.Scenarios.Diagnosis.Reading;

/// <summary>
/// One logical record of a log: the message (physical lines joined with a space when the record
/// was wrapped or spans lines), its framing fields when the format has them, and the physical line
/// numbers (1-based, in the original file) each part of the message came from.
/// </summary>
public sealed record LogRecord
{
    public required string Message { get; init; }

    public required LogRecordFormat Format { get; init; }

    /// <summary>The first physical line of the record.</summary>
    public required int Line { get; init; }

    /// <summary>Where each piece of <see cref="Message"/> starts: (offset in Message, physical line), ascending.</summary>
    public required IReadOnlyList<(int Offset, int Line)> Segments { get; init; }

    public string? Component { get; init; }

    /// <summary>The date and time as written (formats differ and some records have none).</summary>
    public string? Timestamp { get; init; }

    public int? Thread { get; init; }

    /// <summary>The physical line that holds the character at <paramref name="offset"/> of <see cref="Message"/>.</summary>
    public int LineAt(int offset)
    {
        var line = Line;
        foreach (var (start, l) in Segments)
        {
            if (start > offset)
            {
                break;
            }

            line = l;
        }

        return line;
    }
}
