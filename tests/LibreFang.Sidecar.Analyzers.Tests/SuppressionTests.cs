using LibreFang.Sidecar.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.Analyzers.Tests;

/// <summary>
/// Every LFS id is reported by an analyzer, at a location in source, so <c>#pragma warning disable</c> and
/// <c>.editorconfig</c> severities silence or change it like any compiler warning. Each source below breaks one rule;
/// the test reads only that rule's id.
/// </summary>
public sealed class SuppressionTests
{
    private const string QuietAdapter = """
        [SidecarAdapter("quiet")]
        public sealed partial class QuietAdapter
        {
            [OnCommand] private void OnAny(Command command) { }
        }

        """;

    private static readonly Dictionary<string, string> Breaking = new()
    {
        ["LFS0001"] = """[SidecarAdapter("x")] public sealed class Adapter { [OnCommand] private void OnAny(Command command) { } }""",
        ["LFS0002"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [OnCommand] private void Bad() { } }""",
        ["LFS0003"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [OnCommand] private void OnAll(Command command) { } }""",
        ["LFS0004"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [ConfigField("X")] public DateTime When { get; set; } }""",
        ["LFS0005"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [ConfigField("X", Type = FieldType.Bool)] public string Flag { get; set; } = ""; }""",
        ["LFS0006"] = """[SidecarAdapter("x")] public sealed partial class Adapter { public Adapter(TimeProvider time) { } public Adapter(IServiceProvider services) { } [OnCommand] private void OnAny(Command command) { } }""",
        ["LFS0007"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } public required string Client { get; init; } }""",
        ["LFS0008"] = """[SidecarAdapter("x")] public abstract partial class Adapter { [OnCommand] private void OnAny(Command command) { } }""",
        ["LFS0009"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [ConfigField("X")] public string Name => ""; }""",
        ["LFS0010"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [ConfigField("X")] public string A { get; set; } = ""; [ConfigField("X")] public string B { get; set; } = ""; }""",
        ["LFS0011"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [OnCommand] private void OnAck(ReadyAckCommand ack) { } }""",
        ["LFS0012"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } private ValueTask ProduceAsync(IEventEmitter events, CancellationToken ct) => default; }""",
        ["LFS0013"] = """public abstract class Base { [ConfigField("X_A")] public string A { get; set; } = ""; } [SidecarAdapter("x")] public sealed partial class Adapter : Base { [OnCommand] private void OnAny(Command command) { } }""",
        ["LFS0014"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnAny(Command command) { } [Producer] private ValueTask ReadAsync(IEventEmitter events, CancellationToken ct) => default; }""",
        ["LFS0020"] = """[SidecarAdapter("x")] public sealed partial class Adapter { public Adapter(string name) { } [OnCommand] private void OnAny(Command command) { } }""",
        ["LFS0101"] = QuietAdapter + """static class Log { public static void Line(string text) => Console.WriteLine(text); }""",
        ["LFS0201"] = """[SidecarAdapter("x")] public sealed partial class Adapter { }""",
        ["LFS0202"] = """static class Describe { public static int Of(Command command) { switch (command) { case SendCommand: return 1; } return 0; } }""",
        ["LFS0301"] = """public class Worker { private readonly SemaphoreSlim _gate = new(1, 1); public async Task RunAsync(IEventEmitter events) { await _gate.WaitAsync(); await events.EmitAsync(new ErrorEvent("x")); _gate.Release(); } }""",
        ["LFS0302"] = """public class Worker { private readonly object _sync = new(); public async Task RunAsync() { Monitor.Enter(_sync); await Task.Yield(); Monitor.Exit(_sync); } }""",
        ["LFS0401"] = """[SidecarAdapter("x")] public sealed partial class Adapter { private IEventEmitter? _events; [OnCommand] private void OnAny(Command command) { } public Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken) { _events = events; return Task.CompletedTask; } }""",
        ["LFS0501"] = """[SidecarAdapter("x", Capabilities = new[] { "typing" })] public sealed partial class Adapter { [OnCommand] private void OnSend(SendCommand send) { } }""",
        ["LFS0502"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnSend(SendCommand send) { } [OnCommand] private void OnStart(StreamStartCommand start) { } }""",
        ["LFS0601"] = """[SidecarAdapter("x")] public sealed partial class Adapter { [OnCommand] private void OnSend(SendCommand send) { Thread.Sleep(1); } }""",
    };

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            data.Add(descriptor.Id);
        }
        return data;
    }

    [Fact]
    public void Every_id_of_the_catalogue_has_a_breaking_source_here() =>
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).Order(), Breaking.Keys.Order());

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Each_id_is_reported_in_source_with_its_default_severity(string id)
    {
        var reported = (await DirectCompilation.AnalyzeAsync(DirectCompilation.Compile(Breaking[id]))).Where(d => d.Id == id).ToList();

        Assert.NotEmpty(reported);
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        Assert.All(reported, d =>
        {
            Assert.True(d.Location.IsInSource, $"{id} is reported outside source");
            Assert.Equal(descriptor.DefaultSeverity, d.Severity);
        });
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Pragma_warning_disable_silences_each_id(string id)
    {
        var compilation = DirectCompilation.Compile($"#pragma warning disable {id}\n" + Breaking[id]);

        var reported = await DirectCompilation.AnalyzeAsync(compilation);

        Assert.DoesNotContain(reported, d => d.Id == id);
        // Only the named id: the others of the same source still come through.
        var withSuppressed = await compilation.WithAnalyzers(DirectCompilation.AllAnalyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false,
                logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true)).GetAnalyzerDiagnosticsAsync();
        Assert.Contains(withSuppressed, d => d.Id == id && d.IsSuppressed);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task An_editorconfig_severity_applies_to_each_id(string id)
    {
        var silenced = await DirectCompilation.AnalyzeAsync(DirectCompilation.Compile(Breaking[id],
            $"root = true\n[*.cs]\ndotnet_diagnostic.{id}.severity = none\n"));
        Assert.DoesNotContain(silenced, d => d.Id == id);

        var raised = await DirectCompilation.AnalyzeAsync(DirectCompilation.Compile(Breaking[id],
            $"root = true\n[*.cs]\ndotnet_diagnostic.{id}.severity = suggestion\n"));
        Assert.NotEmpty(raised.Where(d => d.Id == id));
        Assert.All(raised.Where(d => d.Id == id), d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
    }
}
