using System.Diagnostics;
using System.Globalization;

namespace LibreFang.Sidecar.Bench;

/// <summary>The measured sessions. Each starts a fresh process and drives it like the supervisor does.</summary>
internal static class Sessions
{
    private static readonly byte[] Ack = "{\"method\":\"ready_ack\"}\n"u8.ToArray();
    private static readonly byte[] Shutdown = "{\"method\":\"shutdown\"}\n"u8.ToArray();
    private static readonly byte[] Send = "{\"method\":\"send\",\"params\":{\"channel_id\":\"c1\",\"text\":\"hi\",\"user\":{\"platform_id\":\"c1\",\"display_name\":\"Bob\",\"librefang_user\":null}}}\n"u8.ToArray();
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly Dictionary<string, int> KillsBySubject = [];
    private static readonly Dictionary<string, int> StopsBySubject = [];

    /// <summary>How many of the subject's stops ended in SIGKILL, and how many stops there were.</summary>
    public static (int Killed, int Stops) StopTally(Subject subject)
    {
        lock (KillsBySubject)
        {
            return (KillsBySubject.GetValueOrDefault(subject.Name), StopsBySubject.GetValueOrDefault(subject.Name));
        }
    }

    private static void CountStop(Subject subject, bool killed)
    {
        bool first;
        lock (KillsBySubject)
        {
            StopsBySubject[subject.Name] = StopsBySubject.GetValueOrDefault(subject.Name) + 1;
            if (!killed)
            {
                return;
            }
            first = !KillsBySubject.ContainsKey(subject.Name);
            KillsBySubject[subject.Name] = KillsBySubject.GetValueOrDefault(subject.Name) + 1;
        }
        if (first)
        {
            // Said once per subject, when it happens; the lines after the table give the count.
            Console.WriteLine($"! {subject.Name} ({subject.Path}) was still running {subject.Stop.Grace.TotalSeconds:0.###} s after {subject.Stop.Describe()}: killed (SIGKILL). Its later kills are only counted.");
        }
    }

    public static async Task<double> StartupMsAsync(Subject subject)
    {
        var clock = Stopwatch.StartNew();
        await using var child = Child.Start(subject);
        await child.WaitForReadyAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await child.StopAsync();
        return elapsed;
    }

    /// <summary>
    /// From writing <c>shutdown</c> to the process's exit, stopped the way <see cref="Subject.Stop"/> says. A subject the
    /// driver had to kill contributes the grace plus the kill, so such a row cannot pass for a fast exit.
    /// </summary>
    public static async Task<double> ShutdownMsAsync(Subject subject)
    {
        await using var child = Child.Start(subject);
        await child.WaitForReadyAsync();
        await child.WriteAsync(Ack);
        await child.WriteAsync(Send);
        await child.WaitForAnswersAsync(1);
        return (await child.StopAsync()).TotalMilliseconds;
    }

    /// <summary>
    /// Peak resident memory after the sends, and the part of the resident memory at that point that is the process's own
    /// anonymous memory (heap, stacks, runtime data; <c>RssAnon</c>), without the file pages of its binary and libraries,
    /// which the page cache shares and can drop.
    /// </summary>
    public static async Task<(double PeakMiB, double AnonymousMiB)> PeakRssMiBAsync(Subject subject, int sends)
    {
        await using var child = Child.Start(subject);
        await child.WaitForReadyAsync();
        await child.WriteAsync(Ack);
        await RunWindowedAsync(child, 64, sends);
        var peakKiB = child.StatusKiB("VmHWM:");
        var anonymousKiB = child.StatusKiB("RssAnon:");
        await child.StopAsync();
        return (peakKiB / 1024.0, anonymousKiB / 1024.0);
    }

    /// <summary>Answers per second, and the subject's CPU time (all its threads) per answered send.</summary>
    public static async Task<(double PerSecond, double CpuMicrosecondsPerSend)> ThroughputAsync(Subject subject, int window, int sends)
    {
        await using var child = Child.Start(subject);
        await child.WaitForReadyAsync();
        await child.WriteAsync(Ack);
        var cpuBefore = child.CpuTime();
        var clock = Stopwatch.StartNew();
        await RunWindowedAsync(child, window, sends);
        var perSecond = sends / clock.Elapsed.TotalSeconds;
        var cpu = child.CpuTime() - cpuBefore;
        await child.StopAsync();
        return (perSecond, cpu.TotalMicroseconds / sends);
    }

    public static async Task<(double Delivered, double Seconds)> FloodAsync(Subject subject, int sends)
    {
        await using var child = Child.Start(subject);
        await child.WaitForReadyAsync();
        await child.WriteAsync(Ack);
        var all = new byte[Send.Length * sends];
        for (var i = 0; i < sends; i++)
        {
            Send.CopyTo(all, i * Send.Length);
        }
        var clock = Stopwatch.StartNew();
        var writing = child.WriteAsync(all);
        var delivered = await child.WaitForAnswersAsync(sends, idleTimeout: TimeSpan.FromSeconds(10));
        var seconds = clock.Elapsed.TotalSeconds;
        await writing;
        await child.StopAsync();
        return (delivered, seconds);
    }

    public static double StrippedSizeKiB(Subject subject)
    {
        var copy = Path.Combine(Path.GetTempPath(), "bench-strip-" + Guid.NewGuid().ToString("N"));
        File.Copy(subject.Path, copy);
        try
        {
            using (var strip = Process.Start("strip", [copy]))
            {
                strip.WaitForExit();
            }
            return new FileInfo(copy).Length / 1024.0;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static async Task RunWindowedAsync(Child child, int window, int sends)
    {
        var answered = 0;
        for (var sent = 0; sent < sends; sent++)
        {
            if (sent - answered >= window)
            {
                answered = await child.WaitForAnswersAsync(sent - window + 1);
            }
            await child.WriteAsync(Send);
        }
        await child.WaitForAnswersAsync(sends);
    }

    /// <summary>A child process with a stdout pump that counts answer frames.</summary>
    private sealed class Child : IAsyncDisposable
    {
        private readonly Subject _subject;
        private readonly Process _process;
        private readonly Stream _stdin;
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _pump;
        private readonly Lock _gate = new();
        private int _answers;
        private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Child(Subject subject, Process process)
        {
            _subject = subject;
            _process = process;
            _stdin = process.StandardInput.BaseStream;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            _pump = Task.Factory.StartNew(Pump, TaskCreationOptions.LongRunning);
        }

        public static Child Start(Subject subject)
        {
            var info = new ProcessStartInfo(subject.Path)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (name, value) in subject.Environment ?? new Dictionary<string, string>())
            {
                info.Environment[name] = value;
            }
            return new Child(subject, Process.Start(info) ?? throw new InvalidOperationException("cannot start " + subject.Path));
        }

        public async Task WriteAsync(byte[] bytes)
        {
            await _stdin.WriteAsync(bytes);
            await _stdin.FlushAsync();
        }

        public Task WaitForReadyAsync() => _ready.Task.WaitAsync(Patience);

        /// <summary>Waits until at least <paramref name="count"/> answers arrived, or no answer arrived for <paramref name="idleTimeout"/>; returns the count.</summary>
        public async Task<int> WaitForAnswersAsync(int count, TimeSpan? idleTimeout = null)
        {
            while (true)
            {
                Task progress;
                lock (_gate)
                {
                    if (_answers >= count)
                    {
                        return _answers;
                    }
                    progress = _progress.Task;
                }
                try
                {
                    // WaitAsync disposes its timer when the answer comes, so a waiting writer does not leave one
                    // pending timer per send behind (the driver must stay cheap next to what it measures).
                    await progress.WaitAsync(idleTimeout ?? Patience);
                }
                catch (TimeoutException)
                {
                    lock (_gate)
                    {
                        return _answers;
                    }
                }
            }
        }

        /// <summary>
        /// CPU time of the process's threads so far: the first field of each <c>/proc/&lt;pid&gt;/task/*/schedstat</c>, in
        /// nanoseconds (<c>/proc/&lt;pid&gt;/stat</c> counts in 10 ms ticks, too coarse for a run of a few hundred ms).
        /// A thread that exits takes its time with it; the subjects' threads live for the whole run.
        /// </summary>
        public TimeSpan CpuTime()
        {
            long nanoseconds = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                try
                {
                    var schedstat = File.ReadAllText(Path.Combine(task, "schedstat"));
                    nanoseconds += long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' ')), CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread exited between listing and reading.
                }
            }
            return TimeSpan.FromTicks(nanoseconds / 100);
        }

        /// <summary>A figure in KiB from <c>/proc/PID/status</c>, by its field name (<c>VmHWM:</c>, <c>RssAnon:</c>).</summary>
        public long StatusKiB(string field)
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
            throw new InvalidOperationException(field + " not found");
        }

        /// <summary>
        /// Stops the subject the way its <see cref="StopPolicy"/> says: <c>shutdown</c>, then (in the daemon's mode) stdin
        /// closed, then up to the grace for the process to exit on its own, then SIGKILL. The grace also bounds the
        /// <c>shutdown</c> write, which a subject that stopped draining stdin would otherwise hold forever (the daemon's
        /// own write has no timeout; the bench must not hang with it). Returns the time from writing <c>shutdown</c> to
        /// the exit, whichever way it came.
        /// </summary>
        public async Task<TimeSpan> StopAsync()
        {
            var stop = _subject.Stop;
            var exited = _process.WaitForExitAsync();
            var clock = Stopwatch.StartNew();
            var asked = AskToStopAsync(stop.Mode);
            var killed = false;
            try
            {
                await exited.WaitAsync(stop.Grace);
            }
            catch (TimeoutException)
            {
                killed = true;
                _process.Kill();
                try
                {
                    await exited.WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    // SIGKILL cannot be ignored: what keeps the wait open is the stderr pipe, held by a process it started.
                    throw new InvalidOperationException($"{_subject.Name} was killed, but its stderr stayed open for 10 s: a process it started still holds it");
                }
            }
            var elapsed = clock.Elapsed;
            await asked; // done or failed by now: the process is gone
            CountStop(_subject, killed);
            return elapsed;
        }

        private async Task AskToStopAsync(StopMode mode)
        {
            try
            {
                await WriteAsync(Shutdown);
                if (mode == StopMode.Daemon)
                {
                    // The daemon drops its stdin handle right after the shutdown write (S:1857-1860): the child sees EOF.
                    _process.StandardInput.Close();
                }
            }
            catch (IOException)
            {
                // The subject is gone, or closed its stdin; StopAsync sees the exit either way.
            }
        }

        private void Pump()
        {
            var stdout = _process.StandardOutput.BaseStream;
            var buffer = new byte[64 * 1024];
            int read;
            // Only the start of each line matters: {"method":"ready" or {"method":"message".
            var lineHead = new byte[32];
            var headLength = 0;
            while ((read = stdout.Read(buffer)) > 0)
            {
                var answersInChunk = 0;
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b == (byte)'\n')
                    {
                        var head = lineHead.AsSpan(0, headLength);
                        if (head.StartsWith("{\"method\":\"ready\""u8))
                        {
                            _ready.TrySetResult();
                        }
                        else if (head.StartsWith("{\"method\":\"message\""u8))
                        {
                            answersInChunk++;
                        }
                        headLength = 0;
                        continue;
                    }
                    if (headLength < lineHead.Length)
                    {
                        lineHead[headLength++] = b;
                    }
                }
                if (answersInChunk > 0)
                {
                    lock (_gate)
                    {
                        _answers += answersInChunk;
                        _progress.TrySetResult();
                        _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            await _process.WaitForExitAsync();
            await _pump;
            _process.Dispose();
        }
    }
}
