using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_PublicKeyManagementService: GenerateKeyPair (keys from the injectable key source),
/// GeneratePKCS10RequestEx (a real PKCS#10: the server's null-signed request info, as it came,
/// signed with the device key), AddCertificate, AddTrustedRootCertificate.
/// </summary>
public sealed class AmtPublicKeyManagementService : WsmanClass
{
    public const string ServiceName = "Intel(r) AMT Public Key Management Service";

    /// <summary>Duplicate certificate (PT_STATUS_DUPLICATE). [I]</summary>
    public const uint Duplicate = 2058;

    public override string ClassName => "AMT_PublicKeyManagementService";

    public override IReadOnlyCollection<string> Methods => ["GenerateKeyPair", "GeneratePKCS10RequestEx", "AddCertificate", "AddTrustedRootCertificate"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call) =>
    [
        Instance(
            WsmanProperty.Of("CreationClassName", ClassName),
            WsmanProperty.Of("ElementName", "Intel(r) AMT Certificate Store Service"),
            WsmanProperty.Of("EnabledState", 5),
            WsmanProperty.Of("Name", ServiceName),
            WsmanProperty.Of("RequestedState", 12),
            WsmanProperty.Of("SystemCreationClassName", "CIM_ComputerSystem"),
            WsmanProperty.Of("SystemName", "Intel(r) AMT")),
    ];

    public override WsmanResult Invoke(string method, WsmanCall call) => method switch
    {
        "GenerateKeyPair" => GenerateKeyPair(call),
        "GeneratePKCS10RequestEx" => GeneratePkcs10RequestEx(call),
        "AddCertificate" => AddCertificate(call, trustedRoot: false),
        "AddTrustedRootCertificate" => AddCertificate(call, trustedRoot: true),
        _ => NotSupported(method),
    };

    private static WsmanResult Invalid(string why) => WsmanResult.Output(AmtSetupAndConfigurationService.InvalidParameter, why);

    /// <summary>KeyAlgorithm 0 (RSA) and KeyLength 2048 only.</summary>
    private static WsmanResult GenerateKeyPair(WsmanCall call)
    {
        if (!call.TryUInt("KeyAlgorithm", out var algorithm) || algorithm != 0)
        {
            return Invalid("KeyAlgorithm must be 0 (RSA)");
        }

        if (!call.TryUInt("KeyLength", out var length) || length != 2048)
        {
            return Invalid("KeyLength must be 2048");
        }

        var pair = call.State.AddKeyPair(call.Options.KeySource.CreateKey((int)length));
        return WsmanResult.Output(0, pair.InstanceId, WsmanProperty.Ref("KeyPair", pair.Reference));
    }

    /// <summary>SigningAlgorithm 0 SHA1-RSA, 1 SHA256-RSA; the null-signed request must carry the key pair's public key.</summary>
    private static WsmanResult GeneratePkcs10RequestEx(WsmanCall call)
    {
        var handle = call.Reference("KeyPair")?.Selector("InstanceID");
        var pair = call.State.KeyPairs.FirstOrDefault(k => k.InstanceId == handle);
        if (pair is null)
        {
            return Invalid($"no key pair '{handle}'");
        }

        if (!call.TryUInt("SigningAlgorithm", out var signing) || signing > 1)
        {
            return Invalid("SigningAlgorithm must be 0 (SHA1-RSA) or 1 (SHA256-RSA)");
        }

        var nullSigned = call.Base64("NullSignedCertificateRequest");
        if (nullSigned is null)
        {
            return Invalid("NullSignedCertificateRequest missing or not base64");
        }

        var hash = signing == 0 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        ReadOnlyMemory<byte> info;
        PublicKey publicKey;
        try
        {
            (info, var publicKeyInfo) = Pkcs10Request.Read(nullSigned);
            publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(publicKeyInfo.Span, out _);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return Invalid("NullSignedCertificateRequest is not a PKCS#10 request: " + ex.Message);
        }

        if (!pair.Matches(publicKey))
        {
            return Invalid("the request's public key is not the key pair's");
        }

        var generator = new RsaPkcs1SignatureGenerator(pair.Key, pair.SubjectPublicKeyInfoDer());
        var signed = Pkcs10Request.Signed(info.Span, generator.GetSignatureAlgorithmIdentifier(hash), generator.SignData(info.ToArray(), hash));
        return WsmanResult.Output(0, WsmanProperty.Of("SignedCertificateRequest", Convert.ToBase64String(signed)));
    }

    private static WsmanResult AddCertificate(WsmanCall call, bool trustedRoot)
    {
        var blob = call.Base64("CertificateBlob");
        if (blob is null)
        {
            return Invalid("CertificateBlob missing or not base64");
        }

        if (call.State.Certificates.Any(c => c.Der.Span.SequenceEqual(blob)))
        {
            return WsmanResult.Output(Duplicate, "certificate already in the store");
        }

        if (trustedRoot)
        {
            // Roots are used as .NET certificates at once (CIRA's MPS check): loaded here.
            X509Certificate2 root;
            try
            {
                root = X509CertificateLoader.LoadCertificate(blob);
            }
            catch (CryptographicException ex)
            {
                return Invalid("CertificateBlob is not a DER certificate: " + ex.Message);
            }

            var added = call.State.AddCertificate(blob, trustedRoot: true, keyPair: null, root);
            return WsmanResult.Output(0, added.InstanceId, WsmanProperty.Ref("CreatedCertificate", added.Reference));
        }

        PublicKey publicKey;
        try
        {
            publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(CertificateBlob.SubjectPublicKeyInfo(blob).Span, out _);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return Invalid("CertificateBlob is not a DER certificate: " + ex.Message);
        }

        var pair = call.State.KeyPairs.FirstOrDefault(k => k.Matches(publicKey));
        if (pair is null)
        {
            return Invalid("the certificate's public key matches no key pair on the device");
        }

        var entry = call.State.AddCertificate(blob, trustedRoot: false, pair);
        return WsmanResult.Output(0, entry.InstanceId, WsmanProperty.Ref("CreatedCertificate", entry.Reference));
    }
}
