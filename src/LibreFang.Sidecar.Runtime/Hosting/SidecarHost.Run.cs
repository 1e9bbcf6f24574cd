using System.Runtime.InteropServices;
using LibreFang.Sidecar.Hosting;
using LibreFang.Sidecar.Stdio;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar;

public static partial class SidecarHost
{
    /// <summary>The command-line flag that prints the schema and exits.</summary>
    public const string DescribeFlag = "--describe";

    /// <summary>
    /// The lifecycle of <see cref="RunAsync{TAdapter}(string[], SidecarHostOptions?)"/> over given streams instead of the
    /// process's stdin and stdout (tests, embedding). The streams are not disposed.
    /// </summary>
    public static async Task<int> RunAsync<TAdapter>(string[] args, Stream input, Stream output, SidecarHostOptions? options = null, CancellationToken cancellationToken = default)
        where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
    {
        ArgumentNullException.ThrowIfNull(args);
        options ??= new SidecarHostOptions();
        var log = options.Log ?? SidecarLog.Shared;

        if (args.Contains(DescribeFlag, StringComparer.Ordinal))
        {
            return await DescribeAsync(TAdapter.Schema, output, log).ConfigureAwait(false);
        }

        TAdapter adapter;
        try
        {
            adapter = TAdapter.Create(options.Settings ?? EnvironmentSettings.Instance, new SidecarServices(options));
        }
        catch (ConfigurationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                log.Error("configuration problem", ("key", problem.Key), ("problem", problem.Message));
            }
            await WriteSingleEventAsync(output, new ErrorEvent(ex.Message)).ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex)
        {
            log.Error("the adapter could not be constructed", ("error", ex));
            await WriteSingleEventAsync(output, new ErrorEvent("adapter failed to start: " + ExceptionText.Message(ex))).ConfigureAwait(false);
            return 1;
        }

        return await RunSessionAsync(adapter, input, output, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an already constructed adapter over the process's stdin and stdout (no <c>--describe</c> handling).
    /// Returns the exit code.
    /// </summary>
    public static Task<int> RunAsync(ISidecarAdapter adapter, SidecarHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        return RunOnStdioAsync((input, output, token) => RunSessionAsync(adapter, input, output, options, token), cancellationToken);
    }

    /// <summary>
    /// One protocol session over given streams: <c>ready</c> at once, commands until <c>shutdown</c> or EOF, every
    /// queued event written before returning. Returns the exit code (0 clean, 1 producer crash or I/O failure).
    /// Cancelling <paramref name="cancellationToken"/> stops the session like <c>shutdown</c>.
    /// </summary>
    public static Task<int> RunSessionAsync(ISidecarAdapter adapter, Stream input, Stream output, SidecarHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        return new SidecarSession(adapter, input, output, options ?? new SidecarHostOptions()).RunAsync(cancellationToken);
    }

    private static Task<int> RunCoreAsync<TAdapter>(string[] args, SidecarHostOptions options, CancellationToken cancellationToken)
        where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
        => RunOnStdioAsync((input, output, token) => RunAsync<TAdapter>(args, input, output, options, token), cancellationToken);

    private static async Task<int> RunOnStdioAsync(Func<Stream, Stream, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // stdout belongs to the protocol, and stdin to the daemon's commands. Both move to private descriptors; what is
        // left on fd 1 (a native library's printf, a child process's output) lands on stderr instead of corrupting a frame.
        var (stdin, stdout) = StandardStreams.ClaimProtocolStreams();

        // A stray Console.WriteLine (ours, the adapter's or a library's) becomes a stderr line, and neither it nor
        // Console.Error ever waits behind a stalled stdout or stderr.
        var forwarder = new StderrForwarder(StderrSink.Shared);
        Console.SetOut(forwarder);
        Console.SetError(forwarder);

        // SIGTERM, SIGINT (a terminal's Ctrl-C reaches the adapter: no process group) and SIGHUP end the session
        // cleanly, like shutdown. Registered before the first ready is written: a signal that arrives once the
        // adapter looks up must never meet the default handler.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

        try
        {
            return await run(stdin, stdout, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            // The last lines (why the session ended, what was not written) must reach stderr, but a stalled stderr
            // must not hold the exit.
            StderrSink.Shared.Flush(StderrFlushTimeout);
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static readonly TimeSpan StderrFlushTimeout = TimeSpan.FromMilliseconds(500);

    private static async Task<int> DescribeAsync(Schema schema, Stream output, SidecarLog log)
    {
        try
        {
            var json = WireFormat.SchemaToUtf8(schema);
            await output.WriteAsync(json).ConfigureAwait(false);
            await output.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex)
        {
            log.Error("--describe failed", ("error", ex));
            return 1;
        }
    }

    private static async Task WriteSingleEventAsync(Stream output, SidecarEvent sidecarEvent)
    {
        try
        {
            await output.WriteAsync(SessionEmitter.Frame(sidecarEvent)).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Nobody is reading stdout; the stderr line already said it all.
        }
    }
}
