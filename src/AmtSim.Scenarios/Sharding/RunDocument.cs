using System.Text.Json;
using System.Text.Json.Serialization;
using AmtSim.Runtime.Determinism;
using AmtSim.Runtime.Errors;
using AmtSim.Runtime.Faults;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.Sharding;

/// <summary>
/// What one <c>amtsim run --out</c> writes: every scenario's result with its whole observation and
/// the scenario's own text, so <c>amtsim merge</c> can rebuild the results of N shards without the
/// files they ran from (a pod's files are gone when its outputs are merged). One format for a whole
/// run and for a shard of one.
/// </summary>
public sealed record RunDocument
{
    public const string CurrentFormat = "amtsim-run/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>The part of every scenario's fleet the run built.</summary>
    [JsonConverter(typeof(ShardJsonConverter))]
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>The run seed given on the command line (null: each scenario's own).</summary>
    public long? Seed { get; init; }

    /// <summary>Wall clock at the start and end of the run (merged wall time is from the earliest start to the latest end).</summary>
    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public IReadOnlyList<ScenarioRecord> Scenarios { get; init; } = [];

    // Not indented: a fleet's output is about 12 KB per device, and indentation would add a third.
    // Source-generated (no reflection, so the native build reads and writes it too). Every enum in
    // the document is a camelCase string; RunDocumentJsonTests fails when one is added without its line.
    private static readonly RunDocumentJson Json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new JsonStringEnumConverter<Verdict>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<FaultKind>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<FaultSide>(JsonNamingPolicy.CamelCase),
            new ShardJsonConverter(),
        },
    });

    internal static JsonSerializerOptions JsonOptions => Json.Options;

    public static RunDocument From(Shard shard, long? seed, DateTimeOffset started, DateTimeOffset ended, IEnumerable<ScenarioResult> results) => new()
    {
        Shard = shard,
        Seed = seed,
        StartedAt = started,
        EndedAt = ended,
        Scenarios = [.. results.Select(ScenarioRecord.From)],
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json.RunDocument);

    /// <summary>Reads a document; anything that is not one (not JSON, another format, a missing part) is invalid input naming <paramref name="source"/>.</summary>
    public static RunDocument Parse(string json, string source)
        => Checked(() => JsonSerializer.Deserialize(json, Json.RunDocument), source);

    /// <summary>Reads a document from a stream without holding its text (a shard of 5,000 devices is about 60 MB).</summary>
    public static async Task<RunDocument> ReadAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        RunDocument? read = null;
        Exception? failure = null;
        try
        {
            read = await JsonSerializer.DeserializeAsync(stream, Json.RunDocument, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or InvalidInputException)
        {
            failure = ex;
        }

        return Checked(() => failure is null ? read : throw failure, source);
    }

    private static RunDocument Checked(Func<RunDocument?> read, string source)
    {
        RunDocument? document;
        try
        {
            document = read();
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{source}: not an amtsim run output ({ex.Message})");
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"{source}: {ex.Message}");
        }

        if (document is null)
        {
            throw new InvalidInputException($"{source}: empty run output");
        }

        if (document.Format != CurrentFormat)
        {
            throw new InvalidInputException($"{source}: format '{document.Format}' is not {CurrentFormat} (written by another amtsim version?)");
        }

        return document;
    }
}

/// <summary>One scenario of a run output.</summary>
public sealed record ScenarioRecord
{
    public required string File { get; init; }
    public required string Name { get; init; }

    /// <summary>The scenario file's text as it was loaded (null for a file that did not load).</summary>
    public string? Yaml { get; init; }

    public required long Seed { get; init; }
    public required Verdict Verdict { get; init; }
    public string? Error { get; init; }
    public double WallSeconds { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public string? RunDirectory { get; init; }
    public IReadOnlyList<ExpectationFailure> Failures { get; init; } = [];
    public RunObservation Observation { get; init; } = new();

    public static ScenarioRecord From(ScenarioResult r) => new()
    {
        File = r.Scenario.File,
        Name = r.Scenario.Name,
        Yaml = r.Scenario.SourceText,
        Seed = r.Seed,
        Verdict = r.Verdict,
        Error = r.Error,
        WallSeconds = Math.Round(r.WallTime.TotalSeconds, 3),
        StartedAt = r.StartedAt,
        RunDirectory = r.RunDirectory,
        Failures = r.Failures,
        Observation = r.Observation,
    };
}

/// <summary>A shard as its <c>I/N</c> text.</summary>
public sealed class ShardJsonConverter : JsonConverter<Shard>
{
    public override Shard Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.String
            ? Shard.Parse(reader.GetString()!, "shard")
            : throw new JsonException("a shard is a string I/N");

    public override void Write(Utf8JsonWriter writer, Shard value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

[JsonSerializable(typeof(RunDocument))]
internal sealed partial class RunDocumentJson : JsonSerializerContext;
