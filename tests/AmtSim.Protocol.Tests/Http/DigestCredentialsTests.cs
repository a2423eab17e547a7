using AmtSim.Protocol.Http;
using Xunit;

namespace AmtSim.Protocol.Tests.Http;

public class DigestCredentialsTests
{
    [Fact]
    public void ExpectedResponse_Rfc2617Example_MatchesPublishedResponse()
    {
        var ha1 = DigestCredentials.Ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        var response = DigestCredentials.ExpectedResponse(ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", "GET", "/dir/index.html");
        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Theory]
    [InlineData("qop=auth, nc=0000000a")]
    [InlineData("qop=\"auth\", nc=\"0000000a\"")]
    [InlineData("qop=\"auth\",nc=0000000a")]
    public void TryParse_QuotedOrUnquotedNcAndQop_ReadsThem(string tail)
    {
        var header = $"Digest username=\"admin\", realm=\"Digest:A4070000000000000000000000000000\", nonce=\"abc/+=\", uri=\"/wsman\", response=\"0123\", cnonce=\"cn\", {tail}";
        Assert.True(DigestCredentials.TryParse(header, out var c, out _));
        Assert.Equal("admin", c.UserName);
        Assert.Equal("Digest:A4070000000000000000000000000000", c.Realm);
        Assert.Equal("abc/+=", c.Nonce);
        Assert.Equal("auth", c.Qop);
        Assert.Equal(10, c.NonceCount);
        Assert.Equal("cn", c.ClientNonce);
    }

    [Theory]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Digest username=\"admin\", nonce=\"n\", uri=\"/wsman\", response=\"r\"")]
    [InlineData("Digest username=\"admin")]
    public void TryParse_NotACompleteDigestHeader_Fails(string header)
        => Assert.False(DigestCredentials.TryParse(header, out _, out _));

    [Fact]
    public void ForRequest_ThenParse_RoundTrips()
    {
        var c = DigestCredentials.ForRequest("$$OsAdmin", "pw", "Digest:00", "nonce", 3, "cn", "POST", "/wsman");
        Assert.True(DigestCredentials.TryParse(c.ToHeaderValue(quoteNcAndQop: true), out var parsed, out _));
        Assert.Equal(c, parsed);
    }
}
