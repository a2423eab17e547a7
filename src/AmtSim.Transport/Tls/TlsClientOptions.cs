using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Tls;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace AmtSim.Transport.Tls;

/// <summary>Signature algorithms AmtSim offers and asks for in TLS 1.2.</summary>
public static class TlsSignatureAlgorithms
{
    /// <summary>
    /// RSA with PKCS#1 v1.5, SHA-512 down to SHA-1: what AMT firmware and BouncyCastle 1.8 spoke (no
    /// RSA-PSS). Offering PSS would also send the peer's signature checks to BouncyCastle's managed
    /// RSA, which tests every modulus for primality (tens of ms per handshake).
    /// </summary>
    public static IList<SignatureAndHashAlgorithm> RsaPkcs1 =>
    [
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha224, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
    ];
}

/// <summary>A TLS protocol version AmtSim speaks (firmware generations stop at TLS 1.2).</summary>
public enum TlsProtocolVersion
{
    Tls10 = 0x0301,
    Tls11 = 0x0302,
    Tls12 = 0x0303,
}

/// <summary>
/// The chain a client presents when asked (leaf first, every certificate sent as given, root
/// included: provisioning servers send the root, and the device hashes it) and the leaf's key.
/// Built once and shared by every connection that presents it.
/// </summary>
public sealed class TlsClientCredential(IReadOnlyList<X509Certificate2> chain, RSA key)
{
    private BcCertificate? _certificate;

    public IReadOnlyList<X509Certificate2> Chain { get; } = chain;

    public RSA Key { get; } = key;

    internal BcCertificate Certificate => _certificate ??= DotNetRsaTlsCredentials.ChainOf(Chain);
}

/// <summary>What a client makes of the server's chain: go on, or end the handshake with a fatal alert.</summary>
public readonly record struct ServerCertificateVerdict(bool Accepted, short Alert, string Detail)
{
    public static ServerCertificateVerdict Accept(string detail = "accepted") => new(true, 0, detail);

    /// <summary>Refuse with <paramref name="alert"/> (e.g. <see cref="AlertDescription.unknown_ca"/>, 48, for an untrusted root).</summary>
    public static ServerCertificateVerdict Reject(short alert, string detail) => new(false, alert, detail);
}

/// <summary>
/// One TLS client as AmtSim plays it (the service point, agents, test clients; the device itself
/// when it connects out to an MPS): versions, suites, the chain it presents, and how it judges the
/// server's chain. The defaults speak TLS 1.0 to 1.2 with the suites old and new firmware accept.
/// </summary>
public sealed record TlsClientOptions
{
    /// <summary>ECDHE before RSA key exchange, GCM before CBC; the CBC SHA-1 suites are what TLS 1.0/1.1 firmware speaks.</summary>
    public static readonly IReadOnlyList<int> DefaultCipherSuites =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
    ];

    public TlsProtocolVersion MinimumVersion { get; init; } = TlsProtocolVersion.Tls10;

    public TlsProtocolVersion MaximumVersion { get; init; } = TlsProtocolVersion.Tls12;

    /// <summary>BouncyCastle <see cref="CipherSuite"/> numbers in preference order.</summary>
    public IReadOnlyList<int> CipherSuites { get; init; } = DefaultCipherSuites;

    /// <summary>Presented when the server asks for a certificate; without one the client answers with an empty certificate.</summary>
    public TlsClientCredential? Credential { get; init; }

    /// <summary>Judges the server's chain (leaf first, as sent) inside the handshake; the default accepts any (the service point authenticates a device by FQDN later).</summary>
    public Func<IReadOnlyList<X509Certificate2>, ServerCertificateVerdict> ValidateServer { get; init; } = AcceptAnyServer;

    /// <summary>The default <see cref="ValidateServer"/>: any chain. With it the server's certificates are parsed only when the session's <c>ServerChain</c> is read.</summary>
    public static readonly Func<IReadOnlyList<X509Certificate2>, ServerCertificateVerdict> AcceptAnyServer = static _ => ServerCertificateVerdict.Accept("any server certificate accepted");

    /// <summary>Server name indication, or null to send none (AMT firmware sends none).</summary>
    public string? ServerName { get; init; }
}
