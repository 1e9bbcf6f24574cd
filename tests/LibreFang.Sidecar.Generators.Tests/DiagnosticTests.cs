using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>
/// Every adapter declaration problem (LFS0001–LFS0014): the generator reports none of them (the declaration analyzer
/// does, from the same sources, in the analyzer tests), and wherever a stub can be generated the user's code, a
/// Program calling <c>RunAsync</c> included, still compiles. The markup names the diagnostic the analyzer reports.
/// </summary>
public sealed partial class DiagnosticTests
{
    private const string Usings = "using System.Collections.Generic; using System.Threading; using System.Threading.Tasks; using LibreFang.Sidecar;\n";

    [Fact]
    public void LFS0001_class_not_partial() => Verify("""
        [SidecarAdapter("x")]
        public sealed class {|LFS0001:Adapter|} { }
        """, stubCompiles: false);

    [Fact]
    public void LFS0001_containing_type_not_partial() => Verify("""
        public class Outer
        {
            [SidecarAdapter("x")]
            public sealed partial class {|LFS0001:Adapter|} { }
        }
        """, stubCompiles: false);

    [Fact]
    public void LFS0002_handler_signatures() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private void {|LFS0002:NoCommand|}() { }
            [OnCommand] private void {|LFS0002:NotACommand|}(string text) { }
            [OnCommand] private void {|LFS0002:ExtraParameter|}(SendCommand send, int count) { }
            [OnCommand] private int {|LFS0002:WrongReturn|}(TypingCommand typing) => 0;
            [OnCommand] private static void {|LFS0002:Static|}(ReactionCommand reaction) { }
            [OnCommand] private async void {|LFS0002:AsyncVoid|}(StreamEndCommand end) { await Task.Yield(); }
            [OnCommand] private void {|LFS0002:Twice|}(StreamDeltaCommand delta, CancellationToken a, CancellationToken b) { }
        }
        """);

    [Fact]
    public void LFS0003_two_handlers_for_one_command() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private void First(SendCommand send) { }
            [OnCommand] private void {|LFS0003:Second|}(SendCommand send) { }
        }
        """);

    [Fact]
    public void LFS0004_unsupported_member_type() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_WHEN")] public System.DateTime {|LFS0004:When|} { get; set; }
            [ConfigField("X_IDS")] public List<int> {|LFS0004:Ids|} { get; set; } = new();
        }
        """);

    [Fact]
    public void LFS0005_field_type_does_not_fit() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_FLAG", Type = FieldType.Bool)] public string {|LFS0005:Flag|} { get; set; } = "";
            [ConfigField("X_MODE", Type = FieldType.Select)] public string {|LFS0005:Mode|} { get; set; } = "";
            [ConfigField("X_NAME", Options = new[] { "a" })] public string {|LFS0005:Name|} { get; set; } = "";
            [ConfigField("X_PORT", Type = FieldType.Secret)] public int {|LFS0005:Port|} { get; set; }
        }
        """);

    [Fact]
    public void LFS0006_several_constructors_none_parameterless() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class {|LFS0006:Adapter|}
        {
            public Adapter(System.Net.Http.HttpClient http) { }
            public Adapter(System.TimeProvider time) { }
        }
        """);

    [Fact]
    public void LFS0020_constructor_parameters_that_are_configuration_not_services() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            public Adapter(System.Net.Http.HttpClient http, string {|LFS0020:name|}, int {|LFS0020:port|}, string[] {|LFS0020:tags|}, ref System.TimeProvider {|LFS0020:time|}) { }
        }
        """);

    [Fact]
    public void LFS0007_required_member_without_config_field() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            public required string {|LFS0007:Client|} { get; init; }
        }
        """);

    [Fact]
    public void LFS0008_generic_static_or_abstract_adapter()
    {
        Verify("""
            [SidecarAdapter("x")]
            public sealed partial class {|LFS0008:Adapter|}<T> { }
            """, stubCompiles: false);
        Verify("""
            [SidecarAdapter("x")]
            public abstract partial class {|LFS0008:Adapter|} { }
            """, stubCompiles: false);
    }

    [Fact]
    public void LFS0009_member_cannot_be_set() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_NAME")] public string {|LFS0009:Name|} => "fixed";
        }
        """);

    [Fact]
    public void LFS0010_key_used_twice() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_NAME")] public string Name { get; set; } = "";
            [ConfigField("X_NAME")] public string {|LFS0010:Other|} { get; set; } = "";
        }
        """);

    [Fact]
    public void LFS0011_handler_for_a_command_the_runtime_consumes() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private void {|LFS0011:OnShutdown|}(ShutdownCommand shutdown) { }
            [OnCommand] private void {|LFS0011:OnAck|}(ReadyAckCommand ack) { }
        }
        """);

    [Fact]
    public void LFS0012_methods_named_like_hooks_with_the_wrong_signature() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            private async ValueTask {|LFS0012:ProduceAsync|}(IEventEmitter events, CancellationToken ct) { await Task.Yield(); }
            private ValueTask {|LFS0012:OnShutdown|}(CancellationToken ct) => default;
            private ReadyEvent {|LFS0012:configureReady|}(ReadyEvent ready, int extra) => ready;
            private bool {|LFS0012:ValidateConfiguration|}(ConfigurationProblems problems) => true;
        }
        """);

    [Fact]
    public void LFS0012_producer_with_swapped_parameters() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            private Task {|LFS0012:ProduceAsync|}(CancellationToken ct, IEventEmitter events) => Task.CompletedTask;
        }
        """);

    [Fact]
    public void LFS0013_config_field_on_a_base_class() => Verify("""
        public abstract class ChatBase
        {
            [ConfigField("X_TOKEN")] public string {|LFS0013:Token|} { get; set; } = "";
            protected Task ProduceAsync(IEventEmitter events, CancellationToken ct) => Task.CompletedTask;
        }

        [SidecarAdapter("x")]
        public sealed partial class Adapter : ChatBase
        {
            [ConfigField("X_NAME")] public string Name { get; set; } = "";
        }
        """);

    [Fact]
    public void LFS0014_marked_hooks_with_the_wrong_signature() => Verify("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private void OnAny(Command command) { }
            [Producer] private ValueTask {|LFS0014:ReadPlatformAsync|}(IEventEmitter events, CancellationToken ct) => default;
            [ShutdownHook] private void {|LFS0014:CloseConnection|}(CancellationToken ct) { }
            [ReadyHook] private ReadyEvent {|LFS0014:Announce|}(ReadyEvent ready, int extra) => ready;
            [ConfigurationCheck] private static void {|LFS0014:Check|}(ConfigurationProblems problems) { }
        }
        """);

    private static void Verify(string markedSource, bool stubCompiles = true)
    {
        var source = Usings + Markup().Replace(markedSource, match => match.Groups["text"].Value);
        Assert.NotEmpty(Recompute(markedSource));

        // Program.cs calls RunAsync: with the stub it compiles, the way `dotnet build` then shows only the LFS error.
        var (output, diagnostics, _) = GeneratorHarness.Run(source, ProgramSource);

        Assert.Empty(diagnostics);
        if (stubCompiles)
        {
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "the generated stub should keep the code compiling: " + string.Join("\n", errors));
        }
    }

    private const string ProgramSource = """
        public static class Program
        {
            public static System.Threading.Tasks.Task<int> Main(string[] args) => Adapter.RunAsync(args);
        }
        """;

    /// <summary>Positions of the marked spans once the markup is removed.</summary>
    private static List<(string Id, int Start, int Length)> Recompute(string markedSource)
    {
        var result = new List<(string, int, int)>();
        var removed = 0;
        foreach (Match match in Markup().Matches(markedSource))
        {
            var text = match.Groups["text"].Value;
            result.Add((match.Groups["id"].Value, Usings.Length + match.Index - removed, text.Length));
            removed += match.Length - text.Length;
        }
        return result;
    }

    [GeneratedRegex(@"\{\|(?<id>LFS\d{4}):(?<text>.*?)\|\}")]
    private static partial Regex Markup();
}
