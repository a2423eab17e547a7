namespace AmtSim.Pki.Keys;

/// <summary>
/// Where generated keys are kept between runs (PKCS#8 PEM, one file per key). Seeded RSA
/// generation costs about a second per 2048-bit key, so every run after the first reads them
/// back instead. A missing, unwritable or corrupt cache is never fatal: the key is generated again.
/// </summary>
public sealed class KeyCache
{
    /// <summary>Environment variable that overrides the cache folder.</summary>
    public const string DirectoryVariable = "AMTSIM_KEY_CACHE";

    /// <summary>Bumped whenever the generator changes in a way that changes keys for the same seed.</summary>
    public const string GeneratorVersion = "v1";

    public KeyCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>
    /// The cache in its default place: <c>$AMTSIM_KEY_CACHE</c>, else <c>$XDG_CACHE_HOME/amtsim/keys</c>,
    /// else <c>~/.cache/amtsim/keys</c>.
    /// </summary>
    public static KeyCache Default() => new(DefaultDirectory());

    public static string DefaultDirectory()
        => DefaultDirectory(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static string DefaultDirectory(Func<string, string?> environment, string? home)
    {
        var configured = environment(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var xdg = environment("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg))
        {
            return Path.Combine(xdg, "amtsim", "keys");
        }

        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), "amtsim-keys")
            : Path.Combine(home, ".cache", "amtsim", "keys");
    }

    /// <summary>File of the key for (seed, index, bits), e.g. <c>v1-rsa2048-seed7-i100.pem</c>.</summary>
    public string PathFor(long seed, int index, int bits)
        => Path.Combine(Directory, $"{GeneratorVersion}-rsa{bits}-seed{seed}-i{index}.pem");

    /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
    internal string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes atomically (temporary file, then rename), so a concurrent reader in another process
    /// sees either no file or a whole one. Returns the error instead of throwing.
    /// </summary>
    internal Exception? TryWrite(string path, string pem)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(temporary, pem);
            File.Move(temporary, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the cache is an optimisation.
            }

            return ex;
        }
    }
}
