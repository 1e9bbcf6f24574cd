using LibreFang.Sidecar.Protocol;
using LibreFang.Sidecar.Stdio;

namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// The one way to stdout. Frames normally go through the <see cref="EventQueue"/> to the writer loop. An emitter that
/// finds the writer idle, nothing queued and the descriptor ready for the frame writes it itself instead, so a command
/// answered at once wakes no other thread. Whoever writes owns the output for that write, which keeps frames in the order
/// they were accepted: the writer takes frames from the queue only while it owns the output, and an emitter writes
/// directly only while it owns it and sees the queue empty.
/// </summary>
/// <remarks>
/// The reader, when it already holds more commands than the one it is about to handle, opens a batch: it keeps the
/// output, and the frames its own thread emits are collected and written together when the batch ends (one write for
/// many answers, like the writer's coalescing, without waking the writer). Frames other threads emit meanwhile are queued
/// and written after the batch, so the order still holds. A batch ends when the reader has nothing more at hand, when it
/// holds 64 KiB, or when the reader's thread is taken over by the watchdog (see <see cref="ReaderWatchdog"/>).
/// </remarks>
internal sealed class FrameOutput : IWriteWithoutWaiting
{
    private const int BatchBytes = 64 * 1024;

    private readonly EventQueue _queue;
    private readonly IWriteWithoutWaiting? _direct;
    private int _owned;
    // The batch: the thread that opened it (0 when none) and its frames, both under _batchGate.
    private readonly Lock _batchGate = new();
    private int _batchThread;
    private OutputBuffer? _batch;

    public FrameOutput(EventQueue queue, IWriteWithoutWaiting? direct)
    {
        _queue = queue;
        _direct = direct;
    }

    public enum Outcome
    {
        /// <summary>Written to the descriptor, or into the open batch.</summary>
        Written,
        /// <summary>Not attempted (the writer is busy, frames are queued, or the output cannot tell): queue it.</summary>
        NotWritten,
        /// <summary>The descriptor could not take all of it now; the rest was queued, in order, for the writer.</summary>
        Queued,
        /// <summary>The session's output has ended.</summary>
        Closed,
    }

    public EventQueue Queue => _queue;

    public Outcome TryWriteNow(SidecarEvent sidecarEvent)
    {
        if (Volatile.Read(ref _batchThread) == Environment.CurrentManagedThreadId)
        {
            lock (_batchGate)
            {
                if (_batchThread == Environment.CurrentManagedThreadId)
                {
                    if (_queue.IsEmpty)
                    {
                        if (_queue.IsCompleted)
                        {
                            return Outcome.Closed;
                        }
                        // Serialized into the thread's scratch buffer first, so an event that fails to serialize
                        // leaves no half frame in the batch.
                        WireFormat.OfferFrame(sidecarEvent, this);
                        if (_batch!.WrittenCount >= BatchBytes)
                        {
                            EndBatchLocked();
                        }
                        return Outcome.Written;
                    }
                    // Another thread queued a frame while the batch was open (the answer of an asynchronous handler,
                    // say): what the batch holds came first and goes out now, and this frame queues behind that one.
                    EndBatchLocked();
                }
            }
        }
        if (_direct is null || !_queue.IsEmpty || Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
        {
            return Outcome.NotWritten;
        }
        try
        {
            if (!_queue.IsEmpty)
            {
                return Outcome.NotWritten;
            }
            if (_queue.IsCompleted)
            {
                return Outcome.Closed;
            }
            var rest = WireFormat.OfferFrame(sidecarEvent, _direct);
            if (rest is null)
            {
                return Outcome.Written;
            }
            // Accepted while the queue was empty, so it goes ahead of anything another emitter queued meanwhile.
            return _queue.EnqueueAhead(rest) ? Outcome.Queued : Outcome.Closed;
        }
        finally
        {
            Volatile.Write(ref _owned, 0);
        }
    }

    /// <summary>
    /// Opens a batch for the calling thread (the reader) unless one is open, the output is busy or frames are queued;
    /// then the frames go the usual way.
    /// </summary>
    public void BeginBatch()
    {
        if (_direct is null || Volatile.Read(ref _batchThread) != 0 || !_queue.IsEmpty || Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
        {
            return;
        }
        if (!_queue.IsEmpty || _queue.IsCompleted)
        {
            Volatile.Write(ref _owned, 0);
            return;
        }
        lock (_batchGate)
        {
            _batch ??= new OutputBuffer(4096);
            Volatile.Write(ref _batchThread, Environment.CurrentManagedThreadId);
        }
    }

    /// <summary>Writes the calling thread's batch, if it has one open, and gives the output back.</summary>
    public void EndBatch()
    {
        if (Volatile.Read(ref _batchThread) != Environment.CurrentManagedThreadId)
        {
            return;
        }
        lock (_batchGate)
        {
            EndBatchLocked();
        }
    }

    /// <summary>Ends whichever thread's batch is open; for the watchdog, when it takes the reader's role away.</summary>
    public void EndAnyBatch()
    {
        lock (_batchGate)
        {
            EndBatchLocked();
        }
    }

    private void EndBatchLocked()
    {
        if (_batchThread == 0)
        {
            return;
        }
        var batch = _batch!;
        if (batch.WrittenCount > 0)
        {
            var written = _direct!.WriteWithoutWaiting(batch.WrittenSpan);
            if (written < batch.WrittenCount)
            {
                // Ahead of what other threads queued while the batch was open: the batch's frames came first.
                _queue.EnqueueAhead(batch.WrittenSpan[written..].ToArray());
            }
        }
        batch.Clear(keepUpTo: 2 * BatchBytes);
        Volatile.Write(ref _batchThread, 0);
        Volatile.Write(ref _owned, 0);
    }

    /// <summary>Collects a frame into the open batch (called through <see cref="WireFormat.OfferFrame"/> under the batch's lock).</summary>
    int IWriteWithoutWaiting.WriteWithoutWaiting(ReadOnlySpan<byte> frame)
    {
        _batch!.Write(frame);
        return frame.Length;
    }

    /// <summary>Takes the output for the writer loop; an emitter holds it only for one write that cannot wait.</summary>
    public void Acquire()
    {
        var spinner = new SpinWait();
        while (Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
        {
            spinner.SpinOnce();
        }
    }

    public void Release() => Volatile.Write(ref _owned, 0);
}
