using Microsoft.CodeAnalysis.Testing;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.UnhandledCommandAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class UnhandledCommandAnalyzerTests
{
    [Fact]
    public Task An_adapter_without_a_send_handler_is_reported_with_the_command_named() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo")]
        public partial class {|#0:DemoAdapter|}
        {
            [OnCommand]
            public ValueTask OnTyping(TypingCommand command) => default;
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.UnhandledCommand).WithLocation(0).WithArguments("DemoAdapter", "SendCommand"));

    [Fact]
    public Task Handling_the_command_is_a_decision() => Verify.VerifyAsync("""
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            [OnCommand]
            public async Task OnSend(SendCommand command, IEventEmitter events, CancellationToken cancellationToken) => await Task.Yield();
        }
        """);

    [Fact]
    public Task Ignoring_the_command_is_a_decision() => Verify.VerifyAsync("""
        [SidecarAdapter("demo", IgnoredCommands = new[] { typeof(SendCommand) })]
        public partial class DemoAdapter
        {
        }
        """);

    [Fact]
    public Task A_catch_all_handler_decides_for_every_command() => Verify.VerifyAsync("""
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            [OnCommand]
            public void OnAny(Command command) { }
        }
        """);

    [Fact]
    public Task A_handler_on_a_base_class_counts() => Verify.VerifyAsync("""
        public abstract class AdapterBase
        {
            [OnCommand]
            public ValueTask OnSend(SendCommand command) => default;
        }

        [SidecarAdapter("demo")]
        public partial class DemoAdapter : AdapterBase
        {
        }
        """);

    [Fact]
    public Task A_private_handler_on_a_base_class_does_not_count_because_the_dispatch_cannot_call_it() => Verify.VerifyAsync("""
        public abstract class AdapterBase
        {
            [OnCommand]
            private ValueTask OnSend(SendCommand command) => default;
        }

        [SidecarAdapter("demo")]
        public partial class {|LFS0201:DemoAdapter|} : AdapterBase
        {
        }
        """);

    [Fact]
    public Task A_handler_with_an_invalid_signature_does_not_count() => Verify.VerifyAsync("""
        [SidecarAdapter("demo")]
        public partial class {|LFS0201:DemoAdapter|}
        {
            [OnCommand]
            public int OnSend(SendCommand command) => 0;
        }
        """);

    [Fact]
    public Task An_inherited_catch_all_decides_for_every_command() => Verify.VerifyAsync("""
        public abstract class AdapterBase
        {
            [OnCommand]
            protected void OnAny(Command command) { }
        }

        [SidecarAdapter("demo")]
        public partial class DemoAdapter : AdapterBase
        {
        }
        """);

    [Fact]
    public Task Optional_runtime_and_capability_gated_commands_need_no_decision_here() => Verify.VerifyAsync("""
        [SidecarAdapter("demo", Capabilities = new[] { "thread" })]
        public partial class DemoAdapter
        {
            [OnCommand]
            public ValueTask OnSend(SendCommand command) => default;
        }
        """);

    [Fact]
    public Task The_report_sits_on_the_partial_declaration_that_carries_the_attribute() => Verify.VerifyAsync(
        new[]
        {
            """
            public partial class DemoAdapter
            {
                public int Counter;
            }
            """,
            """
            [SidecarAdapter("demo")]
            public partial class {|LFS0201:DemoAdapter|}
            {
            }
            """,
        });

    [Fact]
    public Task Classes_without_the_attribute_are_not_adapters() => Verify.VerifyAsync("""
        public class NotAnAdapter
        {
            [OnCommand]
            public ValueTask OnTyping(TypingCommand command) => default;
        }
        """);
}
