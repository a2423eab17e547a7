using System.Globalization;
using AmtSim.Firmware.Device;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman;

/// <summary>One call as a class sees it: the request, the device, its WS-Man state, the caller and the service options.</summary>
public sealed class WsmanCall(WsmanRequest request, AmtDevice device, WsmanCaller caller, WsmanServiceOptions options)
{
    public WsmanRequest Request { get; } = request;

    public AmtDevice Device { get; } = device;

    public WsmanDeviceState State => Device.WsmanState;

    public WsmanCaller Caller { get; } = caller;

    public WsmanServiceOptions Options { get; } = options;

    /// <summary>The body element (the class element of a Put/Create, the Method_INPUT of an invoke).</summary>
    public WsmanElement? Input => Request.Body;

    /// <summary>Trimmed text of an input parameter, or null when absent.</summary>
    public string? Text(string name) => Input?.ChildText(name);

    public EndpointReference? Reference(string name)
        => Input?.Child(name) is { } element ? EndpointReference.FromElement(element) : null;

    public bool TryUInt(string name, out uint value)
        => uint.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>xs:boolean: true/false/1/0.</summary>
    public bool? Bool(string name) => Text(name) switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    /// <summary>Decodes a base64 parameter; null when absent or not base64.</summary>
    public byte[]? Base64(string name)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
