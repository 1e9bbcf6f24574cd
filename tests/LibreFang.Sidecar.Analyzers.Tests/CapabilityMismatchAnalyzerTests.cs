using Microsoft.CodeAnalysis.Testing;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.CapabilityMismatchAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class CapabilityMismatchAnalyzerTests
{
    [Fact]
    public Task A_declared_capability_without_any_handler_is_reported_on_its_element() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = new[] { "thread", {|#0:"typing"|} })]
        public partial class DemoAdapter
        {
            [OnCommand]
            public ValueTask OnSend(SendCommand command) => default;
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.CapabilityWithoutHandler).WithLocation(0).WithArguments("DemoAdapter", "typing", "TypingCommand"));

    [Fact]
    public Task Declared_streaming_without_handlers_lists_all_three_commands() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = [{|#0:Capabilities.Streaming|}])]
        public partial class DemoAdapter
        {
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.CapabilityWithoutHandler).WithLocation(0)
            .WithArguments("DemoAdapter", "streaming", "StreamDeltaCommand, StreamEndCommand, StreamStartCommand"));

    [Fact]
    public Task Partial_streaming_handlers_are_reported_without_a_declaration() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo")]
        public partial class {|#0:DemoAdapter|}
        {
            [OnCommand]
            public ValueTask OnStart(StreamStartCommand command) => default;

            [OnCommand]
            public ValueTask OnDelta(StreamDeltaCommand command) => default;
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.CapabilityPartlyHandled).WithLocation(0).WithArguments("DemoAdapter", "streaming", "StreamEndCommand"));

    [Fact]
    public Task Partial_streaming_handlers_with_a_declaration_are_reported_once_as_partial() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = new[] { "streaming" })]
        public partial class {|#0:DemoAdapter|}
        {
            [OnCommand]
            public ValueTask OnEnd(StreamEndCommand command) => default;
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.CapabilityPartlyHandled).WithLocation(0)
            .WithArguments("DemoAdapter", "streaming", "StreamDeltaCommand, StreamStartCommand"));

    [Fact]
    public Task Complete_handlers_and_declarations_are_not_reported() => Verify.VerifyAsync("""
        [SidecarAdapter("demo", Capabilities = new[] { "typing", "streaming", "thread", "typing_events" })]
        public partial class DemoAdapter
        {
            [OnCommand] public ValueTask OnTyping(TypingCommand command) => default;
            [OnCommand] public ValueTask OnStart(StreamStartCommand command) => default;
            [OnCommand] public ValueTask OnDelta(StreamDeltaCommand command) => default;
            [OnCommand] public ValueTask OnEnd(StreamEndCommand command) => default;
            [OnCommand] public ValueTask OnReaction(ReactionCommand command) => default;
        }
        """);

    [Fact]
    public Task Ignoring_the_commands_of_a_declared_capability_does_not_satisfy_it() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = new[] { {|#0:"interactive"|} }, IgnoredCommands = new[] { typeof(InteractiveCommand) })]
        public partial class DemoAdapter
        {
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.CapabilityWithoutHandler).WithLocation(0).WithArguments("DemoAdapter", "interactive", "InteractiveCommand"));

    [Fact]
    public Task A_catch_all_handler_serves_every_capability() => Verify.VerifyAsync("""
        [SidecarAdapter("demo", Capabilities = new[] { "typing", "streaming" })]
        public partial class DemoAdapter
        {
            [OnCommand]
            public ValueTask OnAny(Command command, IEventEmitter events, CancellationToken cancellationToken) => default;
        }
        """);
}
