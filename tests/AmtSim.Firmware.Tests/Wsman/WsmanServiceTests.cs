using System.Text;
using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman;
using AmtSim.Protocol.Wsman;
using Xunit;

namespace AmtSim.Firmware.Tests.Wsman;

public class WsmanServiceTests
{
    [Fact]
    public void Get_GeneralSettings_ReturnsPreProvisioningValues()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var reply = client.Get("AMT_GeneralSettings");

        Assert.Equal(200, reply.Status);
        Assert.Equal("Intel(r) AMT: General Settings", reply.Text("ElementName"));
        Assert.Equal("1", reply.Text("AMTNetworkEnabled"));
        Assert.Equal("1440", reply.Text("DDNSPeriodicUpdateInterval"));
        Assert.Equal("900", reply.Text("DDNSTTL"));
        Assert.Equal("65535", reply.Text("IdleWakeTimeout"));
        Assert.Equal("true", reply.Text("SharedFQDN"));
        Assert.Equal("false", reply.Text("WsmanOnlyMode"));
        Assert.Equal("", reply.Text("HostName"));
        Assert.Equal("", reply.Text("DomainName"));
        Assert.Equal(device.DigestRealm, reply.Text("DigestRealm"));
        Assert.Matches("^Digest:[0-9A-F]{32}$", reply.Text("DigestRealm"));
    }

    [Fact]
    public void Handle_Reply_IsCompactWithRelatesToAndCountingMessageIds()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var first = client.Get("AMT_GeneralSettings");
        var second = client.Get("AMT_GeneralSettings");

        Assert.DoesNotContain('\n', first.Raw);
        Assert.Equal("1", first.RelatesTo);
        Assert.Equal("2", second.RelatesTo);
        Assert.Matches("^uuid:00000000-8086-8086-8086-[0-9A-F]{12}$", first.MessageId);
        Assert.Equal(Convert.ToInt64(first.MessageId![^12..], 16) + 1, Convert.ToInt64(second.MessageId![^12..], 16));
    }

    [Fact]
    public void EnumeratePull_SoftwareIdentityInPagesOfFour_LastPageHasEndOfSequenceAndNoContext()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var (items, pages) = client.EnumerateAll("CIM_SoftwareIdentity", maxElements: 4);

        Assert.Equal([4, 4, 3], pages.Select(p => p.Items("CIM_SoftwareIdentity").Count()));
        Assert.All(pages[..^1], p => Assert.False(p.EndOfSequence));
        Assert.All(pages[..^1], p => Assert.NotNull(p.Text("EnumerationContext")));
        Assert.True(pages[^1].EndOfSequence);
        Assert.Null(pages[^1].Text("EnumerationContext"));
        var versions = items.ToDictionary(i => i.Elements().First(e => e.Name.LocalName == "InstanceID").Value, i => i.Elements().First(e => e.Name.LocalName == "VersionString").Value);
        Assert.Equal("11.8.50", versions["AMT"]);
        Assert.Equal("3425", versions["Build Number"]);
        Assert.Equal("16392", versions["Sku"]);
    }

    // Issue 15: real devices give three-part versions and the build in its own entries.
    [Fact]
    public void Enumerate_SoftwareIdentity_CoreVersionHasThreePartsAndBuildItsOwnEntry()
    {
        var (device, _) = TestDevices.Create(firmware: "16.1.25.2124");
        var items = TestDevices.Client(device).EnumerateAll("CIM_SoftwareIdentity").Items;

        var versions = items.ToDictionary(i => i.Elements().First(e => e.Name.LocalName == "InstanceID").Value, i => i.Elements().First(e => e.Name.LocalName == "VersionString").Value);
        Assert.Equal("16.1.25", versions["AMT FW Core Version"]);
        Assert.Equal("2124", versions["Build Number"]);
        Assert.All(versions.Where(v => v.Key.Contains("Version", StringComparison.Ordinal)), v => Assert.Matches(@"^\d+\.\d+\.\d+$", v.Value));
    }

    // Issue 15: an unknown header marked mustUnderstand="true" was accepted silently.
    [Fact]
    public void Handle_UnknownMustUnderstandHeader_Http400MustUnderstandAndNothingRuns()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);
        var header = $"<x:Trace xmlns:x=\"urn:example:trace\" xmlns:s=\"{WsmanNamespaces.Soap}\" s:mustUnderstand=\"true\">1</x:Trace>";

        var reply = client.Send(client.Envelope(WsmanActions.Put, WsmanTestClient.Uri("AMT_GeneralSettings"), $"<r:AMT_GeneralSettings xmlns:r=\"{WsmanTestClient.Uri("AMT_GeneralSettings")}\"><r:HostName>x</r:HostName></r:AMT_GeneralSettings>", header));

        Assert.Equal(400, reply.Status);
        Assert.Equal("a:MustUnderstand", reply.Text("Value"));
        Assert.Null(reply.Subcode);
        Assert.Null(device.WsmanState.GeneralSettings);
        Assert.Contains("urn:example:trace", device.Audit.OfType<WsmanCallAudit>()[^1].Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_WithoutMaxElements_ReturnsOneItemPerPage()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);
        var context = client.Enumerate("AMT_GeneralSettings").Text("EnumerationContext")!;

        var page = client.Pull("AMT_GeneralSettings", context);

        Assert.Single(page.Items("AMT_GeneralSettings"));
        Assert.True(page.EndOfSequence);
    }

    [Fact]
    public void Pull_FinishedContext_FaultsInvalidEnumerationContext()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);
        var context = client.Enumerate("AMT_GeneralSettings").Text("EnumerationContext")!;
        Assert.True(client.Pull("AMT_GeneralSettings", context, 10).EndOfSequence);

        var again = client.Pull("AMT_GeneralSettings", context, 10);

        Assert.Equal(400, again.Status);
        Assert.Equal("c:InvalidEnumerationContext", again.Subcode);
    }

    [Fact]
    public void Enumerate_BeyondOpenLimit_DropsOldestContext()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, options: TestDevices.Options with { MaxOpenEnumerations = 2 });
        var first = client.Enumerate("CIM_SoftwareIdentity").Text("EnumerationContext")!;
        var second = client.Enumerate("CIM_SoftwareIdentity").Text("EnumerationContext")!;
        var third = client.Enumerate("CIM_SoftwareIdentity").Text("EnumerationContext")!;

        Assert.Equal(400, client.Pull("CIM_SoftwareIdentity", first).Status);
        Assert.Equal(200, client.Pull("CIM_SoftwareIdentity", second).Status);
        Assert.Equal(200, client.Pull("CIM_SoftwareIdentity", third).Status);
    }

    [Fact]
    public void Get_UnknownResource_Http400DestinationUnreachableAndAudited()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var reply = client.Send(client.Envelope(WsmanActions.Get, "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_NoSuchClass", ""));

        Assert.Equal(400, reply.Status);
        Assert.Equal("b:DestinationUnreachable", reply.Subcode);
        Assert.Contains("AMT_NoSuchClass", device.Audit.OfType<WsmanCallAudit>()[^1].Outcome, StringComparison.Ordinal);
        Assert.Equal("", reply.Text("Detail")); // issue 15: real AMT sends soap:Detail empty
        var audit = Assert.Single(device.Audit.OfType<WsmanCallAudit>());
        Assert.False(audit.Succeeded);
        Assert.Equal("AMT_NoSuchClass", audit.ResourceClass);
        Assert.Contains("DestinationUnreachable", audit.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_UnknownMethod_Http400ActionNotSupported()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var reply = client.Invoke("AMT_SetupAndConfigurationService", "SelfDestruct");

        Assert.Equal(400, reply.Status);
        Assert.Equal("b:ActionNotSupported", reply.Subcode);
    }

    [Fact]
    public void Put_OnReadOnlyClass_Http400ActionNotSupported()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var reply = client.Put("CIM_SoftwareIdentity", "<r:VersionString>1</r:VersionString>");

        Assert.Equal(400, reply.Status);
        Assert.Equal("b:ActionNotSupported", reply.Subcode);
    }

    [Fact]
    public void Put_EthernetPortSettings_EchoesWrittenValuesAndKeepsThem()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        var client = TestDevices.Client(device);
        var written = "<r:DHCPEnabled>false</r:DHCPEnabled><r:IPAddress>127.0.5.9</r:IPAddress><r:SubnetMask>255.255.0.0</r:SubnetMask>"
                      + "<r:DefaultGateway>127.0.0.1</r:DefaultGateway><r:PrimaryDNS>127.0.0.53</r:PrimaryDNS><r:SharedStaticIp>true</r:SharedStaticIp>"
                      + "<r:ElementName>Intel(r) AMT Ethernet Port Settings</r:ElementName><r:InstanceID>Intel(r) AMT Ethernet Port Settings 0</r:InstanceID>";

        var reply = client.Put("AMT_EthernetPortSettings", written, ("InstanceID", "Intel(r) AMT Ethernet Port Settings 0"));

        Assert.Equal(200, reply.Status);
        Assert.Contains(WsmanActions.PutResponse, reply.Raw, StringComparison.Ordinal);
        Assert.Equal("false", reply.Text("DHCPEnabled"));
        Assert.Equal("127.0.5.9", reply.Text("IPAddress"));
        Assert.Equal("255.255.0.0", reply.Text("SubnetMask"));
        Assert.Equal("true", reply.Text("SharedStaticIp"));
        Assert.Equal("127.0.0.53", client.Get("AMT_EthernetPortSettings").Text("PrimaryDNS"));
        Assert.Equal("00-1b-21-0a-0b-0c", reply.Text("MACAddress"));
    }

    [Fact]
    public void Put_GeneralSettingsHostName_StoredAndReturnedByGet()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        var client = TestDevices.Client(device);

        var reply = client.Put("AMT_GeneralSettings", "<r:HostName>pc1</r:HostName><r:DomainName>contoso.com</r:DomainName>");

        Assert.Equal("pc1", reply.Text("HostName"));
        Assert.Equal("contoso.com", client.Get("AMT_GeneralSettings").Text("DomainName"));
        Assert.Equal("Intel(r) AMT: General Settings", reply.Text("ElementName"));
    }

    [Fact]
    public void Put_BodyOfAnotherClass_Http400InvalidParameter()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        var client = TestDevices.Client(device);
        var uri = WsmanTestClient.Uri("AMT_EthernetPortSettings");

        var reply = client.Send(client.Envelope(WsmanActions.Put, uri, $"<r:AMT_GeneralSettings xmlns:r=\"{WsmanTestClient.Uri("AMT_GeneralSettings")}\"><r:HostName>x</r:HostName></r:AMT_GeneralSettings>"));

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:InvalidParameter", reply.Subcode);
        Assert.Equal("", client.Get("AMT_GeneralSettings").Text("HostName"));
    }

    [Fact]
    public void Put_InPreProvisioning_Http400AccessDenied()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var reply = client.Put("AMT_EthernetPortSettings", "<r:DHCPEnabled>false</r:DHCPEnabled>");

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:AccessDenied", reply.Subcode);
        Assert.Contains("Pre", device.Audit.OfType<WsmanCallAudit>()[^1].Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_SelectorMatchingNoInstance_Http400InvalidSelectors()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var reply = client.Get("CIM_SoftwareIdentity", ("InstanceID", "Nope"));

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:InvalidSelectors", reply.Subcode);
        Assert.Equal("3425", client.Get("CIM_SoftwareIdentity", ("InstanceID", "Build Number")).Text("VersionString"));
    }

    [Fact]
    public void Handle_XxeBody_Http400AndNothingExpanded()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);
        var body = $"<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Envelope xmlns=\"{WsmanNamespaces.Soap}\"><Header/><Body>&x;</Body></Envelope>";

        var reply = client.Send(body);

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:SchemaValidationError", reply.Subcode);
        Assert.Contains("DTD", device.Audit.OfType<WsmanCallAudit>()[^1].Outcome, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", reply.Raw, StringComparison.Ordinal);
        Assert.False(Assert.Single(device.Audit.OfType<WsmanCallAudit>()).Succeeded);
    }

    [Fact]
    public void Handle_OversizeBody_Http400EncodingLimit()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, options: TestDevices.Options with { Limits = new WsmanXmlLimits { MaxBodyBytes = 4096 } });

        var reply = client.Send(Encoding.UTF8.GetBytes(client.Envelope(WsmanActions.Get, WsmanTestClient.Uri("AMT_GeneralSettings"), new string(' ', 5000))));

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:EncodingLimit", reply.Subcode);
    }

    [Fact]
    public void Handle_EveryCall_AppendsAuditWithActionClassAndResult()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        client.Get("AMT_GeneralSettings");
        client.Invoke("AMT_SetupAndConfigurationService", "CommitChanges");

        var audits = device.Audit.OfType<WsmanCallAudit>();
        Assert.Equal(2, audits.Count);
        Assert.Equal(("Get", "AMT_GeneralSettings", true), (audits[0].Action, audits[0].ResourceClass, audits[0].Succeeded));
        Assert.Equal(("CommitChanges", "AMT_SetupAndConfigurationService", false), (audits[1].Action, audits[1].ResourceClass, audits[1].Succeeded));
        Assert.StartsWith("ReturnValue 16", audits[1].Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void GetUuid_ReturnsDeviceUuidBytes()
    {
        var (device, _) = TestDevices.Create();
        var reply = TestDevices.Client(device).Invoke("AMT_SetupAndConfigurationService", "GetUuid");

        Assert.Equal(0u, reply.ReturnValue);
        Assert.Equal(device.Identity.Uuid, new Guid(Convert.FromBase64String(reply.Text("UUID")!)));
    }

    [Fact]
    public void TimeSynch_GetThenSetHighAccuracy_MovesDeviceClock()
    {
        var (device, time) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Clock.Offset = TimeSpan.FromMinutes(-3);
        var client = TestDevices.Client(device);

        var ta0 = long.Parse(client.Invoke("AMT_TimeSynchronizationService", "GetLowAccuracyTimeSynch").Text("Ta0")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((TestDevices.Start - TimeSpan.FromMinutes(3)).ToUnixTimeSeconds(), ta0);

        var serverNow = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var set = client.Invoke("AMT_TimeSynchronizationService", "SetHighAccuracyTimeSynch", ("Ta0", ta0.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Tm1", serverNow), ("Tm2", serverNow));

        Assert.Equal(0u, set.ReturnValue);
        Assert.Equal(TimeSpan.Zero, device.Clock.Offset);
    }

    [Fact]
    public void SetAdminAclEntryEx_Base64Digest_SetsAdminHa1()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        var ha1 = System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes($"admin:{device.DigestRealm}:P@ssw0rd!"));

        var reply = TestDevices.Client(device).Invoke("AMT_AuthorizationService", "SetAdminAclEntryEx", ("Username", "admin"), ("DigestPassword", Convert.ToBase64String(ha1)));

        Assert.Equal(0u, reply.ReturnValue);
        Assert.Equal(Convert.ToHexStringLower(ha1), device.AdminDigestHa1);
    }

    [Fact]
    public void SetMebxPassword_WeakPassword_ReturnsInvalidPassword()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        var client = TestDevices.Client(device);

        Assert.Equal(2054u, client.Invoke("AMT_SetupAndConfigurationService", "SetMEBxPassword", ("Password", "password")).ReturnValue);
        Assert.Equal("admin", device.MebxPassword);
        Assert.Equal(0u, client.Invoke("AMT_SetupAndConfigurationService", "SetMEBxPassword", ("Password", "Mebx-P4ss!")).ReturnValue);
        Assert.Equal("Mebx-P4ss!", device.MebxPassword);
    }

    [Fact]
    public void Unprovision_InPost_ReturnsToPreAndForgetsCredentials()
    {
        var (device, _) = TestDevices.Create();
        device.Apply(LifecycleEvent.SetupSessionAccepted, "test");
        device.Apply(LifecycleEvent.Committed, "test");
        device.AdminDigestHa1 = "00112233445566778899aabbccddeeff";
        var client = TestDevices.Client(device);

        var reply = client.Invoke("AMT_SetupAndConfigurationService", "Unprovision", ("ProvisioningMode", "1"));

        Assert.Equal(0u, reply.ReturnValue);
        Assert.Equal(ProvisioningState.Pre, device.State);
        Assert.Null(device.AdminDigestHa1);
        Assert.Equal("0", client.Get("AMT_SetupAndConfigurationService").Text("ProvisioningState"));
    }

    [Fact]
    public void Unprovision_InPre_ReturnsNotPermitted()
    {
        var (device, _) = TestDevices.Create();
        var reply = TestDevices.Client(device).Invoke("AMT_SetupAndConfigurationService", "Unprovision", ("ProvisioningMode", "1"));

        Assert.Equal(StateRules.NotPermitted, reply.ReturnValue);
        Assert.Equal(ProvisioningState.Pre, device.State);
    }

    [Fact]
    public void Handle_ClassThrows_Http400InternalErrorAndDeviceKeepsServing()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, options: TestDevices.Options with { Validator = (_, _) => throw new InvalidOperationException("validator defect") });
        var chain = TestPki.TrustedChain;
        client.Invoke("IPS_HostBasedSetupService", "AddNextCertInChain", ("NextCertificate", Convert.ToBase64String(chain.Leaf.RawData)), ("IsLeafCertificate", "true"), ("IsRootCertificate", "false"));

        var reply = client.Invoke("IPS_HostBasedSetupService", "AddNextCertInChain", ("NextCertificate", Convert.ToBase64String(chain.Root.RawData)), ("IsLeafCertificate", "false"), ("IsRootCertificate", "true"));

        Assert.Equal(400, reply.Status);
        Assert.Equal("e:InternalError", reply.Subcode);
        Assert.Contains("validator defect", device.Audit.OfType<WsmanCallAudit>()[^1].Outcome, StringComparison.Ordinal);
        Assert.Equal(200, client.Get("AMT_GeneralSettings").Status);
    }

    private static string WslStyle(string action, string className, string body)
        => "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
           + "xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" xmlns:wsen=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\">\n"
           + $"  <s:Header>\n    <wsa:Action s:mustUnderstand=\"true\">{action}</wsa:Action>\n"
           + "    <wsa:To s:mustUnderstand=\"true\">http://127.0.0.2:16992/wsman</wsa:To>\n"
           + "    <wsman:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</wsman:MaxEnvelopeSize>\n    <wsman:OperationTimeout>PT60.000S</wsman:OperationTimeout>\n"
           + $"    <wsman:ResourceURI s:mustUnderstand=\"true\">{WsmanTestClient.Uri(className)}</wsman:ResourceURI>\n"
           + "    <wsa:MessageID s:mustUnderstand=\"true\">uuid:0b6fa4a2-63c5-4a55-a2d4-7a7d2f3b9c11</wsa:MessageID>\n"
           + "    <wsa:ReplyTo>\n      <wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address>\n    </wsa:ReplyTo>\n"
           + $"  </s:Header>\n  <s:Body>\n{body}\n  </s:Body>\n</s:Envelope>\n";

    [Fact]
    public void Enumerate_WslStyleOptimized_ItemsInEnumerateResponseThenPullToEnd()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var first = client.Send(WslStyle(WsmanActions.Enumerate, "CIM_SoftwareIdentity", "    <wsen:Enumerate>\n      <wsman:OptimizeEnumeration />\n      <wsman:MaxElements>8</wsman:MaxElements>\n    </wsen:Enumerate>"));

        Assert.Equal(200, first.Status);
        Assert.Equal("uuid:0b6fa4a2-63c5-4a55-a2d4-7a7d2f3b9c11", first.RelatesTo);
        Assert.Equal(8, first.Items("CIM_SoftwareIdentity").Count());
        var context = first.Text("EnumerationContext");
        Assert.NotNull(context);
        var rest = client.Send(WslStyle(WsmanActions.Pull, "CIM_SoftwareIdentity", $"    <wsen:Pull>\n      <wsen:EnumerationContext>{context}</wsen:EnumerationContext>\n      <wsen:MaxElements>8</wsen:MaxElements>\n    </wsen:Pull>"));
        Assert.Equal(3, rest.Items("CIM_SoftwareIdentity").Count());
        Assert.True(rest.EndOfSequence);
        Assert.Null(rest.Text("EnumerationContext"));
    }

    [Fact]
    public void Enumerate_OptimizedCoveringAll_EndOfSequenceWithoutContext()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);

        var reply = client.Send(WslStyle(WsmanActions.Enumerate, "AMT_GeneralSettings", "<wsen:Enumerate><wsman:OptimizeEnumeration /><wsman:MaxElements>512</wsman:MaxElements></wsen:Enumerate>"));

        Assert.Single(reply.Items("AMT_GeneralSettings"));
        Assert.Single(reply.Document.Descendants(System.Xml.Linq.XName.Get("EndOfSequence", WsmanNamespaces.Wsman)));
        Assert.Null(reply.Text("EnumerationContext"));
    }

    [Fact]
    public void Handle_EveryProperPrefixOfRequest_Http400AndDeviceKeepsServing()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device);
        var bytes = Encoding.UTF8.GetBytes(WslStyle(WsmanActions.Enumerate, "CIM_SoftwareIdentity", "<wsen:Enumerate/>").TrimEnd());

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(400, client.Send(bytes[..length]).Status);
        }

        Assert.Equal(200, client.Send(bytes).Status);
    }
}
