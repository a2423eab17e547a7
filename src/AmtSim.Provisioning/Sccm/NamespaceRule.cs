namespace AmtSim.Provisioning.Sccm;

/// <summary>
/// SCCM's rule that the AMT device and the out-of-band service point share a DNS namespace
/// (seed 004): computer1.sales.contoso.com and server1.marketing.contoso.com share contoso.com;
/// computer1.contoso.com and server1.northwindtraders.com do not. The shared part must be a
/// domain of at least two labels (a bare TLD is not a namespace).
/// </summary>
public static class NamespaceRule
{
    public static bool ShareNamespace(string deviceFqdn, string servicePointFqdn)
        => SharedNamespace(deviceFqdn, servicePointFqdn) is not null;

    /// <summary>The common namespace ("contoso.com"), or null when the two do not share one.</summary>
    public static string? SharedNamespace(string deviceFqdn, string servicePointFqdn)
    {
        var a = Domain(deviceFqdn);
        var b = Domain(servicePointFqdn);
        var common = new List<string>();
        for (int i = a.Length - 1, j = b.Length - 1; i >= 0 && j >= 0; i--, j--)
        {
            if (!string.Equals(a[i], b[j], StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            common.Insert(0, a[i].ToLowerInvariant());
        }

        return common.Count >= 2 ? string.Join('.', common) : null;
    }

    /// <summary>The labels of an FQDN without its host label.</summary>
    private static string[] Domain(string fqdn)
    {
        var labels = fqdn.Trim().TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        return labels.Length > 1 ? labels[1..] : [];
    }
}
