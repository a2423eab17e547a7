using System.Globalization;
using System.Text.Json;

namespace AmtSim.Testing.Replay;

/// <summary>One recorded WS-Man exchange: RPS's raw HTTP request and the response the recorded device gave (not real AMT's).</summary>
public sealed record RecordedExchange(int Number, string Request, string RecordedResponse);

/// <summary>
/// A recorded RPS run (fixtures/rps/transcripts/*.jsonl): the agent's activate message, the WS-Man
/// exchanges in order, and RPS's final message. Only the requests are meant to be replayed.
/// </summary>
public sealed class RpsTranscript
{
    public required string Name { get; init; }

    /// <summary>The device UUID the agent reported (RPS's Host header names it too).</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The DNS suffix the agent reported (payload.fqdn).</summary>
    public required string Fqdn { get; init; }

    public required string Hostname { get; init; }

    /// <summary>When the run started (the first line's "t").</summary>
    public required DateTimeOffset StartedAt { get; init; }

    public required IReadOnlyList<RecordedExchange> Exchanges { get; init; }

    /// <summary>RPS's final method ("success" or "error").</summary>
    public string? FinalMethod { get; init; }

    /// <summary>The committed transcripts' folder, found by walking up from <paramref name="start"/> to the repository root.</summary>
    public static string Directory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fixtures", "rps", "transcripts");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("fixtures/rps/transcripts not found above " + start);
    }

    /// <summary>Loads fixtures/rps/transcripts/<paramref name="name"/>.jsonl.</summary>
    public static RpsTranscript Load(string name) => Load(Path.Combine(Directory(AppContext.BaseDirectory), name + ".jsonl"), name);

    public static RpsTranscript Load(string path, string name)
    {
        Guid? uuid = null;
        string? fqdn = null;
        string? hostname = null;
        string? final = null;
        DateTimeOffset? started = null;
        var exchanges = new List<RecordedExchange>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("t", out var t) && started is null)
            {
                started = DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }

            if (root.TryGetProperty("request", out var request))
            {
                exchanges.Add(new RecordedExchange(root.GetProperty("n").GetInt32(), request.GetString()!, root.TryGetProperty("response", out var r) ? r.GetString() ?? "" : ""));
                continue;
            }

            var type = root.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
            if (type == "activate")
            {
                var payload = root.GetProperty("payload");
                uuid = Guid.Parse(payload.GetProperty("uuid").GetString()!);
                fqdn = payload.GetProperty("fqdn").GetString();
                hostname = payload.TryGetProperty("hostname", out var h) ? h.GetString() : null;
            }
            else if (type == "final")
            {
                final = root.GetProperty("method").GetString();
            }
        }

        return new RpsTranscript
        {
            Name = name,
            Uuid = uuid ?? throw new InvalidDataException($"{path}: no activate line with payload.uuid"),
            Fqdn = fqdn ?? "",
            Hostname = hostname ?? "amt001",
            StartedAt = started ?? throw new InvalidDataException($"{path}: no time stamp"),
            Exchanges = exchanges,
            FinalMethod = final,
        };
    }
}
