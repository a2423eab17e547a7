using AmtSim.Scenarios.Loading;
using AmtSim.Scenarios.Model;
using AmtSim.Testing.Fixtures;
using Xunit;

namespace AmtSim.Scenarios.Tests.Loading;

/// <summary>Mistakes found at load with file:line:column, not at run time (issue 18).</summary>
public class ScenarioLoaderChecksTests
{
    private static readonly ScenarioLoadContext Fixtures = ScenarioLoadContext.FromFixtures(RepoFixtures.PkiDirectory);

    private static ScenarioFormatException Invalid(string yaml)
        => Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "x.yaml", Fixtures));

    // issue 18
    [Fact]
    public void Parse_UnknownFixture_NamesItsPositionAndTheKnownIds()
    {
        var ex = Invalid("name: x\npki:\n  provisioning-certificate: prov-vaild\n");

        Assert.Equal((3L, 29L), (ex.Line, ex.Column));
        Assert.Contains("unknown provisioning certificate 'prov-vaild'", ex.Problem, StringComparison.Ordinal);
        Assert.Contains("prov-valid", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownRenewedFixture_IsInvalid()
    {
        var ex = Invalid("name: x\npki:\n  renewed-certificate: prov-renewed\n  renew-after: 6d\n");

        Assert.Contains("pki.renewed-certificate: unknown provisioning certificate 'prov-renewed'", ex.Problem, StringComparison.Ordinal);
    }

    // issue 18 item 6: the user's own certificate, opened and checked at load.
    private static readonly string InScenarios = Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "x.yaml");

    private static ScenarioFormatException InvalidInScenarios(string yaml)
        => Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, InScenarios, Fixtures));

    [Fact]
    public void Parse_OwnPfxWithPassword_LoadsItsResolvedPath()
    {
        var s = ScenarioLoader.Parse("name: x\npki:\n  provisioning-certificate: certificates/fabrikam/provisioning.pfx\n  password: Fabrikam-2026!\n  trusted-roots: [ certificates/fabrikam/fabrikam-root.pem ]\n", InScenarios, Fixtures);

        Assert.Equal(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios", "certificates", "fabrikam", "provisioning.pfx"), s.Pki.ProvisioningFiles!.Certificate);
        Assert.Equal("pki.password", s.Pki.ProvisioningFiles.PasswordSource);
        Assert.Single(s.Pki.TrustedRoots);
    }

    [Fact]
    public void Parse_OwnPfxWrongPassword_PointsAtTheKeyAndSaysWrongPassword()
    {
        var ex = InvalidInScenarios("name: x\npki:\n  provisioning-certificate: certificates/fabrikam/provisioning.pfx\n  password: wrong\n");

        Assert.Equal((3L, 29L), (ex.Line, ex.Column));
        Assert.Contains("pki.provisioning-certificate:", ex.Problem, StringComparison.Ordinal);
        Assert.Contains("wrong PFX password (pki.password)", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordFromEnvironment_OpensThePfxAndNamesTheVariable()
    {
        const string variable = "AMTSIM_TEST_ISSUE18_PFX_PASSWORD";
        Environment.SetEnvironmentVariable(variable, "Fabrikam-2026!");
        try
        {
            var s = ScenarioLoader.Parse($"name: x\npki:\n  provisioning-certificate: certificates/fabrikam/provisioning.pfx\n  password-env: {variable}\n", InScenarios, Fixtures);

            Assert.Equal("Fabrikam-2026!", s.Pki.ProvisioningFiles!.Password);
            Assert.Equal("$" + variable, s.Pki.ProvisioningFiles.PasswordSource);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Parse_PasswordVariableNotSet_NamesTheVariable()
    {
        var ex = InvalidInScenarios("name: x\npki:\n  provisioning-certificate: certificates/fabrikam/provisioning.pfx\n  password-env: AMTSIM_TEST_ISSUE18_UNSET\n");

        Assert.Equal((4L, 17L), (ex.Line, ex.Column));
        Assert.Contains("the environment variable AMTSIM_TEST_ISSUE18_UNSET is not set", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OwnPemWithoutKey_SaysNoPrivateKey()
    {
        var ex = InvalidInScenarios("name: x\npki: { provisioning-certificate: certificates/fabrikam/provisioning.pem }\n");

        Assert.Contains("no private key for", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ChainWithAStrangerCertificate_IsNotAChain()
    {
        var ex = InvalidInScenarios("name: x\npki:\n  provisioning-certificate: certificates/fabrikam/provisioning.pem\n  key: certificates/fabrikam/provisioning-key.pem\n  password: Fabrikam-2026!\n  chain: [ certificates/fabrikam/fabrikam-issuing-ca.pem, ../fixtures/pki/int-godaddy.crt.pem ]\n");

        Assert.Contains("int-godaddy.crt.pem: not a chain", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrustedRootThatIsNoRoot_PointsAtTheItem()
    {
        var ex = InvalidInScenarios("name: x\npki:\n  trusted-roots:\n    - certificates/fabrikam/fabrikam-root.pem\n    - certificates/fabrikam/fabrikam-issuing-ca.pem\n");

        Assert.Equal((5L, 7L), (ex.Line, ex.Column));
        Assert.Contains("is not a root certificate", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyWithAFixtureId_SaysKeyGoesWithAFile()
    {
        var ex = Invalid("name: x\npki: { provisioning-certificate: prov-valid, key: k.pem }\n");

        Assert.Contains("pki.key goes with a provisioning-certificate file", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordAndPasswordEnv_IsInvalid()
    {
        var ex = InvalidInScenarios("name: x\npki: { provisioning-certificate: certificates/fabrikam/provisioning.pfx, password: a, password-env: B }\n");

        Assert.Contains("give 'password' or 'password-env', not both", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingOwnFile_SaysNoSuchFile()
    {
        var ex = Invalid("name: x\npki: { provisioning-certificate: customer.pfx }\n");

        Assert.EndsWith("customer.pfx: no such file", ex.Problem, StringComparison.Ordinal);
    }

    // issue 18 item 6: approval per CA template.
    [Fact]
    public void Parse_CaTemplates_ReadsEachAndTheNamedOneIsUsed()
    {
        var s = ScenarioLoader.Parse("name: x\nca:\n  templates:\n    - { name: WebServer, version: 1, approve: auto }\n    - { name: AMTApproved, version: 2, approve: pending }\n  template: AMTApproved\n", "x.yaml", Fixtures);

        Assert.Equal([new("WebServer", 1, TemplateApproval.Auto), new CaTemplateSpec("AMTApproved", 2, TemplateApproval.Pending)], s.Ca.Templates);
        Assert.Equal("AMTApproved", s.Ca.TemplateName);
    }

    [Fact]
    public void Parse_CaTemplatesWithoutTemplate_UsesTheFirst()
    {
        var s = ScenarioLoader.Parse("name: x\nca:\n  templates: [ { name: AMTWeb, version: 2 } ]\n", "x.yaml", Fixtures);

        Assert.Equal(("AMTWeb", TemplateApproval.Auto), (s.Ca.TemplateName, s.Ca.Templates[0].Approve));
    }

    [Fact]
    public void Parse_VersionOneTemplatePending_SaysOnlyPermissionsChange()
    {
        var ex = Invalid("name: x\nca:\n  templates:\n    - { name: WebServer, version: 1, approve: pending }\n");

        Assert.Equal((4L, 47L), (ex.Line, ex.Column));
        Assert.Contains("'WebServer' is a version 1 template", ex.Problem, StringComparison.Ordinal);
        Assert.Contains("duplicate it as version 2", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TemplateNotListed_NamesTheBuiltInAndListedOnes()
    {
        var ex = Invalid("name: x\nca:\n  templates: [ { name: AMTWeb, version: 2 } ]\n  template: AMTWbe\n");

        Assert.Contains("ca.template: 'AMTWbe' is neither a built-in template (web-server-v1, web-server-v2, v3) nor one of ca.templates (AMTWeb)", ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- { name: A, version: 4 }", "ca.templates.version")]
    [InlineData("- { name: A, version: 2, approve: manual }", "'manual' is not one of: auto, pending")]
    [InlineData("- { version: 2 }", "needs 'name'")]
    [InlineData("- { name: A }", "needs 'version'")]
    public void Parse_BadTemplateEntry_IsInvalid(string entry, string expected)
    {
        var ex = Invalid($"name: x\nca:\n  templates:\n    {entry}\n");

        Assert.Contains(expected, ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KnownFixture_Loads()
    {
        var s = ScenarioLoader.Parse("name: x\npki: { provisioning-certificate: prov-via-expired-intermediate }\n", "x.yaml", Fixtures);

        Assert.Equal("prov-via-expired-intermediate", s.Pki.ProvisioningCertificate);
    }

    [Fact]
    public void Parse_WithoutContext_LeavesFixtureIdsToTheRun()
    {
        var s = ScenarioLoader.Parse("name: x\npki: { provisioning-certificate: no-such }\n", "x.yaml");

        Assert.Equal("no-such", s.Pki.ProvisioningCertificate);
    }

    // issue 18
    [Fact]
    public void Parse_ExpectationOnUnknownScope_NamesTheScopes()
    {
        var ex = Invalid("name: x\nnetwork:\n  scopes:\n    - { name: hq, option15: contoso.com }\nexpect:\n  devices:\n    - { scope: hw, state: post }\n");

        Assert.Equal((7L, 16L), (ex.Line, ex.Column));
        Assert.Equal("expect.devices.scope: no scope 'hw' in network.scopes (the scopes are: hq)", ex.Problem);
    }

    [Fact]
    public void Parse_IndexPastTheFleet_IsInvalid()
    {
        var ex = Invalid("name: x\nnetwork:\n  scopes:\n    - { name: hq, devices: 3 }\nexpect:\n  devices:\n    - { index: 3, state: post }\n");

        Assert.Contains("3 is past the last device (the run has 3 device(s), indexes 0 to 2)", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IndexOnAnotherScope_IsInvalid()
    {
        var ex = Invalid("name: x\nnetwork:\n  scopes:\n    - { name: hq, devices: 2 }\n    - { name: lab, devices: 2 }\nexpect:\n  devices:\n    - { scope: hq, index: 2 }\n");

        Assert.Equal("expect.devices: device 2 is not on scope 'hq'", ex.Problem);
    }

    // issue 18
    [Theory]
    [InlineData("name: x\ndevices: { firmware: \"99.9\" }\n", "devices.firmware: '99.9' is not a known AMT firmware")]
    [InlineData("name: x\ndevices: { firmware: \"13.0\" }\n", "devices.firmware: '13.0' is not a known AMT firmware")]
    [InlineData("name: x\nnetwork:\n  scopes:\n    - name: hq\n      firmware: { \"11.8\": 1, \"42.0\": 1 }\n", "scope.firmware: '42.0' is not a known AMT firmware")]
    public void Parse_UnknownFirmware_IsInvalid(string yaml, string problem)
    {
        Assert.StartsWith(problem, Invalid(yaml).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11.8")]
    [InlineData("12.0.45")]
    [InlineData("16.1.25.2124")]
    [InlineData("19.0")]
    [InlineData("2.6")]
    public void Parse_KnownFirmware_Loads(string version)
    {
        var s = ScenarioLoader.Parse($"name: x\ndevices: {{ firmware: \"{version}\" }}\n", "x.yaml", Fixtures);

        Assert.Equal(version, s.Devices.Firmware);
    }

    // issue 18
    [Theory]
    [InlineData("name: x\nserver:\n  kind: meshcentral\n", "kind 'meshcentral' needs 'command'")]
    [InlineData("name: x\nserver:\n  command: [ ./my-server ]\n", "it needs 'kind: external' or 'kind: meshcentral'")]
    [InlineData("name: x\nserver:\n  kind: external\n  command: [ ./s ]\n  log-format: cmtrace\n", "server.log-format sets the built-in service point's")]
    [InlineData("name: x\nserver:\n  kind: external\n  command: [ ./s, '{HelloPrt}' ]\n", "unknown placeholder '{HelloPrt}'")]
    public void Parse_ServerKindWithoutWhatItNeeds_IsInvalid(string yaml, string problem)
    {
        Assert.Contains(problem, Invalid(yaml).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExternalCommandWithKnownPlaceholders_Loads()
    {
        var s = ScenarioLoader.Parse("name: x\nserver:\n  kind: external\n  command: [ '{ScenarioDir}/s.sh', '{HelloPort}', '{Pfx}' ]\n", "x.yaml", Fixtures);

        Assert.Equal(3, s.Server.Command.Count);
    }

    [Theory]
    [InlineData("CertificatePending")]
    [InlineData("DomainSuffixMismatch")]
    [InlineData("NoTrustedDnsSuffix")]
    public void Parse_OutcomeReasons_AreAcceptedInExpectations(string reason)
    {
        var s = ScenarioLoader.Parse($"name: x\nexpect:\n  devices: [ {{ reason: {reason} }} ]\n  counts: {{ {reason}: 1 }}\n", "x.yaml", Fixtures);

        Assert.Equal(reason, s.Expect.Devices[0].Reason);
    }

    [Fact]
    public void Parse_EveryShippedScenario_PassesTheChecks()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepoFixtures.RepositoryRoot, "scenarios"), "*.yaml", SearchOption.AllDirectories).ToList();

        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            _ = ScenarioLoader.LoadFile(f, Fixtures);
        }
    }
}
