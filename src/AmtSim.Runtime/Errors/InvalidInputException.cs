namespace AmtSim.Runtime.Errors;

/// <summary>
/// Base of every "your input is wrong" error: a malformed packet, HTTP request, XML body,
/// certificate file, scenario or log. The message says what and where; the CLI prints it as one
/// line and exits with code 2, never a stack trace.
/// </summary>
public class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidInputException()
    {
    }
}
