using Microsoft.CodeAnalysis.Testing;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.AdapterDeclarationAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

/// <summary>
/// LFS0001–LFS0014 from the declaration analyzer alone: the test's driver runs no generator, so every diagnostic here
/// is one an editor shows while typing. The same declarations give the generator's stub in the generator suite.
/// </summary>
public sealed class AdapterDeclarationAnalyzerTests
{
    [Fact]
    public Task LFS0001_class_not_partial_without_any_generator() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed class {|LFS0001:Adapter|} { }
        """);

    [Fact]
    public Task LFS0001_containing_type_not_partial() => Verify.VerifyAsync("""
        public class Outer
        {
            [SidecarAdapter("x")]
            public sealed partial class {|LFS0001:Adapter|} { }
        }
        """);

    [Fact]
    public Task LFS0001_is_not_reported_for_a_partial_class() => Verify.VerifyAsync("""
        public partial class Outer
        {
            [SidecarAdapter("x")]
            public sealed partial class Adapter { }
        }
        """);

    [Fact]
    public Task LFS0002_handler_signatures() => Verify.VerifyAsync("""
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
            [OnCommand] private ValueTask Valid(StreamStartCommand start, IEventEmitter events, CancellationToken cancellationToken) => default;
        }
        """);

    [Fact]
    public Task LFS0002_a_private_handler_on_a_base_class_cannot_be_dispatched() => Verify.VerifyAsync("""
        public abstract class Base
        {
            [OnCommand] private ValueTask {|LFS0002:OnSend|}(SendCommand send) => default;
            [OnCommand] protected ValueTask OnTyping(TypingCommand typing) => default;
        }

        [SidecarAdapter("x")]
        public sealed partial class Adapter : Base { }
        """);

    [Fact]
    public Task LFS0003_two_handlers_for_one_command() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private void First(SendCommand send) { }
            [OnCommand] private void {|LFS0003:Second|}(SendCommand send) { }
        }
        """);

    [Fact]
    public Task LFS0003_a_base_class_handler_and_one_on_the_class_is_reported_on_the_class() => Verify.VerifyAsync("""
        public abstract class Base
        {
            [OnCommand] protected ValueTask OnSend(SendCommand send) => default;
        }

        [SidecarAdapter("x")]
        public sealed partial class Adapter : Base
        {
            [OnCommand] private void {|LFS0003:Again|}(SendCommand send) { }
        }
        """);

    [Fact]
    public Task LFS0003_is_not_reported_for_an_override_of_a_base_handler() => Verify.VerifyAsync("""
        public abstract class Base
        {
            [OnCommand] protected virtual ValueTask OnSend(SendCommand send) => default;
        }

        [SidecarAdapter("x")]
        public sealed partial class Adapter : Base
        {
            [OnCommand] protected override ValueTask OnSend(SendCommand send) => default;
        }
        """);

    [Fact]
    public Task LFS0004_unsupported_member_type() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_WHEN")] public System.DateTime {|LFS0004:When|} { get; set; }
            [ConfigField("X_IDS")] public List<int> {|LFS0004:Ids|} { get; set; } = new();
            [ConfigField("X_NAMES")] public IReadOnlyList<string> Names { get; set; } = [];
        }
        """);

    [Fact]
    public Task LFS0005_field_type_does_not_fit() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_FLAG", Type = FieldType.Bool)] public string {|LFS0005:Flag|} { get; set; } = "";
            [ConfigField("X_MODE", Type = FieldType.Select)] public string {|LFS0005:Mode|} { get; set; } = "";
            [ConfigField("X_NAME", Options = new[] { "a" })] public string {|LFS0005:Name|} { get; set; } = "";
            [ConfigField("X_PORT", Type = FieldType.Secret)] public int {|LFS0005:Port|} { get; set; }
            [ConfigField("X_KIND", Type = FieldType.Select, Options = new[] { "a", "b" })] public string Kind { get; set; } = "a";
        }
        """);

    [Fact]
    public Task LFS0006_several_constructors_none_parameterless() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class {|LFS0006:Adapter|}
        {
            public Adapter(System.Net.Http.HttpClient http) { }
            public Adapter(System.TimeProvider time) { }
        }
        """);

    [Fact]
    public Task LFS0020_a_string_or_value_parameter_cannot_be_injected() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            public Adapter(System.Net.Http.HttpClient http, string {|LFS0020:name|}, System.TimeSpan {|LFS0020:delay|}) { }
        }
        """);

    [Fact]
    public Task A_single_constructor_taking_services_is_not_reported() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            public Adapter(System.Net.Http.HttpClient http, System.TimeProvider time, System.IServiceProvider services) { }
        }
        """);

    [Fact]
    public Task LFS0006_is_not_reported_next_to_a_parameterless_constructor() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            public Adapter() { }
            public Adapter(string name) { }
        }
        """);

    [Fact]
    public Task LFS0007_required_member_without_config_field() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            public required string {|LFS0007:Client|} { get; init; }
            [ConfigField("X_TOKEN")] public required string Token { get; init; }
        }
        """);

    [Fact]
    public async Task LFS0008_generic_static_or_abstract_adapter()
    {
        await Verify.VerifyAsync("""
            [SidecarAdapter("x")]
            public sealed partial class {|LFS0008:Adapter|}<T> { }
            """);
        await Verify.VerifyAsync("""
            [SidecarAdapter("x")]
            public abstract partial class {|LFS0008:Adapter|} { }
            """);
        await Verify.VerifyAsync("""
            [SidecarAdapter("x")]
            public static partial class {|LFS0008:Adapter|} { }
            """);
    }

    [Fact]
    public Task LFS0009_member_cannot_be_set() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_NAME")] public string {|LFS0009:Name|} => "fixed";
            [ConfigField("X_AUTO")] public string Auto { get; } = "";
        }
        """);

    [Fact]
    public Task LFS0010_key_used_twice() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [ConfigField("X_NAME")] public string Name { get; set; } = "";
            [ConfigField("X_NAME")] public string {|LFS0010:Other|} { get; set; } = "";
        }
        """);

    [Fact]
    public Task LFS0011_handler_for_a_command_the_runtime_consumes() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private void {|LFS0011:OnShutdown|}(ShutdownCommand shutdown) { }
            [OnCommand] private void {|LFS0011:OnAck|}(ReadyAckCommand ack) { }
        }
        """);

    [Fact]
    public Task LFS0012_methods_named_like_hooks_with_the_wrong_signature() => Verify.VerifyAsync("""
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
    public Task LFS0012_producer_with_swapped_parameters() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            private Task {|LFS0012:ProduceAsync|}(CancellationToken ct, IEventEmitter events) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task LFS0012_is_quiet_next_to_a_working_hook_and_for_other_names() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            private Task ProduceAsync(IEventEmitter events, CancellationToken ct) => Task.CompletedTask;
            private Task ProduceAsync(string helper) => Task.CompletedTask;
            private Task OnShutdownAsync() => Task.CompletedTask;
            private void ValidateConfiguration(ConfigurationProblems problems) { }
            private void ProduceReport() { }
        }
        """);

    [Fact]
    public Task LFS0013_config_field_on_a_base_class() => Verify.VerifyAsync("""
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
    public Task LFS0012_message_shows_the_expected_signature() => Verify.VerifyAsync(
        """
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            private ValueTask {|#0:ProduceAsync|}(IEventEmitter events, CancellationToken ct) => default;
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.HookSignatureMismatch).WithLocation(0)
            .WithArguments("ProduceAsync", "Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)"));

    [Fact]
    public Task LFS0014_marked_hooks_with_the_wrong_signature() => Verify.VerifyAsync("""
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

    [Fact]
    public Task Marked_hooks_with_any_name_are_hooks_and_silence_the_lookalike_warning() => Verify.VerifyAsync("""
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private void OnAny(Command command) { }
            [Producer] private Task ReadPlatformAsync(IEventEmitter events, CancellationToken ct) => Task.CompletedTask;
            [ShutdownHook] private ValueTask CloseConnection(CancellationToken ct) => default;
            [ReadyHook] private ReadyEvent Announce(ReadyEvent ready) => ready;
            [ConfigurationCheck] private void Check(ConfigurationProblems problems) { }
            private Task ProduceAsync(string helper) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task A_class_without_the_attribute_is_not_an_adapter() => Verify.VerifyAsync("""
        public sealed class NotAnAdapter
        {
            [OnCommand] private void NoCommand() { }
        }
        """);

    [Fact]
    public Task The_message_names_the_member_and_the_problem() => Verify.VerifyAsync(
        """
        [SidecarAdapter("x")]
        public sealed partial class Adapter
        {
            [OnCommand] private int {|#0:Count|}(SendCommand send) => 0;
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.InvalidHandler).WithLocation(0).WithArguments("Count", "returns 'int'"));
}
