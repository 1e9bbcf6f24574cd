using System.Collections.Concurrent;
using System.Diagnostics;

namespace LibreFang.Sidecar.Testing;

/// <summary>
/// Runs an adapter binary as a child process over real pipes, the way the supervisor spawns it: configuration in the
/// environment, commands on stdin, events on stdout, log lines on stderr. Same typed API as
/// <see cref="SidecarTestHost{TAdapter}"/>. A path ending in <c>.dll</c> is started with <c>dotnet</c>.
/// </summary>
public sealed class SidecarProcessHost : SidecarTestSession
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task _stderrPump;

    private SidecarProcessHost(Process process)
    {
        _process = process;
        _stderrPump = Task.Run(PumpStderrAsync);
        StartReading(process.StandardOutput.BaseStream);
    }

    /// <summary>
    /// Starts <paramref name="path"/> with <paramref name="environment"/> added to this process's environment and
    /// <paramref name="args"/> as its command line.
    /// </summary>
    public static SidecarProcessHost Start(string path, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var viaDotnet = path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(viaDotnet ? "dotnet" : path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaDotnet)
        {
            info.ArgumentList.Add(path);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + path);
        return new SidecarProcessHost(process);
    }

    /// <summary>The child's process id (for signals).</summary>
    public int ProcessId => _process.Id;

    /// <inheritdoc />
    public override IReadOnlyList<string> LogLines => [.. _stderr];

    /// <inheritdoc />
    protected override async ValueTask WriteLineAsync(ReadOnlyMemory<byte> utf8Line, CancellationToken cancellationToken)
    {
        var stdin = _process.StandardInput.BaseStream;
        try
        {
            await stdin.WriteAsync(utf8Line, cancellationToken).ConfigureAwait(false);
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw Failure("the adapter's stdin is closed (" + ex.Message + ")");
        }
    }

    /// <inheritdoc />
    public override ValueTask CloseInputAsync()
    {
        _process.StandardInput.Close();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        using var expiry = new CancellationTokenSource(wait);
        try
        {
            await _process.WaitForExitAsync(expiry.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw Failure($"the adapter process did not exit within {wait.TotalSeconds:0.###} s");
        }
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        await base.DisposeAsync().ConfigureAwait(false);
        await _stderrPump.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _stderr.Enqueue(line);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
