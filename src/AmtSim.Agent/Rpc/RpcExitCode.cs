namespace AmtSim.Agent.Rpc;

/// <summary>
/// rpc-go's exit codes and their names, as rpc-go defines them in <c>pkg/utils/constants.go</c>
/// (device-management-toolkit/rpc-go): 0 success, 1-19 basic errors, 20-69 input errors, 70-99
/// connection errors, 100-149 activation and configuration errors. Only the ones this agent can
/// meet are listed; the numbers and names are rpc-go's.
/// </summary>
public static class RpcExitCode
{
    public const int Success = 0;

    /// <summary>GenericFailure: the websocket to RPS could not be opened or broke.</summary>
    public const int GenericFailure = 10;

    public const int MissingOrIncorrectUrl = 20;
    public const int MissingOrIncorrectProfile = 21;

    /// <summary>MissingOrIncorrectPassword: an activated device (currentMode not 0) needs the AMT password.</summary>
    public const int MissingOrIncorrectPassword = 23;

    public const int IncorrectCommandLineParameters = 28;

    /// <summary>AMTConnectionFailed: the firmware did not answer a relayed request in time.</summary>
    public const int AmtConnectionFailed = 71;

    /// <summary>ActivationFailed: RPS ended an activation with <c>error</c>.</summary>
    public const int ActivationFailed = 102;

    /// <summary>DeactivationFailed: RPS ended a deactivation with <c>error</c>.</summary>
    public const int DeactivationFailed = 110;

    /// <summary>UnmarshalMessageFailed: a message from RPS that is not rpc's JSON.</summary>
    public const int UnmarshalMessageFailed = 113;

    /// <summary>LMSConnectionFailed: LMS could not reach the firmware.</summary>
    public const int LmsConnectionFailed = 139;

    /// <summary>rpc-go's name for <paramref name="code"/>.</summary>
    public static string NameOf(int code) => code switch
    {
        Success => "Success",
        GenericFailure => "GenericFailure",
        MissingOrIncorrectUrl => "MissingOrIncorrectURL",
        MissingOrIncorrectProfile => "MissingOrIncorrectProfile",
        MissingOrIncorrectPassword => "MissingOrIncorrectPassword",
        IncorrectCommandLineParameters => "IncorrectCommandLineParameters",
        AmtConnectionFailed => "AMTConnectionFailed",
        ActivationFailed => "ActivationFailed",
        DeactivationFailed => "DeactivationFailed",
        UnmarshalMessageFailed => "UnmarshalMessageFailed",
        LmsConnectionFailed => "LMSConnectionFailed",
        _ => "Unknown",
    };
}
