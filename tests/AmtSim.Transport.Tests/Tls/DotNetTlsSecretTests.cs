using AmtSim.Transport.Tls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Xunit;

namespace AmtSim.Transport.Tests.Tls;

public class DotNetTlsSecretTests
{
    private static readonly BcTlsCrypto BouncyCastle = new(new SecureRandom());
    private static readonly byte[] PreMaster = [.. Enumerable.Range(0, 48).Select(i => (byte)(i * 29 + 3))];
    private static readonly byte[] Seed = [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 7))];

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (var prf in new[] { PrfAlgorithm.tls_prf_sha256, PrfAlgorithm.tls_prf_sha384, PrfAlgorithm.tls_prf_legacy })
        {
            // Finished, one block, the AES-128-GCM key block, the master secret, several blocks and a partial one.
            foreach (var length in new[] { 12, 32, 40, 48, 100 })
            {
                data.Add(prf, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeriveUsingPrf_GivesBouncyCastlesBytes(int prf, int length)
    {
        var ours = DotNetTlsCrypto.Instance.CreateSecret(PreMaster);
        var theirs = BouncyCastle.CreateSecret(PreMaster);
        Assert.IsType<DotNetTlsSecret>(ours);

        var derived = ours.DeriveUsingPrf(prf, "master secret", Seed, length);

        Assert.IsType<DotNetTlsSecret>(derived);
        Assert.Equal(theirs.DeriveUsingPrf(prf, "master secret", Seed, length).Extract(), derived.Extract());
    }

    [Fact]
    public void MasterSecretThenKeyBlock_ChainsAsBouncyCastle()
    {
        var ours = DotNetTlsCrypto.Instance.CreateSecret(PreMaster).DeriveUsingPrf(PrfAlgorithm.tls_prf_sha256, "master secret", Seed, 48);
        var theirs = BouncyCastle.CreateSecret(PreMaster).DeriveUsingPrf(PrfAlgorithm.tls_prf_sha256, "master secret", Seed, 48);

        Assert.Equal(
            theirs.DeriveUsingPrf(PrfAlgorithm.tls_prf_sha256, "key expansion", Seed, 40).Extract(),
            ours.DeriveUsingPrf(PrfAlgorithm.tls_prf_sha256, "key expansion", Seed, 40).Extract());
    }
}
