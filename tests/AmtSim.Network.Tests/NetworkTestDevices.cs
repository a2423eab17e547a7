using AmtSim.Firmware.Device;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Time;

namespace AmtSim.Network.Tests;

internal static class NetworkTestDevices
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static AmtDevice Create(TimeProvider time, int index = 0, string firmware = "16.1.25.2124")
        => new(new DeviceIdentity
        {
            Uuid = new Guid($"00000000-0000-4000-8000-{index + 1:x12}"),
            Mac = $"00:1b:21:00:{index / 256:x2}:{index % 256:x2}",
            Hostname = $"pc{index + 1}",
            Firmware = FirmwareProfile.For(firmware),
        }, new DeviceClock(time));
}
