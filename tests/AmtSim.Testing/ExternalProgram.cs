using System.Diagnostics;

namespace AmtSim.Testing;

/// <summary>Finds and runs real external programs (openssl, wsl, node, dnsmasq) for interop tests.</summary>
public static class ExternalProgram
{
    /// <summary>True when running under CI (CI=true): a missing program is then a failure, not a skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a program to completion with a hard time limit; returns exit code and both outputs.</summary>
    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(Find(program) ?? program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException(
                $"{program} {string.Join(' ', psi.ArgumentList)} did not finish in {timeout ?? TimeSpan.FromSeconds(60)}; "
                + $"what it wrote before it was killed:\n--- stdout ---\n{Tail(await stdout)}\n--- stderr ---\n{Tail(await stderr)}");
        }

        return new ProgramResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The last 4,000 characters of a program's output, for a failure message.</summary>
    private static string Tail(string output) => output.Length <= 4000 ? output : "…" + output[^4000..];
}

public sealed record ProgramResult(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;
}
