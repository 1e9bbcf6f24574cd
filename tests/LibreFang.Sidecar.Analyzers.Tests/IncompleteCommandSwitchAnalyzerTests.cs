using Microsoft.CodeAnalysis.Testing;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.IncompleteCommandSwitchAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class IncompleteCommandSwitchAnalyzerTests
{
    private const string AllButReady = "HeartbeatCommand, InteractiveCommand, ReactionCommand, StreamDeltaCommand, StreamEndCommand, StreamStartCommand, TypingCommand, UnknownCommand";

    [Fact]
    public Task A_switch_statement_without_default_lists_the_missing_commands() => Verify.VerifyAsync(
        """
        static class Dispatch
        {
            public static void Handle(Command command)
            {
                {|#0:switch|} (command)
                {
                    case SendCommand send:
                        break;
                }
            }
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.IncompleteCommandSwitch).WithLocation(0).WithArguments(AllButReady));

    [Fact]
    public Task A_switch_expression_without_discard_is_reported() => Verify.VerifyAsync(
        """
        static class Dispatch
        {
            public static int Handle(Command command) => command {|#0:switch|}
            {
                SendCommand => 1,
                TypingCommand or ReactionCommand => 2,
                StreamStartCommand { ThreadId: null } => 3,
                StreamDeltaCommand d when d.Text.Length > 0 => 4,
                StreamEndCommand => 5,
                InteractiveCommand => 6,
                HeartbeatCommand => 7,
            };
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.IncompleteCommandSwitch).WithLocation(0).WithArguments("UnknownCommand"));

    [Fact]
    public Task Every_command_that_reaches_adapter_code_named_is_complete() => Verify.VerifyAsync("""
        static class Dispatch
        {
            public static void Handle(Command command)
            {
                switch (command)
                {
                    case SendCommand: break;
                    case TypingCommand: break;
                    case ReactionCommand: break;
                    case InteractiveCommand: break;
                    case StreamStartCommand: case StreamDeltaCommand: case StreamEndCommand: break;
                    case HeartbeatCommand: break;
                    case UnknownCommand: break;
                }
            }
        }
        """);

    [Fact]
    public Task Default_discard_and_catch_all_cases_are_decisions() => Verify.VerifyAsync("""
        static class Dispatch
        {
            public static void Statement(Command command)
            {
                switch (command)
                {
                    case SendCommand: break;
                    default: break;
                }
                switch (command)
                {
                    case SendCommand: break;
                    case Command other: break;
                }
                switch (command)
                {
                    case SendCommand: break;
                    case var other when other.Method == "typing": break;
                }
            }

            public static int Expression(Command command) => command switch
            {
                SendCommand => 1,
                _ => 0,
            };

            public static int Negated(Command command) => command switch
            {
                not SendCommand => 1,
                SendCommand => 0,
            };

            public static string ByMethod(Command command) => command switch
            {
                { Method: "send" } => "send",
                _ => "other",
            };
        }
        """);

    [Fact]
    public Task Switches_over_other_types_are_ignored() => Verify.VerifyAsync("""
        static class Dispatch
        {
            public static void Handle(object value, SendCommand send)
            {
                switch (value)
                {
                    case SendCommand: break;
                }
                switch (send)
                {
                    case { Text: "" }: break;
                }
            }
        }
        """);
}
