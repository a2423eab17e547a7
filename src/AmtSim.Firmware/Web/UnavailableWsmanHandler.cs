using System.Buffers;
using System.Text;
using AmtSim.Firmware.Wsman;

namespace AmtSim.Firmware.Web;

/// <summary>
/// Stands in where no WS-Man service is wired: every call gets HTTP 400 with a SOAP
/// ActionNotSupported fault. The listeners, TLS and Digest work fully in front of it.
/// </summary>
public sealed class UnavailableWsmanHandler : IWsmanHandler
{
    public static UnavailableWsmanHandler Instance { get; } = new();

    private static readonly byte[] Fault = Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a:Envelope xmlns:a=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:b=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">" +
        "<a:Header><b:Action a:mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2004/08/addressing/fault</b:Action></a:Header>" +
        "<a:Body><a:Fault><a:Code><a:Value>a:Sender</a:Value><a:Subcode><a:Value>b:ActionNotSupported</a:Value></a:Subcode></a:Code>" +
        "<a:Reason><a:Text xml:lang=\"en-US\">No WS-Man service is attached to this device.</a:Text></a:Reason></a:Fault></a:Body></a:Envelope>");

    public WsmanReply Handle(ReadOnlySequence<byte> body, WsmanCaller caller) => new(400, Fault);
}
