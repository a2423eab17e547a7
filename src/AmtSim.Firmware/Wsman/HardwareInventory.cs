using AmtSim.Runtime.Determinism;

namespace AmtSim.Firmware.Wsman;

/// <summary>One memory module (CIM_PhysicalMemory).</summary>
public sealed record MemoryModule(string BankLabel, long Capacity, int Speed, string Manufacturer, string PartNumber, string SerialNumber);

/// <summary>
/// The simulated machine's hardware as the inventory classes report it: an Intel NUC like the one in
/// go-wsman-messages' recorded responses (docs/wsman.md), with serial numbers derived from the device seed,
/// so the same seed gives the same inventory.
/// </summary>
public sealed record HardwareInventory(
    string Manufacturer,
    string ChassisModel,
    string ChassisSerial,
    string ChassisVersion,
    string BoardManufacturer,
    string BoardModel,
    string BoardSerial,
    string BoardVersion,
    string BiosVersion,
    DateTimeOffset BiosReleaseDate,
    string ProcessorVersion,
    int ProcessorMaxClockMhz,
    int ProcessorCurrentClockMhz,
    IReadOnlyList<MemoryModule> Memory)
{
    public static HardwareInventory For(long seed)
    {
        string Serial(string purpose, string prefix)
            => prefix + Convert.ToHexString(SeedDerivation.DeriveBytes(seed, 0, "inventory/" + purpose, 4));

        return new HardwareInventory(
            Manufacturer: "Intel(R) Client Systems",
            ChassisModel: "NUC9V7QNX",
            ChassisSerial: Serial("chassis", "JRQN"),
            ChassisVersion: "K47174-402",
            BoardManufacturer: "Intel Corporation",
            BoardModel: "NUC9V7QNB",
            BoardSerial: Serial("board", "KNQN"),
            BoardVersion: "K47180-402",
            BiosVersion: "QNCFLX70.0054.2020.0810.2227",
            BiosReleaseDate: new DateTimeOffset(2020, 8, 10, 0, 0, 0, TimeSpan.Zero),
            ProcessorVersion: "Intel(R) Core(TM) i7-9850H CPU @ 2.60GHz",
            ProcessorMaxClockMhz: 8300,
            ProcessorCurrentClockMhz: 2400,
            Memory:
            [
                new MemoryModule("BANK 0", 17179869184, 2400, "859B", "CT16G4SFD824A.M16FE", Serial("memory0", "")),
                new MemoryModule("BANK 2", 17179869184, 2400, "859B", "CT16G4SFD824A.M16FE", Serial("memory2", "")),
            ]);
    }
}
