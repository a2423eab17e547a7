using System.Text.RegularExpressions;
using AmtSim.Pki.UserCertificates;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Model;
using YamlDotNet.RepresentationModel;

namespace AmtSim.Scenarios.Loading;

/// <summary>
/// The user's own certificates (issue 18): <c>pki.provisioning-certificate</c> (and
/// <c>renewed-certificate</c>) may name a PFX, PEM or DER file instead of a fixture id, with
/// <c>key</c>, <c>chain</c>, <c>password</c> or <c>password-env</c>; <c>trusted-roots</c> adds roots
/// to the devices. Paths are relative to the scenario's folder. Every file is opened at load, so a
/// wrong password, a missing private key or certificates that are not one chain are an invalid
/// file with file:line:column, not a setup error after the run started.
/// </summary>
public static partial class ScenarioLoader
{
    /// <summary>A fixture id never has a path separator or a certificate extension; anything that does is a file.</summary>
    internal static bool LooksLikeFile(string id)
        => id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal)
           || new[] { ".pfx", ".p12", ".pem", ".cer", ".crt", ".der" }.Any(ext => id.EndsWith(ext, StringComparison.OrdinalIgnoreCase));

    private static PkiSpec ReadUserCertificates(YamlReader r, YamlMappingNode m, PkiSpec spec)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(r.File)) ?? ".";
        string Resolve(string path) => Path.GetFullPath(Path.Combine(folder, path));

        var (password, source) = ReadPassword(r, m);
        var provisioningIsFile = LooksLikeFile(spec.ProvisioningCertificate) && r.Get(m, "provisioning-certificate") is not null;
        foreach (var key in new[] { "key", "chain" })
        {
            if (r.Get(m, key) is { } node && !provisioningIsFile)
            {
                throw r.Error(node, $"pki.{key} goes with a provisioning-certificate file (a fixture id such as '{spec.ProvisioningCertificate}' brings its own key and chain)");
            }
        }

        var keyFile = r.String(m, "key", "pki");
        var chain = r.Strings(m, "chain", "pki");
        var provisioning = provisioningIsFile
            ? LoadChain(r, r.Get(m, "provisioning-certificate")!, "pki.provisioning-certificate", new CertificateFiles(Resolve(spec.ProvisioningCertificate), keyFile is null ? null : Resolve(keyFile), [.. chain.Select(Resolve)], password, source))
            : null;
        var renewed = spec.RenewedCertificate is { } renewedName && LooksLikeFile(renewedName)
            ? LoadChain(r, r.Get(m, "renewed-certificate")!, "pki.renewed-certificate", new CertificateFiles(Resolve(renewedName), null, [], password, source))
            : null;
        if (provisioning is null && renewed is null && (r.Get(m, "password") ?? r.Get(m, "password-env")) is { } stray)
        {
            throw r.Error(stray, "pki: a password opens a provisioning-certificate or renewed-certificate file; this scenario names fixture ids, which need none");
        }

        var roots = new List<string>();
        if (r.Get(m, "trusted-roots") is { } rootsNode)
        {
            var items = r.Sequence(rootsNode, "pki.trusted-roots");
            foreach (var item in items)
            {
                var path = Resolve(r.Scalar(item, "pki.trusted-roots"));
                try
                {
                    UserTrustedRoots.Load(path);
                }
                catch (InvalidInputException ex)
                {
                    throw r.Error(item, $"pki.trusted-roots: {ex.Message}");
                }

                roots.Add(path);
            }
        }

        return spec with { ProvisioningFiles = provisioning, RenewedFiles = renewed, TrustedRoots = roots };
    }

    /// <summary>Opens the files as the world will, so every problem is reported here, at the key that names them.</summary>
    private static CertificateFiles LoadChain(YamlReader r, YamlNode node, string what, CertificateFiles files)
    {
        try
        {
            UserProvisioningChain.Load(files.Certificate, files.Key, files.Chain, files.Password, files.PasswordSource);
        }
        catch (InvalidInputException ex)
        {
            throw r.Error(node, $"{what}: {ex.Message}");
        }

        return files;
    }

    /// <summary><c>password</c> (in the file) or <c>password-env</c> (the name of an environment variable that holds it, so the secret stays out of the YAML).</summary>
    private static (string? Password, string Source) ReadPassword(YamlReader r, YamlMappingNode m)
    {
        var literal = r.String(m, "password", "pki");
        var variable = r.String(m, "password-env", "pki");
        if (literal is not null && variable is not null)
        {
            throw r.Error(r.Get(m, "password-env")!, "pki: give 'password' or 'password-env', not both");
        }

        if (variable is null)
        {
            return (literal, literal is null ? "pki.password or pki.password-env" : "pki.password");
        }

        if (!EnvironmentName().IsMatch(variable))
        {
            throw r.Error(r.Get(m, "password-env")!, $"pki.password-env: '{variable}' is not an environment variable name (letters, digits and _, e.g. CUSTOMER_PFX_PASSWORD)");
        }

        return Environment.GetEnvironmentVariable(variable) is { } value
            ? (value, $"${variable}")
            : throw r.Error(r.Get(m, "password-env")!, $"pki.password-env: the environment variable {variable} is not set (export {variable}=… before the run, or give pki.password)");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
