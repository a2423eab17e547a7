using System.Collections.Frozen;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// How many trailing labels of a CN make its registrable domain, per top-level domain, as
/// MeshCentral's activation code generalises Intel's rule (amt-reference.md §1.4). Written from
/// that description, not from MeshCentral's source: 2 labels for generic and most country TLDs,
/// 3 labels where registrations live under a second level (co.uk, com.br, ...). A TLD not in the
/// table makes the whole CN the domain.
/// </summary>
public static class MeshCentralTldTable
{
    private static readonly FrozenDictionary<string, int> LabelsByTld = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["com"] = 2, ["net"] = 2, ["org"] = 2, ["gov"] = 2, ["edu"] = 2,
        ["de"] = 2, ["ch"] = 2, ["dk"] = 2, ["cz"] = 2, ["cl"] = 2, ["ua"] = 2,
        ["fr"] = 3, ["cn"] = 3, ["nl"] = 3, ["br"] = 3, ["mx"] = 3,
        ["uk"] = 3, ["pl"] = 3, ["tw"] = 3, ["ca"] = 3,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Labels that make the domain under <paramref name="tld"/>, or null when the TLD is not in the table.</summary>
    public static int? LabelsFor(string tld) => LabelsByTld.TryGetValue(tld, out var n) ? n : null;
}
