namespace LibreFang.Sidecar;

/// <summary>Runs an adapter over the process's stdin and stdout, as the LibreFang supervisor expects.</summary>
public static partial class SidecarHost
{
    /// <summary>
    /// The whole process lifecycle: <c>--describe</c> (schema only, nothing constructed), otherwise configuration
    /// from the environment (exit 2 with an <c>error</c> event on a problem), then the session until <c>shutdown</c>
    /// or stdin EOF. Returns the exit code: 0 clean, 1 producer crash, 2 configuration error.
    /// </summary>
    public static Task<int> RunAsync<TAdapter>(string[] args, SidecarHostOptions? options = null)
        where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
        => RunCoreAsync<TAdapter>(args, options ?? new SidecarHostOptions(), CancellationToken.None);

    /// <summary>
    /// <see cref="RunAsync{TAdapter}(string[], SidecarHostOptions?)"/> that also stops, like <c>shutdown</c>, when
    /// <paramref name="cancellationToken"/> is cancelled (an application host stopping).
    /// </summary>
    public static Task<int> RunAsync<TAdapter>(string[] args, SidecarHostOptions? options, CancellationToken cancellationToken)
        where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
        => RunCoreAsync<TAdapter>(args, options ?? new SidecarHostOptions(), cancellationToken);
}

/// <summary>Tunables of the host. The defaults are what the supervisor expects.</summary>
public sealed record SidecarHostOptions
{
    /// <summary>Time between <c>ready</c> re-announcements until <c>ready_ack</c> (default 2 s).</summary>
    public TimeSpan ReadyInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Total <c>ready</c> events sent without an ack (default 5; 0 = until acked).</summary>
    public int ReadyMaxAttempts { get; init; } = 5;

    /// <summary>
    /// Events <see cref="IEventEmitter.EmitAsync"/> lets queue before it waits (default 1024). Together with
    /// <see cref="EmitQueueHardLimit"/> this bounds memory when the daemon stops reading stdout.
    /// </summary>
    public int EmitQueueCapacity { get; init; } = 1024;

    /// <summary>Events <see cref="IEventEmitter.Emit"/> may queue before it throws (default 65 536).</summary>
    public int EmitQueueHardLimit { get; init; } = 65_536;

    /// <summary>
    /// After <c>shutdown</c> or stdin EOF, how long commands that arrived before it may still run (default 300 ms).
    /// Then the handlers' token is cancelled.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long cancelled handlers and the producer get to return before the host moves on (default 200 ms).</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound for the adapter's shutdown hook (default 2 s).</summary>
    public TimeSpan ShutdownHookTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound for writing the events still queued at the end (default 10 s; the daemon reading stdout makes it instant).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest command line accepted (default 128 MiB); a longer one is skipped with an <c>error</c> event.</summary>
    public int MaxLineBytes { get; init; } = 128 * 1024 * 1024;

    /// <summary>Clock for the ready cadence (tests substitute a fake).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Settings source for adapter construction (default: environment variables).</summary>
    public ISettingsSource? Settings { get; init; }

    /// <summary>The log (default: <see cref="SidecarLog.Shared"/> on stderr).</summary>
    public SidecarLog? Log { get; init; }

    /// <summary>
    /// Services for the adapter's constructor beyond the built-in set of <see cref="SidecarServices"/> (asked first,
    /// so it can also replace those). Default: none.
    /// </summary>
    public IServiceProvider? Services { get; init; }
}
