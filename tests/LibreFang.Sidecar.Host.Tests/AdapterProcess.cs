using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace LibreFang.Sidecar.Host.Tests;

/// <summary>
/// A child adapter process over real pipes, driven like the supervisor drives it: write command lines to stdin,
/// read event lines from stdout (with a switch to stop reading, as a backpressured daemon does), collect stderr.
/// </summary>
internal sealed class AdapterProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _stderr = new();
    private volatile TaskCompletionSource _resumed = Completed();
    private volatile TaskCompletionSource _stderrResumed = Completed();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private AdapterProcess(Process process, bool readStdout)
    {
        _process = process;
        _stderrPump = Task.Factory.StartNew(PumpStderrAsync, TaskCreationOptions.LongRunning).Unwrap();
        _stdoutPump = readStdout ? Task.Factory.StartNew(PumpStdoutAsync, TaskCreationOptions.LongRunning).Unwrap() : Task.CompletedTask;
    }

    /// <summary>The path of the test adapter's entry assembly, copied next to the tests.</summary>
    public static string TestAdapterPath => Path.Combine(AppContext.BaseDirectory, "LibreFang.Sidecar.TestAdapter.dll");

    public static AdapterProcess StartTestAdapter(IReadOnlyDictionary<string, string?>? environment = null, params string[] args) =>
        Start("dotnet", [TestAdapterPath, .. args], environment ?? new Dictionary<string, string?> { ["TEST_TOKEN"] = "t0ken" });

    /// <summary>
    /// Starts <paramref name="fileName"/> with piped stdio. With <paramref name="readStdout"/> false nothing reads its
    /// stdout until <see cref="CloseStdout"/> closes our end (a daemon that went away).
    /// </summary>
    public static AdapterProcess Start(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, bool stdinFromDevNull = false, bool readStdout = true)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = !stdinFromDevNull,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
        return new AdapterProcess(process, readStdout);
    }

    public Stream Stdin => _process.StandardInput.BaseStream;

    public IReadOnlyCollection<string> Stderr => _stderr;

    /// <summary>Every stderr line, once stderr has closed (the process and whatever shared its stderr have exited).</summary>
    public async Task<IReadOnlyCollection<string>> StderrToEndAsync()
    {
        await _stderrPump.WaitAsync(Patience);
        return _stderr;
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Writes one line; fails (instead of hanging the suite) when the adapter stops draining stdin.</summary>
    public async Task WriteLineAsync(string line)
    {
        var write = Task.Run(async () =>
        {
            await Stdin.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            await Stdin.FlushAsync();
        });
        await write.WaitAsync(Patience);
    }

    public void CloseStdin() => _process.StandardInput.Close();

    /// <summary>Closes our end of the adapter's stdout; only for a process started with <c>readStdout: false</c>.</summary>
    public void CloseStdout() => _process.StandardOutput.Close();

    /// <summary>Sends a signal by name (TERM, INT, HUP).</summary>
    public void Signal(string name) => Process.Start("kill", ["-" + name, ProcessId.ToString()])!.WaitForExit();

    /// <summary>Stops reading stderr (its pipe fills, the adapter's stderr writes block) until <see cref="ResumeStderr"/>.</summary>
    public void PauseStderr() => _stderrResumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeStderr() => _stderrResumed.TrySetResult();

    /// <summary>
    /// Stops reading stdout before the next read (the pipe fills, the adapter's writes block) until
    /// <see cref="ResumeReading"/>. A read already waiting for data still delivers that one chunk.
    /// </summary>
    public void PauseReading() => _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => _resumed.TrySetResult();

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    public async Task<string> NextLineAsync(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException("stdout closed; stderr:\n" + string.Join("\n", _stderr));
        }
    }

    public async Task<JsonElement> NextEventAsync(TimeSpan? patience = null)
    {
        using var document = JsonDocument.Parse(await NextLineAsync(patience));
        return document.RootElement.Clone();
    }

    public async Task<JsonElement> NextEventAsync(string method, TimeSpan? patience = null)
    {
        while (true)
        {
            var next = await NextEventAsync(patience);
            if (next.GetProperty("method").GetString() == method)
            {
                return next;
            }
        }
    }

    /// <summary>Every stdout line until EOF.</summary>
    public async Task<List<string>> RemainingLinesAsync()
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var line in _events.Reader.ReadAllAsync(timeout.Token))
        {
            lines.Add(line);
        }
        return lines;
    }

    public async Task<int> WaitForExitAsync(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private async Task PumpStderrAsync()
    {
        var stderr = _process.StandardError;
        while (true)
        {
            await _stderrResumed.Task;
            var line = await stderr.ReadLineAsync();
            if (line is null)
            {
                return;
            }
            _stderr.Enqueue(line);
        }
    }

    private async Task PumpStdoutAsync()
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
                    _events.Writer.TryWrite(Encoding.UTF8.GetString(pending.ToArray()));
                }
                _events.Writer.TryComplete();
                return;
            }
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                pending.Write(buffer, start, i - start);
                _events.Writer.TryWrite(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length));
                pending.SetLength(0);
                start = i + 1;
            }
            pending.Write(buffer, start, read - start);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        try
        {
            _stderrResumed.TrySetResult();
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch
        {
            // The test already reported what mattered.
        }
        _process.Dispose();
    }

    public static string Send(string text) =>
        "{\"method\":\"send\",\"params\":{\"channel_id\":\"c1\",\"text\":" + "\"" + JsonEncodedText.Encode(text).Value + "\",\"user\":{\"platform_id\":\"c1\",\"display_name\":\"Bob\",\"librefang_user\":null}}}";
}
