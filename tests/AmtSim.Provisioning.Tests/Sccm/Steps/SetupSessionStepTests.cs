using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Ca;
using AmtSim.Provisioning.Sccm;
using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Provisioning.Wsman;
using AmtSim.Runtime.Time;
using Xunit;

namespace AmtSim.Provisioning.Tests.Sccm.Steps;

/// <summary>
/// The provisioning task as a step machine (issue 13): a failure at each WS-Man step ends the task
/// at that step, with that step's lines from the step table, and nothing after it is called.
/// </summary>
public class SetupSessionStepTests
{
    private const string Fqdn = "amt-dev1.contoso.com";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The initial provisioning's WS-Man steps, in the order it runs them.</summary>
    private static readonly ProvisioningStep[] InitialSteps =
    [
        ProvisioningStep.GetGeneralSettings,
        ProvisioningStep.EnumerateSoftwareIdentity,
        ProvisioningStep.GetSetupAndConfigurationService,
        ProvisioningStep.SetMebxPassword,
        ProvisioningStep.SetAdminAclEntry,
        ProvisioningStep.GetLowAccuracyTime,
        ProvisioningStep.SetHighAccuracyTime,
        ProvisioningStep.GenerateKeyPair,
        ProvisioningStep.GetKeyPair,
        ProvisioningStep.GeneratePkcs10Request,
        ProvisioningStep.AddCertificate,
        ProvisioningStep.CreateTlsCredentialContext,
        ProvisioningStep.PutTlsSettings,
        ProvisioningStep.CommitChanges,
    ];

    public static TheoryData<ProvisioningStep> WsmanSteps() => new(InitialSteps);

    [Fact]
    public void StepTable_EntryIndex_IsItsStep()
    {
        Assert.Equal(Enum.GetValues<ProvisioningStep>(), StepTable.Entries.Select(e => e.Step));
    }

    [Fact]
    public async Task RunSetupSession_NoFailure_CallsEveryStepInOrderAndSucceeds()
    {
        var (servicePoint, log, _) = ServicePoint();
        var amt = new FakeAmtClient(failAt: null);

        var outcome = await servicePoint.RunSetupSessionAsync(amt, Facts(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(ProvisioningStep.Done, outcome.Step);
        Assert.Equal(InitialSteps, amt.Called);
        Assert.Equal(["ProvisionSucceeded", "ProvisionTaskEnd"], log.Entries.Select(e => e.Message.Id).ToList()[^2..]);
        Assert.Single(servicePoint.ProvisionedDevices);
    }

    [Theory]
    [MemberData(nameof(WsmanSteps))]
    public async Task RunSetupSession_StepFails_EndsAtThatStepWithItsLogLines(ProvisioningStep failing)
    {
        var (servicePoint, log, _) = ServicePoint();
        var amt = new FakeAmtClient(failing);

        var outcome = await servicePoint.RunSetupSessionAsync(amt, Facts(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(failing, outcome.Step);
        Assert.Equal(failing, amt.Called[^1]);
        var name = StepTable.For(failing).LogName;
        Assert.StartsWith(name + ": ", outcome.Detail, StringComparison.Ordinal);
        var ids = log.Entries.Select(e => e.Message.Id).ToList();
        Assert.Equal(["WsmanCallFailed", "CantFinishProvision", "ProvisionTaskEnd"], ids[^3..]);
        Assert.Contains(name, log.Entries[^3].Text, StringComparison.Ordinal);
        Assert.Contains("injected fault", log.Entries[^3].Text, StringComparison.Ordinal);
        Assert.Empty(servicePoint.ProvisionedDevices);
    }

    [Fact]
    public async Task RunSetupSession_CaLeavesRequestPending_EndsAtCaRequestAfterTheRetries()
    {
        var (servicePoint, log, time, work) = ServicePointWithClock(CaPolicyModule.Pending);
        var amt = new FakeAmtClient(failAt: null);

        var scope = work.Begin();
        var run = Task.Run(async () =>
        {
            using (scope)
            {
                return await servicePoint.RunSetupSessionAsync(amt, Facts(), CancellationToken.None);
            }
        });
        await VirtualClockDriver.RunAsync(time, work, Now.AddHours(1), stop: () => run.IsCompleted);

        var outcome = await run;
        Assert.Equal(ProvisioningStep.CaRequest, outcome.Step);
        Assert.DoesNotContain(ProvisioningStep.AddCertificate, amt.Called);
        Assert.Equal(5, log.Entries.Count(e => e.Message.Id == "RetryValidateClientCert"));
        Assert.Equal(["MissedDeviceCertificate", "CantFinishProvision", "ProvisionTaskEnd"], log.Entries.Select(e => e.Message.Id).ToList()[^3..]);
    }

    private static FailureFacts Facts() => new("00000000-0000-0000-0000-000000000001", Guid.Parse("00000000-0000-0000-0000-000000000001"), IPAddress.Parse("127.0.0.1"), Fqdn, "sccm01.contoso.com");

    private static (OobServicePoint ServicePoint, AmtOpMgrLog Log, VirtualTimeProvider Time) ServicePoint(CaPolicyModule? policy = null)
    {
        var (servicePoint, log, time, _) = ServicePointWithClock(policy);
        return (servicePoint, log, time);
    }

    private static (OobServicePoint ServicePoint, AmtOpMgrLog Log, VirtualTimeProvider Time, WorkTracker Work) ServicePointWithClock(CaPolicyModule? policy)
    {
        var time = new VirtualTimeProvider(Now);
        var work = new WorkTracker();
        var ca = new EnterpriseCa(CaCertificate(), time, 1, policy ?? CaPolicyModule.AutoIssue);
        var log = new AmtOpMgrLog(time);
        var servicePoint = new OobServicePoint(new OobServicePointOptions
        {
            Fqdn = "sccm01.contoso.com",
            Address = IPAddress.Loopback,
            HelloPort = 0,
            ProvisioningPfxPath = "unused.pfx",
            ProvisioningPfxPassword = "",
            Ca = ca,
        }, time, work, new NoResolver(), log);
        return (servicePoint, log, time, work);
    }

    private static X509Certificate2 CaCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Contoso Test Issuing CA, O=Contoso", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(5));
    }

    private sealed class NoResolver : IDeviceNameResolver
    {
        public ValueTask<string?> ReverseLookupAsync(IPAddress peer, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
    }

    /// <summary>An AMT that answers every call like a device in setup mode, except the one step it fails with a SOAP fault.</summary>
    private sealed class FakeAmtClient(ProvisioningStep? failAt) : IAmtClient
    {
        private readonly RSA _key = RSA.Create(2048);

        public List<ProvisioningStep> Called { get; } = [];

        public Task<string> GetDigestRealmAsync(CancellationToken ct) => Answer(ProvisioningStep.GetGeneralSettings, "Digest:0123");

        public Task EnumerateSoftwareIdentityAsync(CancellationToken ct) => Answer(ProvisioningStep.EnumerateSoftwareIdentity, 0);

        public Task GetSetupAndConfigurationServiceAsync(CancellationToken ct) => Answer(ProvisioningStep.GetSetupAndConfigurationService, 0);

        public Task SetMebxPasswordAsync(string password, CancellationToken ct) => Answer(ProvisioningStep.SetMebxPassword, 0);

        public Task SetAdminAclEntryExAsync(string user, string digestHa1Hex, CancellationToken ct) => Answer(ProvisioningStep.SetAdminAclEntry, 0);

        // A clock far from the server's, so the time is set too.
        public Task<long> GetLowAccuracyTimeAsync(CancellationToken ct) => Answer(ProvisioningStep.GetLowAccuracyTime, 0L);

        public Task SetHighAccuracyTimeAsync(long ta0, long tm1, long tm2, CancellationToken ct) => Answer(ProvisioningStep.SetHighAccuracyTime, 0);

        public Task<KeyPairRef> GenerateKeyPairAsync(int keyLength, CancellationToken ct) => Answer(ProvisioningStep.GenerateKeyPair, new KeyPairRef("Intel(r) AMT Key: Handle: 0", []));

        public Task<byte[]> GetPublicKeyAsync(KeyPairRef keyPair, CancellationToken ct) => Answer(ProvisioningStep.GetKeyPair, _key.ExportRSAPublicKey());

        public Task<byte[]> GeneratePkcs10Async(KeyPairRef keyPair, byte[] nullSignedRequest, CancellationToken ct)
            => Answer(ProvisioningStep.GeneratePkcs10Request, new CertificateRequest($"CN={Fqdn}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest());

        public Task<CertificateRef> AddCertificateAsync(byte[] certificateDer, CancellationToken ct) => Answer(ProvisioningStep.AddCertificate, new CertificateRef([]));

        public Task DeleteTlsCredentialContextAsync(CancellationToken ct) => Answer(ProvisioningStep.DeleteTlsCredentialContext, 0);

        public Task CreateTlsCredentialContextAsync(CertificateRef certificate, CancellationToken ct) => Answer(ProvisioningStep.CreateTlsCredentialContext, 0);

        public Task PutTlsSettingsAsync(bool mutualAuthentication, bool enabled, CancellationToken ct) => Answer(ProvisioningStep.PutTlsSettings, 0);

        public Task CommitChangesAsync(CancellationToken ct) => Answer(ProvisioningStep.CommitChanges, 0);

        private Task<T> Answer<T>(ProvisioningStep step, T value)
        {
            Called.Add(step);
            return step == failAt
                ? Task.FromException<T>(new WsmanException($"{step}: SOAP fault injected fault", 400, "b:DestinationUnreachable"))
                : Task.FromResult(value);
        }
    }
}
