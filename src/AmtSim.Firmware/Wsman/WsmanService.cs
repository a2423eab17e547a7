using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman.Classes;
using AmtSim.Protocol.Wsman;
using Microsoft.Extensions.Logging;

namespace AmtSim.Firmware.Wsman;

/// <summary>
/// The WS-Man endpoint of one <see cref="AmtDevice"/>: parses the envelope, finds the class,
/// applies <see cref="StateRules"/>, runs Get/Put/Enumerate/Pull/Invoke/Create/Delete, writes the
/// reply (HTTP 200, or 400 with a SOAP fault) and records every call in the device's audit trail.
/// </summary>
public sealed partial class WsmanService : IWsmanHandler
{
    private readonly AmtDevice _device;
    private readonly WsmanServiceOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, WsmanClass> _classes;

    public WsmanService(AmtDevice device, WsmanServiceOptions? options = null)
    {
        _device = device;
        _options = options ?? WsmanServiceOptions.Default;
        _logger = _options.LoggerFactory.CreateLogger<WsmanService>();
        _classes = AllClasses().ToDictionary(c => c.ResourceUri, StringComparer.Ordinal);
    }

    /// <summary>Every class the device serves.</summary>
    public static IReadOnlyList<WsmanClass> AllClasses() =>
    [
        new AmtGeneralSettings(),
        new CimSoftwareIdentity(),
        new AmtSetupAndConfigurationService(),
        new AmtAuthorizationService(),
        new AmtTimeSynchronizationService(),
        new AmtPublicKeyManagementService(),
        new AmtPublicKeyCertificate(),
        new AmtPublicPrivateKeyPair(),
        new AmtTlsSettingData(),
        new AmtTlsCredentialContext(),
        new AmtEthernetPortSettings(),
        new IpsHostBasedSetupService(),
        new IpsIeee8021xSettings(),
        new CimWiFiEndpointSettings(),
        new IpsHttpProxyAccessPoint(),
        new AmtRemoteAccessPolicyRule(),
        new AmtManagementPresenceRemoteSap(),
        new AmtEnvironmentDetectionSettingData(),
        new AmtRedirectionService(),
        new IpsOptInService(),
        new CimKvmRedirectionSap(),
        new CimComputerSystemPackage(),
        new CimSystemPackaging(),
        new CimComputerSystem(),
        new CimChassis(),
        new CimCard(),
        new CimPhysicalPackage(),
        new CimBiosElement(),
        new CimProcessor(),
        new CimChip(),
        new CimPhysicalMemory(),
        new CimMediaAccessDevice(),
        new CimPowerManagementService(),
        new CimAssociatedPowerManagementService(),
        new CimServiceAvailableToElement(),
        new IpsPowerManagementService(),
        new AmtBootCapabilities(),
        new AmtBootSettingData(),
        new CimBootService(),
        new CimBootConfigSetting(),
        new AmtAuditLog(),
        new AmtRemoteAccessService(),
        new AmtRemoteAccessPolicyAppliesToMps(),
        new AmtUserInitiatedConnectionService(),
        new AmtMpsUsernamePassword(),
        new AmtRemoteAccessCredentialContext(),
    ];

    /// <summary>Classes whose successful writes change what the CIRA agent dials (it re-evaluates after them).</summary>
    private static readonly HashSet<string> CiraClasses = new(StringComparer.Ordinal)
    {
        "AMT_RemoteAccessService", "AMT_RemoteAccessPolicyRule", "AMT_ManagementPresenceRemoteSAP", "AMT_EnvironmentDetectionSettingData",
        "AMT_MPSUsernamePassword", "AMT_PublicKeyManagementService", "AMT_PublicKeyCertificate", "AMT_SetupAndConfigurationService",
    };

    public AmtDevice Device => _device;

    public WsmanReply Handle(ReadOnlySequence<byte> body, WsmanCaller caller)
    {
        using var profile = AmtSim.Runtime.Profiling.PhaseProfiler.Enter(AmtSim.Runtime.Profiling.ProfilePhase.DeviceWsman);
        var state = _device.WsmanState;
        var messageId = state.NextMessageId();
        WsmanRequest request;
        try
        {
            request = WsmanRequest.Parse(body, _options.Limits);
        }
        catch (WsmanParseException ex)
        {
            Log.RequestRejected(_logger, _device.Identity.Uuid, caller.Remote, ex.Error, ex.Message);
            var kind = ex.Error is WsmanParseError.TooLarge or WsmanParseError.LimitExceeded ? WsmanFaultKind.EncodingLimit : WsmanFaultKind.SchemaValidationError;
            var fault = new WsmanFault(kind, ex.Message);
            _device.Audit.Add(new WsmanCallAudit(_device.Clock.Now, "(unparsed)", "", fault.ToString(), false));
            return new WsmanReply(400, WsmanResponseWriter.Fault("", messageId, fault));
        }

        var relatesTo = request.MessageId ?? "";
        if (request.NotUnderstoodHeaders.Count > 0)
        {
            var fault = new WsmanFault(WsmanFaultKind.MustUnderstand, "not understood: " + string.Join(", ", request.NotUnderstoodHeaders));
            var refused = "fault " + fault;
            var refusedCall = ShortName(request.Action);
            _device.Audit.Add(new WsmanCallAudit(_device.Clock.Now, refusedCall, request.ClassName, refused, false));
            Log.CallHandled(_logger, _device.Identity.Uuid, refusedCall, request.ClassName, refused);
            return new WsmanReply(400, WsmanResponseWriter.Fault(relatesTo, messageId, fault));
        }

        string callName;
        string className;
        WsmanReply reply;
        string outcome;
        bool succeeded;
        lock (state.Gate)
        {
            var call = new WsmanCall(request, _device, caller, _options);
            (callName, className, reply, outcome, succeeded) = Dispatch(call, relatesTo, messageId);
        }

        _device.Audit.Add(new WsmanCallAudit(_device.Clock.Now, callName, className, outcome, succeeded));
        Log.CallHandled(_logger, _device.Identity.Uuid, callName, className, outcome);
        if (succeeded && callName is not ("Get" or "Enumerate" or "Pull" or "Release") && CiraClasses.Contains(className))
        {
            _device.NotifyCiraConfigurationChanged();
        }

        return reply;
    }

    private (string Call, string Class, WsmanReply Reply, string Outcome, bool Succeeded) Dispatch(WsmanCall call, string relatesTo, string messageId)
    {
        var request = call.Request;
        var action = request.Action;

        if (action is WsmanActions.Pull or WsmanActions.Release)
        {
            return Continue(call, relatesTo, messageId);
        }

        var operation = action switch
        {
            WsmanActions.Get => WsmanOperation.Get,
            WsmanActions.Put => WsmanOperation.Put,
            WsmanActions.Create => WsmanOperation.Create,
            WsmanActions.Delete => WsmanOperation.Delete,
            WsmanActions.Enumerate => WsmanOperation.Enumerate,
            _ => WsmanOperation.Invoke,
        };

        if (request.ResourceUri is null || !_classes.TryGetValue(request.ResourceUri, out var cls))
        {
            var what = request.ResourceUri is null ? "the request has no wsman:ResourceURI" : $"unknown resource {request.ResourceUri}";
            return FaultReply(ShortName(action), request.ClassName, relatesTo, messageId, new WsmanFault(WsmanFaultKind.DestinationUnreachable, what));
        }

        string callName;
        if (operation == WsmanOperation.Invoke)
        {
            var prefix = cls.ResourceUri + "/";
            callName = action.StartsWith(prefix, StringComparison.Ordinal) ? action[prefix.Length..] : "";
            if (!cls.Methods.Contains(callName))
            {
                return FaultReply(ShortName(action), cls.ClassName, relatesTo, messageId, new WsmanFault(WsmanFaultKind.ActionNotSupported, $"{cls.ClassName} does not support action {action}"));
            }
        }
        else
        {
            callName = operation.ToString();
            if (operation is not (WsmanOperation.Get or WsmanOperation.Enumerate) && !cls.Operations.Contains(operation))
            {
                return FaultReply(callName, cls.ClassName, relatesTo, messageId, new WsmanFault(WsmanFaultKind.ActionNotSupported, $"{cls.ClassName} does not support {callName}"));
            }
        }

        var rule = StateRules.Find(cls.ClassName, callName);
        var deviceState = _device.State;
        if (rule is null || !rule.Allows(deviceState))
        {
            var why = rule is null ? $"{cls.ClassName}.{callName} has no state rule" : $"{cls.ClassName}.{callName} is not allowed in state {deviceState} (allowed: {rule.Allowed})";
            if (rule?.DeniedReturnValue is { } denied && operation == WsmanOperation.Invoke)
            {
                return Render(callName, cls, relatesTo, messageId, new OutputResult(denied, [], why));
            }

            return FaultReply(callName, cls.ClassName, relatesTo, messageId, new WsmanFault(WsmanFaultKind.AccessDenied, why));
        }

        WsmanResult result;
        try
        {
            result = operation switch
            {
                WsmanOperation.Get => cls.Get(call),
                WsmanOperation.Put => RequireBody(call, cls) ?? cls.Put(call),
                WsmanOperation.Create => RequireBody(call, cls) ?? cls.Create(call),
                WsmanOperation.Delete => cls.Delete(call),
                WsmanOperation.Enumerate => Enumerate(call, cls),
                _ => cls.Invoke(callName, call),
            };
        }
        catch (CryptographicException ex)
        {
            Log.CallFailed(_logger, ex, _device.Identity.Uuid, callName, cls.ClassName);
            result = WsmanResult.Fault(WsmanFaultKind.InternalError, ex.Message);
        }
        catch (Exception ex)
        {
            // The device keeps serving: a defect in one call becomes an InternalError fault, logged as an error.
            Log.CallCrashed(_logger, ex, _device.Identity.Uuid, callName, cls.ClassName);
            result = WsmanResult.Fault(WsmanFaultKind.InternalError, $"{ex.GetType().Name}: {ex.Message}");
        }

        return Render(callName, cls, relatesTo, messageId, result);
    }

    /// <summary>Put and Create carry the instance: a body element named after the class, in the class's namespace.</summary>
    private static FaultResult? RequireBody(WsmanCall call, WsmanClass cls) => call.Input switch
    {
        null => new FaultResult(new WsmanFault(WsmanFaultKind.InvalidParameter, $"{cls.ClassName}: the request body is empty")),
        { } body when body.LocalName != cls.ClassName || body.NamespaceUri != cls.ResourceUri
            => new FaultResult(new WsmanFault(WsmanFaultKind.InvalidParameter, $"the body carries {body}, expected {{{cls.ResourceUri}}}{cls.ClassName}")),
        _ => null,
    };

    private WsmanResult Enumerate(WsmanCall call, WsmanClass cls)
    {
        var id = call.State.OpenEnumeration(cls.ResourceUri, cls.Instances(call), _options.MaxOpenEnumerations);
        if (!call.Request.OptimizeEnumeration)
        {
            return new EnumerationOpened(id, null);
        }

        var (page, next) = TakePage(call.State, id, call.Request.MaxElements ?? 1);
        return new EnumerationOpened(next, page);
    }

    /// <summary>Takes up to <paramref name="max"/> items; closes the enumeration and returns a null context when none remain.</summary>
    private static (List<WsmanInstance> Page, string? Next) TakePage(WsmanDeviceState state, string context, int max)
    {
        var open = state.Enumerations[context];
        var page = new List<WsmanInstance>(Math.Min(max, open.Remaining.Count));
        while (page.Count < max && open.Remaining.TryDequeue(out var item))
        {
            page.Add(item);
        }

        if (open.Remaining.Count == 0)
        {
            state.Enumerations.Remove(context);
            return (page, null);
        }

        return (page, context);
    }

    private (string, string, WsmanReply, string, bool) Continue(WsmanCall call, string relatesTo, string messageId)
    {
        var request = call.Request;
        var callName = request.Action == WsmanActions.Pull ? "Pull" : "Release";
        if (request.EnumerationContext is not { } context || !call.State.Enumerations.TryGetValue(context, out var open))
        {
            return FaultReply(callName, request.ClassName, relatesTo, messageId, new WsmanFault(WsmanFaultKind.InvalidEnumerationContext, $"no open enumeration '{request.EnumerationContext}'"));
        }

        var className = WsmanNamespaces.ClassNameOf(open.ResourceUri);
        var header = new WsmanReplyHeader(request.Action + "Response", relatesTo, messageId, open.ResourceUri);
        if (callName == "Release")
        {
            call.State.Enumerations.Remove(context);
            return (callName, className, new WsmanReply(200, WsmanResponseWriter.ReleaseResponse(header)), "released", true);
        }

        var (page, next) = TakePage(call.State, context, request.MaxElements ?? 1);
        var outcome = string.Create(CultureInfo.InvariantCulture, $"{page.Count} item(s){(next is null ? ", end of sequence" : "")}");
        return (callName, className, new WsmanReply(200, WsmanResponseWriter.PullResponse(header, open.ResourceUri, page, next)), outcome, true);
    }

    private static (string, string, WsmanReply, string, bool) Render(string callName, WsmanClass cls, string relatesTo, string messageId, WsmanResult result)
    {
        WsmanReplyHeader Header(string action) => new(action, relatesTo, messageId, cls.ResourceUri);
        switch (result)
        {
            case FaultResult fault:
                return FaultReply(callName, cls.ClassName, relatesTo, messageId, fault.Error);
            case InstanceResult instance when callName == "Put":
                return (callName, cls.ClassName, new WsmanReply(200, WsmanResponseWriter.PutResponse(Header(WsmanActions.PutResponse), instance.Instance)), "ok", true);
            case InstanceResult instance:
                return (callName, cls.ClassName, new WsmanReply(200, WsmanResponseWriter.GetResponse(Header(WsmanActions.GetResponse), instance.Instance)), "ok", true);
            case EnumerationOpened { Items: null } opened:
                return (callName, cls.ClassName, new WsmanReply(200, WsmanResponseWriter.EnumerateResponse(Header(WsmanActions.EnumerateResponse), opened.Context!)), "context " + opened.Context, true);
            case EnumerationOpened opened:
                var optimized = WsmanResponseWriter.OptimizedEnumerateResponse(Header(WsmanActions.EnumerateResponse), cls.ResourceUri, opened.Items, opened.Context);
                return (callName, cls.ClassName, new WsmanReply(200, optimized), $"{opened.Items.Count} item(s){(opened.Context is null ? ", end of sequence" : ", context " + opened.Context)}", true);
            case CreatedResult created:
                return (callName, cls.ClassName, new WsmanReply(200, WsmanResponseWriter.CreateResponse(Header(WsmanActions.CreateResponse), created.Created)), "created " + created.Created, true);
            case DeletedResult:
                return (callName, cls.ClassName, new WsmanReply(200, WsmanResponseWriter.DeleteResponse(Header(WsmanActions.DeleteResponse))), "deleted", true);
            case OutputResult output:
                var properties = new List<WsmanProperty>(output.Properties) { WsmanProperty.Of("ReturnValue", output.ReturnValue) };
                var body = WsmanResponseWriter.InvokeResponse(Header(cls.ResourceUri + "/" + callName + "Response"), cls.ResourceUri, callName, properties);
                var outcome = string.Create(CultureInfo.InvariantCulture, $"ReturnValue {output.ReturnValue}{(string.IsNullOrEmpty(output.Note) ? "" : " (" + output.Note + ")")}");
                return (callName, cls.ClassName, new WsmanReply(200, body), outcome, output.ReturnValue == 0);
            default:
                throw new InvalidOperationException($"unexpected result {result.GetType().Name}");
        }
    }

    private static (string, string, WsmanReply, string, bool) FaultReply(string callName, string className, string relatesTo, string messageId, WsmanFault fault)
        => (callName, className, new WsmanReply(400, WsmanResponseWriter.Fault(relatesTo, messageId, fault)), "fault " + fault, false);

    private static string ShortName(string action)
    {
        var slash = action.LastIndexOf('/');
        return slash < 0 ? action : action[(slash + 1)..];
    }

    /// <summary>An opened enumeration: its context (null when an optimized enumeration already ended) and, when optimized, the first items.</summary>
    private sealed record EnumerationOpened(string? Context, IReadOnlyList<WsmanInstance>? Items) : WsmanResult;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Device {DeviceUuid}: WS-Man {Call} {ClassName}: {Outcome}")]
        public static partial void CallHandled(ILogger logger, Guid deviceUuid, string call, string className, string outcome);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Device {DeviceUuid}: WS-Man request from {Remote} rejected ({Error}): {Detail}")]
        public static partial void RequestRejected(ILogger logger, Guid deviceUuid, string remote, WsmanParseError error, string detail);

        [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Device {DeviceUuid}: WS-Man {Call} {ClassName} failed in a cryptographic operation")]
        public static partial void CallFailed(ILogger logger, Exception exception, Guid deviceUuid, string call, string className);

        [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "Device {DeviceUuid}: WS-Man {Call} {ClassName} threw")]
        public static partial void CallCrashed(ILogger logger, Exception exception, Guid deviceUuid, string call, string className);

        // Block 2200-2299 (docs/ARCHITECTURE.md); highest id: 2204
    }
}
