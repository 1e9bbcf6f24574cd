using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Conformance;

/// <summary>One line the adapter wrote to stdout, with the daemon's verdict on it.</summary>
internal sealed record OutputLine(TimeSpan At, string Text, SidecarEvent? Event, string? Rejection);

/// <summary>
/// A spawned adapter driven like the supervisor drives it: stdin, stdout and stderr piped, every stdout line validated
/// with the daemon's acceptance rules, everything recorded in a transcript.
/// </summary>
internal sealed class AdapterSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Channel<OutputLine> _lines = Channel.CreateUnbounded<OutputLine>();
    private readonly Transcript _transcript;
    private readonly Task _stdoutPump;
    private readonly Lock _frameGate = new();
    private readonly List<(string Direction, string Entry)> _frames = [];
    private bool _exitLogged;
    private volatile TaskCompletionSource _resumed = Completed();

    private AdapterSession(Process process, Transcript transcript)
    {
        _process = process;
        _transcript = transcript;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Log("err", e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _stdoutPump = Task.Factory.StartNew(PumpAsync, TaskCreationOptions.LongRunning).Unwrap();
    }

    public static AdapterSession Start(RunnerOptions options, Transcript transcript, string? extraArgument = null, bool stdinFromDevNull = false)
    {
        var info = new ProcessStartInfo(options.Command[0])
        {
            RedirectStandardInput = !stdinFromDevNull,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in options.Command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }
        if (extraArgument is not null)
        {
            info.ArgumentList.Add(extraArgument);
        }
        foreach (var (key, value) in options.Environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
        var session = new AdapterSession(process, transcript);
        session.Log("sys", "spawn " + string.Join(' ', info.ArgumentList.Prepend(info.FileName)));
        return session;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Whether the adapter has exited. Its stdout closing comes a moment before the exit is registered, so once stdout
    /// has ended this waits up to 2 s for the exit instead of answering "still running" in between.
    /// </summary>
    public async Task<bool> HasExitedAsync() =>
        _process.HasExited || (_lines.Reader.Completion.IsCompleted && await WaitForExitAsync(TimeSpan.FromSeconds(2)));

    public int ExitCode => _process.ExitCode;

    /// <summary>Every stdout line read so far, in order.</summary>
    public List<OutputLine> Seen { get; } = [];

    /// <summary>A position in this session's frames, for <see cref="FramesSince"/>.</summary>
    public int Mark()
    {
        lock (_frameGate)
        {
            return _frames.Count;
        }
    }

    /// <summary>
    /// This session's transcript entries from a mark on, optionally only those in the given directions ("in", "out",
    /// "err", "sys"): a check's evidence.
    /// </summary>
    public string[] FramesSince(int mark, params string[] directions)
    {
        lock (_frameGate)
        {
            return [.. _frames.Skip(mark).Where(f => directions.Length == 0 || directions.Contains(f.Direction)).Select(f => f.Entry)];
        }
    }

    /// <summary>Writes one command line; returns how long the write blocked (a stalled stdin shows here).</summary>
    public async Task<TimeSpan> WriteAsync(string line, TimeSpan timeout) => await WriteBytesAsync(Encoding.UTF8.GetBytes(line + "\n"), line.Length > 300 ? line[..120] + $"… ({line.Length} chars)" : line, timeout);

    public async Task<TimeSpan> WriteBytesAsync(byte[] bytes, string description, TimeSpan timeout)
    {
        Log("in", description);
        var stdin = _process.StandardInput.BaseStream;
        var blocked = TimeSpan.Zero;
        // A blocking write on a thread of its own, timed around the write alone, the way the daemon's write blocks:
        // timing an async write would add this process's own thread-pool delays to the adapter's figure.
        var write = Task.Factory.StartNew(() =>
        {
            var clock = Stopwatch.StartNew();
            stdin.Write(bytes);
            stdin.Flush();
            blocked = clock.Elapsed;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A large frame needs time to be read and parsed, more so on a loaded machine: one extra second per MiB.
        var limit = timeout + TimeSpan.FromSeconds(bytes.Length / (1024.0 * 1024.0));
        if (await Task.WhenAny(write, Task.Delay(limit)) != write)
        {
            throw new AdapterInputException($"writing {bytes.Length} bytes to the adapter's stdin blocked for more than {limit.TotalSeconds:0.#} s: it stopped reading stdin");
        }
        try
        {
            await write;
        }
        catch (IOException ex)
        {
            // A broken pipe means the adapter closed stdin or died; the caller reports it as that check's failure.
            Log("sys", "stdin write failed: " + ex.Message);
            var state = _process.WaitForExit(2000) ? $"it exited with code {_process.ExitCode}" : "it is still running but closed stdin";
            throw new AdapterInputException($"the adapter's stdin is closed ({ex.Message}): {state}", ex);
        }
        return blocked;
    }

    public void CloseStdin()
    {
        Log("sys", "close stdin");
        _process.StandardInput.Close();
    }

    public void PauseReading() => _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => _resumed.TrySetResult();

    /// <summary>The next stdout line, or null when none arrives in time or stdout ended.</summary>
    public async Task<OutputLine?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var line = await _lines.Reader.ReadAsync(cancel.Token);
            Seen.Add(line);
            return line;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Reads lines until one matches, or the time runs out.</summary>
    public async Task<OutputLine?> WaitForAsync(Func<OutputLine, bool> match, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            var line = await NextAsync(deadline - _clock.Elapsed);
            if (line is null)
            {
                return null;
            }
            if (match(line))
            {
                return line;
            }
        }
        return null;
    }

    /// <summary>
    /// Everything already on stdout, without waiting beyond <paramref name="quiet"/> of silence, and never longer than
    /// four times <paramref name="quiet"/> in all: an adapter that never goes quiet must not hang the run.
    /// </summary>
    public async Task DrainAsync(TimeSpan quiet)
    {
        var deadline = _clock.Elapsed + quiet * 4;
        while (_clock.Elapsed < deadline && await NextAsync(quiet) is not null)
        {
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            LogExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task PumpAsync()
    {
        var stdout = _process.StandardOutput.BaseStream;
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        while (true)
        {
            await _resumed.Task;
            var read = await stdout.ReadAsync(buffer);
            if (read == 0)
            {
                if (pending.Length > 0)
                {
                    Deliver(pending.ToArray());
                }
                _lines.Writer.TryComplete();
                return;
            }
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    pending.Write(buffer, start, i - start);
                    Deliver(pending.ToArray());
                    pending.SetLength(0);
                    start = i + 1;
                }
            }
            pending.Write(buffer, start, read - start);
        }
    }

    private void Deliver(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\r');
        if (text.Trim().Length == 0)
        {
            return; // the daemon skips blank lines too
        }
        var parsed = EventParser.Parse(bytes);
        var line = new OutputLine(_clock.Elapsed, text, parsed.Value, parsed.Error?.Message);
        Log("out", text.Length > 300 ? text[..300] + "…" : text, parsed.Error?.Message, line.At);
        _lines.Writer.TryWrite(line);
    }

    /// <summary>Records the exit once, when it is first noticed.</summary>
    public void LogExit()
    {
        if (_process.HasExited && !_exitLogged)
        {
            _exitLogged = true;
            Log("sys", $"exited with code {_process.ExitCode}");
        }
    }

    private void Log(string direction, string text, string? verdict = null, TimeSpan? at = null)
    {
        var entry = _transcript.Add(at ?? _clock.Elapsed, direction, text, verdict);
        lock (_frameGate)
        {
            _frames.Add((direction, entry));
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    public async ValueTask DisposeAsync()
    {
        ResumeReading();
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
        await _process.WaitForExitAsync();
        await Task.WhenAny(_stdoutPump, Task.Delay(TimeSpan.FromSeconds(2)));
        _process.Dispose();
    }
}

/// <summary>The frames in and out with timestamps, and stderr, for --transcript and for failure details.</summary>
internal sealed class Transcript
{
    private readonly Lock _gate = new();
    private readonly List<string> _entries = [];

    public string Label { get; set; } = "";

    /// <summary>Records one entry and returns it as written.</summary>
    public string Add(TimeSpan at, string direction, string text, string? verdict = null)
    {
        var arrow = direction switch { "in" => "daemon  →", "out" => "adapter →", "err" => "stderr  :", _ => "        ·" };
        var entry = $"[{Label}] {at.TotalMilliseconds,7:0} ms {arrow} {text}{(verdict is null ? "" : "   ✗ " + verdict)}";
        lock (_gate)
        {
            _entries.Add(entry);
        }
        return entry;
    }

    public IReadOnlyList<string> Entries
    {
        get { lock (_gate) { return [.. _entries]; } }
    }
}

/// <summary>Writing a command to the adapter failed: stdin stalled past the limit or the pipe is closed.</summary>
public sealed class AdapterInputException(string message, Exception? inner = null) : Exception(message, inner);
