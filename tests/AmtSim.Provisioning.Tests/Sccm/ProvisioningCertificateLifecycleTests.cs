using System.Net;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Runtime.Time;
using AmtSim.Pki.Ca;
using AmtSim.Provisioning.Sccm;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Testing.Pki;
using Xunit;

namespace AmtSim.Provisioning.Tests.Sccm;

/// <summary>Seed 000: the daily expiry warning, the unload after expiry, the invalid reload, and the renewed certificate.</summary>
public sealed class ProvisioningCertificateLifecycleTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2009, 11, 19, 11, 35, 1, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("amtsim-sp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class NoDns : IDeviceNameResolver
    {
        public ValueTask<string?> ReverseLookupAsync(IPAddress address, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
    }

    private string WritePfx(string name, DateTimeOffset notAfter)
    {
        var chain = TestChain.Create(now: notAfter.AddYears(-1).AddDays(1));
        var leaf = chain.Leaf;
        var req = new CertificateRequest(leaf.SubjectName, chain.LeafKey, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        foreach (var e in leaf.Extensions)
        {
            req.CertificateExtensions.Add(e);
        }

        var renewed = req.Create(chain.Intermediate, notAfter.AddYears(-1), notAfter, [9, 9, 9]).CopyWithPrivateKey(chain.LeafKey);
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, new X509Certificate2Collection { renewed, chain.Intermediate, chain.Root }.Export(X509ContentType.Pkcs12, "pw")!);
        return path;
    }

    private static OobServicePoint NewServicePoint(string pfx, VirtualTimeProvider time)
    {
        var caChain = TestChain.Create(now: Start);
        var ca = new EnterpriseCa(caChain.Intermediate, time, 1);
        return new OobServicePoint(new OobServicePointOptions
        {
            Fqdn = "proscccm001.ch1.prodemolab.com",
            Address = IPAddress.Loopback,
            HelloPort = 0,
            ProvisioningPfxPath = pfx,
            ProvisioningPfxPassword = "pw",
            Ca = ca,
        }, time, new WorkTracker(), new NoDns());
    }

    [Fact]
    public async Task DailyCheck_CertificateExpiresThenIsRenewed_WritesSeed000LinesInOrder()
    {
        var time = new VirtualTimeProvider(Start);
        var expiring = WritePfx("old.pfx", Start.AddDays(4).AddMinutes(-1));
        await using var sp = NewServicePoint(expiring, time);
        await sp.StartAsync(CancellationToken.None);
        var thumb = sp.CurrentCredential!.Leaf.Thumbprint;

        time.Advance(TimeSpan.FromDays(4));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(sp.CurrentCredential);
        sp.ConfigureProvisioningCertificate(WritePfx("renewed.pfx", Start.AddYears(1)), "pw");

        var lines = sp.Log.Lines;
        Assert.Equal(
        [
            "Get certificate data from database.",
            $"Found new provision server certificate with hash {thumb}.",
            $"Error: The provisioning certificate with the thumbprint {thumb} will expire in 4 day(s). Please ensure that this certificate is renewed. (CertID = 1)",
            $"Error: The provisioning certificate with the thumbprint {thumb} will expire in 3 day(s). Please ensure that this certificate is renewed. (CertID = 1)",
            $"Error: The provisioning certificate with the thumbprint {thumb} will expire in 2 day(s). Please ensure that this certificate is renewed. (CertID = 1)",
            $"Error: The provisioning certificate with the thumbprint {thumb} will expire in 1 day(s). Please ensure that this certificate is renewed. (CertID = 1)",
            $"Remove unused provision certificate with hash {thumb} from memory.",
            "Get certificate data from database.",
            "Error: Invalid provision certificate. Check certificate binary and hash data. Check certificate validation time. (CertID = 1)",
            "Get certificate data from database.",
            $"Found new provision server certificate with hash {sp.CurrentCredential!.Leaf.Thumbprint}.",
        ], lines);
    }

    [Fact]
    public async Task DailyCheck_FortyDaysToExpiry_Raises7210ThenSwitchesTo7211UnderFifteen()
    {
        var time = new VirtualTimeProvider(Start);
        await using var sp = NewServicePoint(WritePfx("p.pfx", Start.AddDays(45).AddHours(1)), time);
        await sp.StartAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromDays(40));

        var ids = sp.StatusMessages.Select(m => m.Id).ToList();
        // Days left at day k is 46 - k: 7210 from day 6 (40 left) to day 31 (15 left), 7211 from day 32 (14 left) to day 40.
        Assert.Equal(35, ids.Count);
        Assert.All(ids.Take(26), id => Assert.Equal(7210, id));
        Assert.All(ids.Skip(26), id => Assert.Equal(7211, id));
        Assert.Equal(15, (int)Math.Ceiling((sp.CurrentCredential!.Leaf.NotAfter.ToUniversalTime() - sp.StatusMessages[25].At.UtcDateTime).TotalDays));
    }

    [Fact]
    public async Task Start_ExpiredCertificateConfigured_LogsInvalidAndLoadsNothing()
    {
        var time = new VirtualTimeProvider(Start);
        await using var sp = NewServicePoint(WritePfx("expired.pfx", Start.AddDays(-1)), time);

        await sp.StartAsync(CancellationToken.None);

        Assert.Null(sp.CurrentCredential);
        Assert.Equal(["Get certificate data from database.", "Error: Invalid provision certificate. Check certificate binary and hash data. Check certificate validation time. (CertID = 1)"], sp.Log.Lines);
    }

    [Fact]
    public async Task Start_CorruptPfx_LogsInvalid()
    {
        var time = new VirtualTimeProvider(Start);
        var path = Path.Combine(_dir, "corrupt.pfx");
        await File.WriteAllTextAsync(path, "not a pfx");
        await using var sp = NewServicePoint(path, time);

        await sp.StartAsync(CancellationToken.None);

        Assert.Null(sp.CurrentCredential);
        Assert.Contains(AmtOpMgrMessages.InvalidProvisionCert.Render(1), sp.Log.Lines);
    }
}
