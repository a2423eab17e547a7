using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using AmtSim.Firmware.Validation;
using AmtSim.Testing;
using Xunit;

namespace AmtSim.Firmware.Tests.Validation;

/// <summary>
/// Runs the real <c>openssl verify</c> on the PEM files of every signature and date case and checks
/// that it agrees with the validator: same accept/reject, and for a rejection the same kind of fault
/// (signature failure, expired, not yet valid) on the same certificate depth. OpenSSL is run with
/// the device clock as <c>-attime</c>, the root as the only trust anchor (<c>-CAfile</c>, no
/// <c>-partial_chain</c>), intermediates as <c>-untrusted</c>, and <c>-auth_level 0</c> so that its own
/// SHA-1/key-size policy stays out of it (that is the firmware profile's business).
/// </summary>
public sealed partial class OpenSslVerifyAgreementTests
{
    private sealed record Case(string Name, TestChain Chain, DateTimeOffset Now, ValidationReason Expected);

    [RequiresProgramFact("openssl", "apt-get install openssl")]
    public async Task OpenSslVerify_SignatureAndDateCases_AgreesWithValidator()
    {
        var now = TestChainBuilder.Now;
        var valid = TestChainBuilder.Build();
        var shortLeaf = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotBefore = now.AddDays(-3), NotAfter = now.AddDays(4) }));
        var cases = new List<Case>
        {
            new("valid", valid, now, ValidationReason.Accepted),
            new("tampered-leaf-signature", valid with { Leaf = TestChain.WithTamperedSignature(valid.Leaf) }, now, ValidationReason.BadSignature),
            new("tampered-intermediate-signature", valid with { Intermediates = [TestChain.WithTamperedSignature(valid.Intermediates[0])] }, now, ValidationReason.BadSignature),
            new("intermediate-signed-by-impostor", TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { SignedByKeyName = "impostor" })), now, ValidationReason.BadSignature),
            new("leaf-signed-by-impostor", TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { SignedByKeyName = "impostor" })), now, ValidationReason.BadSignature),
            new("leaf-expired", TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotAfter = now.AddDays(-1) })), now, ValidationReason.LeafExpired),
            new("leaf-not-yet-valid", TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotBefore = now.AddDays(1) })), now, ValidationReason.LeafNotYetValid),
            new("intermediate-expired", TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { NotAfter = now.AddDays(-1) })), now, ValidationReason.IntermediateExpired),
            new("intermediate-not-yet-valid", TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { NotBefore = now.AddDays(1) })), now, ValidationReason.IntermediateNotYetValid),
            new("root-expired", TestChainBuilder.Build(ChainSpec.Default.WithRoot(r => r with { NotAfter = now.AddDays(-1) })), now, ValidationReason.IntermediateExpired),
            new("root-not-yet-valid", TestChainBuilder.Build(ChainSpec.Default.WithRoot(r => r with { NotBefore = now.AddDays(1) })), now, ValidationReason.IntermediateNotYetValid),
            new("leaf-one-second-before-not-after", shortLeaf, now.AddDays(4).AddSeconds(-1), ValidationReason.Accepted),
            new("leaf-at-not-after", shortLeaf, now.AddDays(4), ValidationReason.LeafExpired),
            new("leaf-at-not-before", shortLeaf, now.AddDays(-3), ValidationReason.Accepted),
            new("leaf-one-second-before-not-before", shortLeaf, now.AddDays(-3).AddSeconds(-1), ValidationReason.LeafNotYetValid),
            new("sha1-signed-chain", TestChainBuilder.Build(ChainSpec.Default
                .WithRoot(r => r with { SignatureHash = HashAlgorithmName.SHA1 })
                .WithIntermediate(i => i with { SignatureHash = HashAlgorithmName.SHA1 })
                .WithLeaf(l => l with { SignatureHash = HashAlgorithmName.SHA1 })), now, ValidationReason.Accepted),
            new("sha384-signed-chain", TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { SignatureHash = HashAlgorithmName.SHA384 })), now, ValidationReason.Accepted),
            new("1024-bit-leaf", TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { KeyName = "small", KeyBits = 1024 })), now, ValidationReason.Accepted),
            new("leaf-under-root", TestChainBuilder.Build(ChainSpec.Default with { Intermediates = [] }), now, ValidationReason.Accepted),
        };

        var directory = Directory.CreateTempSubdirectory("amtsim-openssl-verify-");
        try
        {
            var disagreements = new List<string>();
            foreach (var c in cases)
            {
                // 11.8: SHA-1 and 1024-bit keys are allowed there, so the profile does not mask the signature verdict.
                var verdict = ProvisioningCertificateValidator.Instance.Validate(c.Chain.Presented, TestContexts.For(c.Chain.Root, firmware: "11.8", now: c.Now));
                Assert.True(verdict.Reason == c.Expected, $"{c.Name}: validator said {verdict}, the case expects {c.Expected}");

                var openssl = await RunOpenSslAsync(directory.FullName, c);
                var validatorOutcome = Outcome(verdict);
                if (openssl.Outcome != validatorOutcome)
                {
                    disagreements.Add($"{c.Name}: validator {validatorOutcome} ({verdict}), openssl {openssl.Outcome}: {openssl.Output.Trim()}");
                }
            }

            Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The validator's verdict in openssl's terms: "OK" or "error N at depth D", the depth taken from
    /// the certificate the detail names first ("leaf #1" is depth 0, "intermediate #2" depth 1, ...).
    /// </summary>
    private static string Outcome(ValidationResult verdict)
    {
        if (verdict.IsAccepted)
        {
            return "OK";
        }

        var code = verdict.Reason switch
        {
            ValidationReason.BadSignature => 7, // X509_V_ERR_CERT_SIGNATURE_FAILURE
            ValidationReason.LeafNotYetValid or ValidationReason.IntermediateNotYetValid => 9, // X509_V_ERR_CERT_NOT_YET_VALID
            ValidationReason.LeafExpired or ValidationReason.IntermediateExpired => 10, // X509_V_ERR_CERT_HAS_EXPIRED
            _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "not a signature or date verdict"),
        };
        var position = int.Parse(CertificateNumber().Match(verdict.Detail).Groups["n"].Value, CultureInfo.InvariantCulture);
        return $"error {code} at depth {position - 1}";
    }

    private static async Task<(string Outcome, string Output)> RunOpenSslAsync(string directory, Case c)
    {
        var root = Path.Combine(directory, $"{c.Name}-root.pem");
        var untrusted = Path.Combine(directory, $"{c.Name}-intermediates.pem");
        var leaf = Path.Combine(directory, $"{c.Name}-leaf.pem");
        await File.WriteAllTextAsync(root, c.Chain.Root.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(leaf, c.Chain.Leaf.ExportCertificatePem() + "\n");
        var args = new List<string> { "verify", "-attime", c.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "-auth_level", "0", "-CAfile", root };
        if (c.Chain.Intermediates.Count > 0)
        {
            var pem = new StringBuilder();
            foreach (var intermediate in c.Chain.Intermediates)
            {
                pem.AppendLine(intermediate.ExportCertificatePem());
            }

            await File.WriteAllTextAsync(untrusted, pem.ToString());
            args.AddRange(["-untrusted", untrusted]);
        }

        args.Add(leaf);
        var result = await ExternalProgram.RunAsync("openssl", args);
        if (result.ExitCode == 0 && result.StdOut.Contains(": OK", StringComparison.Ordinal))
        {
            return ("OK", result.All);
        }

        var error = ErrorLine().Match(result.All);
        if (!error.Success)
        {
            return ($"unrecognised (exit {result.ExitCode})", result.All);
        }

        return ($"error {error.Groups["code"].Value} at depth {error.Groups["depth"].Value}", result.All);
    }

    [GeneratedRegex(@"#(?<n>\d+)")]
    private static partial Regex CertificateNumber();

    [GeneratedRegex(@"error (?<code>\d+) at (?<depth>\d+) depth lookup")]
    private static partial Regex ErrorLine();
}
