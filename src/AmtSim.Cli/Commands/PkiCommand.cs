using System.CommandLine;
using System.Globalization;
using AmtSim.Pki.Fixtures;
using AmtSim.Pki.Inspection;
using AmtSim.Pki.Keys;
using AmtSim.Runtime.Errors;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim pki init</c> (write the fixture PKI) and <c>amtsim pki inspect</c> (describe a certificate file).</summary>
internal static class PkiCommand
{
    /// <summary>The seed of the committed fixtures under fixtures/pki/.</summary>
    public const long DefaultSeed = 7;

    public static Command Create()
    {
        var pki = new Command("pki", "Certificates: write the fixture PKI, inspect certificate files.");
        pki.Subcommands.Add(CreateInit());
        pki.Subcommands.Add(CreateInspect());
        return pki;
    }

    private static Command CreateInit()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the fixture PKI into (created if missing).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of every key, serial number and PFX salt.", DefaultValueFactory = _ => DefaultSeed };
        var now = new Option<string?>("--now") { Description = "Reference time (ISO 8601) validity periods are relative to; default 2026-06-01T12:00:00Z, never the wall clock." };
        var keyCache = new Option<string?>("--key-cache") { Description = $"Key cache folder (default: ${KeyCache.DirectoryVariable}, else $XDG_CACHE_HOME/amtsim/keys, else ~/.cache/amtsim/keys)." };
        var command = new Command("init", "Write the fixture PKI: stand-in roots, intermediates, provisioning certificates (PEM and PFX, password \"amtsim\"), fixtures.json and README.md.");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(now);
        command.Options.Add(keyCache);
        command.SetAction(parseResult => CliAction.Run(() =>
        {
            var writer = parseResult.InvocationConfiguration.Output;
            var directory = parseResult.GetValue(output)!;
            var runSeed = parseResult.GetValue(seed);
            var referenceTime = ParseTime(parseResult.GetValue(now));
            var cacheFolder = parseResult.GetValue(keyCache);
            var keys = new KeyPool(runSeed, cacheFolder is null ? KeyCache.Default() : new KeyCache(cacheFolder));
            var started = TimeProvider.System.GetTimestamp();
            var fixtures = FixturePki.Generate(runSeed, referenceTime, keys);
            try
            {
                fixtures.WriteTo(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SetupException($"{directory}: cannot write the fixture PKI: {ex.Message}", ex);
            }

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var stats = keys.Statistics;
            writer.WriteLine($"Wrote {fixtures.Files.Count} files to {directory} (seed {runSeed}, reference time {fixtures.Manifest.ReferenceTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}).");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Keys: {stats.Generated} generated ({stats.GenerationTime.TotalSeconds:F1} s), {stats.CacheHits} from the cache {keys.Cache?.Directory}; total {elapsed.TotalSeconds:F1} s."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateInspect()
    {
        var file = new Argument<string>("FILE") { Description = "A certificate file: PEM (one or more certificates), DER, or PFX/PKCS#12." };
        var password = new Option<string?>("--password") { Description = "Password of a PFX file." };
        var command = new Command("inspect", "Print subject, OU, EKUs, validity, key size, signature hash and thumbprints of every certificate in FILE, and whether a root is in the default AMT hash table or is a stand-in.");
        command.Arguments.Add(file);
        command.Options.Add(password);
        command.SetAction(parseResult => CliAction.Run(() =>
        {
            var certificates = CertificateFile.Read(parseResult.GetValue(file)!, parseResult.GetValue(password));
            parseResult.InvocationConfiguration.Output.Write(CertificateReport.Describe(certificates));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static DateTimeOffset? ParseTime(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidInputException($"--now: '{value}' is not an ISO 8601 date and time (e.g. 2026-06-01T12:00:00Z)");
    }
}
