using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Errors;
using AmtSim.Runtime.Profiling;

namespace AmtSim.Pki.Ca;

/// <summary>
/// A Microsoft-style enterprise CA as the SCCM out-of-band service point uses it (seeds 001, 004):
/// templates with versions, a policy module that auto-issues or leaves requests pending, manual
/// approval, revocation with reasons, and a CRL. Signing goes through .NET's RSA (OpenSSL).
/// Serial numbers are derived from the seed so a run is reproducible.
/// </summary>
public sealed class EnterpriseCa
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly Lock _gate = new();
    private readonly X509Certificate2 _caCertificate;
    private readonly TimeProvider _time;
    private readonly Random _serials;
    private readonly List<CaRequest> _requests = [];
    // Indexes beside the ordered lists, so a lookup does not walk every request of a large fleet.
    private readonly Dictionary<int, CaRequest> _requestsById = [];
    private readonly HashSet<string> _issuedSerials = new(StringComparer.OrdinalIgnoreCase);
    private int _lastRequestId;
    private readonly List<Revocation> _revocations = [];
    private readonly HashSet<string> _revokedSerials = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CertificateTemplate> _templates = new(StringComparer.OrdinalIgnoreCase);
    private X509AuthorityKeyIdentifierExtension? _authorityKeyIdentifier;
    private CaSigningKey? _signingKey;
    private CertificateTemplate[] _templateSnapshot;
    private BigInteger _crlNumber = BigInteger.One;

    public EnterpriseCa(X509Certificate2 caCertificate, TimeProvider time, int seed, CaPolicyModule policy = CaPolicyModule.AutoIssue)
    {
        if (!caCertificate.HasPrivateKey)
        {
            throw new ArgumentException("the CA certificate needs its private key", nameof(caCertificate));
        }

        _caCertificate = caCertificate;
        _time = time;
        _serials = new Random(seed);
        Policy = policy;
        foreach (var t in new[] { CertificateTemplate.WebServerV1, CertificateTemplate.AmtWebServerV2, CertificateTemplate.AmtWebServerV3 })
        {
            _templates[t.Name] = t;
        }

        _templateSnapshot = [.. _templates.Values];
    }

    public X509Certificate2 Certificate => _caCertificate;

    /// <summary>The policy module setting; changing it affects later requests only, as on a real CA after a service restart.</summary>
    public CaPolicyModule Policy { get; set; }

    /// <summary>The templates the CA offers (a snapshot: every provisioning reads it, so it is not behind the lock).</summary>
    public IReadOnlyCollection<CertificateTemplate> Templates => Volatile.Read(ref _templateSnapshot);

    public void AddTemplate(CertificateTemplate template)
    {
        lock (_gate)
        {
            _templates[template.Name] = template;
            Volatile.Write(ref _templateSnapshot, [.. _templates.Values]);
        }
    }

    public IReadOnlyList<CaRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    public IReadOnlyList<Revocation> Revocations
    {
        get { lock (_gate) { return [.. _revocations]; } }
    }

    /// <summary>
    /// Submits a PKCS#10 request against a template. With "supply in request" the subject is the
    /// one given (the device FQDN); otherwise the request's own subject is used. The request's
    /// signature is checked; a bad one throws <see cref="InvalidInputException"/>.
    /// </summary>
    public CaRequest Submit(byte[] pkcs10, string templateName, string? subjectFqdn = null)
    {
        using var profile = PhaseProfiler.Enter(ProfilePhase.CaIssue);
        CertificateRequest loaded;
        try
        {
            loaded = Pkcs10Signature.LoadVerified(pkcs10);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidInputException($"certificate request rejected: not a valid signed PKCS#10 request ({ex.Message})", ex);
        }

        CaRequest request;
        Issuance issuance;
        lock (_gate)
        {
            if (!_templates.TryGetValue(templateName, out var template))
            {
                throw new InvalidInputException($"certificate request rejected: the CA has no template '{templateName}'");
            }

            var subject = template.SupplyInRequest && subjectFqdn is not null ? "CN=" + subjectFqdn : loaded.SubjectName.Name;
            request = new CaRequest(++_lastRequestId, subject, template, pkcs10, _time.GetUtcNow());
            // "Follow the settings in the certificate template, if applicable. Otherwise, automatically
            // issue" (seed 001): a template that requires manager approval leaves the request pending.
            if (Policy != CaPolicyModule.AutoIssue || template.RequiresApproval)
            {
                AddLocked(request);
                return request;
            }

            issuance = PlanLocked(request, loaded);
        }

        // The signature is made outside the lock, so concurrent submissions sign side by side
        // instead of spinning on it; the request appears, already issued, once it is signed.
        var certificate = Sign(issuance);
        lock (_gate)
        {
            Complete(request, certificate);
            AddLocked(request);
        }

        return request;
    }

    /// <summary>Adds <paramref name="request"/> where its id puts it (requests signed side by side may finish out of order).</summary>
    private void AddLocked(CaRequest request)
    {
        var at = _requests.Count;
        while (at > 0 && _requests[at - 1].Id > request.Id)
        {
            at--;
        }

        _requests.Insert(at, request);
        _requestsById.Add(request.Id, request);
    }

    /// <summary>An administrator issues a pending request.</summary>
    public CaRequest Approve(int requestId)
    {
        lock (_gate)
        {
            var request = Find(requestId);
            if (request.Disposition != RequestDisposition.Pending)
            {
                throw new InvalidOperationException($"request {requestId} is {request.Disposition}, not pending");
            }

            IssueLocked(request);
            return request;
        }
    }

    /// <summary>An administrator denies a pending request.</summary>
    public CaRequest Deny(int requestId)
    {
        lock (_gate)
        {
            var request = Find(requestId);
            request.Disposition = RequestDisposition.Denied;
            request.DispositionMessage = "Denied by Policy Module";
            request.DecidedAt = _time.GetUtcNow();
            return request;
        }
    }

    /// <summary>Approves every pending request (the "issue all pending" administrator action).</summary>
    public int ApproveAllPending()
    {
        lock (_gate)
        {
            var pending = _requests.Where(r => r.Disposition == RequestDisposition.Pending).ToList();
            pending.ForEach(IssueLocked);
            return pending.Count;
        }
    }

    public CaRequest Get(int requestId)
    {
        lock (_gate)
        {
            return Find(requestId);
        }
    }

    /// <summary>Revokes an issued certificate with a reason (SCCM uses Superseded).</summary>
    public void Revoke(X509Certificate2 certificate, X509RevocationReason reason) => Revoke(certificate.SerialNumber, reason);

    /// <summary>Revokes the certificate with this serial number (hexadecimal, as <see cref="X509Certificate.SerialNumber"/> gives it) with a reason.</summary>
    public void Revoke(string serial, X509RevocationReason reason)
    {
        lock (_gate)
        {
            if (_revokedSerials.Contains(serial))
            {
                return;
            }

            if (!_issuedSerials.Contains(serial))
            {
                throw new InvalidOperationException($"certificate {serial} was not issued by this CA");
            }

            _revocations.Add(new Revocation(serial, _time.GetUtcNow(), reason));
            _revokedSerials.Add(serial);
        }
    }

    public bool IsRevoked(X509Certificate2 certificate)
    {
        lock (_gate)
        {
            return _revokedSerials.Contains(certificate.SerialNumber);
        }
    }

    /// <summary>Builds and signs the current CRL (DER), valid for <paramref name="validity"/> (default 7 days).</summary>
    public byte[] BuildCrl(TimeSpan? validity = null)
    {
        lock (_gate)
        {
            var builder = new CertificateRevocationListBuilder();
            foreach (var r in _revocations)
            {
                builder.AddEntry(Convert.FromHexString(r.SerialNumber), r.RevokedAt, r.Reason);
            }

            var now = _time.GetUtcNow();
            var crl = builder.Build(_caCertificate, _crlNumber, now + (validity ?? TimeSpan.FromDays(7)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, now);
            _crlNumber += 1;
            return crl;
        }
    }

    private CaRequest Find(int requestId)
        => _requestsById.TryGetValue(requestId, out var request) ? request : throw new InvalidOperationException($"the CA has no request {requestId}");

    private void IssueLocked(CaRequest request) => IssueLocked(request, Pkcs10Signature.LoadVerified(request.Pkcs10));

    /// <summary>Signs <paramref name="request"/> under the lock (approvals, which are rare); <paramref name="loaded"/> is its PKCS#10, already loaded and its signature checked.</summary>
    private void IssueLocked(CaRequest request, CertificateRequest loaded) => Complete(request, Sign(PlanLocked(request, loaded)));

    /// <summary>What the certificate for <paramref name="request"/> will hold; drawn under the lock (the serial comes from the CA's seeded sequence).</summary>
    private Issuance PlanLocked(CaRequest request, CertificateRequest loaded)
    {
        var subject = new X500DistinguishedName(request.Subject);
        var issued = new CertificateRequest(subject, loaded.PublicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        issued.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        issued.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        issued.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        issued.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(issued.PublicKey, false));
        issued.CertificateExtensions.Add(_authorityKeyIdentifier ??= X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_caCertificate, true, false));
        var cn = subject.EnumerateRelativeDistinguishedNames().FirstOrDefault(r => r.GetSingleElementType().Value == "2.5.4.3")?.GetSingleElementValue();
        if (!string.IsNullOrEmpty(cn))
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(cn);
            issued.CertificateExtensions.Add(san.Build());
        }

        var serial = new byte[16];
        _serials.NextBytes(serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        var notBefore = _time.GetUtcNow().AddMinutes(-10);
        var notAfter = notBefore + request.Template.Validity;
        if (notAfter > _caCertificate.NotAfter)
        {
            notAfter = _caCertificate.NotAfter;
        }

        return new Issuance(issued, notBefore, notAfter, serial);
    }

    private void Complete(CaRequest request, IssuedCertificate certificate)
    {
        request.Issued = certificate;
        _issuedSerials.Add(certificate.SerialNumber);
        request.Disposition = RequestDisposition.Issued;
        request.DispositionMessage = "Issued";
        request.DecidedAt = _time.GetUtcNow();
    }

    /// <summary>
    /// Signs <paramref name="issuance"/> with the CA's key, refusing what <see cref="CertificateRequest.Create(X509Certificate2, DateTimeOffset, DateTimeOffset, byte[])"/>
    /// refuses (a validity outside the CA's, a CA certificate whose basic constraints or key usage do not allow signing
    /// certificates). An RSA CA's certificate is encoded here and not loaded; any other key type goes through .NET.
    /// </summary>
    private IssuedCertificate Sign(Issuance issuance)
    {
        if (issuance.NotBefore < _caCertificate.NotBefore)
        {
            throw new ArgumentException($"the certificate's notBefore ({issuance.NotBefore:O}) is earlier than the CA certificate's ({_caCertificate.NotBefore.ToUniversalTime():O})");
        }

        if (issuance.NotAfter > _caCertificate.NotAfter)
        {
            throw new ArgumentException($"the certificate's notAfter ({issuance.NotAfter:O}) is later than the CA certificate's ({_caCertificate.NotAfter.ToUniversalTime():O})");
        }

        var key = LazyInitializer.EnsureInitialized(ref _signingKey, () => SigningKey(_caCertificate));
        var (notBefore, notAfter) = (CertificateEncoder.Encoded(issuance.NotBefore), CertificateEncoder.Encoded(issuance.NotAfter));
        if (key.Rsa is not { } rsa)
        {
            X509Certificate2 created;
            using (PhaseProfiler.Enter(ProfilePhase.RsaPrivateKey))
            {
                created = issuance.Request.Create(_caCertificate, issuance.NotBefore, issuance.NotAfter, issuance.Serial);
            }

            return new IssuedCertificate(created.RawData, created.SerialNumber, notBefore, notAfter, created);
        }

        var der = CertificateEncoder.Encode(issuance.Request, _caCertificate.SubjectName, rsa, issuance.NotBefore, issuance.NotAfter, issuance.Serial);
        return new IssuedCertificate(der, Convert.ToHexString(issuance.Serial), notBefore, notAfter);
    }

    /// <summary>The CA's RSA key (null for another key type), after the checks .NET makes of an issuer certificate.</summary>
    private static CaSigningKey SigningKey(X509Certificate2 ca)
    {
        if (ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: false })
        {
            throw new ArgumentException($"the CA certificate {ca.Subject} has basic constraints that do not make it a certificate authority");
        }

        if (ca.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage && (usage.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0)
        {
            throw new ArgumentException($"the CA certificate {ca.Subject} has a key usage without certificate signing");
        }

        return new CaSigningKey(ca.GetKeyAlgorithm() == "1.2.840.113549.1.1.1" ? ca.GetRSAPrivateKey() : null);
    }

    private sealed record CaSigningKey(RSA? Rsa);

    /// <summary>A certificate ready to be signed: its request, validity and serial.</summary>
    private sealed record Issuance(CertificateRequest Request, DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[] Serial);
}
