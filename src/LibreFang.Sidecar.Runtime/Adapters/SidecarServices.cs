using Microsoft.Extensions.Logging;

namespace LibreFang.Sidecar;

/// <summary>
/// The services an adapter's constructor may take, without a container: <see cref="ILogger{TCategoryName}"/> and
/// <see cref="ILoggerFactory"/> (into the sidecar's stderr log), the host's <see cref="System.TimeProvider"/> (a fake one
/// in tests), one shared <see cref="System.Net.Http.HttpClient"/> (<see cref="HttpClient(IServiceProvider)"/>), and anything the <see cref="IServiceProvider"/> given in
/// <see cref="SidecarHostOptions.Services"/> resolves, which is asked first. The generated factory resolves each
/// parameter by its static type, so nothing here needs reflection.
/// </summary>
public sealed class SidecarServices : IServiceProvider
{
    private readonly IServiceProvider? _user;

    /// <summary>The services of a host running with <paramref name="options"/>.</summary>
    public SidecarServices(SidecarHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _user = options.Services;
        TimeProvider = options.TimeProvider;
        LoggerFactory = new SidecarLoggerFactory(new SidecarLoggerProvider(options.Log));
    }

    /// <summary>The host's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Loggers that write JSON lines to the sidecar's stderr log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <inheritdoc />
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (_user?.GetService(serviceType) is { } provided)
        {
            return provided;
        }
        if (serviceType == typeof(TimeProvider))
        {
            return TimeProvider;
        }
        if (serviceType == typeof(ILoggerFactory))
        {
            return LoggerFactory;
        }
        if (serviceType == typeof(IServiceProvider))
        {
            return this;
        }
        return null;
    }

    /// <summary>
    /// The logger for <typeparamref name="TCategory"/>: the provider's when it has one, otherwise a sidecar logger
    /// (generated factories call this for an <c>ILogger&lt;T&gt;</c> parameter).
    /// </summary>
    public static ILogger<TCategory> Logger<TCategory>(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService(typeof(ILogger<TCategory>)) is ILogger<TCategory> provided)
        {
            return provided;
        }
        var factory = services.GetService(typeof(ILoggerFactory)) as ILoggerFactory ?? new SidecarLoggerFactory(new SidecarLoggerProvider());
        return new Logger<TCategory>(factory);
    }

    /// <summary>
    /// The provider's <see cref="System.Net.Http.HttpClient"/> when it has one, otherwise one client shared by the
    /// process (generated factories call this for an <c>HttpClient</c> parameter). Only adapters that take one pay for
    /// the HTTP stack in their binary: nothing else refers to it.
    /// </summary>
    public static HttpClient HttpClient(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService(typeof(HttpClient)) as HttpClient ?? SharedHttpClient.Instance;
    }

    /// <summary>
    /// <typeparamref name="TService"/> for the constructor of <paramref name="adapter"/>; throws naming both when no
    /// provider has it (the host reports it as an <c>error</c> event and exits with code 1).
    /// </summary>
    public static TService Required<TService>(IServiceProvider services, string adapter) where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService(typeof(TService)) is TService service
            ? service
            : throw new InvalidOperationException(
                $"{adapter}'s constructor takes a {typeof(TService).Name}, which no service provider supplies; pass one in SidecarHostOptions.Services");
    }

    private static class SharedHttpClient
    {
        public static readonly HttpClient Instance = new();
    }

    private sealed class SidecarLoggerFactory(SidecarLoggerProvider provider) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) =>
            throw new NotSupportedException("the sidecar's logger factory writes to the sidecar log only; bring an IServiceProvider with a logger factory of your own for more providers");

        public void Dispose()
        {
        }
    }
}
