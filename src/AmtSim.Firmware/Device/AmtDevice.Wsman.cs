using AmtSim.Firmware.Wsman;

namespace AmtSim.Firmware.Device;

public sealed partial class AmtDevice
{
    private WsmanDeviceState? _wsmanState;

    /// <summary>What the device's WS-Man classes hold: keys, certificates, TLS and network settings, the host-based chain, nonces.</summary>
    public WsmanDeviceState WsmanState
    {
        get
        {
            if (_wsmanState is null)
            {
                Interlocked.CompareExchange(ref _wsmanState, new WsmanDeviceState(WsmanDeviceState.SeedFor(Identity.Uuid)), null);
            }

            return _wsmanState;
        }
    }
}
