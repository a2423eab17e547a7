using System.Globalization;
using System.Text.RegularExpressions;
using AmtSim.Scenarios.Model;

namespace AmtSim.Scenarios.Running;

/// <summary>Checks a run's observation against a scenario's expectations; each miss becomes one readable failure.</summary>
public static class ExpectationChecker
{
    /// <summary>How many devices a failure message lists before it says "and N more".</summary>
    private const int DevicesShown = 5;

    public static IReadOnlyList<ExpectationFailure> Check(Expectations expect, RunObservation run)
    {
        var failures = new List<ExpectationFailure>();
        foreach (var d in expect.Devices)
        {
            CheckDevices(d, run, failures);
        }

        CheckCounts(expect.Counts, run, failures);
        CheckLogInOrder(expect.Log, run.ServerLog, failures);
        foreach (var absent in expect.LogAbsent)
        {
            var hit = run.ServerLog.Select((line, i) => (line, i)).FirstOrDefault(x => Matches(absent, x.line));
            if (hit.line is not null)
            {
                failures.Add(new ExpectationFailure("log line that must not appear", Describe(absent), $"line {hit.i + 1}: {hit.line}"));
            }
        }

        foreach (var s in expect.StatusMessages)
        {
            var seen = run.StatusMessages.Count(m => m.Id == s.Id);
            if (seen < s.Min || (s.Max is { } max && seen > max))
            {
                var range = s.Max is { } m ? $"{s.Min} to {m}" : $"at least {s.Min}";
                failures.Add(new ExpectationFailure($"status message {s.Id}", $"{range} time(s)", $"{seen} time(s)"));
            }
        }

        if (expect.Rps is { } rps)
        {
            CheckRps(rps, run, failures);
        }

        foreach (var (alert, count) in expect.TlsAlerts)
        {
            var seen = run.Devices.Sum(d => d.AlertsSent.Count(a => a == alert));
            if (seen != count)
            {
                failures.Add(new ExpectationFailure($"TLS alert {alert} sent by devices", $"{count} time(s)", $"{seen} time(s)"));
            }
        }

        return failures;
    }

    private static void CheckRps(RpsExpectation expected, RunObservation run, List<ExpectationFailure> failures)
    {
        if (expected.ApiError is { } apiError)
        {
            if (run.RpsApiError is null || !MatchesPart(apiError, run.RpsApiError))
            {
                failures.Add(new ExpectationFailure("RPS's REST API refusing the setup", Describe(apiError), run.RpsApiError ?? "RPS accepted the domain and profile"));
            }
        }
        else if (run.RpsApiError is { } refused)
        {
            failures.Add(new ExpectationFailure("RPS's REST API accepting the domain and profile", "accepted", refused));
        }

        var finals = run.Rps.Select(o => $"device {o.Index} {o.Uuid}: {o.Method ?? o.ExitName}: {o.Message ?? o.Detail}").ToList();
        string Shown() => finals.Count == 0 ? "no device session" : string.Join("; ", finals.Take(DevicesShown)) + (finals.Count > DevicesShown ? $"; and {finals.Count - DevicesShown} more" : "");
        var success = run.Rps.Count(o => o.Method == "success");
        if (expected.Success is { } s && s != success)
        {
            failures.Add(new ExpectationFailure("devices RPS ended with success", s.ToString(CultureInfo.InvariantCulture), $"{success} ({Shown()})"));
        }

        if (expected.Error is { } e && e != run.Rps.Count - success)
        {
            failures.Add(new ExpectationFailure("devices RPS did not end with success", e.ToString(CultureInfo.InvariantCulture), $"{run.Rps.Count - success} ({Shown()})"));
        }

        foreach (var message in expected.Messages)
        {
            if (!run.Rps.Any(o => o.Message is { } m && MatchesPart(message, m)))
            {
                failures.Add(new ExpectationFailure("a final RPS message containing", Describe(message), Shown()));
            }
        }
    }

    /// <summary>RPS's texts carry device UUIDs and JSON around them: a text expectation is a substring here, a regex searches.</summary>
    private static bool MatchesPart(LogLineExpectation expected, string actual)
        => expected.IsRegex ? Regex.IsMatch(actual, expected.Text, RegexOptions.None, TimeSpan.FromSeconds(1)) : actual.Contains(expected.Text, StringComparison.Ordinal);

    private static void CheckDevices(DeviceExpectation expected, RunObservation run, List<ExpectationFailure> failures)
    {
        var selected = run.Devices
            .Where(d => expected.Scope is null || d.Scope == expected.Scope)
            .Where(d => expected.Index is null || d.Index == expected.Index)
            .ToList();
        var selector = expected.Index is { } i ? $"device {i}" : expected.Scope is { } s ? $"devices of scope '{s}'" : "every device";
        if (selected.Count == 0)
        {
            failures.Add(new ExpectationFailure(selector, "at least one device", "no such device in the run"));
            return;
        }

        Compare(selector, "state", expected.State, selected, d => d.State, failures);
        Compare(selector, "mode", expected.Mode, selected, d => d.Mode, failures);
        Compare(selector, "reason", expected.Reason, selected, d => d.Reason ?? "(none)", failures);
        Compare(selector, "cira", expected.Cira, selected, d => $"{d.Cira}{(d.CiraReason.Length == 0 ? "" : $" ({d.CiraReason})")}", failures, d => d.Cira);
    }

    private static void Compare(string selector, string field, string? expected, List<DeviceObservation> devices, Func<DeviceObservation, string> actual, List<ExpectationFailure> failures, Func<DeviceObservation, string>? compared = null)
    {
        if (expected is null)
        {
            return;
        }

        compared ??= actual;
        var wrong = devices.Where(d => compared(d) != expected).ToList();
        if (wrong.Count == 0)
        {
            return;
        }

        var shown = string.Join("; ", wrong.Take(DevicesShown).Select(d => $"device {d.Index} ({d.Fqdn ?? d.Hostname}, {d.Address}) is {actual(d)}"));
        var more = wrong.Count > DevicesShown ? $"; and {wrong.Count - DevicesShown} more" : "";
        failures.Add(new ExpectationFailure($"{field} of {selector}", expected, $"{wrong.Count} of {devices.Count} wrong: {shown}{more}"));
    }

    private static void CheckCounts(IReadOnlyDictionary<string, int> counts, RunObservation run, List<ExpectationFailure> failures)
    {
        foreach (var (key, expected) in counts)
        {
            var actual = key is "pre" or "in" or "post"
                ? run.Devices.Count(d => d.State == key)
                : run.Devices.Count(d => d.Reason == key);
            if (actual != expected)
            {
                failures.Add(new ExpectationFailure($"number of devices {(key is "pre" or "in" or "post" ? "in state" : "with reason")} {key}", expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>Expected lines must appear in this order (other lines may come between); the first one missing is reported with where the search stood.</summary>
    private static void CheckLogInOrder(IReadOnlyList<LogLineExpectation> expected, IReadOnlyList<string> log, List<ExpectationFailure> failures)
    {
        var position = 0;
        for (var k = 0; k < expected.Count; k++)
        {
            var e = expected[k];
            var found = -1;
            for (var i = position; i < log.Count; i++)
            {
                if (Matches(e, log[i]))
                {
                    found = i;
                    break;
                }
            }

            if (found < 0)
            {
                var earlier = log.Take(position).Select((l, i) => (l, i)).FirstOrDefault(x => Matches(e, x.l));
                var actual = earlier.l is not null
                    ? $"it appears only earlier, at line {earlier.i + 1}, before expected line {k} ('{Describe(expected[Math.Max(0, k - 1)])}')"
                    : position < log.Count
                        ? $"not found after line {position}; the log continues with: {log[position]}"
                        : $"not found; the log has {log.Count} line(s) and the search was past its end";
                failures.Add(new ExpectationFailure($"log line {k + 1} of {expected.Count}", Describe(e), actual));
                return;
            }

            position = found + 1;
        }
    }

    private static bool Matches(LogLineExpectation e, string line)
        => e.IsRegex ? Regex.IsMatch(line, e.Text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : string.Equals(line, e.Text, StringComparison.Ordinal);

    private static string Describe(LogLineExpectation e) => e.IsRegex ? $"/{e.Text}/" : e.Text;
}
