using System.Reflection;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>Hooks marked with an attribute are wired whatever their names.</summary>
public sealed class MarkedHookTests
{
    private const string Source = """
        using System.Threading; using System.Threading.Tasks; using LibreFang.Sidecar;
        namespace Demo;
        [SidecarAdapter("marked")]
        public sealed partial class MarkedAdapter
        {
            public bool Read;
            [ConfigField("MARKED_MIN")] public int Min { get; init; }
            [ConfigField("MARKED_MAX")] public int Max { get; init; } = 10;

            [OnCommand] private void OnAny(Command command) { }
            [Producer] private Task ReadPlatformAsync(IEventEmitter events, CancellationToken ct) { Read = true; return Task.CompletedTask; }
            [ReadyHook] private ReadyEvent Announce(ReadyEvent ready) => ready with { AccountId = "marked-account" };
            [ConfigurationCheck] private void CheckRange(ConfigurationProblems problems)
            {
                if (Min > Max) problems.Add("MARKED_MIN", "MARKED_MIN must not exceed MARKED_MAX");
            }
        }
        """;

    private static readonly Lazy<Type> Adapter = new(() =>
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(Source);
        Assert.Empty(diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return GeneratorHarness.Load(output).GetType("Demo.MarkedAdapter", throwOnError: true)!;
    });

    [Fact]
    public async Task The_marked_producer_ready_hook_and_check_are_wired()
    {
        var adapter = (ISidecarAdapter)Create(new() { ["MARKED_MIN"] = "3" });

        Assert.Equal("marked-account", adapter.CreateReadyEvent().AccountId);
        await adapter.ProduceAsync(new NullEmitter(), CancellationToken.None);
        Assert.True((bool)Adapter.Value.GetField("Read")!.GetValue(adapter)!);

        var error = Assert.Throws<ConfigurationException>(() => Create(new() { ["MARKED_MIN"] = "11" }));
        Assert.Equal("MARKED_MIN", Assert.Single(error.Problems).Key);
    }

    private sealed class NullEmitter : IEventEmitter
    {
        public void Emit(SidecarEvent sidecarEvent) { }

        public ValueTask EmitAsync(SidecarEvent sidecarEvent, CancellationToken cancellationToken = default) => default;
    }

    private static object Create(Dictionary<string, string> settings)
    {
        try
        {
            return Adapter.Value.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [new DictionarySettings(settings)])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
