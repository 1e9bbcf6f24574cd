using LibreFang.Sidecar.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LibreFang.Sidecar.Hosting;

/// <summary>Runs a sidecar adapter as the main loop of a generic host.</summary>
/// <example><code>
/// var builder = Host.CreateApplicationBuilder(args);
/// builder.Services.AddSidecarAdapter&lt;EchoAdapter&gt;(args);
/// return await builder.Build().RunSidecarAsync();
/// </code></example>
public static class SidecarHostingExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TAdapter"/> as the application's main loop: configuration from
    /// <see cref="IConfiguration"/> (environment variables included, as the daemon passes them), the adapter's
    /// constructor services from the container, and logging on stderr only (every other logger provider is removed:
    /// stdout carries the protocol). The session's end stops the application.
    /// </summary>
    public static IServiceCollection AddSidecarAdapter<TAdapter>(this IServiceCollection services, string[] args, Func<SidecarHostOptions, SidecarHostOptions>? configure = null)
        where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new SidecarLoggerProvider());
        });
        services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        services.AddHttpClient();
        services.AddSingleton<SidecarExitCode>();
        services.AddHostedService(provider => new SidecarAdapterService<TAdapter>(args, provider, configure));
        return services;
    }

    /// <summary>
    /// Runs the host until the session ends and returns the adapter's exit code (0 clean, 1 crash, 2 configuration).
    /// Options that fail validation at start (<c>ValidateOnStart</c>) are reported like configuration problems: one
    /// <c>error</c> event on stdout, exit code 2.
    /// </summary>
    public static async Task<int> RunSidecarAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        // RunAsync disposes the host's services: take the exit code's holder first.
        var exit = host.Services.GetRequiredService<SidecarExitCode>();
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                SidecarLog.Shared.Error("configuration problem", ("options", ex.OptionsType.Name), ("problem", failure));
            }
            await ReportAsync(new ErrorEvent("invalid configuration: " + string.Join("; ", ex.Failures))).ConfigureAwait(false);
            return 2;
        }
        return exit.Code ?? 1;
    }

    private static async Task ReportAsync(ErrorEvent error)
    {
        // The session never started, so stdout is still the process's own: one event line, as the daemon reads it.
        await using var stdout = Console.OpenStandardOutput();
        var line = WireFormat.EventToUtf8(error);
        await stdout.WriteAsync(line).ConfigureAwait(false);
        await stdout.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
    }
}

/// <summary>The adapter's exit code, set when its session ends.</summary>
internal sealed class SidecarExitCode
{
    public int? Code { get; set; }
}

/// <summary>The session as a hosted service; its end stops the application.</summary>
internal sealed class SidecarAdapterService<TAdapter>(string[] args, IServiceProvider services, Func<SidecarHostOptions, SidecarHostOptions>? configure) : BackgroundService
    where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var exit = services.GetRequiredService<SidecarExitCode>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var options = new SidecarHostOptions
        {
            Settings = new ConfigurationSettings(services.GetRequiredService<IConfiguration>()),
            Services = services,
        };
        try
        {
            exit.Code = await SidecarHost.RunAsync<TAdapter>(args, configure is null ? options : configure(options), stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            exit.Code ??= 1;
            lifetime.StopApplication();
        }
    }
}

/// <summary>
/// Settings from <see cref="IConfiguration"/>: an adapter's keys (<c>MYPLATFORM_TOKEN</c>) are read as they are, so
/// the environment variables the daemon sets keep working, and appsettings.json or the command line can add to them.
/// </summary>
public sealed class ConfigurationSettings(IConfiguration configuration) : ISettingsSource
{
    /// <inheritdoc />
    public string? Get(string key) => configuration[key];
}
