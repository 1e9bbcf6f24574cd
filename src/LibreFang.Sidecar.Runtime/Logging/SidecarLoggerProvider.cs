using Microsoft.Extensions.Logging;

namespace LibreFang.Sidecar;

/// <summary>
/// Routes <see cref="ILogger"/> output (HttpClient, libraries, the adapter's own injected loggers) into the sidecar's
/// stderr log, one JSON line per entry. Nothing is loaded unless an adapter uses it.
/// </summary>
/// <example><code>
/// using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new SidecarLoggerProvider()));
/// </code></example>
public sealed class SidecarLoggerProvider(SidecarLog? log = null) : ILoggerProvider
{
    private readonly SidecarLog _log = log ?? SidecarLog.Shared;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new SidecarLogger(_log, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class SidecarLogger(SidecarLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && log.IsEnabled(Map(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var fields = new List<(string Key, object? Value)>(4) { ("category", category) };
            if (eventId.Id != 0)
            {
                fields.Add(("event_id", eventId.Id));
            }
            if (state is IReadOnlyList<KeyValuePair<string, object?>> structured)
            {
                foreach (var (key, value) in structured)
                {
                    if (key != "{OriginalFormat}")
                    {
                        fields.Add((key, value));
                    }
                }
            }
            if (exception is not null)
            {
                fields.Add(("error", exception));
            }
            log.Write(Map(logLevel), formatter(state, exception), [.. fields]);
        }

        private static SidecarLogLevel Map(LogLevel level) => level switch
        {
            LogLevel.Trace or LogLevel.Debug => SidecarLogLevel.Debug,
            LogLevel.Information => SidecarLogLevel.Info,
            LogLevel.Warning => SidecarLogLevel.Warn,
            _ => SidecarLogLevel.Error,
        };
    }
}
