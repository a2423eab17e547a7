using AmtSim.Testing;
using Xunit;

namespace AmtSim.Interop.Tests.Network;

/// <summary>
/// A fact that creates network namespaces: it needs root, iproute2's <c>ip netns</c> and
/// dnsmasq. Outside CI it skips with a message when any is missing; under CI (root) it runs and
/// fails loudly instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresNetworkNamespaceFactAttribute : FactAttribute
{
    public RequiresNetworkNamespaceFactAttribute()
    {
        if (ExternalProgram.InCi)
        {
            return;
        }

        if (!OperatingSystem.IsLinux())
        {
            Skip = "network namespaces need Linux";
        }
        else if (Environment.UserName != "root" && !IsRoot())
        {
            Skip = "creating a network namespace needs root (run as root, as CI does)";
        }
        else if (ExternalProgram.Find("ip") is null)
        {
            Skip = "'ip' (iproute2) not found; install it with: apt-get install iproute2";
        }
        else if (ExternalProgram.Find("dnsmasq") is null)
        {
            Skip = "'dnsmasq' not found; install it with: apt-get install dnsmasq";
        }
        else if (!Directory.Exists("/var/run/netns") && !CanCreateNetnsDirectory())
        {
            Skip = "'ip netns' is unavailable (cannot create /var/run/netns)";
        }
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool CanCreateNetnsDirectory()
    {
        try
        {
            Directory.CreateDirectory("/var/run/netns");
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
