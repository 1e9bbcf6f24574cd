namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// Lets the stdin reader run a command's handler itself (no thread to wake when the handler finishes at once) while
/// keeping the host's promise that stdin is always drained: a handler found running on the reader at two checks in a row
/// (10 to 20 ms) loses the reader's role, and <c>takeOver</c> starts a new reader. The checks run only while commands
/// arrive; after a second without one the watchdog sleeps until the next.
/// </summary>
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
    private Thread? _thread;
    private volatile bool _stopped;

    /// <summary>Called by the reader before it runs a handler itself; returns the run to pass to <see cref="End"/>.</summary>
    public long Begin()
    {
        var run = ++_started;
        // A full fence before reading _sleeping; the watchdog fences before reading _started, so one of the two sees
        // the other and the watchdog never sleeps through a run.
        Interlocked.Exchange(ref _current, run);
        if (_thread is null)
        {
            _thread = new Thread(Watch) { IsBackground = true, Name = "librefang stdin watchdog" };
            _thread.UnsafeStart();
        }
        else if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Release();
        }
        return run;
    }

    /// <summary>Called by the reader when the handler returned; false when the run was taken over and this thread no longer reads.</summary>
    public bool End(long run) => Interlocked.CompareExchange(ref _current, 0, run) == run;

    public void Stop()
    {
        _stopped = true;
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
            if (Volatile.Read(ref _started) != startedAtLastCheck && Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                continue;
            }
            _wake.Wait();
        }
    }
}
