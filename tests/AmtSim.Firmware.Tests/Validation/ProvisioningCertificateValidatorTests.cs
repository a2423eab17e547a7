using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Validation;
using AmtSim.Pki.Catalogue;
using AmtSim.Protocol.Hello;
using Xunit;

namespace AmtSim.Firmware.Tests.Validation;

public sealed class ProvisioningCertificateValidatorTests
{
    private static readonly ProvisioningCertificateValidator Validator = ProvisioningCertificateValidator.Instance;

    private static ValidationResult Validate(TestChain chain, string firmware = "16.1", string? suffix = "contoso.com", DateTimeOffset? now = null)
        => Validator.Validate(chain.Presented, TestContexts.For(chain.Root, firmware, suffix, now));

    private static void AssertReason(ValidationReason expected, ValidationResult result)
        => Assert.True(result.Reason == expected, $"expected {expected}, got {result}");

    // ---- accepted chains -------------------------------------------------------------------

    [Fact]
    public void Validate_VendorStyleLeafWithOuOidAndServerAuth_Accepts()
    {
        var result = Validate(TestChainBuilder.Build());

        AssertReason(ValidationReason.Accepted, result);
        Assert.Contains(TestContexts.StandInName, result.Detail);
        Assert.Contains("server1.contoso.com", result.Detail);
    }

    [Fact]
    public void Validate_OuOnlyLeaf_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { Ekus = [] }));

        var result = Validate(chain);

        AssertReason(ValidationReason.Accepted, result);
        Assert.Contains("Subject OU", result.Detail);
    }

    [Fact]
    public void Validate_OidAndServerAuthLeafWithoutOu_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { OrganizationalUnit = null }));

        var result = Validate(chain);

        AssertReason(ValidationReason.Accepted, result);
        Assert.Contains("EKU", result.Detail);
    }

    [Theory]
    [InlineData(CertHashType.Sha1)]
    [InlineData(CertHashType.Sha256)]
    [InlineData(CertHashType.Sha384)]
    public void Validate_RootInTableEntryOfEachAlgorithm_Accepts(CertHashType algorithm)
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate(chain.Presented, TestContexts.For(chain.Root, algorithm: algorithm));

        AssertReason(ValidationReason.Accepted, result);
        Assert.Contains($"{algorithm} entry", result.Detail);
    }

    [Fact]
    public void Validate_OnlyEntryIsCustomStandInNextToRealDefaults_Accepts()
    {
        var chain = TestChainBuilder.Build();
        var profile = FirmwareProfile.For("11.8");
        var context = new ValidationContext
        {
            TrustedHashes = [.. DefaultHashTables.ForFirmware(11), TrustedRootHash.ForCertificate("AmtSim stand-in Go Daddy Class 2", CertHashType.Sha256, chain.Root.RawData)],
            TrustedDnsSuffix = "contoso.com",
            Profile = profile,
            Now = TestChainBuilder.Now,
        };

        var result = Validator.Validate(chain.Presented, context);

        AssertReason(ValidationReason.Accepted, result);
        Assert.Contains("AmtSim stand-in Go Daddy Class 2", result.Detail);
    }

    [Fact]
    public void Validate_LeafDirectlyUnderRoot_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default with { Intermediates = [] });

        AssertReason(ValidationReason.Accepted, Validate(chain));
    }

    [Fact]
    public void Validate_DerOverloadOfValidChain_Accepts()
    {
        var chain = TestChainBuilder.Build();
        var der = chain.Presented.Select(c => c.RawData).ToList();

        AssertReason(ValidationReason.Accepted, Validator.Validate(der, TestContexts.For(chain.Root)));
    }

    [Fact]
    public void Validate_InactiveSha1AndActiveSha256EntryForSameRoot_Accepts()
    {
        var chain = TestChainBuilder.Build();
        var context = TestContexts.For(chain.Root) with
        {
            TrustedHashes =
            [
                TrustedRootHash.ForCertificate("old sha1", CertHashType.Sha1, chain.Root.RawData, isActive: false),
                TrustedRootHash.ForCertificate("new sha256", CertHashType.Sha256, chain.Root.RawData),
            ],
        };

        var result = Validator.Validate(chain.Presented, context);

        AssertReason(ValidationReason.Accepted, result);
        Assert.Contains("new sha256", result.Detail);
    }

    // ---- structure ---------------------------------------------------------------------------

    [Fact]
    public void Validate_EmptyChain_RejectsWithChainIncomplete()
    {
        var root = TestChainBuilder.Build().Root;

        AssertReason(ValidationReason.ChainIncomplete, Validator.Validate(Array.Empty<X509Certificate2>(), TestContexts.For(root)));
    }

    [Fact]
    public void Validate_LeafOnlyAsFromPfxWithoutChain_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate([chain.Leaf], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("server1.contoso.com", result.Detail);
        Assert.Contains("AmtSim Test Issuing CA", result.Detail);
    }

    [Fact]
    public void Validate_RootMissing_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate([chain.Leaf, chain.Intermediates[0]], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("root is missing", result.Detail);
    }

    [Fact]
    public void Validate_IntermediateMissing_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate([chain.Leaf, chain.Root], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("AmtSim Test Issuing CA", result.Detail);
    }

    [Fact]
    public void Validate_SelfSignedCertificateAlone_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        AssertReason(ValidationReason.ChainIncomplete, Validator.Validate([chain.Root], TestContexts.For(chain.Root)));
    }

    [Fact]
    public void Validate_ChainRootFirst_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate([chain.Root, chain.Intermediates[0], chain.Leaf], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
    }

    [Fact]
    public void Validate_IntermediateAndLeafSwapped_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate([chain.Intermediates[0], chain.Leaf, chain.Root], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
    }

    [Fact]
    public void Validate_UnrelatedCertificateAfterRoot_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();
        var other = TestChainBuilder.Build(ChainSpec.Default.WithRoot(r => r with { CommonName = "Unrelated Root", KeyName = "other-root" })).Root;

        var result = Validator.Validate([.. chain.Presented, other], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("self-signed", result.Detail);
    }

    [Fact]
    public void Validate_UnrelatedCertificateInTheMiddle_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();
        var other = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { CommonName = "Unrelated CA", KeyName = "other-ca" })).Intermediates[0];

        var result = Validator.Validate([chain.Leaf, other, chain.Intermediates[0], chain.Root], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("Unrelated CA", result.Detail);
    }

    [Fact]
    public void Validate_IssuerWithoutCaBasicConstraint_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { IsCa = false }));

        var result = Validate(chain);

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("not a CA", result.Detail);
    }

    [Fact]
    public void Validate_IssuerKeyUsageWithoutKeyCertSign_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign }));

        var result = Validate(chain);

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("keyCertSign", result.Detail);
    }

    [Fact]
    public void Validate_EmptyDerElement_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate([chain.Leaf.RawData, [], chain.Root.RawData], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
    }

    [Fact]
    public void Validate_GarbageDer_RejectsWithChainIncomplete()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate([chain.Leaf.RawData, "not a certificate"u8.ToArray(), chain.Root.RawData], TestContexts.For(chain.Root));

        AssertReason(ValidationReason.ChainIncomplete, result);
        Assert.Contains("#2", result.Detail);
    }

    [Fact]
    public void Validate_ChainLongerThanProfileMaximum_RejectsWithChainTooLong()
    {
        var spec = ChainSpec.Default with
        {
            Intermediates = [CertSpec.Intermediate("Issuing CA 3", "ca3"), CertSpec.Intermediate("Issuing CA 2", "ca2"), CertSpec.Intermediate("Issuing CA 1", "ca1")],
        };
        var chain = TestChainBuilder.Build(spec);

        var result = Validate(chain);

        AssertReason(ValidationReason.ChainTooLong, result);
        Assert.Contains("at most 4", result.Detail);
    }

    [Fact]
    public void Validate_ChainAtProfileMaximum_Accepts()
    {
        var spec = ChainSpec.Default with { Intermediates = [CertSpec.Intermediate("Issuing CA 2", "ca2"), CertSpec.Intermediate("Issuing CA 1", "ca1")] };

        AssertReason(ValidationReason.Accepted, Validate(TestChainBuilder.Build(spec)));
    }

    [Fact]
    public void Validate_PathLengthConstraintExceeded_RejectsWithChainTooLong()
    {
        var spec = ChainSpec.Default with
        {
            Root = CertSpec.Root() with { PathLength = 0 },
            Intermediates = [CertSpec.Intermediate("Issuing CA 2", "ca2"), CertSpec.Intermediate("Issuing CA 1", "ca1")],
        };

        var result = Validate(TestChainBuilder.Build(spec));

        AssertReason(ValidationReason.ChainTooLong, result);
        Assert.Contains("pathLenConstraint", result.Detail);
    }

    // ---- root hash -----------------------------------------------------------------------------

    [Fact]
    public void Validate_RootNotInTable_RejectsWithRootNotTrusted()
    {
        var chain = TestChainBuilder.Build();
        var unrelated = TestChainBuilder.Build(ChainSpec.Default.WithRoot(r => r with { CommonName = "Some Other Root", KeyName = "other-root" })).Root;

        var result = Validator.Validate(chain.Presented, TestContexts.For(unrelated));

        AssertReason(ValidationReason.RootNotTrusted, result);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(chain.Root.RawData)), result.Detail);
    }

    [Fact]
    public void Validate_MatchingEntryInactive_RejectsWithHashEntryInactive()
    {
        var chain = TestChainBuilder.Build();

        var result = Validator.Validate(chain.Presented, TestContexts.For(chain.Root, active: false));

        AssertReason(ValidationReason.HashEntryInactive, result);
        Assert.Contains(TestContexts.StandInName, result.Detail);
    }

    // ---- signatures ------------------------------------------------------------------------------

    [Fact]
    public void Validate_TamperedLeafSignature_RejectsWithBadSignature()
    {
        var chain = TestChainBuilder.Build();
        var tampered = chain with { Leaf = TestChain.WithTamperedSignature(chain.Leaf) };

        var result = Validate(tampered);

        AssertReason(ValidationReason.BadSignature, result);
        Assert.Contains("leaf #1", result.Detail);
    }

    [Fact]
    public void Validate_TamperedIntermediateSignature_RejectsWithBadSignature()
    {
        var chain = TestChainBuilder.Build();
        var tampered = chain with { Intermediates = [TestChain.WithTamperedSignature(chain.Intermediates[0])] };

        var result = Validate(tampered);

        AssertReason(ValidationReason.BadSignature, result);
        Assert.Contains("intermediate #2", result.Detail);
    }

    [Fact]
    public void Validate_IntermediateSignedByAnotherKeyUnderRootName_RejectsWithBadSignature()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { SignedByKeyName = "impostor" }));

        var result = Validate(chain);

        AssertReason(ValidationReason.BadSignature, result);
        Assert.Contains("root #3", result.Detail);
    }

    [Fact]
    public void Validate_TrustedRootWithBrokenSelfSignature_RejectsWithBadSignature()
    {
        var chain = TestChainBuilder.Build();
        var brokenRoot = TestChain.WithTamperedSignature(chain.Root);

        var result = Validator.Validate([chain.Leaf, chain.Intermediates[0], brokenRoot], TestContexts.For(brokenRoot));

        AssertReason(ValidationReason.BadSignature, result);
        Assert.Contains("self-signature", result.Detail);
    }

    [Fact]
    public void Validate_TamperedCopyAfterGenuineChainWasAccepted_StillRejectsWithBadSignature()
    {
        var chain = TestChainBuilder.Build();
        AssertReason(ValidationReason.Accepted, Validate(chain));
        AssertReason(ValidationReason.Accepted, Validate(chain));

        var result = Validate(chain with { Intermediates = [TestChain.WithTamperedSignature(chain.Intermediates[0])] });

        AssertReason(ValidationReason.BadSignature, result);
    }

    [Fact]
    public void Validate_SameLeafPresentedUnderImpostorIssuerAfterGenuineWasAccepted_RejectsWithBadSignature()
    {
        var genuine = TestChainBuilder.Build();
        AssertReason(ValidationReason.Accepted, Validator.Validate(genuine.Presented.Select(c => c.RawData).ToList(), TestContexts.For(genuine.Root)));
        var impostorCa = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { KeyName = "impostor-ca" })).Intermediates[0];

        var result = Validator.Validate([genuine.Leaf.RawData, impostorCa.RawData, genuine.Root.RawData], TestContexts.For(genuine.Root));

        AssertReason(ValidationReason.BadSignature, result);
        Assert.Contains("leaf #1", result.Detail);
    }

    [Fact]
    public void Validate_Sha512SignedLeaf_RejectsWithBadSignatureAsUnsupported()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { SignatureHash = HashAlgorithmName.SHA512 }));

        var result = Validate(chain);

        AssertReason(ValidationReason.BadSignature, result);
        Assert.Contains("sha512WithRSAEncryption", result.Detail);
    }

    [Fact]
    public void Validate_EcdsaP256CasWithRsaLeaf_Accepts()
    {
        var (chain, root) = EcdsaChain(rsaLeaf: true);

        AssertReason(ValidationReason.Accepted, Validator.Validate(chain, TestContexts.For(root)));
    }

    // issue 17: an EC P-256 leaf was accepted, though the device's CertificateRequest asks for rsa_sign only.
    [Fact]
    public void Validate_EcdsaP256Leaf_RejectsWithLeafKeyNotRsa()
    {
        var (chain, root) = EcdsaChain();

        var result = Validator.Validate(chain, TestContexts.For(root));

        AssertReason(ValidationReason.LeafKeyNotRsa, result);
        Assert.Contains("leaf #1", result.Detail);
        Assert.Contains("EC key", result.Detail);
    }

    // issue 17: a leaf with basicConstraints cA=TRUE was accepted.
    [Fact]
    public void Validate_LeafIsCa_RejectsWithLeafIsCa()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { IsCa = true, KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment }));

        var result = Validate(chain);

        AssertReason(ValidationReason.LeafIsCa, result);
        Assert.Contains("cA=TRUE", result.Detail);
    }

    // issue 17: a leaf with an unknown critical extension was accepted.
    [Fact]
    public void Validate_LeafWithUnknownCriticalExtension_RejectsWithUnknownCriticalExtension()
    {
        var unknown = new X509Extension("1.3.6.1.4.1.99999.1", [0x05, 0x00], critical: true);
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { ExtraExtensions = [unknown] }));

        var result = Validate(chain);

        AssertReason(ValidationReason.UnknownCriticalExtension, result);
        Assert.Contains("1.3.6.1.4.1.99999.1", result.Detail);
    }

    [Fact]
    public void Validate_IntermediateWithCriticalNameConstraints_RejectsAsNotProcessed()
    {
        var nameConstraints = new X509Extension("2.5.29.30", [0x30, 0x00], critical: true);
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { ExtraExtensions = [nameConstraints] }));

        var result = Validate(chain);

        AssertReason(ValidationReason.UnknownCriticalExtension, result);
        Assert.Contains("intermediate #2", result.Detail);
    }

    [Fact]
    public void Validate_LeafWithUnknownNonCriticalExtension_Accepts()
    {
        var unknown = new X509Extension("1.3.6.1.4.1.99999.1", [0x05, 0x00], critical: false);
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { ExtraExtensions = [unknown] }));

        AssertReason(ValidationReason.Accepted, Validate(chain));
    }

    [Fact]
    public void Validate_EcdsaChainWithTamperedLeafSignature_RejectsWithBadSignature()
    {
        var (chain, root) = EcdsaChain();
        // Flip a byte inside the DER-encoded ECDSA signature's r value (the last INTEGER would be s).
        var der = chain[0].RawData;
        der[^40] ^= 0x01;
        var tampered = X509CertificateLoader.LoadCertificate(der);

        AssertReason(ValidationReason.BadSignature, Validator.Validate([tampered, chain[1], chain[2]], TestContexts.For(root)));
    }

    private static (X509Certificate2[] Chain, X509Certificate2 Root) EcdsaChain(bool rsaLeaf = false)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = TestChainBuilder.Now;
        var rootName = new X500DistinguishedName("CN=AmtSim EC Root");
        var caName = new X500DistinguishedName("CN=AmtSim EC CA");
        var rootRequest = new CertificateRequest(rootName, rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var root = rootRequest.Create(rootName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddYears(-5), now.AddYears(5), [1]);
        var caRequest = new CertificateRequest(caName, caKey, HashAlgorithmName.SHA384);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var ca = caRequest.Create(rootName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddYears(-2), now.AddYears(2), [2]);
        var leafRequest = rsaLeaf
            ? new CertificateRequest(TestChainBuilder.NameOf(CertSpec.Leaf()), TestKeys.Get("leaf", 2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(TestChainBuilder.NameOf(CertSpec.Leaf()), leafKey, HashAlgorithmName.SHA256);
        var leaf = leafRequest.Create(caName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-1), now.AddYears(1), [3]);
        return ([leaf, ca, root], root);
    }

    // ---- firmware policy: SHA-1 and key size -------------------------------------------------------

    [Fact]
    public void Validate_Sha1SignedLeafOnAmt16_RejectsWithSha1NotAllowed()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { SignatureHash = HashAlgorithmName.SHA1 }));

        var result = Validate(chain, firmware: "16.1");

        AssertReason(ValidationReason.Sha1NotAllowed, result);
        Assert.Contains("sha1WithRSAEncryption", result.Detail);
    }

    [Fact]
    public void Validate_Sha1SignedLeafOnAmt11_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { SignatureHash = HashAlgorithmName.SHA1 }));

        AssertReason(ValidationReason.Accepted, Validate(chain, firmware: "11.8"));
    }

    [Fact]
    public void Validate_Sha1SelfSignedRootOnAmt16_RejectsWithSha1NotAllowed()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithRoot(r => r with { SignatureHash = HashAlgorithmName.SHA1 }));

        var result = Validate(chain, firmware: "16.1");

        AssertReason(ValidationReason.Sha1NotAllowed, result);
        Assert.Contains("root #3", result.Detail);
    }

    [Fact]
    public void Validate_1024BitLeafOnAmt16_RejectsWithKeyTooSmall()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { KeyName = "small", KeyBits = 1024 }));

        var result = Validate(chain, firmware: "16.1");

        AssertReason(ValidationReason.KeyTooSmall, result);
        Assert.Contains("1024-bit", result.Detail);
    }

    [Fact]
    public void Validate_1024BitIntermediateOnAmt16_RejectsWithKeyTooSmall()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { KeyName = "small-ca", KeyBits = 1024 }));

        var result = Validate(chain, firmware: "16.1");

        AssertReason(ValidationReason.KeyTooSmall, result);
        Assert.Contains("intermediate #2", result.Detail);
    }

    [Fact]
    public void Validate_3072BitLeafOnAmt16_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { KeyName = "large", KeyBits = 3072 }));

        AssertReason(ValidationReason.Accepted, Validate(chain, firmware: "16.1"));
    }

    [Fact]
    public void Validate_1024BitLeafOnAmt11_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { KeyName = "small", KeyBits = 1024 }));

        AssertReason(ValidationReason.Accepted, Validate(chain, firmware: "11.8"));
    }

    // ---- dates ----------------------------------------------------------------------------------------

    [Fact]
    public void Validate_LeafExpired_RejectsWithLeafExpired()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotBefore = TestChainBuilder.Now.AddYears(-2), NotAfter = TestChainBuilder.Now.AddDays(-1) }));

        var result = Validate(chain);

        AssertReason(ValidationReason.LeafExpired, result);
        Assert.Contains("2026-05-31 12:00:00Z", result.Detail);
    }

    [Fact]
    public void Validate_LeafNotYetValid_RejectsWithLeafNotYetValid()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotBefore = TestChainBuilder.Now.AddDays(1) }));

        AssertReason(ValidationReason.LeafNotYetValid, Validate(chain));
    }

    [Fact]
    public void Validate_IntermediateExpired_RejectsWithIntermediateExpired()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { NotAfter = TestChainBuilder.Now.AddDays(-1) }));

        var result = Validate(chain);

        AssertReason(ValidationReason.IntermediateExpired, result);
        Assert.Contains("AmtSim Test Issuing CA", result.Detail);
    }

    [Fact]
    public void Validate_IntermediateNotYetValid_RejectsWithIntermediateNotYetValid()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithIntermediate(i => i with { NotBefore = TestChainBuilder.Now.AddDays(1) }));

        AssertReason(ValidationReason.IntermediateNotYetValid, Validate(chain));
    }

    [Fact]
    public void Validate_RootExpired_RejectsWithIntermediateExpiredNamingTheRoot()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithRoot(r => r with { NotAfter = TestChainBuilder.Now.AddDays(-1) }));

        var result = Validate(chain);

        AssertReason(ValidationReason.IntermediateExpired, result);
        Assert.Contains("root #3", result.Detail);
    }

    [Fact]
    public void Validate_DeviceClockAtLeafNotAfter_RejectsWithLeafExpiredLikeOpenSsl()
    {
        var notAfter = TestChainBuilder.Now.AddDays(4);
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotAfter = notAfter }));

        AssertReason(ValidationReason.Accepted, Validate(chain, now: notAfter.AddSeconds(-1)));
        AssertReason(ValidationReason.LeafExpired, Validate(chain, now: notAfter));
    }

    [Fact]
    public void Validate_DeviceClockAtLeafNotBefore_Accepts()
    {
        var notBefore = TestChainBuilder.Now.AddDays(-4);
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotBefore = notBefore }));

        AssertReason(ValidationReason.Accepted, Validate(chain, now: notBefore));
        AssertReason(ValidationReason.LeafNotYetValid, Validate(chain, now: notBefore.AddSeconds(-1)));
    }

    [Fact]
    public void Validate_ExpiredLeafOnProfileWithoutDateChecks_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { NotAfter = TestChainBuilder.Now.AddDays(-1), NotBefore = TestChainBuilder.Now.AddYears(-1) }));

        var result = Validator.Validate(chain.Presented, TestContexts.For(chain.Root, profile: p => p with { CheckValidityDates = false }));

        AssertReason(ValidationReason.Accepted, result);
    }

    // ---- leaf usage -------------------------------------------------------------------------------------

    [Fact]
    public void Validate_LeafWithNeitherOidNorOu_RejectsWithMissingSetupOidAndOu()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { OrganizationalUnit = "Web Servers", Ekus = [ProvisioningCertificateOids.ServerAuthentication] }));

        var result = Validate(chain);

        AssertReason(ValidationReason.MissingSetupOidAndOu, result);
        Assert.Contains("'Web Servers'", result.Detail);
    }

    [Fact]
    public void Validate_LeafWithoutAnyEkuOrOu_RejectsWithMissingSetupOidAndOu()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { OrganizationalUnit = null, Ekus = [] }));

        AssertReason(ValidationReason.MissingSetupOidAndOu, Validate(chain));
    }

    [Fact]
    public void Validate_OuInOtherCase_RejectsWithMissingSetupOidAndOu()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { OrganizationalUnit = "intel(r) client setup certificate", Ekus = [] }));

        AssertReason(ValidationReason.MissingSetupOidAndOu, Validate(chain));
    }

    [Fact]
    public void Validate_SetupOidWithoutServerAuthOrOu_RejectsWithMissingServerAuthEku()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { OrganizationalUnit = null, Ekus = [ProvisioningCertificateOids.AmtSetup] }));

        var result = Validate(chain);

        AssertReason(ValidationReason.MissingServerAuthEku, result);
        Assert.Contains(ProvisioningCertificateOids.ServerAuthentication, result.Detail);
    }

    [Fact]
    public void Validate_SetupOidWithoutServerAuthButWithOu_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { Ekus = [ProvisioningCertificateOids.AmtSetup] }));

        AssertReason(ValidationReason.Accepted, Validate(chain));
    }

    // ---- DNS suffix -------------------------------------------------------------------------------------

    [Fact]
    public void Validate_NoTrustedSuffix_RejectsWithNoTrustedDnsSuffix()
    {
        AssertReason(ValidationReason.NoTrustedDnsSuffix, Validate(TestChainBuilder.Build(), suffix: null));
        AssertReason(ValidationReason.NoTrustedDnsSuffix, Validate(TestChainBuilder.Build(), suffix: " "));
    }

    [Fact]
    public void Validate_CnInOtherDomain_RejectsWithDomainSuffixMismatch()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { CommonName = "server1.northwindtraders.com" }));

        var result = Validate(chain, suffix: "contoso.com");

        AssertReason(ValidationReason.DomainSuffixMismatch, result);
        Assert.Contains("server1.northwindtraders.com", result.Detail);
        Assert.Contains("contoso.com", result.Detail);
    }

    [Fact]
    public void Validate_SuffixCaseAndTrailingDotDiffer_Accepts()
    {
        AssertReason(ValidationReason.Accepted, Validate(TestChainBuilder.Build(), suffix: "Contoso.COM."));
    }

    [Fact]
    public void Validate_OrgCnServingChildZoneUnderIntelRule_RejectsWithDomainSuffixMismatch()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { CommonName = "server1.contoso.org" }));

        AssertReason(ValidationReason.DomainSuffixMismatch, Validate(chain, suffix: "sales.contoso.org"));
    }

    [Fact]
    public void Validate_OrgCnServingChildZoneUnderMeshCentralRule_Accepts()
    {
        var chain = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { CommonName = "server1.contoso.org" }));
        var context = TestContexts.For(chain.Root, suffix: "sales.contoso.org", profile: p => p with { SuffixRule = DnsSuffixRule.MeshCentralTld });

        AssertReason(ValidationReason.Accepted, Validator.Validate(chain.Presented, context));
    }

    // ---- several faults: the documented order ---------------------------------------------------------

    public static TheoryData<string, ValidationReason> SeveralFaultCases => new()
    {
        { "too-long+missing-root", ValidationReason.ChainTooLong },
        { "missing-root+untrusted", ValidationReason.ChainIncomplete },
        { "untrusted+bad-signature", ValidationReason.RootNotTrusted },
        { "bad-signature+sha1", ValidationReason.BadSignature },
        { "sha1+small-key", ValidationReason.Sha1NotAllowed },
        { "small-key+expired-leaf", ValidationReason.KeyTooSmall },
        { "expired-leaf+expired-intermediate", ValidationReason.LeafExpired },
        { "expired-intermediate+no-ou", ValidationReason.IntermediateExpired },
        { "no-ou+no-suffix", ValidationReason.MissingSetupOidAndOu },
        { "no-suffix+cn-mismatch", ValidationReason.NoTrustedDnsSuffix },
    };

    [Theory]
    [MemberData(nameof(SeveralFaultCases))]
    public void Validate_SeveralFaults_ReportsTheFirstInDocumentedOrder(string faults, ValidationReason expected)
    {
        var expiredLeaf = ChainSpec.Default.WithLeaf(l => l with { NotAfter = TestChainBuilder.Now.AddDays(-1) });
        var expiredIntermediate = ChainSpec.Default.WithIntermediate(i => i with { NotAfter = TestChainBuilder.Now.AddDays(-1) });
        ValidationResult result;
        switch (faults)
        {
            case "too-long+missing-root":
            {
                var c = TestChainBuilder.Build(ChainSpec.Default with { Intermediates = [.. Enumerable.Range(1, 4).Select(n => CertSpec.Intermediate($"CA {n}", $"ca{n}"))] });
                result = Validator.Validate(c.Presented.Take(5).ToList(), TestContexts.For(c.Root));
                break;
            }

            case "missing-root+untrusted":
            {
                var c = TestChainBuilder.Build();
                result = Validator.Validate([c.Leaf, c.Intermediates[0]], TestContexts.For(c.Leaf));
                break;
            }

            case "untrusted+bad-signature":
            {
                var c = TestChainBuilder.Build();
                result = Validator.Validate([TestChain.WithTamperedSignature(c.Leaf), c.Intermediates[0], c.Root], TestContexts.For(c.Leaf));
                break;
            }

            case "bad-signature+sha1":
            {
                var c = TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { SignatureHash = HashAlgorithmName.SHA1 }));
                result = Validate(c with { Leaf = TestChain.WithTamperedSignature(c.Leaf) });
                break;
            }

            case "sha1+small-key":
                result = Validate(TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { SignatureHash = HashAlgorithmName.SHA1, KeyName = "small", KeyBits = 1024 })));
                break;
            case "small-key+expired-leaf":
                result = Validate(TestChainBuilder.Build(expiredLeaf.WithLeaf(l => l with { KeyName = "small", KeyBits = 1024 })));
                break;
            case "expired-leaf+expired-intermediate":
                result = Validate(TestChainBuilder.Build(expiredLeaf.WithIntermediate(i => i with { NotAfter = TestChainBuilder.Now.AddDays(-1) })));
                break;
            case "expired-intermediate+no-ou":
                result = Validate(TestChainBuilder.Build(expiredIntermediate.WithLeaf(l => l with { OrganizationalUnit = null, Ekus = [] })));
                break;
            case "no-ou+no-suffix":
                result = Validate(TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { OrganizationalUnit = null, Ekus = [] })), suffix: null);
                break;
            case "no-suffix+cn-mismatch":
                result = Validate(TestChainBuilder.Build(ChainSpec.Default.WithLeaf(l => l with { CommonName = "server1.northwindtraders.com" })), suffix: null);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(faults), faults, "unknown case");
        }

        AssertReason(expected, result);
    }
}
