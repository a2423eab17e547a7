using Microsoft.Extensions.Logging;

namespace AmtSim.Testing.Web;

/// <summary>
/// A logger factory for tests that keeps every Warning-or-worse entry, so a test can fail when
/// the code under test logged an Error it did not expect (STYLE: the test environment collects Error logs).
/// </summary>
public sealed class ErrorCollectingLoggerFactory : ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Category, string Message, Exception? Exception)> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Where(e => e.Level >= LogLevel.Error)];
            }
        }
    }

    /// <summary>Throws with every Error entry when there is any.</summary>
    public void AssertNoErrors()
    {
        var errors = Errors;
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("unexpected Error logs:\n" + string.Join("\n", errors.Select(e => $"{e.Category}: {e.Message} {e.Exception}")));
        }
    }

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Collector(ErrorCollectingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (owner._gate)
            {
                owner._entries.Add((logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
