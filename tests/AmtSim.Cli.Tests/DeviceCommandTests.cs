using System.Net;
using AmtSim.Cli.Commands;
using AmtSim.Firmware.Profiles;
using AmtSim.Firmware.Web;
using AmtSim.Pki.Fixtures;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.World;
using Xunit;

namespace AmtSim.Cli.Tests;

public class DeviceCommandTests
{
    private static readonly FixtureManifest Manifest = FixtureManifest.Load(FixtureLocator.Find() ?? throw new InvalidOperationException("fixtures/pki not found"));

    private static DeviceCommand.ServeSettings Settings(int count = 2, string baseAddress = "127.61.0.1", int firstIndex = 0) => new(
        count, 42, FirmwareVersion.Parse("16.1"), "contoso.com", "P@ssw0rd!", IPAddress.Parse(baseAddress),
        new FirmwareWebServerOptions { HttpPort = 0, TlsPort = 0 }, Manifest, firstIndex);

    // Issue 14: device serve built its devices without the stand-in roots, so RPS's AddNextCertInChain of the root answered 4.
    [Fact]
    public void CreateDevice_Served_HashTableHoldsEveryStandInRootAndTheDefaults()
    {
        var device = DeviceCommand.CreateDevice(Settings(), 0);

        var roots = Manifest.Authorities.Where(a => a.Role == "root" && a.TrustedByDevices).ToList();
        Assert.NotEmpty(roots);
        foreach (var root in roots)
        {
            Assert.Contains(device.HashTable, h => h.IsActive && string.Equals(h.Hex, root.Sha256Thumbprint, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(roots.Count + device.Identity.Firmware.DefaultHashes.Count, device.HashTable.Count);
    }

    // Issue 14: two device serve processes with one seed gave the same UUIDs, which collide in RPS's records.
    [Fact]
    public void CreateDevice_FirstIndex_IdentityIsThatOfTheFleetIndexAndProcessesDoNotOverlap()
    {
        var first = Enumerable.Range(0, 2).Select(i => DeviceCommand.CreateDevice(Settings(), i)).ToList();
        var second = Enumerable.Range(0, 2).Select(i => DeviceCommand.CreateDevice(Settings(firstIndex: 2), i)).ToList();
        var wholeFleet = DeviceCommand.CreateDevice(Settings(count: 4), 2);

        Assert.Equal(wholeFleet.Identity.Uuid, second[0].Identity.Uuid);
        Assert.Equal(wholeFleet.Identity.Mac, second[0].Identity.Mac);
        Assert.Empty(first.Select(d => d.Identity.Uuid).Intersect(second.Select(d => d.Identity.Uuid)));
        Assert.Empty(first.Select(d => d.Identity.Mac).Intersect(second.Select(d => d.Identity.Mac)));
        Assert.Equal(IPAddress.Parse("127.61.0.1"), second[0].Network.Address);
        Assert.Equal("amt003.contoso.com", second[0].Network.Fqdn);
    }

    [Fact]
    public async Task ServeAsync_NegativeFirstIndex_IsInvalidInput()
        => await Assert.ThrowsAsync<InvalidInputException>(() => DeviceCommand.ServeAsync(Settings(firstIndex: -1), TextWriter.Null, CancellationToken.None));

    // issue 19: device serve --shard I/N serves its part of the fleet with the identities and addresses of one process serving all.
    [Fact]
    public void ForShard_ServesItsPartWithTheWholeFleetsIdentitiesAndAddresses()
    {
        var whole = Settings(count: 5);
        var all = Enumerable.Range(0, 5).Select(i => DeviceCommand.CreateDevice(whole, i)).ToList();

        var shards = Enumerable.Range(0, 2).Select(i => DeviceCommand.ForShard(whole, new AmtSim.Runtime.Determinism.Shard(i, 2))).ToList();
        var served = shards.SelectMany(s => Enumerable.Range(0, s.Count).Select(i => DeviceCommand.CreateDevice(s, i))).ToList();

        Assert.Equal([3, 2], shards.Select(s => s.Count));
        Assert.Equal(all.Select(d => (d.Identity.Uuid, d.Identity.Mac, d.Network.Address.ToString())), served.Select(d => (d.Identity.Uuid, d.Identity.Mac, d.Network.Address.ToString())));
    }

    [Fact]
    public void ForShard_MoreShardsThanDevices_IsInvalidInputSayingSo()
    {
        var ex = Assert.Throws<AmtSim.Runtime.Errors.InvalidInputException>(() => DeviceCommand.ForShard(Settings(count: 2), new AmtSim.Runtime.Determinism.Shard(2, 3)));
        Assert.Contains("leaves this shard empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDevice_SameSeedAndIndex_SameIdentity()
    {
        var a = DeviceCommand.CreateDevice(Settings(), 1);
        var b = DeviceCommand.CreateDevice(Settings(), 1);
        var other = DeviceCommand.CreateDevice(Settings(), 2);

        Assert.Equal(a.Identity.Uuid, b.Identity.Uuid);
        Assert.Equal(a.Identity.Mac, b.Identity.Mac);
        Assert.NotEqual(a.Identity.Uuid, other.Identity.Uuid);
        Assert.Equal(IPAddress.Parse("127.61.0.2"), a.Network.Address);
        Assert.Equal("amt002.contoso.com", a.Network.Fqdn);
        Assert.Equal("P@ssw0rd!", a.MebxPassword);
        Assert.True(a.SetupCertificate!.HasPrivateKey);
    }

    [Fact]
    public async Task ServeAsync_TwoDevices_PrintsOneLinePerDeviceAndStopsOnCancel()
    {
        using var output = new SignalingWriter("serving;");
        using var cancel = new CancellationTokenSource();
        var run = DeviceCommand.ServeAsync(Settings(), output, cancel.Token);
        await Task.WhenAny(output.Seen.Task, run);

        await cancel.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("127.61.0.1\t", StringComparison.Ordinal) && l.Contains("amt001.contoso.com\t16.1.0\tPre/None", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("127.61.0.2\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServeAsync_CountZero_IsInvalidInput()
        => await Assert.ThrowsAsync<InvalidInputException>(() => DeviceCommand.ServeAsync(Settings(count: 0), TextWriter.Null, CancellationToken.None));

    [Fact]
    public void Parse_BaseAddressOutsideLoopback_ExitsWithInvalidInput()
    {
        var exit = Program.BuildRoot().Parse(["device", "serve", "--base-address", "10.0.0.1"]).Invoke();
        Assert.Equal(ExitCodes.InvalidInput, exit);
    }

    /// <summary>Collects output and completes <see cref="Seen"/> when a line containing the marker is written.</summary>
    private sealed class SignalingWriter(string marker) : StringWriter
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true)
            {
                Seen.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }
}
