using System.Xml.Linq;
using AmtSim.Testing;
using AmtSim.Testing.Web;
using Xunit;

namespace AmtSim.Interop.Tests.Web;

/// <summary>
/// <c>curl --digest</c> POSTs hand-written WS-Man Enumerate and Pull envelopes to a device running
/// the real WS-Man service on HTTP 16992 and reads the items back, page by page.
/// </summary>
public sealed class CurlWsmanInteropTests : IAsyncLifetime
{
    private const string Install = "apt-get install curl";
    private const string AmtSchema = "http://intel.com/wbem/wscim/1/amt-schema/1/";
    private const string CimSchema = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";
    private static readonly XNamespace Enumeration = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    private readonly ErrorCollectingLoggerFactory _logs = new();
    private WsmanDevice _device = null!;
    private int _messageId;

    public Task InitializeAsync()
    {
        _device = WsmanDevice.Start(_logs);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        _logs.AssertNoErrors();
    }

    private string Envelope(string action, string resourceUri, string body) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" +
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" " +
        "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\">" +
        "<s:Header>" +
        $"<a:Action s:mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2004/09/enumeration/{action}</a:Action>" +
        $"<a:To s:mustUnderstand=\"true\">{_device.HttpUrl}</a:To>" +
        $"<w:ResourceURI s:mustUnderstand=\"true\">{resourceUri}</w:ResourceURI>" +
        $"<a:MessageID s:mustUnderstand=\"true\">uuid:00000000-8086-0000-0000-{Interlocked.Increment(ref _messageId):D12}</a:MessageID>" +
        "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>" +
        "<w:OperationTimeout>PT60S</w:OperationTimeout>" +
        "</s:Header>" +
        $"<s:Body>{body}</s:Body></s:Envelope>";

    private async Task<(int Status, XDocument Reply)> PostAsync(string envelope, string user = "admin", string password = WsmanDevice.MebxPassword)
    {
        var result = await ExternalProgram.RunAsync("curl",
        [
            "-sS", "--digest", "-u", $"{user}:{password}", "-H", "Content-Type: application/soap+xml; charset=UTF-8",
            "--data-binary", "@-", "-w", "\n%{http_code}", _device.HttpUrl,
        ], stdin: envelope);
        Assert.True(result.ExitCode == 0, result.All);
        var cut = result.StdOut.LastIndexOf('\n');
        var status = int.Parse(result.StdOut[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return (status, XDocument.Parse(result.StdOut[..cut]));
    }

    /// <summary>Enumerate, then Pull one item at a time until EndOfSequence; returns every item and the number of Pulls.</summary>
    private async Task<(List<XElement> Items, int Pulls)> EnumerateAllAsync(string resourceUri)
    {
        var (status, opened) = await PostAsync(Envelope("Enumerate", resourceUri, "<n:Enumerate/>"));
        Assert.Equal(200, status);
        var context = opened.Descendants(Enumeration + "EnumerationContext").Single().Value;
        var items = new List<XElement>();
        var pulls = 0;
        while (true)
        {
            var (pullStatus, page) = await PostAsync(Envelope("Pull", resourceUri, $"<n:Pull><n:EnumerationContext>{context}</n:EnumerationContext><n:MaxElements>1</n:MaxElements></n:Pull>"));
            Assert.Equal(200, pullStatus);
            pulls++;
            items.AddRange(page.Descendants(Enumeration + "Items").Elements());
            if (page.Descendants(Enumeration + "EndOfSequence").Any())
            {
                Assert.Empty(page.Descendants(Enumeration + "EnumerationContext"));
                return (items, pulls);
            }

            context = page.Descendants(Enumeration + "EnumerationContext").Single().Value;
            Assert.True(pulls < 50, "the enumeration never ends");
        }
    }

    private static string Property(XElement item, string name) => item.Elements().Single(e => e.Name.LocalName == name).Value;

    [RequiresProgramFact("curl", Install)]
    public async Task CurlDigest_EnumeratePullGeneralSettings_GetsTheInstance()
    {
        var (items, pulls) = await EnumerateAllAsync(AmtSchema + "AMT_GeneralSettings");

        var item = Assert.Single(items);
        Assert.Equal("AMT_GeneralSettings", item.Name.LocalName);
        Assert.Equal(AmtSchema + "AMT_GeneralSettings", item.Name.NamespaceName);
        Assert.Equal("Intel(r) AMT: General Settings", Property(item, "ElementName"));
        Assert.Equal(_device.Device.DigestRealm, Property(item, "DigestRealm"));
        Assert.Equal(1, pulls);
    }

    [RequiresProgramFact("curl", Install)]
    public async Task CurlDigest_EnumeratePullSoftwareIdentity_PagesThroughEveryComponent()
    {
        var (items, pulls) = await EnumerateAllAsync(CimSchema + "CIM_SoftwareIdentity");

        var versions = items.ToDictionary(i => Property(i, "InstanceID"), i => Property(i, "VersionString"), StringComparer.Ordinal);
        Assert.Equal(11, versions.Count);
        Assert.Equal(11, pulls);
        Assert.Equal("16.1.25", versions["AMT"]);
        Assert.Equal("16.1.25", versions["AMT FW Core Version"]); // issue 15: three parts, the build in its own entry
    }

    [RequiresProgramFact("curl", Install)]
    public async Task CurlDigest_OptimizedEnumerate_ReturnsItemsInTheEnumerateResponse()
    {
        var body = "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32</w:MaxElements></n:Enumerate>";

        var (status, reply) = await PostAsync(Envelope("Enumerate", CimSchema + "CIM_SoftwareIdentity", body));

        Assert.Equal(200, status);
        XNamespace wsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
        Assert.Equal(11, reply.Descendants(wsman + "Items").Elements().Count());
        Assert.Single(reply.Descendants(wsman + "EndOfSequence"));
    }

    [RequiresProgramFact("curl", Install)]
    public async Task CurlDigest_UnknownResource_Gets400WithDestinationUnreachableFault()
    {
        var (status, reply) = await PostAsync(Envelope("Enumerate", AmtSchema + "AMT_NoSuchClass", "<n:Enumerate/>"));

        Assert.Equal(400, status);
        Assert.Contains(reply.Descendants(), e => e.Name.LocalName == "Value" && e.Value.EndsWith(":DestinationUnreachable", StringComparison.Ordinal));
    }
}
