using System.Buffers;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Hosting;

/// <summary>Why a session ended.</summary>
internal enum StopReason
{
    Shutdown,
    EndOfInput,
    Cancelled,
    ProducerCrashed,
    InputFailed,
    OutputFailed,
}

/// <summary>
/// One protocol session over an input and an output stream. Four independent parts: the stdin reader (never waits for
/// anything but input), the dispatch of commands (one at a time, in arrival order), the producer, and the stdout writer.
/// </summary>
/// <remarks>
/// The common case takes one thread: when no command is being handled, the reader runs the next handler itself, and an
/// event emitted while the writer is idle is written by the emitting thread (<see cref="FrameOutput"/>). Either falls
/// back the moment it would wait: a handler that goes asynchronous continues on the thread pool with the commands
/// behind it queued, a handler still running on the reader after 10-20 ms hands reading to a new thread
/// (<see cref="ReaderWatchdog"/>), and a frame the output cannot take at once goes to the writer's queue.
/// </remarks>
internal sealed class SidecarSession
{
    private readonly ISidecarAdapter _adapter;
    private readonly Stream _output;
    private readonly SidecarHostOptions _options;
    private readonly SidecarLog _log;
    private readonly EventQueue _queue;
    private readonly FrameOutput _frames;
    private readonly SessionEmitter _emitter;
    private readonly LineReader _lines;
    private readonly ReaderWatchdog _watchdog;
    // Dispatch state: whether a command is being handled and whether the input has ended (then _dispatchDone completes
    // once nothing is being handled), changed by atomic operations only; and the commands waiting behind the one being
    // handled, under _dispatchGate, which is also held when the Dispatching flag is cleared with commands possibly
    // arriving, so a command is never queued behind a dispatch that has just ended.
    private const int Dispatching = 1;
    private const int InputEnded = 2;
    private int _dispatchState;
    private readonly Lock _dispatchGate = new();
    private readonly Queue<Command> _waiting = new();
    private readonly TaskCompletionSource _dispatchDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _producerStop = new();
    // Set by the producer's task before the session awaits that task, so the exit code reads it after a barrier.
    private bool _producerCrashed;
    private readonly CancellationTokenSource _handlerStop = new();
    private readonly CancellationTokenSource _readerStop = new();
    private readonly TaskCompletionSource<StopReason> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Completed by the reader; the only continuation is the ready loop noticing the ack and returning, which the reader
    // can run itself instead of starting the thread pool for it.
    private readonly TaskCompletionSource _acked = new();
    private int _droppedHostEvents;
    private ProgressCounters _progress;

    public SidecarSession(ISidecarAdapter adapter, Stream input, Stream output, SidecarHostOptions options)
    {
        _adapter = adapter;
        _output = output;
        _options = options;
        _log = options.Log ?? SidecarLog.Shared;
        _queue = new EventQueue(options.EmitQueueCapacity, options.EmitQueueHardLimit);
        _frames = new FrameOutput(_queue, output as Stdio.IWriteWithoutWaiting);
        _emitter = new SessionEmitter(_frames, _log);
        _lines = new LineReader(input, options.MaxLineBytes);
        _watchdog = new ReaderWatchdog(TakeOverReading);
    }

    public IEventEmitter Emitter => _emitter;

    /// <summary>Runs until <c>shutdown</c>, stdin EOF, a producer crash, an I/O failure or <paramref name="cancellationToken"/>; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // The supervisor waits for the first ready: write it before starting any thread or task.
        ReadyEvent ready;
        try
        {
            ready = _adapter.CreateReadyEvent();
        }
        catch (Exception ex)
        {
            _log.Error("the adapter could not build its ready event", ("error", ex));
            _queue.EnqueueUnbounded(SessionEmitter.Frame(new ErrorEvent("adapter failed to start: " + ExceptionText.Message(ex))));
            await FinishWritingAsync(StartWriter(), _options.DrainTimeout).ConfigureAwait(false);
            return 1;
        }
        try
        {
            // Synchronously: the console streams have no async I/O, so WriteAsync would run the write on the thread
            // pool, and starting the pool (worker and gate threads) before the first frame cost ~3 ms of startup.
            cancellationToken.ThrowIfCancellationRequested();
            _output.Write(SessionEmitter.Frame(ready));
            _output.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _log.Error("writing stdout failed; the session cannot continue", ("error", ex));
            await RunShutdownHookAsync().ConfigureAwait(false);
            return 1;
        }
        var writer = StartWriter();

        using var external = cancellationToken.Register(() => Stop(StopReason.Cancelled));
        var readyLoop = ReadyLoopAsync(ready);
        // On a thread of its own until its first await: a producer may block before it, and an adapter without one
        // returns at once, so a minimal adapter never needs the thread pool.
        var producer = Task.Factory.StartNew(ProduceAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        StartReader();

        var reason = await _stopped.Task.ConfigureAwait(false);
        _log.Debug("session stopping", ("reason", reason.ToString()));
        // The whole stop sequence, the final drain included, fits in DrainTimeout: a daemon that stopped reading stdout
        // must not keep the process alive longer than that, whichever phase is waiting.
        var drainDeadline = Environment.TickCount64 + (long)_options.DrainTimeout.TotalMilliseconds;

        // Inbound work ends now; commands that arrived before the stop get a short grace, then their token is cancelled.
        _producerStop.Cancel();
        _readerStop.Cancel();
        _watchdog.Stop();
        if ((Interlocked.Or(ref _dispatchState, InputEnded) & Dispatching) == 0)
        {
            _dispatchDone.TrySetResult();
        }
        var dispatcher = _dispatchDone.Task;
        if (!await CompletesWithin(dispatcher, _options.StopGrace).ConfigureAwait(false))
        {
            _handlerStop.Cancel();
            if (!await CompletesWithin(dispatcher, _options.CancellationGrace).ConfigureAwait(false))
            {
                _log.Warn("a command handler did not return after cancellation; leaving it behind, with the commands queued behind it unhandled",
                    ("grace_ms", _options.CancellationGrace), ("unhandled_commands", Volatile.Read(ref _progress.CommandsQueued) - Volatile.Read(ref _progress.CommandsTaken)));
            }
        }
        _handlerStop.Cancel();
        if (!await CompletesWithin(producer, _options.CancellationGrace).ConfigureAwait(false))
        {
            _log.Warn("the producer did not return after cancellation; leaving it behind", ("grace_ms", _options.CancellationGrace));
        }
        await readyLoop.ConfigureAwait(false);

        await RunShutdownHookAsync().ConfigureAwait(false);
        var allWritten = await FinishWritingAsync(writer, TimeSpan.FromMilliseconds(Math.Max(0, drainDeadline - Environment.TickCount64))).ConfigureAwait(false);

        // The crash flag, not the reason: a crash can lose the race to EOF or shutdown for the stop reason.
        return _producerCrashed || !allWritten || reason is StopReason.InputFailed or StopReason.OutputFailed ? 1 : 0;
    }

    private void TakeOverReading()
    {
        // The old reader's thread is stuck in a handler: what it batched so far must not wait for it.
        _frames.EndAnyBatch();
        StartReader();
    }

    private void StartReader() =>
        _ = Task.Factory.StartNew(ReadLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private Task StartWriter() =>
        Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private void Stop(StopReason reason) => _stopped.TrySetResult(reason);

    private bool Stopping => _stopped.Task.IsCompleted;

    private async Task ReadyLoopAsync(ReadyEvent ready)
    {
        var attempts = 1;
        var max = _options.ReadyMaxAttempts;
        var stopOrAck = Task.WhenAny(_acked.Task, _stopped.Task);
        // Cancelled when the loop ends, so no interval is left pending after an ack.
        using var pending = CancellationTokenSource.CreateLinkedTokenSource(_readerStop.Token);
        try
        {
            while (max == 0 || attempts < max)
            {
                await Task.WhenAny(stopOrAck, ReadyIntervalAsync(pending.Token)).ConfigureAwait(false);
                if (stopOrAck.IsCompleted || _readerStop.IsCancellationRequested)
                {
                    return;
                }
                _emitter.EmitFromHost(ready);
                attempts++;
            }
            await Task.WhenAny(stopOrAck, ReadyIntervalAsync(pending.Token)).ConfigureAwait(false);
            if (!stopOrAck.IsCompleted && !_readerStop.IsCancellationRequested)
            {
                _log.Warn("no ready_ack received; stopped re-announcing ready (an older daemon sends none) and keep serving", ("attempts", attempts));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            pending.Cancel();
        }
    }

    // The system clock's intervals are kept by the watchdog's thread (see ReaderWatchdog); a test's clock is honoured.
    private Task ReadyIntervalAsync(CancellationToken cancellationToken) =>
        _options.TimeProvider == TimeProvider.System
            ? _watchdog.DelayAsync(_options.ReadyInterval, cancellationToken)
            : Task.Delay(_options.ReadyInterval, _options.TimeProvider, cancellationToken);

    private async Task ReadLoopAsync()
    {
        var reader = _lines;
        var batchOpen = false;
        // Whether a whole line was already read past the current one; the handler cannot change it, so it is looked up
        // once per line.
        var more = false;
        try
        {
            while (true)
            {
                if (batchOpen && !more)
                {
                    // Nothing more at hand: the next read may wait, so what the batch holds goes out now.
                    _frames.EndBatch();
                    batchOpen = false;
                }
                var kind = await reader.ReadLineAsync(_readerStop.Token).ConfigureAwait(false);
                if (kind == LineReader.Kind.EndOfStream)
                {
                    Stop(StopReason.EndOfInput);
                    return;
                }
                if (kind == LineReader.Kind.TooLong)
                {
                    ReportProtocolError(new ProtocolError($"command line of {reader.SkippedLength} bytes exceeds the limit of {_options.MaxLineBytes} bytes; skipped"), ReadOnlySpan<byte>.Empty);
                    continue;
                }
                more = reader.HasBufferedLine;
                var line = reader.Line.Span;
                if (line.Trim(" \t\r\n"u8).IsEmpty)
                {
                    continue;
                }
                var parsed = ParseIsolated(line);
                var stillReading = true;
                switch (parsed.Value)
                {
                    case null:
                        ReportProtocolError(parsed.Error!, line);
                        break;
                    case ReadyAckCommand:
                        _acked.TrySetResult();
                        break;
                    case ShutdownCommand:
                        Stop(StopReason.Shutdown);
                        return;
                    case { } command:
                        Volatile.Write(ref _progress.CommandsQueued, _progress.CommandsQueued + 1);
                        if (more)
                        {
                            _frames.BeginBatch();
                            batchOpen = true;
                        }
                        stillReading = DispatchFromReader(command);
                        break;
                }
                if (line.Length >= LargeLineBytes)
                {
                    ScheduleMemoryReclaim();
                }
                if (!stillReading)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_readerStop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            if (!Stopping)
            {
                _log.Error("reading stdin failed; stopping", ("error", ex));
                _emitter.EmitFromHost(new ErrorEvent("reading stdin failed: " + ExceptionText.Message(ex)));
            }
            Stop(StopReason.InputFailed);
        }
        finally
        {
            _frames.EndBatch();
        }
    }

    /// <summary>Lines from this size on are followed by a memory reclaim (see <see cref="ScheduleMemoryReclaim"/>).</summary>
    internal const int LargeLineBytes = 4 * 1024 * 1024;

    private int _reclaimScheduled;
    // The commands queued when the latest large line had been read: once that many have finished, it has been handled.
    private long _reclaimAfterCommand;

    /// <summary>
    /// One large line leaves several times its size behind: the line buffer as it grew, the decoded strings, the
    /// answers. The GC would keep that memory committed for the rest of the session, so once the line has been handled
    /// (its command, and every command before it, has finished, and the events emitted by then are written; checked
    /// every 250 ms, for at most a minute), a full compacting collection hands it back to the system. This does not
    /// wait for the session to go idle, so a busy adapter gives the memory back too. A large line that arrives
    /// meanwhile moves the mark, and the two share one collection.
    /// </summary>
    private void ScheduleMemoryReclaim()
    {
        Volatile.Write(ref _reclaimAfterCommand, _progress.CommandsQueued);
        if (Interlocked.Exchange(ref _reclaimScheduled, 1) == 0)
        {
            _ = ReclaimOnceHandledAsync();
        }
    }

    private async Task ReclaimOnceHandledAsync()
    {
        try
        {
            long framesMark = -1;
            for (var attempt = 0; attempt < 240 && !Stopping; attempt++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _options.TimeProvider, _readerStop.Token).ConfigureAwait(false);
                if (Volatile.Read(ref _progress.CommandsFinished) < Volatile.Read(ref _reclaimAfterCommand))
                {
                    continue;
                }
                if (framesMark < 0)
                {
                    framesMark = _queue.Accepted;
                }
                if (Volatile.Read(ref _progress.FramesWritten) >= framesMark)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Volatile.Write(ref _reclaimScheduled, 0);
    }

    // The parser reports every bad line as a ProtocolError; should a defect of its own still throw, that line is
    // rejected like any other bad line instead of ending the session.
    private static ParseResult<Command> ParseIsolated(ReadOnlySpan<byte> line)
    {
        try
        {
            return CommandParser.Parse(line);
        }
        catch (Exception ex)
        {
            return new(null, new ProtocolError("command line could not be parsed: " + ExceptionText.Message(ex), null));
        }
    }

    private void ReportProtocolError(ProtocolError error, ReadOnlySpan<byte> line)
    {
        _log.Warn("rejected a command line", ("error", error.Message), ("field", error.Field), ("line", Preview(line)));
        // A flood of bad lines while stdout is stalled must not grow memory without bound: past the hard limit the
        // error events are counted and logged instead.
        if (_queue.Count >= _queue.HardLimit)
        {
            var dropped = Interlocked.Increment(ref _droppedHostEvents);
            _log.Warn("error event not queued: stdout is not being read", ("dropped_error_events", dropped));
            return;
        }
        _emitter.EmitFromHost(new ErrorEvent(error.Message));
    }

    private static string Preview(ReadOnlySpan<byte> line)
    {
        const int limit = 160;
        var text = System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, limit)]);
        return line.Length > limit ? text + "…" : text;
    }

    /// <summary>
    /// Handles <paramref name="command"/> on the reader when nothing else is being handled, else queues it behind the
    /// command being handled. Returns false when the watchdog gave reading to another thread meanwhile.
    /// </summary>
    private bool DispatchFromReader(Command command)
    {
        while (true)
        {
            var state = Interlocked.CompareExchange(ref _dispatchState, Dispatching, 0);
            if (state == 0)
            {
                break;
            }
            if ((state & InputEnded) != 0)
            {
                return true;
            }
            lock (_dispatchGate)
            {
                if ((Volatile.Read(ref _dispatchState) & Dispatching) != 0)
                {
                    _waiting.Enqueue(command);
                    return true;
                }
            }
        }
        var run = _watchdog.Begin();
        var handled = DispatchAsync(command);
        var stillReader = _watchdog.End(run);
        if (handled.IsCompleted && stillReader)
        {
            // Only the reader queues commands, and it was busy with this one: nothing waits.
            EndDispatch();
        }
        else
        {
            // Either the handler went asynchronous, or it ran so long that another thread reads now and may have queued
            // commands behind it: they are handled after it, here or where its continuation runs.
            _ = DispatchWaitingAfterAsync(handled);
        }
        return stillReader;
    }

    private void EndDispatch()
    {
        if ((Interlocked.And(ref _dispatchState, ~Dispatching) & InputEnded) != 0)
        {
            _dispatchDone.TrySetResult();
        }
    }

    private async Task DispatchWaitingAfterAsync(Task handled)
    {
        await handled.ConfigureAwait(false);
        while (true)
        {
            Command? next;
            lock (_dispatchGate)
            {
                if (!_waiting.TryDequeue(out next))
                {
                    EndDispatch();
                    return;
                }
                if (_handlerStop.IsCancellationRequested)
                {
                    var abandoned = 1 + _waiting.Count;
                    _waiting.Clear();
                    EndDispatch();
                    _log.Warn("commands left unhandled at shutdown", ("count", abandoned));
                    return;
                }
            }
            await DispatchAsync(next).ConfigureAwait(false);
        }
    }

    // Never throws: a handler's failure is reported as an error event.
    private async Task DispatchAsync(Command command)
    {
        Volatile.Write(ref _progress.CommandsTaken, _progress.CommandsTaken + 1);
        try
        {
            await _adapter.HandleCommandAsync(command, _emitter, _handlerStop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_handlerStop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _log.Error("command handler failed", ("method", command.Method), ("error", ex));
            _emitter.EmitFromHost(new ErrorEvent(ExceptionText.Message(ex)));
        }
        finally
        {
            Volatile.Write(ref _progress.CommandsFinished, _progress.CommandsFinished + 1);
        }
    }

    private async Task ProduceAsync()
    {
        try
        {
            await _adapter.ProduceAsync(_emitter, _producerStop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_producerStop.IsCancellationRequested)
        {
        }
        // Anything else is a crash, even when EOF or shutdown already began the stop: on an empty stdin the two race,
        // and the producer may even start after it was cancelled. Whichever comes first, the crash is reported.
        catch (Exception ex)
        {
            _log.Error("producer crashed", ("error", ex));
            _emitter.EmitFromHost(new ErrorEvent("producer crashed: " + ExceptionText.Message(ex)));
            _producerCrashed = true;
            Stop(StopReason.ProducerCrashed);
        }
    }

    private async Task RunShutdownHookAsync()
    {
        using var timeout = new CancellationTokenSource(_options.ShutdownHookTimeout);
        try
        {
            var hook = Task.Run(async () => await _adapter.OnShutdownAsync(timeout.Token).ConfigureAwait(false), CancellationToken.None);
            if (!await CompletesWithin(hook, _options.ShutdownHookTimeout).ConfigureAwait(false))
            {
                _log.Warn("the shutdown hook did not finish in time", ("timeout_ms", _options.ShutdownHookTimeout));
                return;
            }
            await hook.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.Error("the shutdown hook failed", ("error", ex));
        }
    }

    /// <summary>Lets the writer finish what is queued, at most <paramref name="timeout"/>; false when events were not written.</summary>
    private async Task<bool> FinishWritingAsync(Task writer, TimeSpan timeout)
    {
        _queue.Complete();
        var finished = await CompletesWithin(writer, timeout).ConfigureAwait(false);
        var unwritten = _queue.Accepted - Volatile.Read(ref _progress.FramesWritten);
        if (unwritten > 0)
        {
            _log.Error(finished ? "stdout failed; events were not written" : "stdout is not being read; events were not written before the drain timeout",
                ("unwritten_events", unwritten), ("drain_timeout_ms", timeout));
        }
        return unwritten == 0;
    }

    private async Task WriteLoopAsync()
    {
        // Only when frames are queued: an adapter whose events are all written by the emitting thread never needs it.
        OutputBuffer? buffer = null;
        var batch = new List<byte[]>();
        try
        {
            while (await _queue.WaitForFramesAsync().ConfigureAwait(false))
            {
                // The output is owned from taking the frames until they are written, so an emitter writing directly
                // cannot put its frame before them.
                _frames.Acquire();
                try
                {
                    _queue.TakeAll(batch);
                    buffer ??= new OutputBuffer(16 * 1024);
                    await WriteBatchAsync(batch, buffer).ConfigureAwait(false);
                }
                finally
                {
                    _frames.Release();
                }
                Volatile.Write(ref _progress.FramesWritten, _progress.FramesWritten + batch.Count);
                batch.Clear();
                if (batch.Capacity > 4096)
                {
                    // A burst left a large list behind; do not keep it for the rest of the session.
                    batch = [];
                }
            }
        }
        catch (Exception ex)
        {
            _log.Error("writing stdout failed; the session cannot continue", ("error", ex), ("queued", _queue.Count));
            _queue.Complete();
            Stop(StopReason.OutputFailed);
        }
    }

    /// <summary>Coalesces the frames into few writes; every batch ends with a flush.</summary>
    private async Task WriteBatchAsync(List<byte[]> batch, OutputBuffer buffer)
    {
        foreach (var frame in batch)
        {
            if (buffer.WrittenCount > 0 && buffer.WrittenCount + frame.Length > 64 * 1024)
            {
                await _output.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
                buffer.Clear(keepUpTo: 128 * 1024);
            }
            if (frame.Length > 64 * 1024)
            {
                await _output.WriteAsync(frame).ConfigureAwait(false);
            }
            else
            {
                buffer.Write(frame);
            }
        }
        if (buffer.WrittenCount > 0)
        {
            await _output.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
            buffer.Clear(keepUpTo: 128 * 1024);
        }
        await _output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// How far the reader, the dispatcher and the writer have got, for the stop report and the idle check. Each counter
    /// has one writing thread, so no interlocked operations; and each thread's counters sit in a cache line of their own,
    /// away from the session's other fields, so a write per command does not make the other threads' reads miss.
    /// </summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 256)]
    private struct ProgressCounters
    {
        /// <summary>Commands the reader handed to the dispatcher.</summary>
        [System.Runtime.InteropServices.FieldOffset(64)] public long CommandsQueued;

        /// <summary>Commands the dispatcher took, and those whose handler returned.</summary>
        [System.Runtime.InteropServices.FieldOffset(128)] public long CommandsTaken;

        [System.Runtime.InteropServices.FieldOffset(136)] public long CommandsFinished;

        /// <summary>
        /// Frames the writer handed to the output stream; the queue counts those accepted, and the difference is what a
        /// stalled or closed stdout kept from the daemon.
        /// </summary>
        [System.Runtime.InteropServices.FieldOffset(192)] public long FramesWritten;
    }

    private static async Task<bool> CompletesWithin(Task task, TimeSpan timeout)
    {
        if (task.IsCompleted)
        {
            return true;
        }
        await Task.WhenAny(task, Task.Delay(timeout)).ConfigureAwait(false);
        return task.IsCompleted;
    }
}
