using System.Runtime.InteropServices;

namespace AmtSim.Runtime.Profiling;

/// <summary>What a stretch of CPU was spent on, for <c>amtsim bench fleet --profile</c>.</summary>
public enum ProfilePhase
{
    /// <summary>The device's network: DHCP lease, DNS registration, the hello message.</summary>
    DeviceNetwork,

    /// <summary>The device's TLS engine (BouncyCastle handshake and records, ECDHE, AES-GCM), its own RSA signature excluded.</summary>
    DeviceTls,

    /// <summary>The provisioning-certificate check the device runs inside the handshake.</summary>
    DeviceChainValidation,

    /// <summary>The device's HTTP layer: request parsing, Digest, the response writer.</summary>
    DeviceHttp,

    /// <summary>The device's WS-Man dispatcher and classes (its key generation and CSR included, RSA signatures excluded).</summary>
    DeviceWsman,

    /// <summary>The TLS engine of the client AmtSim plays (the service point's), its RSA signature excluded.</summary>
    ClientTls,

    /// <summary>The client's WS-Man codec: writing requests, reading replies.</summary>
    ClientWsman,

    /// <summary>The enterprise CA issuing a certificate (its RSA signature excluded).</summary>
    CaIssue,

    /// <summary>RSA private-key operations wherever they happen (TLS signatures, CSR, CA).</summary>
    RsaPrivateKey,

    /// <summary>Driving the virtual clock (timers firing, the idle check).</summary>
    VirtualClock,
}

/// <summary>The CPU time, managed allocation and entries of one phase.</summary>
public sealed record PhaseFigure(ProfilePhase Phase, TimeSpan Cpu, long AllocatedBytes, long Entries);

/// <summary>
/// Exclusive CPU time and allocation per <see cref="ProfilePhase"/>, measured with the thread's
/// own CPU clock and allocation counter at the edges of synchronous code (a nested phase's time is
/// its own, not its parent's). Off unless <see cref="Start"/> was called: a scope then costs one
/// static read. A scope must end on the thread it began on (no await inside); one that does not
/// is dropped and counted in <see cref="PhaseProfile.CrossThreadScopes"/>.
/// </summary>
public static class PhaseProfiler
{
    private static readonly int Count = Enum.GetValues<ProfilePhase>().Length;
    private static volatile bool s_enabled;
    private static long[] s_cpuNs = new long[Count];
    private static long[] s_bytes = new long[Count];
    private static long[] s_entries = new long[Count];
    private static long s_crossThread;
    private static int s_generation;

    [ThreadStatic] private static ThreadState? t_state;

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public static bool Enabled => s_enabled;

    /// <summary>True where the thread CPU clock can be read (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Clears the figures and starts measuring.</summary>
    public static void Start()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the phase profile reads the thread CPU clock (clock_gettime), available on Linux only");
        }

        s_cpuNs = new long[Count];
        s_bytes = new long[Count];
        s_entries = new long[Count];
        s_crossThread = 0;
        Interlocked.Increment(ref s_generation);
        s_enabled = true;
    }

    /// <summary>Stops measuring and returns what was measured.</summary>
    public static PhaseProfile Stop()
    {
        s_enabled = false;
        var figures = Enum.GetValues<ProfilePhase>()
            .Select(p => new PhaseFigure(p, TimeSpan.FromTicks(Interlocked.Read(ref s_cpuNs[(int)p]) / 100), Interlocked.Read(ref s_bytes[(int)p]), Interlocked.Read(ref s_entries[(int)p])))
            .ToArray();
        return new PhaseProfile(figures, Interlocked.Read(ref s_crossThread));
    }

    /// <summary>Begins <paramref name="phase"/> on this thread until the scope is disposed (on this thread).</summary>
    public static Scope Enter(ProfilePhase phase)
    {
        if (!s_enabled)
        {
            return default;
        }

        var state = t_state ??= new ThreadState();
        if (state.Generation != s_generation)
        {
            // Left from an earlier profile (a scope dropped mid-way): start this thread afresh.
            state.Reset(s_generation);
        }

        var cpu = ThreadCpuNanoseconds();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        if (state.Depth > 0)
        {
            Charge(state.Current, cpu - state.CpuMark, bytes - state.BytesMark);
        }

        state.Push(phase);
        state.CpuMark = cpu;
        state.BytesMark = bytes;
        Interlocked.Increment(ref s_entries[(int)phase]);
        return new Scope(state, state.Depth);
    }

    private static void Charge(ProfilePhase phase, long cpuNs, long bytes)
    {
        Interlocked.Add(ref s_cpuNs[(int)phase], cpuNs);
        Interlocked.Add(ref s_bytes[(int)phase], bytes);
    }

    /// <summary>One entered phase; disposing it charges the time since the last edge and returns to the enclosing phase.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ThreadState? _state;
        private readonly int _depth;

        internal Scope(ThreadState state, int depth)
        {
            _state = state;
            _depth = depth;
        }

        public void Dispose()
        {
            if (_state is null)
            {
                return;
            }

            if (_state.Generation != s_generation)
            {
                return;
            }

            if (!ReferenceEquals(_state, t_state) || _state.Depth != _depth)
            {
                // Ended on another thread (an await inside) or out of order: its figures would be someone else's.
                Interlocked.Increment(ref s_crossThread);
                return;
            }

            var cpu = ThreadCpuNanoseconds();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            if (s_enabled)
            {
                Charge(_state.Current, cpu - _state.CpuMark, bytes - _state.BytesMark);
            }

            _state.Pop();
            _state.CpuMark = cpu;
            _state.BytesMark = bytes;
        }
    }

    internal sealed class ThreadState
    {
        private ProfilePhase[] _stack = new ProfilePhase[8];

        public int Depth { get; private set; }

        public int Generation { get; private set; }

        public long CpuMark { get; set; }

        public long BytesMark { get; set; }

        public ProfilePhase Current => _stack[Depth - 1];

        public void Push(ProfilePhase phase)
        {
            if (Depth == _stack.Length)
            {
                Array.Resize(ref _stack, Depth * 2);
            }

            _stack[Depth++] = phase;
        }

        public void Pop() => Depth--;

        public void Reset(int generation)
        {
            Depth = 0;
            Generation = generation;
        }
    }

    private static long ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTimeId = 3;
        return clock_gettime(ClockThreadCpuTimeId, out var ts) == 0 ? (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // a blittable out struct: DllImport needs no marshalling code here
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054
}

/// <summary>The figures of one profiled stretch.</summary>
/// <param name="Phases">Every phase, in <see cref="ProfilePhase"/> order.</param>
/// <param name="CrossThreadScopes">Scopes that ended on another thread than they began on and were dropped (should be 0).</param>
public sealed record PhaseProfile(IReadOnlyList<PhaseFigure> Phases, long CrossThreadScopes)
{
    /// <summary>The CPU time every phase accounts for together.</summary>
    public TimeSpan Attributed => TimeSpan.FromTicks(Phases.Sum(p => p.Cpu.Ticks));
}
