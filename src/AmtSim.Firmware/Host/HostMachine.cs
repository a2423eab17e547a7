using AmtSim.Firmware.Device;

namespace AmtSim.Firmware.Host;

/// <summary>
/// The host side of a simulated machine: the PC whose chipset holds the device. What an agent on
/// its OS has: the MEI facts, LMS, and the OS's own name and DNS suffix. Built around a device by
/// whoever runs it (the World, <c>amtsim rpc</c>); the device knows nothing of it.
/// </summary>
public sealed class HostMachine
{
    public HostMachine(AmtDevice device, int httpPort = 16992, int tlsPort = 16993)
    {
        Mei = new DeviceHostInterface(device);
        Lms = new LocalManageabilityService(device, Mei, httpPort, tlsPort);
        Hostname = device.Identity.Hostname;
        OsDnsSuffix = device.Network.DhcpDomainSuffix ?? "";
    }

    public IHostInterface Mei { get; }

    public LocalManageabilityService Lms { get; }

    /// <summary>The OS host name (rpc-go: os.Hostname()).</summary>
    public string Hostname { get; }

    /// <summary>The OS's DNS suffix (from DHCP option 15), rpc-go's fallback when MEBx has no PKI DNS suffix.</summary>
    public string OsDnsSuffix { get; }
}
