using AmtSim.Transport.Tls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class DotNetTlsHashTests
{
    private static readonly BcTlsCrypto BouncyCastle = new(new SecureRandom());
    private static readonly byte[] Message = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 13))];

    public static TheoryData<int> Sha2 => new() { CryptoHashAlgorithm.sha256, CryptoHashAlgorithm.sha384, CryptoHashAlgorithm.sha512 };

    [Theory]
    [MemberData(nameof(Sha2))]
    public void Transcript_ForkedMidway_HashesAsBouncyCastleDoes(int algorithm)
    {
        var ours = DotNetTlsCrypto.Instance.CreateHash(algorithm);
        var theirs = BouncyCastle.CreateHash(algorithm);
        Assert.IsType<DotNetTlsHash>(ours);

        ours.Update(Message, 0, 3000);
        theirs.Update(Message, 0, 3000);
        var oursFork = ours.CloneHash();
        var theirsFork = theirs.CloneHash();
        ours.Update(Message.AsSpan(3000));
        theirs.Update(Message.AsSpan(3000));

        // The fork saw only the first part; the original all of it; each is its own hash.
        Assert.Equal(theirsFork.CalculateHash(), oursFork.CalculateHash());
        Assert.Equal(theirs.CalculateHash(), ours.CalculateHash());
    }

    [Theory]
    [MemberData(nameof(Sha2))]
    public void CalculateHashAndReset_StartAgainFromNothing(int algorithm)
    {
        var hash = DotNetTlsCrypto.Instance.CreateHash(algorithm);
        var empty = BouncyCastle.CreateHash(algorithm).CalculateHash();

        hash.Update(Message, 0, 100);
        var first = hash.CalculateHash();
        var afterCalculate = hash.CalculateHash();
        hash.Update(Message, 0, 100);
        hash.Reset();

        Assert.NotEqual(empty, first);
        Assert.Equal(empty, afterCalculate);
        Assert.Equal(empty, hash.CalculateHash());
    }

    [Fact]
    public void Md5AndSha1_StayBouncyCastles()
    {
        Assert.IsNotType<DotNetTlsHash>(DotNetTlsCrypto.Instance.CreateHash(CryptoHashAlgorithm.md5));
        Assert.IsNotType<DotNetTlsHash>(DotNetTlsCrypto.Instance.CreateHash(CryptoHashAlgorithm.sha1));
    }
}
