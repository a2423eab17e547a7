using System.Security.Cryptography;
using AmtSim.Runtime.Profiling;
using Xunit;

namespace AmtSim.Runtime.Tests.Profiling;

/// <summary>
/// The phase profiler's accounting: exclusive figures for nested phases, nothing while off, and a
/// scope that ends on another thread dropped and counted. Only phases no other Runtime code enters
/// are used, so the virtual-clock tests running alongside cannot touch these figures.
/// </summary>
[Collection(nameof(PhaseProfilerTests))]
public sealed class PhaseProfilerTests
{
    private static PhaseFigure Of(PhaseProfile profile, ProfilePhase phase) => profile.Phases.Single(p => p.Phase == phase);

    [Fact]
    public void NestedPhase_ItsAllocationAndCpuAreItsOwnNotTheParents()
    {
        PhaseProfiler.Start();
        byte[] outer;
        byte[] inner;
        using (PhaseProfiler.Enter(ProfilePhase.CaIssue))
        {
            outer = new byte[16 * 1024];
            using (PhaseProfiler.Enter(ProfilePhase.DeviceTls))
            {
                inner = new byte[1024 * 1024];
                var digest = new byte[32];
                for (var i = 0; i < 20_000; i++)
                {
                    SHA256.HashData(digest, digest);
                }
            }
        }

        var profile = PhaseProfiler.Stop();

        GC.KeepAlive(outer);
        GC.KeepAlive(inner);
        var ca = Of(profile, ProfilePhase.CaIssue);
        var tls = Of(profile, ProfilePhase.DeviceTls);
        Assert.Equal(1, ca.Entries);
        Assert.Equal(1, tls.Entries);
        Assert.True(tls.AllocatedBytes >= 1024 * 1024, $"inner phase allocated {tls.AllocatedBytes} bytes");
        Assert.True(ca.AllocatedBytes is >= 16 * 1024 and < 1024 * 1024, $"outer phase was charged {ca.AllocatedBytes} bytes: the inner phase's megabyte leaked into it");
        Assert.True(tls.Cpu > TimeSpan.Zero, "20,000 hashes in the inner phase took no CPU time");
        Assert.Equal(0, profile.CrossThreadScopes);
    }

    [Fact]
    public void Off_ScopesChargeNothing()
    {
        PhaseProfiler.Start();
        var profile = PhaseProfiler.Stop();
        using (PhaseProfiler.Enter(ProfilePhase.CaIssue))
        {
            GC.KeepAlive(new byte[64 * 1024]);
        }

        PhaseProfiler.Start();
        var after = PhaseProfiler.Stop();

        Assert.False(PhaseProfiler.Enabled);
        Assert.Equal(0, Of(profile, ProfilePhase.CaIssue).Entries);
        Assert.Equal(0, Of(after, ProfilePhase.CaIssue).Entries);
        Assert.Equal(0, Of(after, ProfilePhase.CaIssue).AllocatedBytes);
    }

    [Fact]
    public void ScopeEndedOnAnotherThread_IsDroppedAndCounted_AndTheNextProfileStartsClean()
    {
        PhaseProfiler.Start();
        var scope = PhaseProfiler.Enter(ProfilePhase.CaIssue);
        var other = new Thread(() => scope.Dispose());
        other.Start();
        other.Join();
        var profile = PhaseProfiler.Stop();

        Assert.Equal(1, profile.CrossThreadScopes);
        Assert.Equal(0, Of(profile, ProfilePhase.CaIssue).AllocatedBytes);

        // This thread still had CaIssue open; a new profile must not charge its time to it.
        PhaseProfiler.Start();
        using (PhaseProfiler.Enter(ProfilePhase.DeviceTls))
        {
            GC.KeepAlive(new byte[32 * 1024]);
        }

        var next = PhaseProfiler.Stop();
        Assert.Equal(0, Of(next, ProfilePhase.CaIssue).AllocatedBytes);
        Assert.Equal(1, Of(next, ProfilePhase.DeviceTls).Entries);
        Assert.Equal(0, next.CrossThreadScopes);
    }
}
