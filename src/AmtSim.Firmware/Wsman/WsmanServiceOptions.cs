using System.Security.Cryptography.X509Certificates;
using AmtSim.Firmware.Validation;
using AmtSim.Protocol.Wsman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmtSim.Firmware.Wsman;

/// <summary>What a <see cref="WsmanService"/> is built with; every dependency can be replaced in tests.</summary>
public sealed record WsmanServiceOptions
{
    public static WsmanServiceOptions Default { get; } = new();

    public WsmanXmlLimits Limits { get; init; } = WsmanXmlLimits.Default;

    public IKeyPairSource KeySource { get; init; } = RsaKeyPairSource.Instance;

    /// <summary>Validator for host-based AddNextCertInChain (called when the root arrives).</summary>
    public ChainValidator Validator { get; init; } = static (chain, context) => ProvisioningCertificateValidator.Instance.Validate(chain, context);

    /// <summary>Open enumeration contexts kept per device; the oldest is dropped beyond this. [I]</summary>
    public int MaxOpenEnumerations { get; init; } = 16;

    /// <summary>Whether IPS_HostBasedSetupService allows activation (false: Setup/AdminSetup return 4 MethodDisabled).</summary>
    public bool HostBasedSetupEnabled { get; init; } = true;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
