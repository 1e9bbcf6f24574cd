using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    LibreFang.Sidecar.Analyzers.Rules.IncompleteCommandSwitchAnalyzer,
    LibreFang.Sidecar.Analyzers.CodeFixes.IncompleteCommandSwitchCodeFixProvider>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class IncompleteCommandSwitchCodeFixTests
{
    [Fact]
    public Task A_statement_gets_a_default_break_and_fix_all_covers_every_switch() => Verify.VerifyAsync(
        """
        static class Dispatch
        {
            public static void Handle(Command command, Command other)
            {
                {|LFS0202:switch|} (command)
                {
                    case SendCommand send:
                        break;
                }
                {|LFS0202:switch|} (other)
                {
                    case TypingCommand:
                        return;
                }
            }
        }
        """,
        """
        static class Dispatch
        {
            public static void Handle(Command command, Command other)
            {
                switch (command)
                {
                    case SendCommand send:
                        break;
                    default:
                        break;
                }
                switch (other)
                {
                    case TypingCommand:
                        return;
                    default:
                        break;
                }
            }
        }
        """);

    [Fact]
    public Task An_expression_gets_a_throwing_discard_arm() => Verify.VerifyAsync(
        """
        static class Dispatch
        {
            public static int Handle(Command command) => command {|LFS0202:switch|}
            {
                SendCommand => 1,
                TypingCommand => 2
            };

            public static int Trailing(Command command) => command {|LFS0202:switch|}
            {
                SendCommand => 1,
            };
        }
        """,
        """
        static class Dispatch
        {
            public static int Handle(Command command) => command switch
            {
                SendCommand => 1,
                TypingCommand => 2,
                _ => throw new NotSupportedException()
            };

            public static int Trailing(Command command) => command switch
            {
                SendCommand => 1,
                _ => throw new NotSupportedException(),
            };
        }
        """);
}
