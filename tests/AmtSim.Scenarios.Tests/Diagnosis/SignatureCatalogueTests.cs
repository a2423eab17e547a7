using AmtSim.Provisioning.Sccm.Log;
using AmtSim.Scenarios.Diagnosis.Signatures;
using AmtSim.Scenarios.Loading;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

public class SignatureCatalogueTests
{
    private const string Minimal = """
        signatures:
          - id: x
            family: other
            title: t
            product: p
            source: s
            rank: 1
            evidence:
              - message: TlsHandshakeDisconnected
            cause: c
            fix: f
            scenario: { file: x.yaml, template: { run-for: 30s } }
        """;

    [Fact]
    public void Default_EmbeddedCatalogue_LoadsAndCoversEveryFamily()
    {
        var catalogue = SignatureCatalogue.Default;

        Assert.True(catalogue.Signatures.Count >= 20);
        Assert.Equal(Enum.GetValues<FailureFamily>().ToHashSet(), catalogue.Signatures.Select(s => s.Family).ToHashSet());
        Assert.All(catalogue.Signatures, s =>
        {
            Assert.NotEmpty(s.Cause);
            Assert.NotEmpty(s.Fix);
            Assert.Contains(s.Evidence, e => e.Decisive);
            Assert.NotNull(s.Scenario.Template.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().FirstOrDefault(k => k.Value == "run-for"));
        });
    }

    [Theory]
    [InlineData("Specified AMT domain suffix: x.com does not match list of available AMT domain suffixes.")]
    [InlineData("Invalid domain certificate, hash does not exists in list of trusted root certificates on AMT")]
    [InlineData("Error while adding the certificates to AMT.")]
    [InlineData("Failed to activate in admin control mode.")]
    [InlineData("Unable to authenticate with AMT")]
    [InlineData("Uploaded certificate has expired")]
    [InlineData("FQDN not associated with provisioning certificate")]
    [InlineData("Trusted DNS suffix not set, can't perform ACM activation.")]
    [InlineData("No opportunity for ACM activation: No trusted DNS suffix reported")]
    [InlineData("Unable to find a matching ACM activation certificate.")]
    [InlineData("Failed to set ACM certificate chain (ERR/4)")]
    [InlineData("Failed to complete ACM activation (ERR/5)")]
    [InlineData("Failed to get the certificate from the CA. (x) (0xc0002825)")]
    [InlineData("The certificate chain could not be built. (0xc0003e93)")]
    [InlineData("Error 0x80090308 returned by InitializeSecurityContext during follow up TLS handshaking with server.")]
    [InlineData("Error 0x80090304 returned by InitializeSecurityContext")]
    public void Default_ReferenceMessage_IsRequiredEvidenceOfSomeSignature(string message)
    {
        // amt-reference.md §7 and §1.3: every product message listed there names a failure.
        Assert.Contains(SignatureCatalogue.Default.Signatures, s => s.Evidence
            .Where(e => e.Role == EvidenceRole.Required)
            .Any(e => e.Matchers.Any(m => m.Regex.IsMatch(message))));
    }

    [Fact]
    public void Default_SeedErrorMessages_AreEvidenceOfSomeSignature()
    {
        var seedMessages = AmtOpMgrMessages.All.Where(m => m.Severity == LogSeverity.Error && m.Source != "[I]" && m.Id != "CantFinishProvision");

        Assert.All(seedMessages, m => Assert.Contains(SignatureCatalogue.Default.Signatures, s => s.Evidence.SelectMany(e => e.Matchers).Any(x => x.MessageId == m.Id)));
    }

    [Fact]
    public void SearchPattern_CatalogueMessage_MatchesRenderedTextWithWrappedSpaces()
    {
        var pattern = SignatureCatalogue.SearchPattern(AmtOpMgrMessages.RetryValidateClientCert);
        var text = "junk " + AmtOpMgrMessages.RetryValidateClientCert.Render(3, "a.contoso.com").Replace(" being", "  being", StringComparison.Ordinal);

        var m = pattern.Match(text);

        Assert.True(m.Success);
        Assert.Equal("3", m.Groups["Attempt"].Value);
        Assert.Equal("a.contoso.com", m.Groups["Fqdn"].Value);
    }

    [Fact]
    public void Parse_Minimal_Loads()
    {
        var signature = Assert.Single(SignatureCatalogue.Parse(Minimal, "t.yaml").Signatures);

        Assert.Equal(10, signature.Evidence[0].Weight);
        Assert.Equal("TlsHandshakeDisconnected", signature.Evidence[0].Key);
    }

    [Theory]
    [InlineData("family: other", "family: nonsense", "is not one of")]
    [InlineData("- message: TlsHandshakeDisconnected", "- message: NoSuchMessage", "not a message of AmtOpMgrMessages")]
    [InlineData("- message: TlsHandshakeDisconnected", "- regex: '(unclosed'", "not a valid regular expression")]
    [InlineData("- message: TlsHandshakeDisconnected", "- { message: TlsHandshakeDisconnected, role: supporting }", "at least one evidence entry must be required or sufficient")]
    [InlineData("- message: TlsHandshakeDisconnected", "- { text: 'Error {nope} here' }", "unknown hole '{nope}'")]
    [InlineData("- message: TlsHandshakeDisconnected", "- { text: 'Error {hex here' }", "is not closed")]
    [InlineData("- message: TlsHandshakeDisconnected", "- { message: TlsHandshakeDisconnected, codes: some }", "codes must be 'any'")]
    [InlineData("- message: TlsHandshakeDisconnected", "- { text: 'x y z', codes: any }", "'codes' only applies to 'message' entries")]
    [InlineData("template: { run-for: 30s }", "template: { seed: 2 }", "needs 'run-for'")]
    [InlineData("- message: TlsHandshakeDisconnected", "- { message: TlsHandshakeDisconnected, after: nowhere }", "not an evidence key")]
    [InlineData("cause: c", "cause: c\n    colour: red", "unknown key 'colour'")]
    [InlineData("fix: f", "fix: f\n    facts: [ { name: n, group: Missing } ]", "no evidence pattern captures a group named 'Missing'")]
    [InlineData("scenario: { file: x.yaml", "scenario: { file: x.yml", "must be a file name ending in .yaml")]
    public void Parse_InvalidEntry_FailsWithPositionAndReason(string from, string to, string problem)
    {
        var yaml = Minimal.Replace(from, to, StringComparison.Ordinal);

        var ex = Assert.Throws<ScenarioFormatException>(() => SignatureCatalogue.Parse(yaml, "bad.yaml"));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.yaml:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateId_Fails()
    {
        var twice = Minimal + "\n" + string.Join('\n', Minimal.Split('\n').Skip(1));

        var ex = Assert.Throws<ScenarioFormatException>(() => SignatureCatalogue.Parse(twice, "dup.yaml"));

        Assert.Contains("used twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("**** Error 0x382b948 returned by ApplyControlToken")]
    [InlineData("**** Error 0x6fcb970 returned by ApplyControlToken")]
    [InlineData("Error 0x261b948 returned by ApplyControlToken")]
    [InlineData("prefix **** Error 0x1 returned by ApplyControlToken  $$<SMS_AMT_OPERATION_MANAGER>")]
    public void SearchPattern_AnyCode_MatchesEveryHexAndOptionalStars(string line)
    {
        // issue 16: the hex after "Error" differs per site.
        Assert.Matches(SignatureCatalogue.SearchPattern(AmtOpMgrMessages.ApplyControlTokenError, anyCode: true), line);
    }

    [Fact]
    public void SearchPattern_ExactCode_KeepsTheSeedsCode()
    {
        Assert.DoesNotMatch(SignatureCatalogue.SearchPattern(AmtOpMgrMessages.ApplyControlTokenError), "**** Error 0x6fcb970 returned by ApplyControlToken");
        Assert.DoesNotMatch(SignatureCatalogue.SearchPattern(AmtOpMgrMessages.InitializeSecurityContextFollowUp, anyCode: false), "Error 0x80090304 returned by InitializeSecurityContext during follow up TLS handshaking with server.");
    }

    [Theory]
    [InlineData("Specified AMT domain suffix: {host:Suffix} does not match", "Device x activation failed. Specified AMT domain suffix: foo.domain.com does not match list", "foo.domain.com")]
    [InlineData("Failed to set ACM certificate chain (ERR/{int:Suffix})", "Failed to set ACM certificate chain (ERR/4).", "4")]
    [InlineData("No matching ACM activation certificate for \"{any:Suffix}\".", "msg=\"No matching ACM activation certificate for \\\"(domainname.es)\\\".\"", "(domainname.es)")]
    [InlineData("device {guid:Suffix} at {ip}:{port}", "DEVICE 939B524B-13D4-1D18-E487-1C697A6B7A2B at 10.0.0.5:16993", "939B524B-13D4-1D18-E487-1C697A6B7A2B")]
    [InlineData("Failed TLS connection, status={int:Suffix}.", "AMTSCA: 127.1.0.1 Failed   TLS\nconnection, status=0.", "0")]
    public void LineTemplate_Holes_MatchWhatVariesAndCaptureIt(string template, string line, string captured)
    {
        var m = LineTemplate.Compile(template, System.Text.RegularExpressions.RegexOptions.IgnoreCase).Match(line);

        Assert.True(m.Success, line);
        Assert.Equal(captured, m.Groups["Suffix"].Value);
    }
}
