namespace LibreFang.Sidecar;

/// <summary>
/// The platform connection as handlers see it while the producer reconnects: the producer publishes each connection
/// once it is usable and withdraws it when it drops; a <c>send</c> waits up to <see cref="WaitLimit"/> for one. A
/// wait that runs out throws <see cref="TimeoutException"/> naming the target and the last connection failure, which
/// the session turns into an <c>error</c> event while it keeps serving. Cancellation ends a wait at once, and after
/// <see cref="Close"/> (the adapter is stopping) every wait fails at once instead of running out its time.
/// </summary>
/// <example><code>
/// private readonly ConnectionGate&lt;MqttClient&gt; _connection = new(TimeSpan.FromSeconds(30), "the MQTT broker");
/// // producer:  _connection.Publish(client); ... finally { _connection.Withdraw(client); }
/// // handler:   var client = await _connection.WaitAsync(send.ChannelId, cancellationToken);
/// </code></example>
public sealed class ConnectionGate<TConnection> where TConnection : class
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private TaskCompletionSource<TConnection> _connected = NewSignal();
    private bool _closed;

    /// <param name="waitLimit">How long a wait may take before it fails.</param>
    /// <param name="platform">How the messages name the platform (<c>"the IRC server irc.libera.chat"</c>).</param>
    /// <param name="time">The clock for the wait limit; <see cref="TimeProvider.System"/> when null.</param>
    public ConnectionGate(TimeSpan waitLimit, string platform, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(waitLimit, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(platform);
        WaitLimit = waitLimit;
        Platform = platform;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long a wait may take.</summary>
    public TimeSpan WaitLimit { get; }

    /// <summary>How messages name the platform.</summary>
    public string Platform { get; }

    /// <summary>Why the last connection attempt failed, shown when a wait runs out; the producer sets it.</summary>
    public string? LastFailure { get; set; }

    /// <summary>The published connection, or null while there is none.</summary>
    public TConnection? Current
    {
        get
        {
            lock (_gate)
            {
                return _connected.Task.IsCompletedSuccessfully ? _connected.Task.Result : null;
            }
        }
    }

    /// <summary>Makes <paramref name="connection"/> the one handlers get, releasing every waiting handler.</summary>
    public void Publish(TConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            if (!_connected.TrySetResult(connection))
            {
                _connected = NewSignal();
                _connected.SetResult(connection);
            }
            LastFailure = null;
        }
    }

    /// <summary>Withdraws <paramref name="connection"/> if it is the published one (a newer connection stays).</summary>
    public void Withdraw(TConnection connection)
    {
        lock (_gate)
        {
            if (_connected.Task.IsCompletedSuccessfully && ReferenceEquals(_connected.Task.Result, connection))
            {
                _connected = NewSignal();
            }
        }
    }

    /// <summary>The adapter is stopping: withdraws the connection and fails every wait, now and later, at once.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            if (!_connected.TrySetException(new ObjectDisposedException(GetType().Name, $"the adapter is stopping; {Platform} is no longer used")))
            {
                _connected = NewSignal();
                _connected.SetException(new ObjectDisposedException(GetType().Name, $"the adapter is stopping; {Platform} is no longer used"));
            }
        }
    }

    /// <summary>
    /// The published connection, waiting up to <see cref="WaitLimit"/> for one. Throws <see cref="TimeoutException"/>
    /// when none comes in time (the message names <paramref name="target"/> and the last failure),
    /// <see cref="OperationCanceledException"/> when cancelled, <see cref="ObjectDisposedException"/> after
    /// <see cref="Close"/>.
    /// </summary>
    public async Task<TConnection> WaitAsync(string target, CancellationToken cancellationToken)
    {
        Task<TConnection> connected;
        lock (_gate)
        {
            connected = _connected.Task;
        }
        try
        {
            return await connected.WaitAsync(WaitLimit, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var cause = LastFailure is { } failure ? $" (last error: {failure})" : "";
            throw new TimeoutException($"not connected to {Platform} for {WaitLimit.TotalSeconds:0} s{cause}; the message to {target} was not sent");
        }
    }

    private static TaskCompletionSource<TConnection> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
