namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// Lets the stdin reader run a command's handler itself (no thread to wake when the handler finishes at once) while
/// keeping the host's promise that stdin is always drained: a handler found running on the reader at two checks in a row
/// (10 to 20 ms) loses the reader's role, and <c>takeOver</c> starts a new reader. The checks run only while commands
/// arrive; after a second without one the watchdog sleeps until the next.
/// </summary>
/// <remarks>
/// The same thread keeps the session's one alarm (<see cref="DelayAsync"/>, the ready re-announcements). A .NET timer
/// would start the timer thread and, when it fires (even cancelled, the timer thread still wakes and queues its work),
/// the thread pool with it: three to four threads and about 0.3 MiB that an adapter answering at once never needs.
/// </remarks>
internal sealed class ReaderWatchdog(Action takeOver)
{
    private const int CheckIntervalMs = 10;
    private const int IdleChecksBeforeSleeping = 100;

    // The run on the reader now: 0 for none, else its number.
    private long _current;
    // Runs started so far; written by the reader only (one thread reads at a time; a new one starts after a take-over).
    private long _started;
    private int _sleeping;
    private readonly SemaphoreSlim _wake = new(0);
    private int _threadStarted;
    private volatile bool _stopped;
    private readonly Lock _alarmGate = new();
    private TaskCompletionSource? _alarm;
    private long _alarmDue;

    /// <summary>Called by the reader before it runs a handler itself; returns the run to pass to <see cref="End"/>.</summary>
    public long Begin()
    {
        var run = ++_started;
        // A full fence before reading _sleeping; the watchdog fences before reading _started, so one of the two sees
        // the other and the watchdog never sleeps through a run.
        Interlocked.Exchange(ref _current, run);
        EnsureStarted();
        if (Volatile.Read(ref _sleeping) == 1)
        {
            Wake();
        }
        return run;
    }

    /// <summary>Called by the reader when the handler returned; false when the run was taken over and this thread no longer reads.</summary>
    public bool End(long run) => Interlocked.CompareExchange(ref _current, 0, run) == run;

    /// <summary>
    /// Completes after <paramref name="delay"/>, on the watchdog's thread; one alarm at a time (a new one replaces the
    /// pending one, which is cancelled).
    /// </summary>
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        // Continuations run on the watchdog's thread when it fires, not on the thread pool.
        var alarm = new TaskCompletionSource();
        TaskCompletionSource? replaced;
        lock (_alarmGate)
        {
            replaced = _alarm;
            _alarm = alarm;
            _alarmDue = Environment.TickCount64 + (long)delay.TotalMilliseconds;
        }
        replaced?.TrySetCanceled();
        cancellationToken.Register(() =>
        {
            lock (_alarmGate)
            {
                if (_alarm == alarm)
                {
                    _alarm = null;
                }
            }
            alarm.TrySetCanceled(cancellationToken);
        });
        EnsureStarted();
        Wake();
        return alarm.Task;
    }

    public void Stop()
    {
        _stopped = true;
        Wake();
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _threadStarted) == 0 && Interlocked.Exchange(ref _threadStarted, 1) == 0)
        {
            new Thread(Watch) { IsBackground = true, Name = "librefang stdin watchdog" }.UnsafeStart();
        }
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Release();
        }
    }

    private void Watch()
    {
        long seen = 0;
        var startedAtLastCheck = Volatile.Read(ref _started);
        var idleChecks = 0;
        while (!_stopped)
        {
            Thread.Sleep(CheckIntervalMs);
            FireAlarmIfDue();
            var run = Volatile.Read(ref _current);
            if (run != 0 && run == seen)
            {
                if (Interlocked.CompareExchange(ref _current, 0, run) == run && !_stopped)
                {
                    takeOver();
                }
                seen = 0;
                continue;
            }
            seen = run;
            var started = Volatile.Read(ref _started);
            if (run != 0 || started != startedAtLastCheck)
            {
                startedAtLastCheck = started;
                idleChecks = 0;
                continue;
            }
            if (++idleChecks < IdleChecksBeforeSleeping)
            {
                continue;
            }
            idleChecks = 0;
            Interlocked.Exchange(ref _sleeping, 1);
            if (Volatile.Read(ref _started) != startedAtLastCheck || _stopped)
            {
                Wake();
            }
            // Asleep until a run begins, the alarm is due or changes, or the session stops.
            while (Volatile.Read(ref _sleeping) == 1 && !_wake.Wait(MillisecondsUntilAlarm()))
            {
                FireAlarmIfDue();
            }
            FireAlarmIfDue();
        }
    }

    private int MillisecondsUntilAlarm()
    {
        lock (_alarmGate)
        {
            return _alarm is null ? Timeout.Infinite : (int)Math.Clamp(_alarmDue - Environment.TickCount64, 0, int.MaxValue);
        }
    }

    private void FireAlarmIfDue()
    {
        TaskCompletionSource? due = null;
        lock (_alarmGate)
        {
            if (_alarm is not null && Environment.TickCount64 >= _alarmDue)
            {
                due = _alarm;
                _alarm = null;
            }
        }
        due?.TrySetResult();
    }
}
