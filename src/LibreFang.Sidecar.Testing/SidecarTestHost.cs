using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;

namespace LibreFang.Sidecar.Testing;

/// <summary>
/// Runs one adapter type in-process, exactly as <c>RunAsync</c> runs it in the binary (configuration binding,
/// <c>--describe</c>, the session), over two in-memory pipes. The host's clock is a <see cref="FakeTimeProvider"/>:
/// the ready re-announcements happen only when the test calls <c>Time.Advance</c>.
/// </summary>
/// <example><code>
/// await using var host = SidecarTestHost&lt;MyAdapter&gt;.Start(new Dictionary&lt;string, string&gt; { ["MY_TOKEN"] = "t" });
/// await host.SendAsync("hi", "general");
/// var reply = await host.NextAsync&lt;MessageEvent&gt;();
/// </code></example>
public sealed class SidecarTestHost<TAdapter> : SidecarTestSession
    where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
{
    private readonly Pipe _stdin = new();
    private readonly Pipe _stdout = new();
    private readonly StringWriter _log = new();
    private readonly TextWriter _logWriter;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _run;
    private readonly TaskCompletionSource<TAdapter> _adapter = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SidecarTestHost(IReadOnlyDictionary<string, string>? settings, string[] args, Func<SidecarHostOptions, SidecarHostOptions>? configure)
    {
        _logWriter = TextWriter.Synchronized(_log);
        var options = new SidecarHostOptions
        {
            Settings = new DictionarySettings(settings ?? new Dictionary<string, string>()),
            TimeProvider = Time,
            Log = new SidecarLog(_logWriter),
        };
        Options = configure is null ? options : configure(options);
        StartReading(_stdout.Reader.AsStream());
        _run = RunAsync(args);
        // Observed by the tests that ask for it; an unobserved failure must not surface elsewhere.
        _ = _adapter.Task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts the adapter with <paramref name="settings"/> as its configuration (the keys of its
    /// <c>[ConfigField]</c>s; nothing comes from the environment) and <paramref name="args"/> as its command line.
    /// <paramref name="configure"/> may change the host options (the settings, clock and log are already set).
    /// </summary>
    public static SidecarTestHost<TAdapter> Start(IReadOnlyDictionary<string, string>? settings = null, Func<SidecarHostOptions, SidecarHostOptions>? configure = null, params string[] args) =>
        new(settings, args, configure);

    /// <summary>Runs the adapter with <c>--describe</c>, as the dashboard does, and parses the schema it prints.</summary>
    public static async Task<Schema> DescribeAsync()
    {
        using var stdout = new MemoryStream();
        var options = new SidecarHostOptions { Log = new SidecarLog(TextWriter.Null) };
        var code = await SidecarHost.RunAsync<TAdapter>([SidecarHost.DescribeFlag], Stream.Null, stdout, options).ConfigureAwait(false);
        var printed = stdout.ToArray();
        var parsed = LibreFang.Sidecar.Protocol.EventParser.ParseSchema(printed.AsSpan().TrimEnd((byte)'\n'));
        return code == 0 && parsed.Value is { } schema
            ? schema
            : throw new SidecarTestException($"--describe exited {code} and printed: {System.Text.Encoding.UTF8.GetString(printed)} ({parsed.Error?.Message})");
    }

    /// <summary>The clock of the host (and of what the options hand on); advance it to fire timers.</summary>
    public FakeTimeProvider Time { get; } = new();

    /// <summary>
    /// The adapter instance the session runs, once constructed: a test reaches its platform seam (a fake client, an
    /// inbox its producer reads) through it. Throws when the adapter was not constructed.
    /// </summary>
    public Task<TAdapter> Adapter => _adapter.Task;

    /// <summary>The options the host runs with.</summary>
    public SidecarHostOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> LogLines
    {
        get
        {
            string text;
            lock (_logWriter)
            {
                text = _log.ToString();
            }
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask WriteLineAsync(ReadOnlyMemory<byte> utf8Line, CancellationToken cancellationToken)
    {
        if (_run.IsCompleted)
        {
            throw Failure("the adapter has already exited; nothing reads its stdin");
        }
        await _stdin.Writer.WriteAsync(utf8Line, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask CloseInputAsync() => await _stdin.Writer.CompleteAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public override async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        try
        {
            return await _run.WaitAsync(wait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Failure($"the adapter did not exit within {wait.TotalSeconds:0.###} s");
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            // Like a SIGTERM: the session stops as after shutdown.
            await _stop.CancelAsync().ConfigureAwait(false);
            await _stdin.Writer.CompleteAsync().ConfigureAwait(false);
            try
            {
                await _run.WaitAsync(DefaultTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Reported by the test that left the adapter hanging, if it cares.
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private TAdapter? TryCreate()
    {
        try
        {
            return TAdapter.Create(Options.Settings ?? EnvironmentSettings.Instance, new SidecarServices(Options));
        }
        catch (Exception)
        {
            return default;
        }
    }

    private async Task<int> RunAsync(string[] args)
    {
        // Off the test's thread: the test writes and reads while the session runs.
        await Task.Yield();
        try
        {
            var stdin = _stdin.Reader.AsStream();
            var stdout = _stdout.Writer.AsStream();
            if (!args.Contains(SidecarHost.DescribeFlag, StringComparer.Ordinal) && TryCreate() is { } adapter)
            {
                _adapter.TrySetResult(adapter);
                return await SidecarHost.RunSessionAsync(adapter, stdin, stdout, Options, _stop.Token).ConfigureAwait(false);
            }
            // --describe, or configuration the adapter rejects: the host reports it exactly as the binary does.
            _adapter.TrySetException(new SidecarTestException("the adapter was not constructed (--describe, or its configuration was rejected)"));
            return await SidecarHost.RunAsync<TAdapter>(args, stdin, stdout, Options, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await _stdout.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }
}
