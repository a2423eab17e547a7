using AmtSim.Runtime.Time;
using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;

namespace AmtSim.Firmware.Tests.Boot;

internal static class BootTestDevices
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static AmtDevice Create(VirtualTimeProvider time, string firmware = "12.0.45.1509", Guid? uuid = null)
        => new(new DeviceIdentity
        {
            Uuid = uuid ?? Guid.Parse("939b524b-13d4-1d18-e487-1c697a6b7a2b"),
            Mac = "00:1b:21:0a:0b:0c",
            Hostname = "pc1",
            Firmware = FirmwareProfile.For(firmware),
        }, new DeviceClock(time));
}
