using System.Security.Cryptography;
using System.Text;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Protocol.Http;

namespace AmtSim.Firmware.Web.Digest;

/// <summary>The outcome of checking one Authorization header.</summary>
public enum DigestVerdict
{
    Accepted,

    /// <summary>No Authorization header: the first request of a Digest exchange.</summary>
    Missing,

    /// <summary>
    /// Not a parseable Digest header, qop other than auth, an algorithm other than MD5, or a
    /// <c>uri</c> that is not this request's target (a response computed for another request).
    /// </summary>
    Malformed,

    /// <summary>Unknown user, wrong realm or wrong password (counts towards the lockout for a known user).</summary>
    WrongCredentials,

    /// <summary>Right password, but the nonce is unknown, too old, or its nc did not rise: 401 with stale="true".</summary>
    StaleNonce,

    /// <summary>The account is locked after too many wrong passwords; even the right one is refused.</summary>
    LockedOut,
}

public sealed record DigestOutcome(DigestVerdict Verdict, string User, string Detail)
{
    public bool Accepted => Verdict == DigestVerdict.Accepted;
}

/// <summary>
/// AMT's Digest authentication (amt-reference.md §5): realm "Digest:" + 32 hex, qop=auth, MD5.
/// AMT's challenge names no algorithm (<c>realm, nonce, stale, qop="auth"</c> from AMT 9 to 16), which
/// RFC 7616 §3.3 reads as MD5, so only an absent <c>algorithm</c> or <c>MD5</c> is accepted; the
/// <c>uri</c> must be the request target, byte for byte (RFC 7616 §3.4.6), so a response cannot be
/// replayed onto another request (issue 17).
/// Nonces come from a seeded generator per device; a nonce stays usable with a rising nc
/// (whoever the user) until it gets older than the lifetime knob. Wrong passwords lock the
/// user after the threshold within the window, for the lockout duration, on the device clock.
/// Users: "admin" with <see cref="AmtDevice.AdminDigestHa1"/> once set (SetAdminAclEntryEx,
/// AdminSetup), else the MEBx password; "$$OsAdmin" with the configured password.
/// </summary>
public sealed class DigestAuthenticator
{
    public const string OsAdminUser = "$$OsAdmin";
    private const int MaxNonces = 4096;

    private readonly AmtDevice _device;
    private readonly FirmwareWebServerOptions _options;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NonceState> _nonces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserState> _users = new(StringComparer.Ordinal);

    public DigestAuthenticator(AmtDevice device, FirmwareWebServerOptions options)
    {
        _device = device;
        _options = options;
        _random = new Random(options.NonceSeed ?? BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes("digest-nonce:" + device.Identity.Uuid)), 0));
    }

    public string Realm => _device.DigestRealm;

    /// <summary>A fresh nonce (18 seeded bytes in base64, 24 characters like AMT's), remembered with its issue time.</summary>
    public string NewNonce()
    {
        var bytes = new byte[18];
        var now = _device.Clock.Now;
        lock (_gate)
        {
            _random.NextBytes(bytes);
            var nonce = Convert.ToBase64String(bytes);
            if (_nonces.Count >= MaxNonces)
            {
                Evict(now);
            }

            _nonces[nonce] = new NonceState(now);
            return nonce;
        }
    }

    /// <summary>Whether <paramref name="user"/> is locked out now.</summary>
    public bool IsLockedOut(string user)
    {
        lock (_gate)
        {
            return _users.TryGetValue(user, out var u) && u.LockedUntil > _device.Clock.Now;
        }
    }

    /// <summary>Checks the Authorization header of one request and records the attempt in the audit trail.</summary>
    public DigestOutcome Authenticate(string method, string target, string? authorization, string remote)
    {
        var outcome = Check(method, target, authorization);
        if (outcome.Verdict != DigestVerdict.Missing)
        {
            _device.Audit.Add(new AuthenticationAudit(_device.Clock.Now, remote, outcome.User, outcome.Accepted, $"{outcome.Verdict}: {outcome.Detail}"));
        }

        return outcome;
    }

    private DigestOutcome Check(string method, string target, string? authorization)
    {
        if (authorization is null)
        {
            return new(DigestVerdict.Missing, "", "no Authorization header");
        }

        if (!DigestCredentials.TryParse(authorization, out var c, out var error))
        {
            return new(DigestVerdict.Malformed, "", error);
        }

        if (!string.Equals(c.Qop, "auth", StringComparison.OrdinalIgnoreCase) || c.NonceCount < 0 || c.ClientNonce is null)
        {
            return new(DigestVerdict.Malformed, c.UserName, "qop=auth with nc and cnonce required");
        }

        if (c.Algorithm is { } algorithm && !string.Equals(algorithm, "MD5", StringComparison.OrdinalIgnoreCase))
        {
            return new(DigestVerdict.Malformed, c.UserName, $"algorithm '{algorithm}' not offered (AMT offers MD5 only)");
        }

        if (!string.Equals(c.Uri, target, StringComparison.Ordinal))
        {
            return new(DigestVerdict.Malformed, c.UserName, $"uri '{c.Uri}' is not the request target '{target}'");
        }

        var ha1 = Ha1For(c.UserName);
        if (ha1 is null)
        {
            return new(DigestVerdict.WrongCredentials, c.UserName, "unknown user");
        }

        var now = _device.Clock.Now;
        lock (_gate)
        {
            var user = UserStateFor(c.UserName);
            if (user.LockedUntil > now)
            {
                return new(DigestVerdict.LockedOut, c.UserName, $"locked until {user.LockedUntil:O}");
            }

            var expected = DigestCredentials.ExpectedResponse(ha1, c.Nonce, c.NonceCountText!, c.ClientNonce, c.Qop!, method, c.Uri);
            var realmOk = string.Equals(c.Realm, Realm, StringComparison.Ordinal);
            if (!realmOk || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(c.Response.ToLowerInvariant())))
            {
                user.Failures.RemoveAll(t => t <= now - _options.LockoutWindow);
                user.Failures.Add(now);
                if (user.Failures.Count >= _options.LockoutThreshold)
                {
                    user.Failures.Clear();
                    user.LockedUntil = now + _options.LockoutDuration;
                    return new(DigestVerdict.WrongCredentials, c.UserName, $"wrong password; account locked until {user.LockedUntil:O}");
                }

                return new(DigestVerdict.WrongCredentials, c.UserName, realmOk ? "wrong password" : $"wrong realm '{c.Realm}'");
            }

            if (!_nonces.TryGetValue(c.Nonce, out var nonce))
            {
                return new(DigestVerdict.StaleNonce, c.UserName, "nonce not issued by this device");
            }

            if (now - nonce.IssuedAt > _options.NonceLifetime)
            {
                _nonces.Remove(c.Nonce);
                return new(DigestVerdict.StaleNonce, c.UserName, "nonce expired");
            }

            if (c.NonceCount <= nonce.LastCount)
            {
                return new(DigestVerdict.StaleNonce, c.UserName, $"nc {c.NonceCount} not above {nonce.LastCount}");
            }

            nonce.LastCount = c.NonceCount;
            user.Failures.Clear();
            return new(DigestVerdict.Accepted, c.UserName, $"nc {c.NonceCount}");
        }
    }

    private string? Ha1For(string user)
    {
        if (string.Equals(user, _device.AdminUser, StringComparison.Ordinal))
        {
            return _device.AdminDigestHa1?.ToLowerInvariant() ?? DigestCredentials.Ha1(user, Realm, _device.MebxPassword);
        }

        return string.Equals(user, OsAdminUser, StringComparison.Ordinal)
            ? DigestCredentials.Ha1(user, Realm, _options.OsAdminPassword is { } knob && knob != FirmwareWebServerOptions.DefaultOsAdminPassword ? knob : _device.LocalSystemPassword)
            : null;
    }

    private UserState UserStateFor(string user)
    {
        if (!_users.TryGetValue(user, out var state))
        {
            state = new UserState();
            _users[user] = state;
        }

        return state;
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var key in _nonces.Where(kv => now - kv.Value.IssuedAt > _options.NonceLifetime).Select(kv => kv.Key).ToList())
        {
            _nonces.Remove(key);
        }

        if (_nonces.Count >= MaxNonces)
        {
            foreach (var key in _nonces.OrderBy(kv => kv.Value.IssuedAt).Take(_nonces.Count - MaxNonces + 1).Select(kv => kv.Key).ToList())
            {
                _nonces.Remove(key);
            }
        }
    }

    private sealed class NonceState(DateTimeOffset issuedAt)
    {
        public DateTimeOffset IssuedAt { get; } = issuedAt;

        public long LastCount { get; set; }
    }

    private sealed class UserState
    {
        public List<DateTimeOffset> Failures { get; } = [];

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
