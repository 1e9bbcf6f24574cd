using System.Reflection;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>
/// Constructor injection: the generated factory binds configuration, resolves each constructor parameter by its type
/// (built-in set, then the user's provider) and chains to the adapter's constructor, so both run.
/// </summary>
public sealed class InjectionTests
{
    private const string Source = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;
        using Microsoft.Extensions.Logging;

        namespace Demo.Injected;

        public interface IPlatformClient { string Name { get; } }

        [SidecarAdapter("injected")]
        public sealed partial class InjectedAdapter
        {
            public InjectedAdapter(ILogger<InjectedAdapter> log, HttpClient? http, TimeProvider time, IPlatformClient client)
            {
                Log = log;
                Http = http!;
                Time = time;
                Client = client;
                log.LogInformation("constructed with {Client}", client.Name);
            }

            public ILogger<InjectedAdapter> Log { get; }
            public HttpClient Http { get; }
            public TimeProvider Time { get; }
            public IPlatformClient Client { get; }

            [ConfigField("INJECTED_NAME")] public string Name { get; init; } = "default";
            [ConfigField("INJECTED_TOKEN", Required = true)] public required string Token { get; init; }

            [OnCommand] private void OnAny(Command command) { }
        }

        public sealed class FakeClient : IPlatformClient { public string Name => "fake"; }

        public sealed class Provider : IServiceProvider
        {
            public object? GetService(Type serviceType) => serviceType == typeof(IPlatformClient) ? new FakeClient() : null;
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(Source);
        Assert.Empty(diagnostics);
        return GeneratorHarness.Load(output);
    });

    private static readonly Dictionary<string, string> Settings = new() { ["INJECTED_NAME"] = "bob", ["INJECTED_TOKEN"] = "t" };

    [Fact]
    public void Configuration_is_bound_and_every_service_reaches_the_constructor()
    {
        var log = new StringWriter();
        var time = new FixedTime();
        var options = new SidecarHostOptions { Log = new SidecarLog(log), TimeProvider = time, Services = NewProvider() };

        dynamic adapter = Create(new DictionarySettings(Settings), new SidecarServices(options));

        Assert.Equal("bob", (string)adapter.Name);
        Assert.Equal("t", (string)adapter.Token);
        Assert.Same(time, (TimeProvider)adapter.Time);
        Assert.NotNull((HttpClient)adapter.Http);
        Assert.Equal("fake", (string)adapter.Client.Name);
        // The injected ILogger<T> writes the sidecar's JSON line, its category the adapter's full name.
        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"message\":\"constructed with fake\"", line);
        Assert.Contains("\"category\":\"Demo.Injected.InjectedAdapter\"", line);
    }

    [Fact]
    public void A_service_no_provider_supplies_names_its_type()
    {
        var options = new SidecarHostOptions { Log = new SidecarLog(TextWriter.Null) };

        var failure = Assert.Throws<TargetInvocationException>(() => Create(new DictionarySettings(Settings), new SidecarServices(options)));

        Assert.Contains("InjectedAdapter's constructor takes a IPlatformClient", failure.InnerException!.Message);
    }

    [Fact]
    public void Binding_problems_are_still_reported_before_any_service_is_resolved()
    {
        var failure = Assert.Throws<TargetInvocationException>(() =>
            Create(new DictionarySettings(new Dictionary<string, string>()), new SidecarServices(new SidecarHostOptions { Services = NewProvider() })));

        Assert.Contains("INJECTED_TOKEN", Assert.IsType<ConfigurationException>(failure.InnerException).Message);
    }

    private static object Create(ISettingsSource settings, IServiceProvider services)
    {
        var type = Compiled.Value.GetType("Demo.Injected.InjectedAdapter", throwOnError: true)!;
        var create = type.GetMethod("Create", [typeof(ISettingsSource), typeof(IServiceProvider)])!;
        return create.Invoke(null, [settings, services])!;
    }

    private static IServiceProvider NewProvider() =>
        (IServiceProvider)Activator.CreateInstance(Compiled.Value.GetType("Demo.Injected.Provider", throwOnError: true)!)!;

    private sealed class FixedTime : TimeProvider;
}
