namespace AmtSim.Provisioning.Connect;

/// <summary>The TLS handshake with a device failed: the alert the device sent (46 = certificate_unknown), or none when it just hung up.</summary>
public sealed class DeviceTlsException(string message, byte? alertReceived, Exception? inner = null) : Exception(message, inner)
{
    public byte? AlertReceived { get; } = alertReceived;
}
