using System.Text;
using System.Threading.Channels;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Testing;

/// <summary>
/// The typed API shared by <see cref="SidecarTestHost{TAdapter}"/> (in-process) and <see cref="SidecarProcessHost"/>
/// (a published binary over real pipes): write commands as the supervisor does, read events by type, check errors and
/// the exit code. Failures throw <see cref="SidecarTestException"/>, whose message lists the events seen so far, so it
/// works with any test framework.
/// </summary>
public abstract class SidecarTestSession : IAsyncDisposable
{
    /// <summary>How long a read or an exit waits unless told otherwise (10 s).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<SidecarEvent> _unread = Channel.CreateUnbounded<SidecarEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly List<SidecarEvent> _seen = [];
    private readonly List<string> _invalidLines = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private Task _pump = Task.CompletedTask;

    /// <summary>The channel a <see cref="SendAsync"/> without one goes to.</summary>
    public string DefaultChannel { get; init; } = "test-channel";

    /// <summary>The user a <see cref="SendAsync"/> without one comes from.</summary>
    public ChannelUser DefaultUser { get; init; } = new("test-user", "Test User");

    /// <summary>Every event the adapter has written so far, in order, whether a read returned it, skipped it or has yet to reach it.</summary>
    public IReadOnlyList<SidecarEvent> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>The adapter's log lines (stderr), in order.</summary>
    public abstract IReadOnlyList<string> LogLines { get; }

    /// <summary>Writes one command line to the adapter's stdin.</summary>
    protected abstract ValueTask WriteLineAsync(ReadOnlyMemory<byte> utf8Line, CancellationToken cancellationToken);

    /// <summary>Closes the adapter's stdin (EOF: the session ends like after <c>shutdown</c>).</summary>
    public abstract ValueTask CloseInputAsync();

    /// <summary>The exit code once the adapter has stopped; waits at most <paramref name="timeout"/>.</summary>
    public abstract Task<int> WaitForExitAsync(TimeSpan? timeout = null);

    /// <summary>Starts reading event lines from <paramref name="stdout"/> until EOF.</summary>
    protected void StartReading(Stream stdout) => _pump = Task.Run(() => PumpAsync(stdout));

    /// <summary>Writes any command, serialized exactly as the daemon writes it.</summary>
    public async Task CommandAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var line = WireFormat.CommandToUtf8(command);
        var framed = new byte[line.Length + 1];
        line.CopyTo(framed, 0);
        framed[^1] = (byte)'\n';
        await WriteRawLineAsync(framed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a raw line (malformed input tests); a newline is added.</summary>
    public Task WriteRawAsync(string line, CancellationToken cancellationToken = default) =>
        WriteRawLineAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);

    /// <summary>A <c>send</c>: <paramref name="text"/> to <paramref name="channel"/> (default <see cref="DefaultChannel"/>).</summary>
    public Task SendAsync(string text, string? channel = null, ChannelUser? user = null, CancellationToken cancellationToken = default) =>
        CommandAsync(new SendCommand(channel ?? DefaultChannel, text, user ?? DefaultUser), cancellationToken);

    /// <summary>A <c>typing</c> command for <paramref name="channel"/> (default <see cref="DefaultChannel"/>).</summary>
    public Task TypingAsync(string? channel = null, CancellationToken cancellationToken = default) =>
        CommandAsync(new TypingCommand(channel ?? DefaultChannel), cancellationToken);

    /// <summary>A <c>ready_ack</c> (stops the ready re-announcements).</summary>
    public Task AckReadyAsync(CancellationToken cancellationToken = default) => CommandAsync(new ReadyAckCommand(), cancellationToken);

    /// <summary>A <c>shutdown</c>.</summary>
    public Task ShutdownAsync(CancellationToken cancellationToken = default) => CommandAsync(new ShutdownCommand(), cancellationToken);

    /// <summary>
    /// The next event of type <typeparamref name="TEvent"/> (matching <paramref name="where"/> when given); events of
    /// other types before it are skipped but stay in <see cref="Seen"/>. Throws when none arrives within
    /// <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>) or stdout ends first.
    /// </summary>
    public async Task<TEvent> NextAsync<TEvent>(Func<TEvent, bool>? where = null, TimeSpan? timeout = null)
        where TEvent : SidecarEvent
    {
        var wait = timeout ?? DefaultTimeout;
        using var expiry = new CancellationTokenSource(wait);
        try
        {
            while (await _unread.Reader.WaitToReadAsync(expiry.Token).ConfigureAwait(false))
            {
                while (_unread.Reader.TryRead(out var next))
                {
                    if (next is TEvent typed && (where is null || where(typed)))
                    {
                        return typed;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested)
        {
            throw Failure($"no {EventName<TEvent>()}{(where is null ? "" : " matching the condition")} within {wait.TotalSeconds:0.###} s");
        }
        throw Failure($"stdout ended before a {EventName<TEvent>()}{(where is null ? "" : " matching the condition")} arrived");
    }

    /// <summary>The next event of any type.</summary>
    public Task<SidecarEvent> NextAsync(TimeSpan? timeout = null) => NextAsync<SidecarEvent>(null, timeout);

    /// <summary>The next <c>error</c> event; with <paramref name="containing"/>, one whose message contains it.</summary>
    public Task<ErrorEvent> ExpectErrorAsync(string? containing = null, TimeSpan? timeout = null) =>
        NextAsync<ErrorEvent>(containing is null ? null : e => e.Message.Contains(containing, StringComparison.Ordinal), timeout);

    /// <summary>Throws when an <c>error</c> event has been read so far, or when stdout carried a line that is not an event.</summary>
    public void AssertNoErrors()
    {
        var errors = Seen.OfType<ErrorEvent>().ToList();
        if (errors.Count > 0)
        {
            throw Failure($"expected no error events, saw {errors.Count}");
        }
        lock (_gate)
        {
            if (_invalidLines.Count > 0)
            {
                throw Failure($"stdout carried {_invalidLines.Count} line(s) that are not protocol events");
            }
        }
    }

    /// <summary>Waits for the exit and throws unless its code is <paramref name="expected"/>.</summary>
    public async Task AssertExitCodeAsync(int expected, TimeSpan? timeout = null)
    {
        var code = await WaitForExitAsync(timeout).ConfigureAwait(false);
        if (code != expected)
        {
            throw Failure($"expected exit code {expected}, got {code}");
        }
    }

    /// <summary>Sends <c>shutdown</c>, waits for the exit, and returns its code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        await ShutdownAsync().ConfigureAwait(false);
        return await WaitForExitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Every event still to come, until stdout ends (after the adapter exits).</summary>
    public async Task<IReadOnlyList<SidecarEvent>> RemainingAsync(TimeSpan? timeout = null)
    {
        var rest = new List<SidecarEvent>();
        using var expiry = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var next in _unread.Reader.ReadAllAsync(expiry.Token).ConfigureAwait(false))
            {
                rest.Add(next);
            }
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested)
        {
            throw Failure("stdout did not end");
        }
        return rest;
    }

    /// <summary>A failure whose message ends with the events seen so far and the last log lines.</summary>
    protected SidecarTestException Failure(string problem)
    {
        var text = new StringBuilder(problem).Append('.');
        List<SidecarEvent> seen;
        List<string> invalid;
        lock (_gate)
        {
            seen = [.. _seen];
            invalid = [.. _invalidLines];
        }
        text.Append("\nevents seen so far (").Append(seen.Count).Append("):");
        foreach (var seenEvent in seen)
        {
            text.Append("\n  ").Append(WireFormat.EventToJson(seenEvent));
        }
        foreach (var line in invalid)
        {
            text.Append("\n  not an event: ").Append(line);
        }
        var log = LogLines;
        if (log.Count > 0)
        {
            const int Shown = 20;
            text.Append("\nlast log lines:");
            foreach (var line in log.Skip(Math.Max(0, log.Count - Shown)))
            {
                text.Append("\n  ").Append(line);
            }
        }
        return new SidecarTestException(text.ToString());
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The adapter is still writing; the subclass has already stopped it.
        }
        _writeGate.Dispose();
    }

    private async Task WriteRawLineAsync(byte[] framed, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A write that cannot complete means the adapter stopped draining stdin: fail instead of hanging the test.
            await WriteLineAsync(framed, cancellationToken).AsTask().WaitAsync(DefaultTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Failure($"the adapter did not read its stdin for {DefaultTimeout.TotalSeconds:0} s");
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task PumpAsync(Stream stdout)
    {
        using var reader = new StreamReader(stdout, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }
                var parsed = EventParser.Parse(Encoding.UTF8.GetBytes(line));
                lock (_gate)
                {
                    if (parsed.Value is { } sidecarEvent)
                    {
                        _seen.Add(sidecarEvent);
                        _unread.Writer.TryWrite(sidecarEvent);
                    }
                    else
                    {
                        _invalidLines.Add(line + "  (" + parsed.Error?.Message + ")");
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke with the process: the same as EOF.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _unread.Writer.TryComplete();
        }
    }

    private static string EventName<TEvent>() where TEvent : SidecarEvent =>
        typeof(TEvent) == typeof(SidecarEvent) ? "event" : typeof(TEvent).Name;
}

/// <summary>A test expectation about an adapter session failed; the message shows what the adapter did instead.</summary>
public sealed class SidecarTestException(string message) : Exception(message);
