using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Runtime.Time;
using AmtSim.Firmware.Web;
using AmtSim.Firmware.Web.Digest;
using AmtSim.Protocol.Http;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Firmware.Tests.Web;

public class DigestAuthenticatorTests
{
    private readonly VirtualTimeProvider _time = new(WebTestDevices.Start);
    private readonly AmtDevice _device;
    private readonly DigestAuthenticator _digest;

    public DigestAuthenticatorTests()
    {
        _device = WebTestDevices.Create(time: _time, withCertificate: false);
        _device.MebxPassword = "Mebx!Pass1";
        _digest = new DigestAuthenticator(_device, WebTestDevices.Options() with { OsAdminPassword = "Os!Admin99" });
    }

    private string Header(string user, string password, string nonce, long nc, string? realm = null)
        => DigestCredentials.ForRequest(user, password, realm ?? _digest.Realm, nonce, nc, "c" + nc, "POST", "/wsman").ToHeaderValue();

    private DigestOutcome Auth(string user, string password, string nonce, long nc)
        => _digest.Authenticate("POST", "/wsman", Header(user, password, nonce, nc), "127.0.0.1:1");

    [Fact]
    public void Realm_IsDigestColonAnd32UpperHexFromTheUuid()
    {
        Assert.Matches("^Digest:[0-9A-F]{32}$", _digest.Realm);
        Assert.NotEqual(_digest.Realm, WebTestDevices.Create(index: 2, withCertificate: false).DigestRealm);
    }

    [Fact]
    public void NewNonce_SameSeed_SameSequence()
    {
        var other = new DigestAuthenticator(WebTestDevices.Create(time: _time, withCertificate: false), WebTestDevices.Options());
        Assert.Equal(_digest.NewNonce(), other.NewNonce());
        Assert.Equal(_digest.NewNonce(), other.NewNonce());
        Assert.Equal(24, _digest.NewNonce().Length);
    }

    [Fact]
    public void Authenticate_NoHeader_IsMissingAndNotAudited()
    {
        Assert.Equal(DigestVerdict.Missing, _digest.Authenticate("POST", "/wsman", null, "r").Verdict);
        Assert.Empty(_device.Audit.OfType<AuthenticationAudit>());
    }

    [Fact]
    public void Authenticate_AdminWithMebxPassword_Accepted()
    {
        var outcome = Auth("admin", "Mebx!Pass1", _digest.NewNonce(), 1);
        Assert.Equal(DigestVerdict.Accepted, outcome.Verdict);
        Assert.Equal("admin", outcome.User);
        Assert.True(Assert.Single(_device.Audit.OfType<AuthenticationAudit>()).Succeeded);
    }

    [Fact]
    public void Authenticate_AdminDigestHa1Set_UsesItInsteadOfMebxPassword()
    {
        _device.AdminDigestHa1 = DigestCredentials.Ha1("admin", _digest.Realm, "New!Admin77");
        var nonce = _digest.NewNonce();
        Assert.Equal(DigestVerdict.WrongCredentials, Auth("admin", "Mebx!Pass1", nonce, 1).Verdict);
        Assert.Equal(DigestVerdict.Accepted, Auth("admin", "New!Admin77", nonce, 2).Verdict);
    }

    [Fact]
    public void Authenticate_ReusedNonceWithRisingNc_AcceptedAndRepeatedNcIsStale()
    {
        var nonce = _digest.NewNonce();
        Assert.Equal(DigestVerdict.Accepted, Auth("admin", "Mebx!Pass1", nonce, 1).Verdict);
        Assert.Equal(DigestVerdict.Accepted, Auth("admin", "Mebx!Pass1", nonce, 2).Verdict);
        Assert.Equal(DigestVerdict.Accepted, Auth("admin", "Mebx!Pass1", nonce, 7).Verdict);
        Assert.Equal(DigestVerdict.StaleNonce, Auth("admin", "Mebx!Pass1", nonce, 7).Verdict);
        Assert.Equal(DigestVerdict.StaleNonce, Auth("admin", "Mebx!Pass1", nonce, 3).Verdict);
    }

    [Fact]
    public void Authenticate_ReusedNonceAcrossUserSwitch_Accepted()
    {
        var nonce = _digest.NewNonce();
        Assert.Equal(DigestVerdict.Accepted, Auth(DigestAuthenticator.OsAdminUser, "Os!Admin99", nonce, 1).Verdict);
        var switched = Auth("admin", "Mebx!Pass1", nonce, 2);
        Assert.Equal(DigestVerdict.Accepted, switched.Verdict);
        Assert.Equal("admin", switched.User);
    }

    [Fact]
    public void Authenticate_QuotedNcAndQop_Accepted()
    {
        var header = DigestCredentials.ForRequest("admin", "Mebx!Pass1", _digest.Realm, _digest.NewNonce(), 1, "c", "POST", "/wsman").ToHeaderValue(quoteNcAndQop: true);
        Assert.Equal(DigestVerdict.Accepted, _digest.Authenticate("POST", "/wsman", header, "r").Verdict);
    }

    [Fact]
    public void Authenticate_NonceOlderThanLifetime_Stale()
    {
        var nonce = _digest.NewNonce();
        Assert.Equal(DigestVerdict.Accepted, Auth("admin", "Mebx!Pass1", nonce, 1).Verdict);
        _time.Advance(FirmwareWebServerOptions.DefaultNonceLifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(DigestVerdict.StaleNonce, Auth("admin", "Mebx!Pass1", nonce, 2).Verdict);
    }

    [Fact]
    public void Authenticate_NonceNeverIssued_Stale()
        => Assert.Equal(DigestVerdict.StaleNonce, Auth("admin", "Mebx!Pass1", "AAAAAAAAAAAAAAAAAAAAAAAA", 1).Verdict);

    [Fact]
    public void Authenticate_WrongRealm_WrongCredentials()
    {
        var header = Header("admin", "Mebx!Pass1", _digest.NewNonce(), 1, realm: "Digest:00000000000000000000000000000000");
        Assert.Equal(DigestVerdict.WrongCredentials, _digest.Authenticate("POST", "/wsman", header, "r").Verdict);
    }

    [Fact]
    public void Authenticate_UnknownUser_WrongCredentials()
        => Assert.Equal(DigestVerdict.WrongCredentials, Auth("root", "Mebx!Pass1", _digest.NewNonce(), 1).Verdict);

    [Fact]
    public void Authenticate_WrongPasswordFlood_LocksUserThenRecoversAfterDuration()
    {
        var nonce = _digest.NewNonce();
        for (var i = 1; i <= FirmwareWebServerOptions.DefaultLockoutThreshold; i++)
        {
            Assert.Equal(DigestVerdict.WrongCredentials, Auth("admin", "guess" + i, nonce, i).Verdict);
        }

        Assert.True(_digest.IsLockedOut("admin"));
        Assert.Equal(DigestVerdict.LockedOut, Auth("admin", "Mebx!Pass1", nonce, 10).Verdict);
        Assert.Equal(DigestVerdict.Accepted, Auth(DigestAuthenticator.OsAdminUser, "Os!Admin99", nonce, 11).Verdict);

        _time.Advance(FirmwareWebServerOptions.DefaultLockoutDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(DigestVerdict.LockedOut, Auth("admin", "Mebx!Pass1", _digest.NewNonce(), 1).Verdict);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_digest.IsLockedOut("admin"));
        Assert.Equal(DigestVerdict.Accepted, Auth("admin", "Mebx!Pass1", _digest.NewNonce(), 1).Verdict);
    }

    [Fact]
    public void Authenticate_FailuresSpreadBeyondWindow_DoNotLock()
    {
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(DigestVerdict.WrongCredentials, Auth("admin", "guess", _digest.NewNonce(), 1).Verdict);
            _time.Advance(FirmwareWebServerOptions.DefaultLockoutWindow / 2 + TimeSpan.FromSeconds(1));
        }

        Assert.False(_digest.IsLockedOut("admin"));
    }

    // issue 17: the uri in Authorization was never compared with the request target.
    [Fact]
    public void Authenticate_ResponseComputedForAnotherUri_MalformedAndNotCountedAsWrongPassword()
    {
        var header = DigestCredentials.ForRequest("admin", "Mebx!Pass1", _digest.Realm, _digest.NewNonce(), 1, "c", "POST", "/other").ToHeaderValue();

        var outcome = _digest.Authenticate("POST", "/wsman", header, "r");

        Assert.Equal(DigestVerdict.Malformed, outcome.Verdict);
        Assert.Contains("uri '/other' is not the request target '/wsman'", outcome.Detail, StringComparison.Ordinal);
        Assert.False(_digest.IsLockedOut("admin"));
    }

    [Fact]
    public void Authenticate_UriWithQueryMatchingTheTarget_Accepted()
    {
        var header = DigestCredentials.ForRequest("admin", "Mebx!Pass1", _digest.Realm, _digest.NewNonce(), 1, "c", "POST", "/wsman?x=1").ToHeaderValue();

        Assert.Equal(DigestVerdict.Accepted, _digest.Authenticate("POST", "/wsman?x=1", header, "r").Verdict);
    }

    // issue 17: algorithm=MD5-sess or SHA-256 was accepted with a plain MD5 response; AMT offers MD5 only.
    [Theory]
    [InlineData("MD5-sess")]
    [InlineData("SHA-256")]
    [InlineData("SHA-512-256")]
    [InlineData("")]
    public void Authenticate_AlgorithmOtherThanMd5_Malformed(string algorithm)
    {
        var credentials = DigestCredentials.ForRequest("admin", "Mebx!Pass1", _digest.Realm, _digest.NewNonce(), 1, "c", "POST", "/wsman");
        var header = credentials.ToHeaderValue() + $", algorithm={algorithm}";

        var outcome = _digest.Authenticate("POST", "/wsman", header, "r");

        Assert.Equal(DigestVerdict.Malformed, outcome.Verdict);
        Assert.Contains("not offered", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("md5")]
    public void Authenticate_AlgorithmMd5Named_Accepted(string algorithm)
    {
        var credentials = DigestCredentials.ForRequest("admin", "Mebx!Pass1", _digest.Realm, _digest.NewNonce(), 1, "c", "POST", "/wsman");

        Assert.Equal(DigestVerdict.Accepted, _digest.Authenticate("POST", "/wsman", credentials.ToHeaderValue() + $", algorithm=\"{algorithm}\"", "r").Verdict);
    }
}
