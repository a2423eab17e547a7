using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Profiles;
using AmtSim.Pki.Catalogue;
using AmtSim.Protocol.Hello;

namespace AmtSim.Firmware.Validation;

/// <summary>
/// The device-side check of the provisioning certificate chain a provisioning server presents
/// (as TLS client certificate on 16993, or through host-based AddNextCertInChain).
/// Accepts or rejects exactly as AMT firmware does; see amt-reference.md §1.4 and docs/validator.md.
/// </summary>
/// <remarks>
/// A chain with several faults gets the reason of the first failing stage, in this order:
/// <list type="number">
/// <item>Structure: empty (ChainIncomplete), more than <see cref="FirmwareProfile.MaxChainLength"/>
/// certificates (ChainTooLong), then linkage: certificates strictly leaf first, each one's issuer DN
/// byte-equal to the next one's subject DN, only the last one self-issued, every issuer a CA
/// (ChainIncomplete; a missing root or intermediate, a wrong order or an unrelated certificate all
/// land here), pathLenConstraint respected (ChainTooLong).</item>
/// <item>Root hash: the last certificate's DER hashed per table entry algorithm; a matching active entry
/// trusts it, a match only on inactive entries is HashEntryInactive, none is RootNotTrusted.</item>
/// <item>Signatures: each certificate verified with its issuer's public key, the root with its own;
/// then any critical extension the validator does not process (UnknownCriticalExtension).</item>
/// <item>Firmware policy: SHA-1 signatures anywhere (Sha1NotAllowed), then RSA keys under the minimum
/// anywhere (KeyTooSmall), then a leaf key that is not RSA (LeafKeyNotRsa).</item>
/// <item>Dates against the device clock when the profile checks them: the leaf, then each CA certificate
/// upwards; the root counts as a CA certificate (IntermediateExpired / IntermediateNotYetValid).</item>
/// <item>Leaf usage: not a CA (LeafIsCa), then OU "Intel(R) Client Setup Certificate", or EKU setup OID plus server auth.</item>
/// <item>DNS suffix: none (NoTrustedDnsSuffix), then every CN of the leaf against it (DomainSuffixMismatch).</item>
/// </list>
/// Where the sources are silent the validator takes the stricter choice: a false accept would make
/// every test built on it worthless.
/// </remarks>
public sealed class ProvisioningCertificateValidator
{
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string KeyUsageOid = "2.5.29.15";
    private const string ExtendedKeyUsageOid = "2.5.29.37";

    public static ProvisioningCertificateValidator Instance { get; } = new();

    /// <summary>Validates a chain given leaf first, in the order it was presented.</summary>
    public ValidationResult Validate(IReadOnlyList<X509Certificate2> presentedChain, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(presentedChain);
        ArgumentNullException.ThrowIfNull(context);
        var chain = new PresentedCertificate[presentedChain.Count];
        try
        {
            for (var i = 0; i < chain.Length; i++)
            {
                var certificate = presentedChain[i] ?? throw new ArgumentException($"certificate #{i + 1} is null", nameof(presentedChain));
                chain[i] = new PresentedCertificate(certificate, i, chain.Length);
            }

            return Run(chain, context);
        }
        finally
        {
            DisposeAll(chain);
        }
    }

    /// <summary>Validates a chain of DER certificates given leaf first (as they arrive in a TLS Certificate message).</summary>
    public ValidationResult Validate(IReadOnlyList<byte[]> presentedChainDer, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(presentedChainDer);
        ArgumentNullException.ThrowIfNull(context);
        var chain = new PresentedCertificate[presentedChainDer.Count];
        try
        {
            for (var i = 0; i < chain.Length; i++)
            {
                X509Certificate2 certificate;
                try
                {
                    certificate = DerCertificateCache.Get(presentedChainDer[i] ?? []);
                }
                catch (CryptographicException e)
                {
                    return ValidationResult.Reject(ValidationReason.ChainIncomplete,
                        $"certificate #{i + 1} of the presented chain is not a DER X.509 certificate ({e.Message.TrimEnd('.')})");
                }

                chain[i] = new PresentedCertificate(certificate, i, chain.Length);
            }

            return Run(chain, context);
        }
        finally
        {
            DisposeAll(chain);
        }
    }

    /// <summary>
    /// Runs the stages. An extension that cannot be decoded (basicConstraints, keyUsage, EKU) makes
    /// .NET throw when it is read; the chain is then rejected as one that cannot be built, never accepted.
    /// </summary>
    private static ValidationResult Run(PresentedCertificate[] chain, ValidationContext context)
    {
        try
        {
            return RunStages(chain, context);
        }
        catch (CryptographicException e)
        {
            return ValidationResult.Reject(ValidationReason.ChainIncomplete, $"a certificate of the chain could not be decoded ({e.Message.TrimEnd('.')})");
        }
    }

    private static ValidationResult RunStages(PresentedCertificate[] chain, ValidationContext context)
    {
        var profile = context.Profile;
        if (CheckStructure(chain, profile) is { } structure)
        {
            return structure;
        }

        if (CheckRootHash(chain[^1], context.TrustedHashes, out var trustedBy) is { } rootHash)
        {
            return rootHash;
        }

        var algorithms = new CertificateSignatureAlgorithm[chain.Length];
        if (CheckSignatures(chain, algorithms) is { } signature)
        {
            return signature;
        }

        if (CheckCriticalExtensions(chain) is { } critical)
        {
            return critical;
        }

        if (CheckPolicy(chain, algorithms, profile) is { } policy)
        {
            return policy;
        }

        if (profile.CheckValidityDates && CheckDates(chain, context.Now) is { } dates)
        {
            return dates;
        }

        if (CheckLeafUsage(chain[0], out var usage) is { } leafUsage)
        {
            return leafUsage;
        }

        if (CheckSuffix(chain[0], context, out var match) is { } suffix)
        {
            return suffix;
        }

        var intermediates = chain.Length - 2;
        return ValidationResult.Accept(
            $"accepted: {chain[0].Label} chains through {intermediates} intermediate{(intermediates == 1 ? "" : "s")} to {chain[^1].Label}, "
            + $"trusted by the {trustedBy!.Algorithm} entry '{trustedBy.Name}'; {usage}; {match.Explanation}");
    }

    /// <summary>
    /// Stage 1. The list must be exactly leaf, intermediates, root. Nothing is reordered or skipped:
    /// a TLS 1.x Certificate message must be in that order and AddNextCertInChain sends leaf first,
    /// root last; whether firmware repairs a bad order is unknown [?], so it is rejected.
    /// A single certificate is rejected even when self-signed: a provisioning certificate is issued by
    /// a root that the table trusts, never trusted by itself [I].
    /// Issuers must be CAs (basicConstraints cA=TRUE, keyCertSign when keyUsage is present; a v1
    /// self-signed root counts as a CA, as OpenSSL treats it), within their pathLenConstraint.
    /// </summary>
    private static ValidationResult? CheckStructure(PresentedCertificate[] chain, FirmwareProfile profile)
    {
        if (chain.Length == 0)
        {
            return ValidationResult.Reject(ValidationReason.ChainIncomplete, "no certificate was presented");
        }

        if (chain.Length > profile.MaxChainLength)
        {
            return ValidationResult.Reject(ValidationReason.ChainTooLong,
                $"{chain.Length} certificates were presented (from {chain[0].Label} to {chain[^1].Label}); firmware {profile.Version} accepts at most {profile.MaxChainLength}, root included");
        }

        if (chain.Length == 1)
        {
            var only = chain[0];
            return ValidationResult.Reject(ValidationReason.ChainIncomplete, only.IsSelfIssued
                ? $"only the self-signed certificate '{only.Subject}' was presented; a provisioning certificate must be issued under a trusted root"
                : $"only the leaf '{only.Subject}' was presented; its issuer '{only.Certificate.Issuer}' and the root are missing (a PFX exported without 'Include all certificates in the certification path'?)");
        }

        for (var i = 0; i < chain.Length - 1; i++)
        {
            var child = chain[i];
            var next = chain[i + 1];
            if (child.IsSelfIssued)
            {
                var more = chain.Length - 1 - i;
                return ValidationResult.Reject(ValidationReason.ChainIncomplete,
                    $"{child.Label} is self-signed but {more} more certificate{(more == 1 ? " follows" : "s follow")} it (an unrelated extra certificate, or the chain is not leaf first)");
            }

            if (!next.IsNamedIssuerOf(child))
            {
                return ValidationResult.Reject(ValidationReason.ChainIncomplete,
                    $"{child.Label} is issued by '{child.Certificate.Issuer}', but certificate #{i + 2} is '{next.Subject}' (the issuer is missing, the chain is out of order, or an unrelated certificate is in it)");
            }
        }

        var last = chain[^1];
        if (!last.IsSelfIssued)
        {
            return ValidationResult.Reject(ValidationReason.ChainIncomplete,
                $"the chain ends at certificate #{chain.Length} '{last.Subject}', issued by '{last.Certificate.Issuer}', which was not presented: the root is missing (a PFX exported without 'Include all certificates in the certification path'?)");
        }

        for (var i = 1; i < chain.Length; i++)
        {
            var issuer = chain[i];
            var constraints = issuer.Extension<X509BasicConstraintsExtension>(BasicConstraintsOid);
            var isV1Root = constraints is null && issuer.Certificate.Version == 1 && i == chain.Length - 1;
            if (constraints?.CertificateAuthority != true && !isV1Root)
            {
                return ValidationResult.Reject(ValidationReason.ChainIncomplete,
                    $"{issuer.Label} issued certificate #{i} but is not a CA (no basicConstraints cA=TRUE), so no chain can be built through it");
            }

            var keyUsage = issuer.Extension<X509KeyUsageExtension>(KeyUsageOid);
            if (keyUsage is not null && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
            {
                return ValidationResult.Reject(ValidationReason.ChainIncomplete,
                    $"{issuer.Label} issued certificate #{i} but its key usage ({keyUsage.KeyUsages}) does not include keyCertSign");
            }

            var below = i - 1;
            if (constraints is { HasPathLengthConstraint: true } && below > constraints.PathLengthConstraint)
            {
                return ValidationResult.Reject(ValidationReason.ChainTooLong,
                    $"{issuer.Label} allows at most {constraints.PathLengthConstraint} intermediate(s) below it (pathLenConstraint), but {below} follow");
            }
        }

        return null;
    }

    /// <summary>
    /// Stage 2. The root DER is hashed once per algorithm that the table uses (SHA-1/256/384) and
    /// compared with every entry. Any active match trusts the root, so a root listed twice (say an
    /// inactive SHA-1 entry and an active SHA-256 one) is trusted.
    /// </summary>
    private static ValidationResult? CheckRootHash(PresentedCertificate root, IReadOnlyList<TrustedRootHash> table, out TrustedRootHash? trustedBy)
    {
        trustedBy = null;
        TrustedRootHash? inactive = null;
        var hexByAlgorithm = new string?[4];
        var der = root.Certificate.RawDataMemory.Span;
        foreach (var entry in table)
        {
            var slot = (int)entry.Algorithm;
            var hex = hexByAlgorithm[slot] ??= Convert.ToHexStringLower(entry.Algorithm.Compute(der));
            if (!string.Equals(hex, entry.Hex, StringComparison.Ordinal))
            {
                continue;
            }

            if (entry.IsActive)
            {
                trustedBy = entry;
                return null;
            }

            inactive ??= entry;
        }

        if (inactive is not null)
        {
            return ValidationResult.Reject(ValidationReason.HashEntryInactive,
                $"{root.Label} matches the {inactive.Algorithm} entry '{inactive.Name}' ({inactive.Hex}) of the trusted hash table, but that entry is inactive");
        }

        var active = table.Count(e => e.IsActive);
        return ValidationResult.Reject(ValidationReason.RootNotTrusted,
            $"{root.Label} (SHA-256 {Convert.ToHexStringLower(CertHashType.Sha256.Compute(der))}, SHA-1 {Convert.ToHexStringLower(CertHashType.Sha1.Compute(der))}) matches no entry of the trusted hash table ({table.Count} entries, {active} active)");
    }

    /// <summary>
    /// Stage 3. Every certificate's signature, the root's self-signature included (a public-key
    /// operation each; no private keys involved). The algorithm outside and inside the signed part
    /// must be identical, as RFC 5280 requires. Signatures these exact bytes already passed are
    /// taken from <see cref="SignatureVerificationCache"/>.
    /// </summary>
    private static ValidationResult? CheckSignatures(PresentedCertificate[] chain, CertificateSignatureAlgorithm[] algorithms)
    {
        for (var i = 0; i < chain.Length; i++)
        {
            var subject = chain[i];
            var issuer = chain[Math.Min(i + 1, chain.Length - 1)];
            if (!subject.TryGetSignedParts(out var parts, out var problem))
            {
                return ValidationResult.Reject(ValidationReason.BadSignature, $"{subject.Label} cannot be verified: {problem}");
            }

            if (!parts.OuterAlgorithm.Span.SequenceEqual(parts.InnerAlgorithm.Span))
            {
                return ValidationResult.Reject(ValidationReason.BadSignature,
                    $"{subject.Label} names a different signature algorithm outside ({parts.AlgorithmOid}) than inside its signed part");
            }

            var algorithm = CertificateSignatureAlgorithm.Find(parts.AlgorithmOid);
            if (algorithm is null)
            {
                return ValidationResult.Reject(ValidationReason.BadSignature,
                    $"{subject.Label} is signed with {CertificateSignatureAlgorithm.Describe(parts.AlgorithmOid)}, which the firmware cannot verify");
            }

            var cacheKey = SignatureVerificationCache.KeyOf(parts, issuer.SubjectPublicKeyInfo);
            if (SignatureVerificationCache.IsKnownGood(cacheKey))
            {
                algorithms[i] = algorithm;
                continue;
            }

            if (!algorithm.Verify(issuer.PublicKey, parts.Tbs.Span, parts.Signature))
            {
                var by = ReferenceEquals(issuer, subject) ? "its own public key (self-signature)" : $"the public key of {issuer.Label}";
                return ValidationResult.Reject(ValidationReason.BadSignature,
                    $"the {algorithm.Name} signature of {subject.Label} does not verify with {by}");
            }

            SignatureVerificationCache.RememberGood(cacheKey);
            algorithms[i] = algorithm;
        }

        return null;
    }

    /// <summary>
    /// Stage 4. ME 16 and later: no SHA-1 signature anywhere in the chain, the root's self-signature
    /// included ("no SHA-1 anywhere", amt-reference.md §1.4; note that this also refuses roots such as
    /// Go Daddy Class 2, which is SHA-1 self-signed); no RSA key under the profile minimum anywhere.
    /// EC keys have no minimum here (no source gives one) [?].
    /// </summary>
    private static ValidationResult? CheckPolicy(PresentedCertificate[] chain, CertificateSignatureAlgorithm[] algorithms, FirmwareProfile profile)
    {
        if (profile.RejectSha1)
        {
            for (var i = 0; i < chain.Length; i++)
            {
                if (algorithms[i].UsesSha1)
                {
                    return ValidationResult.Reject(ValidationReason.Sha1NotAllowed,
                        $"{chain[i].Label} is signed with {algorithms[i].Name}; firmware {profile.Version} allows no SHA-1 anywhere in the chain");
                }
            }
        }

        foreach (var certificate in chain)
        {
            var bits = certificate.RsaModulusBits;
            if (certificate.IsRsaKey && bits < profile.MinRsaKeyBits)
            {
                return ValidationResult.Reject(ValidationReason.KeyTooSmall,
                    $"{certificate.Label} has a {bits}-bit RSA key; firmware {profile.Version} needs at least {profile.MinRsaKeyBits} bits");
            }
        }

        // issue 17: the device's CertificateRequest offers rsa_sign only, and host-based AdminSetup signs
        // with RSA (SigningAlgorithm 1 or 2, amt-reference.md §4): an EC or other leaf key cannot work.
        if (!chain[0].IsRsaKey)
        {
            return ValidationResult.Reject(ValidationReason.LeafKeyNotRsa,
                $"{chain[0].Label} has a {KeyName(chain[0].KeyAlgorithmOid)} key; the provisioning certificate must have an RSA key (the device requests rsa_sign client certificates)");
        }

        return null;
    }

    private static string KeyName(string oid) => oid switch
    {
        "1.2.840.10045.2.1" => "EC",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.113549.1.1.10" => "RSA-PSS",
        _ => $"non-RSA ({oid})",
    };

    /// <summary>
    /// Extensions the validator processes or may ignore safely. Any other extension marked critical
    /// rejects its certificate, as RFC 5280 §4.2 requires of a certificate-using system and as OpenSSL
    /// does; no source says what firmware does, and accepting would be the false accept (issue 17).
    /// Name constraints, policy constraints and inhibitAnyPolicy are not processed, so they are not here.
    /// </summary>
    private static readonly HashSet<string> ProcessedExtensions = new(StringComparer.Ordinal)
    {
        BasicConstraintsOid,
        KeyUsageOid,
        ExtendedKeyUsageOid,
        "2.5.29.14", // subjectKeyIdentifier
        "2.5.29.35", // authorityKeyIdentifier
        "2.5.29.17", // subjectAltName (not consulted: the CN is matched)
        "2.5.29.18", // issuerAltName
        "2.5.29.32", // certificatePolicies (any policy is acceptable)
        "2.5.29.31", // cRLDistributionPoints (CRLs are never downloaded, seed 004)
        "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
    };

    /// <summary>Stage 3b. After signatures: a forged certificate is first of all forged.</summary>
    private static ValidationResult? CheckCriticalExtensions(PresentedCertificate[] chain)
    {
        foreach (var certificate in chain)
        {
            foreach (var extension in certificate.Certificate.Extensions)
            {
                var oid = extension.Oid?.Value ?? "";
                if (extension.Critical && !ProcessedExtensions.Contains(oid))
                {
                    return ValidationResult.Reject(ValidationReason.UnknownCriticalExtension,
                        $"{certificate.Label} has the critical extension {oid}, which the firmware does not process (RFC 5280 §4.2: reject)");
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Stage 5 (only when <see cref="FirmwareProfile.CheckValidityDates"/>). Valid means
    /// notBefore &lt;= now &lt; notAfter: OpenSSL counts the notAfter second itself as expired
    /// (RFC 5280 would still accept it); no source says what firmware does, so the stricter end. The leaf is
    /// checked first, then the CA certificates upwards. The root's dates are checked too and reported
    /// as an intermediate's: no source says whether firmware looks at them [?], and OpenSSL does.
    /// </summary>
    private static ValidationResult? CheckDates(PresentedCertificate[] chain, DateTimeOffset now)
    {
        for (var i = 0; i < chain.Length; i++)
        {
            var certificate = chain[i];
            var isLeaf = i == 0;
            if (now < certificate.NotBefore)
            {
                return ValidationResult.Reject(isLeaf ? ValidationReason.LeafNotYetValid : ValidationReason.IntermediateNotYetValid,
                    $"{certificate.Label} is not valid before {Utc(certificate.NotBefore)}; the device clock says {Utc(now)}");
            }

            if (now >= certificate.NotAfter)
            {
                return ValidationResult.Reject(isLeaf ? ValidationReason.LeafExpired : ValidationReason.IntermediateExpired,
                    $"{certificate.Label} expired at {Utc(certificate.NotAfter)}; the device clock says {Utc(now)}");
            }
        }

        return null;
    }

    /// <summary>
    /// Stage 6. The OU alone marks a provisioning certificate; without it the EKU needs both the setup
    /// OID and server authentication (amt-reference.md §1.4). anyExtendedKeyUsage counts for neither.
    /// </summary>
    private static ValidationResult? CheckLeafUsage(PresentedCertificate leaf, out string usage)
    {
        // issue 17: a provisioning certificate is an end entity; nothing says firmware accepts a CA as one, so refuse.
        if (leaf.Extension<X509BasicConstraintsExtension>(BasicConstraintsOid) is { CertificateAuthority: true })
        {
            usage = "";
            return ValidationResult.Reject(ValidationReason.LeafIsCa,
                $"{leaf.Label} is a CA certificate (basicConstraints cA=TRUE); a provisioning certificate must be an end entity");
        }

        var ous = leaf.SubjectAttributes(ProvisioningCertificateOids.OrganizationalUnitAttribute).ToList();
        if (ous.Contains(ProvisioningCertificateOids.ClientSetupOu, StringComparer.Ordinal))
        {
            usage = $"Subject OU '{ProvisioningCertificateOids.ClientSetupOu}'";
            return null;
        }

        var ekus = new List<string>();
        if (leaf.Extension<X509EnhancedKeyUsageExtension>(ExtendedKeyUsageOid) is { } eku)
        {
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                ekus.Add(oid.Value ?? "");
            }
        }

        var hasSetup = ekus.Contains(ProvisioningCertificateOids.AmtSetup);
        var hasServerAuth = ekus.Contains(ProvisioningCertificateOids.ServerAuthentication);
        if (hasSetup && hasServerAuth)
        {
            usage = "EKU AMT setup OID and server authentication";
            return null;
        }

        usage = "";
        var seen = $"OU: {(ous.Count == 0 ? "none" : string.Join(", ", ous.Select(o => $"'{o}'")))}; EKU: {(ekus.Count == 0 ? "none" : string.Join(", ", ekus))}";
        return hasSetup
            ? ValidationResult.Reject(ValidationReason.MissingServerAuthEku,
                $"leaf '{leaf.Subject}' has the AMT setup OID {ProvisioningCertificateOids.AmtSetup} but not server authentication {ProvisioningCertificateOids.ServerAuthentication} in its EKU, and no OU '{ProvisioningCertificateOids.ClientSetupOu}' ({seen})")
            : ValidationResult.Reject(ValidationReason.MissingSetupOidAndOu,
                $"leaf '{leaf.Subject}' has neither the AMT setup OID {ProvisioningCertificateOids.AmtSetup} in its EKU nor the Subject OU '{ProvisioningCertificateOids.ClientSetupOu}' ({seen})");
    }

    /// <summary>
    /// Stage 7. The trusted suffix is the MEBx PKI DNS suffix, else DHCP option 15; with neither,
    /// certificate-based provisioning fails. The CN is what AMT matches (subjectAltName is not
    /// consulted); a leaf with several CNs must match with every one of them [I].
    /// </summary>
    private static ValidationResult? CheckSuffix(PresentedCertificate leaf, ValidationContext context, out DnsSuffixMatch match)
    {
        match = default;
        var suffix = context.TrustedDnsSuffix;
        if (string.IsNullOrWhiteSpace(suffix))
        {
            return ValidationResult.Reject(ValidationReason.NoTrustedDnsSuffix,
                "the device has no trusted DNS suffix (no MEBx PKI DNS suffix and no DHCP option 15), so it cannot match the leaf's CN");
        }

        var names = leaf.SubjectAttributes(ProvisioningCertificateOids.CommonNameAttribute).ToList();
        if (names.Count == 0)
        {
            return ValidationResult.Reject(ValidationReason.DomainSuffixMismatch,
                $"leaf '{leaf.Subject}' has no CN to match against the trusted DNS suffix '{suffix}'");
        }

        foreach (var name in names)
        {
            match = DnsSuffixMatcher.Match(name, suffix, context.Profile.SuffixRule, context.Profile.Version);
            if (!match.IsMatch)
            {
                return ValidationResult.Reject(ValidationReason.DomainSuffixMismatch, $"leaf '{leaf.Subject}': {match.Explanation}");
            }
        }

        return null;
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void DisposeAll(PresentedCertificate?[] chain)
    {
        foreach (var certificate in chain)
        {
            certificate?.Dispose();
        }
    }
}
