namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// The bounded queue between emitters and the stdout writer. Frames are serialized by the emitter (so a bad event
/// fails in the caller, with its stack) and written in acceptance order by one writer.
/// </summary>
/// <remarks>
/// Two bounds keep memory finite when the daemon stops reading stdout: <see cref="EnqueueAsync"/> waits while
/// <see cref="Capacity"/> frames are queued, and <see cref="Enqueue"/> (which never waits) throws once
/// <see cref="HardLimit"/> frames are queued. Neither drops a frame.
/// </remarks>
internal sealed class EventQueue
{
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _frames = new();
    private readonly LinkedList<TaskCompletionSource> _spaceWaiters = new();
    private TaskCompletionSource _available = NewSignal();
    private bool _completed;
    private long _accepted;
    private int _count;

    public EventQueue(int capacity, int hardLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hardLimit, capacity);
        Capacity = capacity;
        HardLimit = hardLimit;
    }

    public int Capacity { get; }

    public int HardLimit { get; }

    public int Count
    {
        get { lock (_gate) { return _frames.Count; } }
    }

    /// <summary>Frames queued since the start, taken or not.</summary>
    public long Accepted
    {
        get { lock (_gate) { return _accepted; } }
    }

    /// <summary>Queues without waiting. Returns false only after <see cref="Complete"/>; throws when full.</summary>
    public bool Enqueue(byte[] frame)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }
            if (_frames.Count >= HardLimit)
            {
                throw new EventQueueFullException(
                    $"the event queue is full ({HardLimit} events waiting): the daemon is not reading stdout. " +
                    "Use EmitAsync, which waits instead of failing.");
            }
            AddLocked(frame);
            return true;
        }
    }

    /// <summary>Queues regardless of the hard limit; for the host's own rare frames (ready, error reports).</summary>
    public bool EnqueueUnbounded(byte[] frame)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }
            AddLocked(frame);
            return true;
        }
    }

    /// <summary>
    /// Queues <paramref name="frame"/> ahead of every frame queued so far, regardless of the limits: for the rest of a
    /// frame (or batch) that the output owner accepted first but could not write at once, while other threads queued
    /// theirs behind it.
    /// </summary>
    public bool EnqueueAhead(byte[] frame)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }
            var later = _frames.ToArray();
            _frames.Clear();
            AddLocked(frame);
            foreach (var queued in later)
            {
                _frames.Enqueue(queued);
            }
            Volatile.Write(ref _count, _frames.Count);
            return true;
        }
    }

    /// <summary>Queues, waiting while <see cref="Capacity"/> frames are queued. Returns false only after <see cref="Complete"/>.</summary>
    public async ValueTask<bool> EnqueueAsync(byte[] frame, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task waitForSpace;
            lock (_gate)
            {
                if (_completed)
                {
                    return false;
                }
                if (_frames.Count < Capacity)
                {
                    AddLocked(frame);
                    return true;
                }
                var waiter = NewSignal();
                _spaceWaiters.AddLast(waiter);
                waitForSpace = waiter.Task;
            }
            await waitForSpace.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until a frame is queued (true) or the queue is completed and drained (false). Frames are then taken with
    /// <see cref="TakeAll"/>, which the writer calls only while it owns the output (see <see cref="FrameOutput"/>).
    /// </summary>
    public async ValueTask<bool> WaitForFramesAsync()
    {
        while (true)
        {
            Task available;
            lock (_gate)
            {
                if (_frames.Count > 0)
                {
                    return true;
                }
                if (_completed)
                {
                    return false;
                }
                if (_available.Task.IsCompleted)
                {
                    _available = NewSignal();
                }
                available = _available.Task;
            }
            await available.ConfigureAwait(false);
        }
    }

    /// <summary>Moves every queued frame into <paramref name="batch"/> (cleared first); the caller reuses one list.</summary>
    public void TakeAll(List<byte[]> batch)
    {
        batch.Clear();
        lock (_gate)
        {
            while (_frames.TryDequeue(out var frame))
            {
                batch.Add(frame);
            }
            Volatile.Write(ref _count, 0);
            ReleaseSpaceWaitersLocked();
        }
    }

    /// <summary>No frame waiting; read without the lock, so only a hint unless the caller owns the output.</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    public bool IsCompleted => Volatile.Read(ref _completed);

    public void Complete()
    {
        lock (_gate)
        {
            Volatile.Write(ref _completed, true);
            _available.TrySetResult();
            ReleaseSpaceWaitersLocked();
        }
    }

    private void AddLocked(byte[] frame)
    {
        _accepted++;
        _frames.Enqueue(frame);
        Volatile.Write(ref _count, _frames.Count);
        _available.TrySetResult();
    }

    private void ReleaseSpaceWaitersLocked()
    {
        foreach (var waiter in _spaceWaiters)
        {
            waiter.TrySetResult();
        }
        _spaceWaiters.Clear();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
