using AmtSim.Network.Fleet;
using AmtSim.Runtime.Determinism;
using Xunit;

namespace AmtSim.Network.Tests.Fleet;

public sealed class FleetGeneratorTests
{
    [Fact]
    public void Generate_SameSeedTwice_GivesIdenticalJson()
    {
        var a = FleetJson.Write(3, FleetGenerator.Generate(1000, 3));
        var b = FleetJson.Write(3, FleetGenerator.Generate(1000, 3));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Generate_DifferentSeeds_GiveDifferentFleets()
    {
        Assert.NotEqual(FleetGenerator.Generate(20, 3).Select(d => d.Uuid), FleetGenerator.Generate(20, 4).Select(d => d.Uuid));
    }

    [Fact]
    public void Generate_DeviceN_DoesNotDependOnFleetSize()
    {
        var small = FleetGenerator.Generate(10, 42);
        var large = FleetGenerator.Generate(500, 42);

        Assert.Equal(small, large.Take(10));
    }

    [Fact]
    public void Generate_EachDevice_UsesItsDerivedSeed()
    {
        var devices = FleetGenerator.Generate(5, 7);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => SeedDerivation.Derive(7, i, "device")), devices.Select(d => d.Seed));
    }

    [Fact]
    public void Generate_1000Devices_HaveIntelMacsUniqueNamesAndFqdnsInTheirScope()
    {
        var devices = FleetGenerator.Generate(1000, 3);

        Assert.All(devices, d =>
        {
            Assert.Contains(d.Mac[..8], FleetGenerator.IntelOuis);
            Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", d.Mac);
            Assert.Matches("^[a-z0-9-]{1,15}$", d.Hostname);
            var scope = FleetGenerator.DefaultScopes.Single(s => s.Name == d.Scope);
            Assert.Equal($"{d.Hostname}.{scope.Suffix}", d.Fqdn);
        });
        Assert.Equal(1000, devices.Select(d => d.Hostname).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(1000, devices.Select(d => d.Uuid).Distinct().Count());
        Assert.Equal(FleetGenerator.DefaultScopes.Select(s => s.Name).Order(), devices.Select(d => d.Scope).Distinct().Order());
    }

    [Fact]
    public void Generate_1000Devices_CoverEveryFirmwareGenerationWithItsHashTable()
    {
        var devices = FleetGenerator.Generate(1000, 3);

        var generations = devices.Select(d => d.Firmware.Major == 6 ? "6.x" : $"{d.Firmware.Major}.{d.Firmware.Minor}").Distinct().Order().ToList();
        Assert.Equal(["11.8", "12.0", "15.0", "16.1", "19.0", "3.2", "6.x"], generations);
        Assert.All(devices.Where(d => d.Firmware.Major < 11), d => Assert.All(d.Profile.DefaultHashes, h => Assert.Equal(Protocol.Hello.CertHashType.Sha1, h.Algorithm)));
        Assert.All(devices.Where(d => d.Firmware.Major >= 16), d => Assert.True(d.Profile.RejectSha1));
        Assert.Contains(devices, d => d.Sku == "16392");
    }

    [Fact]
    public void ToIdentity_KeepsTheGeneratedFields()
    {
        var device = FleetGenerator.Generate(1, 9)[0];

        var identity = device.ToIdentity();

        Assert.Equal((device.Uuid, device.Mac, device.Hostname, device.Sku, device.Firmware), (identity.Uuid, identity.Mac, identity.Hostname, identity.Sku, identity.Firmware.Version));
    }
}
