using AmtSim.Provisioning.Sccm.Steps;
using AmtSim.Runtime.Faults;

namespace AmtSim.Scenarios.World.Faults;

/// <summary>
/// Where a fault can be injected and which kinds make sense there (issue 17 item 5): the device's
/// own network steps (DHCP, DNS), the hello as the service point reads it, the TLS handshake, every
/// WS-Man exchange of the initial provisioning (both halves) and the CA request. The fault matrix
/// (<c>amtsim bench faults</c>, docs/faults.md) is this table times the devices.
/// </summary>
public static class FaultPoints
{
    public const string Dhcp = "Dhcp";
    public const string Dns = "Dns";

    /// <summary>The WS-Man exchanges of an initial provisioning on a device whose clock agrees with the server's (so no SetHighAccuracyTime; DeleteTlsCredentialContext is renewal only).</summary>
    public static IReadOnlyList<ProvisioningStep> WsmanSteps { get; } =
    [
        ProvisioningStep.GetGeneralSettings, ProvisioningStep.EnumerateSoftwareIdentity, ProvisioningStep.GetSetupAndConfigurationService,
        ProvisioningStep.SetMebxPassword, ProvisioningStep.SetAdminAclEntry, ProvisioningStep.GetLowAccuracyTime,
        ProvisioningStep.GenerateKeyPair, ProvisioningStep.GetKeyPair, ProvisioningStep.GeneratePkcs10Request,
        ProvisioningStep.AddCertificate, ProvisioningStep.CreateTlsCredentialContext, ProvisioningStep.PutTlsSettings, ProvisioningStep.CommitChanges,
    ];

    /// <summary>Every step a fault can name, in the order a provisioning meets them.</summary>
    public static IReadOnlyList<string> Steps { get; } =
    [
        Dhcp, Dns, nameof(ProvisioningStep.Hello), nameof(ProvisioningStep.TlsHandshake),
        .. WsmanSteps.Take(9).Select(s => s.ToString()),
        nameof(ProvisioningStep.CaRequest),
        .. WsmanSteps.Skip(9).Select(s => s.ToString()),
    ];

    /// <summary>The (kind, side) pairs that apply at <paramref name="step"/>.</summary>
    public static IReadOnlyList<(FaultKind Kind, FaultSide Side)> At(string step) => step switch
    {
        Dhcp or Dns => [(FaultKind.Stall, FaultSide.Answer), (FaultKind.Garbage, FaultSide.Answer)],
        nameof(ProvisioningStep.Hello) => [(FaultKind.Reset, FaultSide.Request), (FaultKind.Stall, FaultSide.Request), (FaultKind.Garbage, FaultSide.Request)],
        nameof(ProvisioningStep.TlsHandshake) => [(FaultKind.Reset, FaultSide.Answer), (FaultKind.Stall, FaultSide.Answer), (FaultKind.Garbage, FaultSide.Answer), (FaultKind.Garbage, FaultSide.Request)],
        nameof(ProvisioningStep.CaRequest) => [(FaultKind.CaUnavailable, FaultSide.Answer), (FaultKind.Stall, FaultSide.Answer)],
        _ when Enum.TryParse<ProvisioningStep>(step, out var s) && WsmanSteps.Contains(s) =>
        [
            (FaultKind.Reset, FaultSide.Answer), (FaultKind.Stall, FaultSide.Answer), (FaultKind.Garbage, FaultSide.Answer),
            (FaultKind.ServerError, FaultSide.Answer), (FaultKind.SoapFault, FaultSide.Answer),
            (FaultKind.Reset, FaultSide.Request), (FaultKind.Stall, FaultSide.Request), (FaultKind.Garbage, FaultSide.Request),
        ],
        _ => [],
    };

    /// <summary>The side a fault at <paramref name="step"/> hits when the scenario does not say: the hello is the device's request, everything else an answer.</summary>
    public static FaultSide DefaultSide(string step) => step == nameof(ProvisioningStep.Hello) ? FaultSide.Request : FaultSide.Answer;

    public static bool Applies(string step, FaultKind kind, FaultSide side) => At(step).Contains((kind, side));

    /// <summary>Scenario-file names of the kinds (reset, stall, garbage, server-error, soap-fault, ca-unavailable).</summary>
    public static IReadOnlyDictionary<string, FaultKind> KindNames { get; } = new Dictionary<string, FaultKind>
    {
        ["reset"] = FaultKind.Reset,
        ["stall"] = FaultKind.Stall,
        ["garbage"] = FaultKind.Garbage,
        ["server-error"] = FaultKind.ServerError,
        ["soap-fault"] = FaultKind.SoapFault,
        ["ca-unavailable"] = FaultKind.CaUnavailable,
    };

    public static IReadOnlyDictionary<string, FaultSide> SideNames { get; } = new Dictionary<string, FaultSide>
    {
        ["answer"] = FaultSide.Answer,
        ["request"] = FaultSide.Request,
    };

    public static string NameOf(FaultKind kind) => KindNames.First(k => k.Value == kind).Key;

    public static string NameOf(FaultSide side) => SideNames.First(k => k.Value == side).Key;
}
