using AmtSim.Runtime.Time;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;
using AmtSim.Firmware.Wsman;
using AmtSim.Pki.Catalogue;
using AmtSim.Protocol.Hello;

namespace AmtSim.Firmware.Tests.Wsman;

internal static class TestDevices
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An AMT 11.8.50.3425 device with PKI DNS suffix contoso.com and the test root in its hash table.</summary>
    public static (AmtDevice Device, VirtualTimeProvider Time) Create(string? suffix = "contoso.com", string firmware = "11.8.50.3425")
    {
        var time = new VirtualTimeProvider(Start);
        var identity = new DeviceIdentity
        {
            Uuid = Guid.Parse("939b524b-13d4-1d18-e487-1c697a6b7a2b"),
            Mac = "00:1b:21:0a:0b:0c",
            Hostname = "pc1",
            Firmware = FirmwareProfile.For(firmware),
        };
        var device = new AmtDevice(identity, new DeviceClock(time));
        device.Network.PkiDnsSuffix = suffix;
        device.HashTable.Add(TrustedRootHash.ForCertificate("AmtSim Test Root", CertHashType.Sha256, TestPki.TrustedChain.Root.RawData));
        return (device, time);
    }

    public static WsmanServiceOptions Options { get; } = new() { Validator = TestPki.StandInValidator };

    public static WsmanTestClient Client(AmtDevice device, WsmanCaller? caller = null, WsmanServiceOptions? options = null)
        => new(new WsmanService(device, options ?? Options), caller ?? WsmanTestClient.HttpAdmin);
}
