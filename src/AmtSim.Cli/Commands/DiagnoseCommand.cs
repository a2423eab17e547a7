using System.CommandLine;
using System.Text;
using System.Text.Json;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Diagnosis;
using AmtSim.Scenarios.Diagnosis.Emission;
using AmtSim.Scenarios.Diagnosis.Reading;
using AmtSim.Scenarios.Diagnosis.Signatures;

namespace AmtSim.Cli.Commands;

/// <summary>
/// <c>amtsim diagnose FILE [--json] [--emit-scenario OUT.yaml] [--verify]</c>: names the failure a
/// provisioning log shows. Exit codes: 0 a known failure was found (with --verify: and the emitted
/// scenario passes), 1 nothing known was found (with --verify: the repro does not reproduce it),
/// 2 the input cannot be read, is not text, or has no end (a pipe past the cap), 3 the scenario
/// cannot be written or run. The log is streamed: memory does not grow with its size.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create() => Create(verifier: null);

    /// <param name="verifier">Runs emitted scenarios for --verify; null until the scenario runner provides one.</param>
    public static Command Create(IScenarioVerifier? verifier)
    {
        var file = new Argument<string>("FILE") { Description = "The log: amtopmgr.log (CMTrace, SCCM 2007, or pasted log-viewer columns) or another provisioning tool's text output; '-' reads standard input." };
        var json = new Option<bool>("--json") { Description = "Print the diagnosis as JSON." };
        var emit = new Option<string?>("--emit-scenario") { Description = "Write a scenario that reproduces the failure, filled with the log's facts.", HelpName = "OUT.yaml" };
        var verify = new Option<bool>("--verify") { Description = "Run the emitted scenario through the scenario runner (as `amtsim run` does): it must pass its own expectations, and the simulator's log must show the same failure." };
        var command = new Command("diagnose", "Read a provisioning log, name the failure(s) with their family and confidence, and emit the scenario that reproduces it. Exit codes: 0 known failure (and, with --verify, reproduced), 1 none found (or not reproduced), 2 unreadable input, 3 scenario not writable or not runnable.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(emit);
        command.Options.Add(verify);
        command.SetAction(parseResult => CliAction.RunAsync(() => ExecuteAsync(
            new DiagnoseRequest(parseResult.GetValue(file)!, parseResult.GetValue(json), parseResult.GetValue(emit), parseResult.GetValue(verify)),
            verifier,
            Console.Out,
            Console.Error,
            CancellationToken.None)).GetAwaiter().GetResult());
        return command;
    }

    internal sealed record DiagnoseRequest(string File, bool Json, string? EmitScenario, bool Verify);

    internal static async Task<int> ExecuteAsync(DiagnoseRequest request, IScenarioVerifier? verifier, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (request.Verify && verifier is null)
        {
            await stderr.WriteLineAsync("amtsim: --verify needs the scenario runner, which this build of the command was not given; run without --verify");
            return ExitCodes.SetupError;
        }

        DiagnosisReport report;
        try
        {
            using var source = LogFileReader.Open(request.File);
            report = new Diagnoser().Diagnose(source);
        }
        catch (InvalidInputException ex)
        {
            await stderr.WriteLineAsync($"amtsim: {ex.Message}");
            return ExitCodes.InvalidInput;
        }

        await stdout.WriteAsync(request.Json ? Json(report) : Text(report));

        string? scenarioPath = null;
        if (report.Verdict is not null && (request.EmitScenario is not null || request.Verify))
        {
            scenarioPath = request.EmitScenario ?? Path.Combine(Path.GetTempPath(), $"amtsim-diagnose-{Guid.NewGuid():N}.yaml");
            try
            {
                await File.WriteAllTextAsync(scenarioPath, ScenarioEmitter.Emit(report), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"amtsim: cannot write the scenario to {scenarioPath}: {ex.Message}");
                return ExitCodes.SetupError;
            }

            if (!request.Json && request.EmitScenario is not null)
            {
                await stdout.WriteLineAsync($"Scenario written to {scenarioPath} (name {ScenarioEmitter.NameFor(report.Log.Name, report.Verdict.Signature)}; `amtsim run {scenarioPath}` runs it)");
            }
        }
        else if (request.EmitScenario is not null)
        {
            await stderr.WriteLineAsync("amtsim: no scenario written: no known failure to reproduce");
        }

        if (request.Verify && report.Verdict is not null && scenarioPath is not null)
        {
            try
            {
                var result = await verifier!.VerifyAsync(scenarioPath, report.Verdict.Signature.Id, cancellationToken);
                await stdout.WriteLineAsync($"Verify: {result.Detail}");
                foreach (var f in result.Failures)
                {
                    await stdout.WriteLineAsync($"  {f.What}: expected {f.Expected}; actual {f.Actual}");
                }

                return result.RunVerdict == AmtSim.Scenarios.Running.Verdict.Error ? ExitCodes.SetupError
                    : result.Reproduced ? ExitCodes.Success : ExitCodes.Failed;
            }
            catch (AmtSim.Scenarios.Loading.ScenarioFormatException ex)
            {
                await stderr.WriteLineAsync($"amtsim: the emitted scenario is not valid (a bug, please report it with the log): {ex.Message}");
                return ExitCodes.SetupError;
            }
            finally
            {
                if (request.EmitScenario is null)
                {
                    File.Delete(scenarioPath);
                }
            }
        }

        return report.KnownFailure ? ExitCodes.Success : ExitCodes.Failed;
    }

    internal static string Text(DiagnosisReport report)
    {
        var sb = new StringBuilder();
        var log = report.Log;
        sb.Append("Log: ").Append(log.Name).Append(" (").Append(FormatName(log.DominantFormat)).Append(", ").Append(log.Encoding)
          .Append(", ").Append(log.RecordCount).Append(" record(s))\n");
        if (report.Verdict is not { } v)
        {
            sb.Append("No known failure.\n");
            if (report.Closest.Count > 0)
            {
                sb.Append("Closest candidates:\n");
                foreach (var c in report.Closest)
                {
                    sb.Append("  - ").Append(c.Signature.Id).Append(" [").Append(c.Signature.Family.Name()).Append("] ")
                      .Append(c.Signature.Title).Append(": ").Append(c.Why).Append('\n');
                }
            }

            return sb.ToString();
        }

        var s = v.Signature;
        sb.Append("Verdict: ").Append(s.Id).Append(" [").Append(s.Family.Name()).Append("], confidence ").Append(v.ConfidenceLevel)
          .Append(" (").Append(v.Confidence).Append("%)\n");
        sb.Append("  ").Append(s.Title).Append('\n');
        sb.Append("  ").Append(s.Product).Append("; texts from ").Append(s.Source).Append('\n');
        sb.Append("Evidence:\n");
        AppendEvidence(sb, v);

        if (v.Facts.Count > 0)
        {
            sb.Append("Facts:\n");
            foreach (var (name, values) in v.Facts)
            {
                sb.Append("  ").Append(name).Append(": ").Append(string.Join(", ", values)).Append('\n');
            }
        }

        sb.Append("Cause: ").Append(s.Cause).Append('\n');
        sb.Append("Fix: ").Append(s.Fix).Append('\n');
        if (report.OtherFailures.Count > 0)
        {
            sb.Append("Also failed in this log (").Append(report.OtherFailures.Count + 1).Append(" failures in all):\n");
            foreach (var f in report.OtherFailures)
            {
                sb.Append("  ").Append(f.Signature.Id).Append(" [").Append(f.Signature.Family.Name()).Append("], confidence ").Append(f.ConfidenceLevel)
                  .Append(" (").Append(f.Confidence).Append("%): ").Append(f.Signature.Title).Append('\n');
                AppendEvidence(sb, f, "    ");
                sb.Append("    Fix: ").Append(f.Signature.Fix).Append('\n');
            }
        }
        if (report.Alternatives.Count > 0)
        {
            sb.Append("Other candidates, most likely first:\n");
            var n = 1;
            foreach (var c in report.Alternatives)
            {
                sb.Append("  ").Append(n++).Append(". ").Append(c.Signature.Id).Append(" [").Append(c.Signature.Family.Name()).Append("] ")
                  .Append(c.Signature.Title).Append(". ").Append(c.Why).Append('\n');
            }
        }

        sb.Append("Reproduce: scenarios/").Append(s.Scenario.File).Append(s.Scenario.Shipped ? "" : " (not shipped yet)")
          .Append("; --emit-scenario OUT.yaml writes one with this log's facts\n");
        if (s.Scenario.Note is { Length: > 0 } note)
        {
            sb.Append("  Approximated: ").Append(note.ReplaceLineEndings(" ")).Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendEvidence(StringBuilder sb, Candidate c, string indent = "  ")
    {
        foreach (var h in c.Evidence)
        {
            sb.Append(indent).Append("line ").Append(h.Line).Append(": ").Append(Shorten(h.Text)).Append("  [").Append(h.Key)
              .Append(h.Role switch { EvidenceRole.Supporting => ", supporting", EvidenceRole.Sufficient => ", sufficient", _ => "" }).Append("]\n");
        }
    }

    internal static string Json(DiagnosisReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", report.Log.Name);
            w.WriteString("format", FormatName(report.Log.DominantFormat));
            w.WriteString("encoding", report.Log.Encoding);
            w.WriteNumber("records", report.Log.RecordCount);
            w.WriteNumber("lines", report.Log.LineCount);
            w.WriteBoolean("knownFailure", report.KnownFailure);
            w.WritePropertyName("verdict");
            if (report.Verdict is { } v)
            {
                WriteCandidate(w, v, details: true);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartArray("failures");
            foreach (var c in report.Failures)
            {
                WriteCandidate(w, c, details: true);
            }

            w.WriteEndArray();
            w.WriteStartArray("families");
            foreach (var family in FailureFamilies.Names.Keys)
            {
                w.WriteStringValue(family);
            }

            w.WriteEndArray();
            w.WriteStartArray("alternatives");
            foreach (var c in report.Alternatives)
            {
                WriteCandidate(w, c, details: false);
            }

            w.WriteEndArray();
            w.WriteStartArray("closest");
            foreach (var c in report.Closest)
            {
                WriteCandidate(w, c, details: false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteCandidate(Utf8JsonWriter w, Candidate c, bool details)
    {
        var s = c.Signature;
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("family", s.Family.Name());
        w.WriteString("title", s.Title);
        w.WriteNumber("score", c.Score);
        w.WriteNumber("confidence", c.Confidence);
        w.WriteString("confidenceLevel", c.ConfidenceLevel);
        w.WriteString("why", c.Why);
        if (details)
        {
            w.WriteString("product", s.Product);
            w.WriteString("source", s.Source);
            w.WriteString("cause", s.Cause);
            w.WriteString("fix", s.Fix);
            w.WriteStartObject("scenario");
            w.WriteString("file", s.Scenario.File);
            w.WriteBoolean("shipped", s.Scenario.Shipped);
            if (s.Scenario.Note is { } note)
            {
                w.WriteString("note", note);
            }

            w.WriteEndObject();
        }

        w.WriteStartArray("evidence");
        foreach (var h in c.Evidence)
        {
            w.WriteStartObject();
            w.WriteNumber("line", h.Line);
            w.WriteString("key", h.Key);
            w.WriteString("role", h.Role switch { EvidenceRole.Required => "required", EvidenceRole.Sufficient => "sufficient", _ => "supporting" });
            w.WriteString("text", h.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("missing");
        foreach (var m in c.Missing)
        {
            w.WriteStringValue(m);
        }

        w.WriteEndArray();
        w.WriteStartObject("facts");
        foreach (var (name, values) in c.Facts)
        {
            w.WriteStartArray(name);
            foreach (var value in values)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string FormatName(LogRecordFormat format) => format switch
    {
        LogRecordFormat.CmTrace => "cmtrace",
        LogRecordFormat.Sccm2007 => "sccm2007",
        LogRecordFormat.ViewerColumns => "viewer",
        _ => "text",
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
