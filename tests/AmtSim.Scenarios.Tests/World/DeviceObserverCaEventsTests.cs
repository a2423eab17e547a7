using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmtSim.Pki.Ca;
using AmtSim.Runtime.Time;
using AmtSim.Scenarios.Running;
using AmtSim.Scenarios.World;
using Xunit;

namespace AmtSim.Scenarios.Tests.World;

/// <summary>CA pending, issued and refused events in a device's timeline (issue 18 item 3).</summary>
public class DeviceObserverCaEventsTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<RSA> Key = new(() => RSA.Create(2048));

    private static EnterpriseCa NewCa(CaPolicyModule policy, VirtualTimeProvider time)
    {
        var req = new CertificateRequest("CN=Contoso Issuing CA", Key.Value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        var ca = new EnterpriseCa(req.CreateSelfSigned(Start.AddYears(-1), Start.AddYears(5)), time, seed: 3, policy);
        ca.AddTemplate(new CertificateTemplate("AMTApproved", TemplateVersion.V2, TimeSpan.FromDays(365), RequiresApproval: true));
        return ca;
    }

    private static byte[] Csr() => new CertificateRequest("CN=x", Key.Value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();

    private static readonly TimelineEvent[] Timeline =
    [
        new(Start, "TLS", "accepted from 127.0.0.1", true),
        new(Start, "WS-Man", "GeneratePKCS10RequestEx AMT_PublicKeyManagementService: ReturnValue 0", true),
        new(Start, "WS-Man", "AddCertificate AMT_PublicKeyManagementService: ReturnValue 0", true),
        new(Start.AddMinutes(1), "state", "In → Post (Committed)", true),
    ];

    [Fact]
    public void WithCaEvents_IssuedAtOnce_IsOneEventRightAfterThePkcs10Call()
    {
        var time = new VirtualTimeProvider(Start);
        var ca = NewCa(CaPolicyModule.AutoIssue, time);
        ca.Submit(Csr(), "ConfigMgrAMTWebServer", "amt1.contoso.com");

        var events = DeviceObserver.WithCaEvents(Timeline, ca.Requests);

        Assert.Equal(5, events.Count);
        Assert.Equal("CA", events[2].Kind);
        Assert.Equal("certificate request (template ConfigMgrAMTWebServer v2): issued at once", events[2].Text);
        Assert.True(events[2].Ok);
    }

    [Fact]
    public void WithCaEvents_TemplateNeedsApproval_PendingThenIssuedAtTheManagersTime()
    {
        var time = new VirtualTimeProvider(Start);
        var ca = NewCa(CaPolicyModule.AutoIssue, time);
        var request = ca.Submit(Csr(), "AMTApproved", "amt1.contoso.com");
        time.Advance(TimeSpan.FromSeconds(50));
        ca.Approve(request.Id);

        var events = DeviceObserver.WithCaEvents(Timeline, ca.Requests);

        var ca1 = events.Where(e => e.Kind == "CA").ToList();
        Assert.Equal(["certificate request (template AMTApproved v2): pending, Taken Under Submission (the template requires CA manager approval)", "certificate request issued by a CA manager"], ca1.Select(e => e.Text));
        Assert.Equal([false, true], ca1.Select(e => e.Ok));
        Assert.Equal(Start.AddSeconds(50), ca1[1].At);
        Assert.Equal(events.OrderBy(e => e.At).Select(e => e.Text), events.Select(e => e.Text));
    }

    [Fact]
    public void WithCaEvents_Denied_IsARefusedEvent()
    {
        var time = new VirtualTimeProvider(Start);
        var ca = NewCa(CaPolicyModule.Pending, time);
        var request = ca.Submit(Csr(), "WebServer", "amt1.contoso.com");
        time.Advance(TimeSpan.FromSeconds(10));
        ca.Deny(request.Id);

        var events = DeviceObserver.WithCaEvents(Timeline, ca.Requests);

        var refused = Assert.Single(events, e => e.Kind == "CA" && !e.Text.Contains("pending", StringComparison.Ordinal));
        Assert.Equal(("certificate request refused: Denied by Policy Module", false), (refused.Text, refused.Ok));
        Assert.Contains(events, e => e.Text.EndsWith("(the CA's policy module leaves every request pending)", StringComparison.Ordinal));
    }
}
