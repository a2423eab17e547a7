using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Validation;
using AmtSim.Firmware.Wsman;
using AmtSim.Firmware.Wsman.Classes;
using Xunit;
using ChainCodes = AmtSim.Firmware.Wsman.Classes.IpsHostBasedSetupService.ChainCodes;
using SetupCodes = AmtSim.Firmware.Wsman.Classes.IpsHostBasedSetupService.SetupCodes;

namespace AmtSim.Firmware.Tests.Wsman;

/// <summary>Host-based activation through IPS_HostBasedSetupService (amt-reference.md §4).</summary>
public class HostBasedSetupTests
{
    private const string Service = "IPS_HostBasedSetupService";
    private static readonly WsmanCaller OsAdmin = new("$$OsAdmin", "127.0.0.1:50002", OverTls: false, ClientCertificateAccepted: false);

    private static (AmtDevice Device, WsmanTestClient Client) NewDevice(string? suffix = "contoso.com")
    {
        var (device, _) = TestDevices.Create(suffix);
        return (device, TestDevices.Client(device, OsAdmin));
    }

    private static Reply AddCert(WsmanTestClient client, X509Certificate2 certificate, bool leaf, bool root)
        => client.Invoke(Service, "AddNextCertInChain",
            ("NextCertificate", Convert.ToBase64String(certificate.RawData)),
            ("IsLeafCertificate", leaf ? "true" : "false"),
            ("IsRootCertificate", root ? "true" : "false"));

    private static List<uint> AddChain(WsmanTestClient client, IReadOnlyList<X509Certificate2> leafFirst)
        => [.. leafFirst.Select((c, i) => AddCert(client, c, i == 0, i == leafFirst.Count - 1).ReturnValue)];

    private static string Ha1(string realm) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"admin:{realm}:Adm1n-P4ss!")));

    private static Reply AdminSetup(WsmanTestClient client, RSA signer, byte[]? mcNonce = null, Func<byte[], byte[]>? tamper = null)
    {
        var configurationNonce = Convert.FromBase64String(client.Get(Service).Text("ConfigurationNonce")!);
        mcNonce ??= SHA1.HashData(Encoding.UTF8.GetBytes("mc nonce"));
        var signature = signer.SignData([.. configurationNonce, .. mcNonce], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        signature = tamper?.Invoke(signature) ?? signature;
        return client.Invoke(Service, "AdminSetup",
            ("NetAdminPassEncryptionType", "2"),
            ("NetworkAdminPassword", Ha1(client.Device.DigestRealm)),
            ("McNonce", Convert.ToBase64String(mcNonce)),
            ("SigningAlgorithm", "2"),
            ("DigitalSignature", Convert.ToBase64String(signature)));
    }

    [Fact]
    public void Get_HostBasedSetupService_Has20ByteSeededNonceAndAllowedModes()
    {
        var (device, client) = NewDevice();

        var reply = client.Get(Service);

        var nonce = Convert.FromBase64String(reply.Text("ConfigurationNonce")!);
        Assert.Equal(20, nonce.Length);
        Assert.Equal(device.WsmanState.ConfigurationNonce, nonce);
        Assert.Equal(["1", "2"], reply.Texts("AllowedControlModes"));
        Assert.Equal("0", reply.Text("CurrentControlMode"));
        var (other, _) = TestDevices.Create();
        other.WsmanState.Seed = 42;
        Assert.NotEqual(nonce, other.WsmanState.ConfigurationNonce);
        var (same, _) = TestDevices.Create();
        Assert.Equal(nonce, same.WsmanState.ConfigurationNonce);
    }

    [Fact]
    public void AdminSetup_ValidChainAndSignature_AdminControlMode()
    {
        var (device, client) = NewDevice();
        var chain = TestPki.TrustedChain;

        Assert.Equal([0u, 0u, 0u], AddChain(client, chain.LeafFirst));
        Assert.Equal("2", client.Get(Service).Text("CertChainStatus"));
        var reply = AdminSetup(client, chain.LeafKey);

        Assert.Equal(SetupCodes.Success, reply.ReturnValue);
        Assert.Equal(ProvisioningState.Post, device.State);
        Assert.Equal(ControlMode.Admin, device.ControlMode);
        Assert.Equal(Ha1(device.DigestRealm), device.AdminDigestHa1);
        Assert.Equal("2", client.Get(Service).Text("CurrentControlMode"));
        Assert.Equal("1", client.Get("AMT_SetupAndConfigurationService").Text("ProvisioningMode"));
    }

    [Fact]
    public void AddNextCertInChain_UntrustedRoot_Returns4OnRoot()
    {
        var (device, client) = NewDevice();

        var codes = AddChain(client, TestPki.UntrustedChain.LeafFirst);

        Assert.Equal([ChainCodes.Success, ChainCodes.Success, ChainCodes.CertVerifyFailed], codes);
        Assert.Equal(ProvisioningState.Pre, device.State);
        Assert.Contains(ValidationReason.RootNotTrusted.ToString(), device.Audit.Entries[^1].Describe(), StringComparison.Ordinal);
        Assert.Equal(SetupCodes.InvalidState, AdminSetup(client, TestPki.UntrustedChain.LeafKey).ReturnValue);
    }

    [Fact]
    public void AdminSetup_BadSignature_Returns5AndStaysPre()
    {
        var (device, client) = NewDevice();
        AddChain(client, TestPki.TrustedChain.LeafFirst);

        var reply = AdminSetup(client, TestPki.TrustedChain.LeafKey, tamper: s => { s[10] ^= 0xFF; return s; });

        Assert.Equal(SetupCodes.AuthFailed, reply.ReturnValue);
        Assert.Equal(ProvisioningState.Pre, device.State);
        Assert.Null(device.AdminDigestHa1);
    }

    [Fact]
    public void AdminSetup_SignedByAnotherKey_Returns5()
    {
        var (_, client) = NewDevice();
        AddChain(client, TestPki.TrustedChain.LeafFirst);

        Assert.Equal(SetupCodes.AuthFailed, AdminSetup(client, TestPki.UntrustedChain.LeafKey).ReturnValue);
    }

    [Fact]
    public void AdminSetup_WrongDnsSuffix_ChainAcceptedThenAdminSetup5()
    {
        var (device, client) = NewDevice(suffix: "fabrikam.com");

        Assert.Equal([0u, 0u, 0u], AddChain(client, TestPki.TrustedChain.LeafFirst));
        var reply = AdminSetup(client, TestPki.TrustedChain.LeafKey);

        Assert.Equal(SetupCodes.AuthFailed, reply.ReturnValue);
        Assert.Equal(ProvisioningState.Pre, device.State);
        Assert.Contains("DomainSuffixMismatch", device.Audit.Entries[^1].Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AdminSetup_ConfigurationNonceRenewedAfterAttempt()
    {
        var (device, client) = NewDevice();
        AddChain(client, TestPki.TrustedChain.LeafFirst);
        var before = device.WsmanState.ConfigurationNonce;

        AdminSetup(client, TestPki.TrustedChain.LeafKey, tamper: s => { s[0] ^= 1; return s; });

        Assert.NotEqual(before, device.WsmanState.ConfigurationNonce);
    }

    [Fact]
    public void HostBasedCalls_AfterActivation_ReturnInvalidState()
    {
        var (_, client) = NewDevice();
        AddChain(client, TestPki.TrustedChain.LeafFirst);
        Assert.Equal(SetupCodes.Success, AdminSetup(client, TestPki.TrustedChain.LeafKey).ReturnValue);

        Assert.Equal(SetupCodes.InvalidState, AdminSetup(client, TestPki.TrustedChain.LeafKey).ReturnValue);
        Assert.Equal(ChainCodes.InvalidState, AddCert(client, TestPki.TrustedChain.Leaf, leaf: true, root: false).ReturnValue);
        Assert.Equal(SetupCodes.InvalidState, client.Invoke(Service, "Setup", ("NetAdminPassEncryptionType", "2"), ("NetworkAdminPassword", new string('a', 32))).ReturnValue);
    }

    [Fact]
    public void AdminSetup_WithoutChain_ReturnsInvalidState()
    {
        var (_, client) = NewDevice();
        Assert.Equal(SetupCodes.InvalidState, AdminSetup(client, TestPki.TrustedChain.LeafKey).ReturnValue);
    }

    [Fact]
    public void AdminSetup_McNonceNot20Bytes_ReturnsInvalidParam()
    {
        var (_, client) = NewDevice();
        AddChain(client, TestPki.TrustedChain.LeafFirst);
        Assert.Equal(SetupCodes.InvalidParam, AdminSetup(client, TestPki.TrustedChain.LeafKey, mcNonce: new byte[8]).ReturnValue);
    }

    [Fact]
    public void AddNextCertInChain_TooManyCertificates_Returns5()
    {
        var (_, client) = NewDevice();
        var chain = TestPki.TrustedChain;

        var codes = new List<uint> { AddCert(client, chain.Leaf, true, false).ReturnValue };
        for (var i = 0; i < 4; i++)
        {
            codes.Add(AddCert(client, chain.Intermediate, false, false).ReturnValue);
        }

        Assert.Equal([0u, 0u, 0u, 0u, ChainCodes.CertChainLengthExceeded], codes);
    }

    [Fact]
    public void AddNextCertInChain_NotStartingWithLeaf_ReturnsInvalidState()
    {
        var (_, client) = NewDevice();
        Assert.Equal(ChainCodes.InvalidState, AddCert(client, TestPki.TrustedChain.Intermediate, leaf: false, root: false).ReturnValue);
    }

    [Fact]
    public void AddNextCertInChain_NotACertificate_ReturnsInvalidParam()
    {
        var (_, client) = NewDevice();
        var reply = client.Invoke(Service, "AddNextCertInChain", ("NextCertificate", Convert.ToBase64String(new byte[] { 1, 2, 3 })), ("IsLeafCertificate", "true"), ("IsRootCertificate", "false"));
        Assert.Equal(ChainCodes.InvalidParam, reply.ReturnValue);
    }

    [Fact]
    public void AddNextCertInChain_RootArrives_CallsInjectedValidatorWithLeafFirstChainAndDeviceContext()
    {
        var (device, _) = TestDevices.Create();
        IReadOnlyList<X509Certificate2>? seen = null;
        ValidationContext? context = null;
        var client = TestDevices.Client(device, OsAdmin, TestDevices.Options with { Validator = (c, ctx) => { seen = c; context = ctx; return ValidationResult.Accept(); } });

        AddChain(client, TestPki.UntrustedChain.LeafFirst);

        Assert.Equal(TestPki.UntrustedChain.LeafFirst.Select(c => c.Thumbprint), seen!.Select(c => c.Thumbprint));
        Assert.Equal("contoso.com", context!.TrustedDnsSuffix);
    }

    [Fact]
    public void Setup_ClientControlMode_SetsHa1AndClientMode()
    {
        var (device, client) = NewDevice();
        var ha1 = Ha1(device.DigestRealm);

        var reply = client.Invoke(Service, "Setup", ("NetAdminPassEncryptionType", "2"), ("NetworkAdminPassword", ha1));

        Assert.Equal(SetupCodes.Success, reply.ReturnValue);
        Assert.Equal((ProvisioningState.Post, ControlMode.Client), (device.State, device.ControlMode));
        Assert.Equal(ha1, device.AdminDigestHa1);
        Assert.Equal("4", client.Get("AMT_SetupAndConfigurationService").Text("ProvisioningMode"));
    }

    [Fact]
    public void Setup_WrongEncryptionType_ReturnsInvalidParam()
    {
        var (device, client) = NewDevice();
        Assert.Equal(SetupCodes.InvalidParam, client.Invoke(Service, "Setup", ("NetAdminPassEncryptionType", "1"), ("NetworkAdminPassword", Ha1(device.DigestRealm))).ReturnValue);
        Assert.Equal(ProvisioningState.Pre, device.State);
    }

    [Fact]
    public void Setup_HostBasedDisabled_ReturnsMethodDisabled()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, OsAdmin, TestDevices.Options with { HostBasedSetupEnabled = false });

        Assert.Equal(SetupCodes.MethodDisabled, client.Invoke(Service, "Setup", ("NetAdminPassEncryptionType", "2"), ("NetworkAdminPassword", Ha1(device.DigestRealm))).ReturnValue);
        Assert.Empty(client.Get(Service).Texts("AllowedControlModes"));
    }

    [Fact]
    public void AdminSetup_SharedValidatorWithValidChain_AdminControlMode()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, OsAdmin, WsmanServiceOptions.Default);

        Assert.Equal([0u, 0u, 0u], AddChain(client, TestPki.TrustedChain.LeafFirst));
        Assert.Equal(SetupCodes.Success, AdminSetup(client, TestPki.TrustedChain.LeafKey).ReturnValue);
        Assert.Equal(ControlMode.Admin, device.ControlMode);
    }

    [Fact]
    public void AddNextCertInChain_SharedValidatorWithUntrustedRoot_Returns4OnRoot()
    {
        var (device, _) = TestDevices.Create();
        var client = TestDevices.Client(device, OsAdmin, WsmanServiceOptions.Default);

        Assert.Equal([0u, 0u, ChainCodes.CertVerifyFailed], AddChain(client, TestPki.UntrustedChain.LeafFirst));
        Assert.Contains("RootNotTrusted", device.Audit.Entries[^1].Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AdminSetup_SharedValidatorWithWrongSuffix_Returns5()
    {
        var (device, _) = TestDevices.Create(suffix: "fabrikam.com");
        var client = TestDevices.Client(device, OsAdmin, WsmanServiceOptions.Default);

        Assert.Equal([0u, 0u, 0u], AddChain(client, TestPki.TrustedChain.LeafFirst));
        Assert.Equal(SetupCodes.AuthFailed, AdminSetup(client, TestPki.TrustedChain.LeafKey).ReturnValue);
        Assert.Equal(ProvisioningState.Pre, device.State);
    }
}
