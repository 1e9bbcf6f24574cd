namespace LibreFang.Sidecar;

/// <summary>
/// What the host drives. The source generator implements it for <see cref="SidecarAdapterAttribute"/> classes;
/// hand-written adapters implement it directly.
/// </summary>
public interface ISidecarAdapter
{
    /// <summary>The <c>ready</c> event: capabilities and the other ready fields. Called for every (re-)announce.</summary>
    ReadyEvent CreateReadyEvent();

    /// <summary>
    /// Handles one command. Commands arrive one at a time, in order; <c>ready_ack</c> and <c>shutdown</c> never reach
    /// adapter code. The token is cancelled on shutdown or stdin EOF. An exception becomes an <c>error</c> event and the
    /// session keeps serving.
    /// </summary>
    ValueTask HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken);

    /// <summary>
    /// The long-running inbound side (platform connection). Returning normally does not end the session; throwing
    /// ends it with an <c>error</c> event and exit code 1. Cancelled on shutdown or stdin EOF.
    /// </summary>
    Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the session stops. Keep it short: the supervisor SIGKILLs soon after <c>shutdown</c>.</summary>
    ValueTask OnShutdownAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>
/// The static half of an adapter: its schema (served by <c>--describe</c> without constructing anything) and its
/// construction from configuration.
/// </summary>
public interface ISidecarAdapterFactory<TSelf> where TSelf : ISidecarAdapter, ISidecarAdapterFactory<TSelf>
{
    /// <summary>The <c>--describe</c> schema.</summary>
    static abstract Schema Schema { get; }

    /// <summary>
    /// Builds the adapter from settings. Throws <see cref="ConfigurationException"/> listing every missing or bad value.
    /// </summary>
    static abstract TSelf Create(ISettingsSource settings);

    /// <summary>
    /// Builds the adapter from settings and the services its constructor takes. Adapters whose constructor takes no
    /// services need not implement it.
    /// </summary>
    static virtual TSelf Create(ISettingsSource settings, IServiceProvider services) => TSelf.Create(settings);
}
