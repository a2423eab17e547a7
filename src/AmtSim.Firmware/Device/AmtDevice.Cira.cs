using AmtSim.Firmware.Audit;
using AmtSim.Firmware.Cira;

namespace AmtSim.Firmware.Device;

public sealed partial class AmtDevice
{
    private CiraStatus _cira = CiraStatus.Off;
    private string _ciraDetail = "";

    /// <summary>Where the device's CIRA connection stands.</summary>
    public CiraStatus CiraStatus
    {
        get { lock (_gate) { return _cira; } }
    }

    /// <summary>Why it stands there (the detail of the last transition).</summary>
    public string CiraDetail
    {
        get { lock (_gate) { return _ciraDetail; } }
    }

    /// <summary>
    /// Applies a CIRA event through <see cref="CiraLifecycle.Table"/>: a legal one moves the status and
    /// is audited; an illegal one changes nothing, is audited as refused, and returns false. The same
    /// event with the same detail in the state it leads to is not repeated in the trail.
    /// </summary>
    public bool ApplyCira(CiraEvent cira, string detail)
    {
        CiraStatus from;
        CiraTransition? transition;
        lock (_gate)
        {
            from = _cira;
            transition = CiraLifecycle.Find(from, cira);
            if (transition is not null)
            {
                if (transition.To == from && (detail == _ciraDetail || (from == CiraStatus.Off && cira == CiraEvent.Unconfigured)))
                {
                    return true;
                }

                _cira = transition.To;
                _ciraDetail = detail;
            }
        }

        Audit.Add(new CiraAudit(Clock.Now, from, cira, transition?.To ?? from, detail, Refused: transition is null));
        if (transition is not null)
        {
            CiraChanged?.Invoke(this, transition.To);
        }

        return transition is not null;
    }

    /// <summary>Raised after every CIRA transition (benchmarks count connected devices on it).</summary>
    public event Action<AmtDevice, CiraStatus>? CiraChanged;

    /// <summary>Raised by the WS-Man classes after a call changed the CIRA configuration; the CIRA agent re-evaluates on it.</summary>
    public event Action<AmtDevice>? CiraConfigurationChanged;

    public void NotifyCiraConfigurationChanged() => CiraConfigurationChanged?.Invoke(this);
}
