namespace AmtSim.Pki.Catalogue;

/// <summary>
/// A vendor root of the default tables, under its SHA-256-table name, with the other names the
/// same root has in other tables (the SDK's SHA-1 table says "VeriSign Class 3 PCA-G5" for
/// "VeriSign Class 3 Public Primary CA - G5").
/// </summary>
public sealed record StandInVendor(string Name, int Ordinal, IReadOnlyList<string> Aliases)
{
    /// <summary>
    /// True when <paramref name="name"/> is this vendor's name or an alias (case-insensitive), also in
    /// the form a table entry holds it: cut to <see cref="TrustedRootHash.MaxNameLength"/> characters
    /// ("VeriSign Class 3 Public Primary ").
    /// </summary>
    public bool Answers(string name)
        => Aliases.Prepend(Name).Any(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)
            || (name.Length == TrustedRootHash.MaxNameLength && candidate.Length > name.Length && candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Every vendor of <see cref="DefaultHashTables"/>. The ordinal picks the stand-in's key, so new
    /// vendors are appended, never inserted.
    /// </summary>
    public static IReadOnlyList<StandInVendor> All { get; } =
    [
        new("Go Daddy Class 2 CA", 0, []),
        new("Go Daddy Root CA - G2", 1, []),
        new("Comodo AAA Certificate Services", 2, []),
        new("Starfield Class 2 CA", 3, []),
        new("Starfield Root CA - G2", 4, []),
        new("VeriSign Class 3 Public Primary CA - G5", 5, ["VeriSign Class 3 PCA-G5"]),
        new("Baltimore CyberTrust Root", 6, []),
        new("Cybertrust Global Root", 7, []),
        new("Verizon Global Root CA", 8, []),
        new("Entrust.net CA (2048)", 9, []),
        new("Entrust Root CA", 10, []),
        new("Entrust Root CA - G2", 11, []),
        new("VeriSign Universal Root CA", 12, []),
        new("AffirmTrust Premium", 13, []),
        new("DigiCert Global Root CA", 14, []),
        new("DigiCert Global Root G2", 15, []),
        new("DigiCert Global Root G3", 16, []),
        new("DigiCert Trusted Root G4", 17, []),
        new("GlobalSign NP RSA CA 2018", 18, []),
        new("GlobalSign NP ECC CA 2018", 19, []),
        new("GlobalSign Root CA - R3", 20, []),
        new("GlobalSign ECC Root CA - R5", 21, []),
        new("GlobalSign Root CA - R6", 22, []),
        new("VeriSign Class 3 PCA (G1)", 23, ["VeriSign Class 3 PCA-G1"]),
        new("VeriSign Class 3 PCA (G1.5)", 24, ["VeriSign Class 3 PCA-G1.5"]),
        new("VeriSign Class 3 PCA (G3)", 25, ["VeriSign Class 3 PCA-G3"]),
        new("VeriSign Class 3 PCA (G2)", 26, ["VeriSign Class 3 PCA-G2"]),
        new("GTE CyberTrust Global Root", 27, []),
    ];

    /// <summary>The vendor called <paramref name="name"/> (name or alias), or null.</summary>
    public static StandInVendor? Find(string name) => All.FirstOrDefault(v => v.Answers(name));
}
