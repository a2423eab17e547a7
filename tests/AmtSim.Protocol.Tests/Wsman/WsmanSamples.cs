using System.Text;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Protocol.Tests.Wsman;

/// <summary>Request bodies written for these tests in the shapes real clients send (default SOAP namespace, a:/w: prefixes, s:/wsa:/wsman: prefixes).</summary>
internal static class WsmanSamples
{
    public const string GeneralSettingsUri = "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings";
    public const string SoftwareIdentityUri = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_SoftwareIdentity";
    public const string HostBasedUri = "http://intel.com/wbem/wscim/1/ips-schema/1/IPS_HostBasedSetupService";

    /// <summary>Default-namespace envelope with a:/w: prefixes and a counter MessageID (MeshCentral's shape).</summary>
    public static string CounterStyle(string action, string resourceUri, string body, string messageId = "1", string extraHeaders = "")
        => "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
           + "<Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
           + $"xmlns:a=\"{WsmanNamespaces.Addressing}\" xmlns:w=\"{WsmanNamespaces.Wsman}\" xmlns=\"{WsmanNamespaces.Soap}\">"
           + $"<Header><a:Action>{action}</a:Action><a:To>/wsman</a:To><w:ResourceURI>{resourceUri}</w:ResourceURI>"
           + $"<a:MessageID>{messageId}</a:MessageID><a:ReplyTo><a:Address>{WsmanNamespaces.AnonymousRole}</a:Address></a:ReplyTo>"
           + $"<w:OperationTimeout>PT60S</w:OperationTimeout>{extraHeaders}</Header><Body>{body}</Body></Envelope>";

    /// <summary>Prefixed envelope with whitespace and a uuid MessageID (the shape of openwsman-based clients and wsl).</summary>
    public static string PrefixedStyle(string action, string resourceUri, string body, string selectors = "")
        => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           + $"<s:Envelope xmlns:s=\"{WsmanNamespaces.Soap}\" xmlns:wsa=\"{WsmanNamespaces.Addressing}\" xmlns:wsman=\"{WsmanNamespaces.Wsman}\" xmlns:wsen=\"{WsmanNamespaces.Enumeration}\">\n"
           + "  <s:Header>\n"
           + "    <wsa:To s:mustUnderstand=\"true\">http://127.0.0.2:16992/wsman</wsa:To>\n"
           + $"    <wsman:ResourceURI s:mustUnderstand=\"true\">{resourceUri}</wsman:ResourceURI>\n"
           + $"    <wsa:ReplyTo><wsa:Address s:mustUnderstand=\"true\">{WsmanNamespaces.AnonymousRole}</wsa:Address></wsa:ReplyTo>\n"
           + $"    <wsa:Action s:mustUnderstand=\"true\">{action}</wsa:Action>\n"
           + "    <wsman:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</wsman:MaxEnvelopeSize>\n"
           + "    <wsa:MessageID>uuid:8a9a3b4e-0d0c-4bd4-9f16-3d3a1c2b5e01</wsa:MessageID>\n"
           + "    <wsman:OptionSet><wsman:Option Name=\"ShowExtensions\">true</wsman:Option></wsman:OptionSet>\n"
           + selectors
           + "  </s:Header>\n"
           + $"  <s:Body>{body}</s:Body>\n"
           + "</s:Envelope>\n";

    public static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
