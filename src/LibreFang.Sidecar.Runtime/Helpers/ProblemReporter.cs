namespace LibreFang.Sidecar;

/// <summary>
/// Tells the operator about problems only they can fix (a rejected password, an unreachable server, a channel that
/// cannot be joined) with <c>error</c> events, the one thing the daemon's dashboard shows. Each problem has a key: it
/// is reported once, and again only after it has cleared (<see cref="Clear"/>, <see cref="Connected"/>) and come back.
/// The daemon keeps the last error as the adapter's status and never clears it, so repeating an unchanged problem
/// would add nothing but noise; every report is also logged to stderr.
/// </summary>
/// <example><code>
/// var problems = new ProblemReporter(events, "MQTT");
/// await Backoff.Default.RunWithReconnectAsync(async ct =>
/// {
///     await client.ConnectAsync(ct);       // throws OperatorProblemException("credentials", ...) when refused
///     problems.Connected();                // clears every problem and the failed-attempt count
///     await client.RunAsync(ct);
/// }, problems, cancellationToken);
/// </code></example>
public sealed class ProblemReporter
{
    /// <summary>The key of the "unreachable after N failed attempts" problem.</summary>
    public const string UnreachableKey = "unreachable";

    private readonly IEventEmitter _events;
    private readonly string? _source;
    private readonly SidecarLog _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _active = new(StringComparer.Ordinal);
    private int _failedAttempts;

    /// <param name="events">The session's emitter (the producer's).</param>
    /// <param name="source">Put before each message (<c>"IRC"</c> gives <c>"IRC: wrong password"</c>).</param>
    /// <param name="log">Where every report is logged too; <see cref="SidecarLog.Shared"/> when null.</param>
    public ProblemReporter(IEventEmitter events, string? source = null, SidecarLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events;
        _source = string.IsNullOrWhiteSpace(source) ? null : source;
        _log = log ?? SidecarLog.Shared;
    }

    /// <summary>Failed attempts in a row before <see cref="AttemptFailedAsync"/> reports the target unreachable (default 5).</summary>
    public int UnreachableAfter
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 5;

    /// <summary>Failed attempts since the last <see cref="Connected"/>.</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>Whether <paramref name="key"/> is reported and not cleared.</summary>
    public bool IsActive(string key)
    {
        lock (_gate)
        {
            return _active.ContainsKey(key);
        }
    }

    /// <summary>
    /// Reports a problem: an <c>error</c> event unless <paramref name="key"/> is already reported and not cleared.
    /// Returns whether an event was emitted. A new message under an active key is logged, not emitted again.
    /// </summary>
    public async ValueTask<bool> ReportAsync(string key, string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(message);
        bool isNew;
        lock (_gate)
        {
            isNew = _active.TryAdd(key, message);
        }
        _log.Error(message, ("problem", key), ("reported", isNew));
        if (!isNew)
        {
            return false;
        }
        await _events.EmitAsync(new ErrorEvent(_source is null ? message : _source + ": " + message), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Marks <paramref name="key"/> as fixed: the next report of it emits an event again. Returns whether it was active.</summary>
    public bool Clear(string key)
    {
        bool removed;
        lock (_gate)
        {
            removed = _active.Remove(key);
        }
        if (removed)
        {
            _log.Info("problem cleared", ("problem", key));
        }
        return removed;
    }

    /// <summary>
    /// Counts one failed connection attempt; the <see cref="UnreachableAfter"/>-th in a row reports
    /// "<paramref name="target"/> unreachable after N failed attempts" (key <see cref="UnreachableKey"/>). Returns
    /// whether an event was emitted.
    /// </summary>
    public ValueTask<bool> AttemptFailedAsync(string target, Exception error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        var attempts = Interlocked.Increment(ref _failedAttempts);
        if (attempts < UnreachableAfter)
        {
            return ValueTask.FromResult(false);
        }
        return ReportAsync(UnreachableKey,
            $"{target} unreachable after {attempts} failed attempts (last error: {ExceptionText.Message(error)}); still retrying",
            cancellationToken);
    }

    /// <summary>
    /// The platform connection is up (the login was accepted): resets the failed-attempt count and clears every
    /// problem, so each is reported again if it comes back.
    /// </summary>
    public void Connected()
    {
        Interlocked.Exchange(ref _failedAttempts, 0);
        string[] cleared;
        lock (_gate)
        {
            cleared = new string[_active.Count];
            _active.Keys.CopyTo(cleared, 0);
            _active.Clear();
        }
        foreach (var key in cleared)
        {
            _log.Info("problem cleared", ("problem", key));
        }
    }
}

/// <summary>A problem the operator must fix: its key (for <see cref="ProblemReporter"/>) and what to tell them.</summary>
public readonly record struct OperatorProblem(string Key, string Message);

/// <summary>
/// Thrown by a platform session for a failure only the operator can fix (a rejected password). The reconnect loop of
/// <see cref="Backoff.RunWithReconnectAsync(Func{CancellationToken, Task}, ProblemReporter, CancellationToken, Func{Exception, OperatorProblem?}?, string?, TimeSpan?, Backoff?, SidecarLog?, TimeProvider?)"/>
/// reports it once and keeps retrying with its long backoff.
/// </summary>
public sealed class OperatorProblemException : Exception
{
    /// <summary>Creates the exception for one problem.</summary>
    public OperatorProblemException(string key, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Key = key;
    }

    /// <summary>The problem's key.</summary>
    public string Key { get; }

    /// <summary>The problem as reported.</summary>
    public OperatorProblem Problem => new(Key, Message);
}
