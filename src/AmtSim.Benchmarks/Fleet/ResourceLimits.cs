using System.Runtime.InteropServices;

namespace AmtSim.Benchmarks.Fleet;

/// <summary>Raises the open-file limit for large fleets (each device holds two listening sockets plus connections).</summary>
public static class ResourceLimits
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    /// <summary>Makes sure at least <paramref name="needed"/> file descriptors can be open; returns the limit now in force. Throws with a clear message when the hard limit is lower.</summary>
    public static ulong EnsureOpenFiles(ulong needed)
    {
        if (!OperatingSystem.IsLinux())
        {
            return needed;
        }

        if (GetRLimit(RlimitNofile, out var limit) != 0)
        {
            throw new InvalidOperationException($"cannot read the open-file limit (errno {Marshal.GetLastPInvokeError()})");
        }

        if (limit.Current >= needed)
        {
            return limit.Current;
        }

        if (limit.Max < needed)
        {
            // Root (CAP_SYS_RESOURCE) may raise the hard limit too, up to fs.nr_open.
            var both = new RLimit { Current = needed, Max = needed };
            if (SetRLimit(RlimitNofile, ref both) == 0)
            {
                return needed;
            }

            throw new InvalidOperationException($"{needed} open files are needed but the hard limit is {limit.Max} and cannot be raised from here (errno {Marshal.GetLastPInvokeError()}): raise it (ulimit -Hn {needed}, or LimitNOFILE=) and run again");
        }

        var raised = new RLimit { Current = limit.Max, Max = limit.Max };
        if (SetRLimit(RlimitNofile, ref raised) != 0)
        {
            throw new InvalidOperationException($"cannot raise the open-file limit from {limit.Current} to {limit.Max} (errno {Marshal.GetLastPInvokeError()})");
        }

        return raised.Current;
    }

    /// <summary>The hard open-file limit of this process (what it could raise its own limit to); null off Linux.</summary>
    public static ulong? HardOpenFileLimit()
        => OperatingSystem.IsLinux() && GetRLimit(RlimitNofile, out var limit) == 0 ? limit.Max : null;

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetRLimit(int resource, ref RLimit limit);
}
