using LibreFang.Sidecar.Analyzers.CodeFixes;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    LibreFang.Sidecar.Analyzers.Rules.UnhandledCommandAnalyzer,
    LibreFang.Sidecar.Analyzers.CodeFixes.UnhandledCommandCodeFixProvider>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class UnhandledCommandCodeFixTests
{
    [Fact]
    public Task Adding_a_handler_writes_an_OnCommand_stub_with_the_command_and_token() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo")]
        public partial class {|LFS0201:DemoAdapter|}
        {
            public int OnSendAsync;
        }
        """,
        """
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            public int OnSendAsync;

            [OnCommand]
            private ValueTask OnSend2Async(SendCommand command, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }
        }
        """,
        equivalenceKey: UnhandledCommandCodeFixProvider.AddHandlerKey);

    [Fact]
    public Task Ignoring_creates_the_IgnoredCommands_argument_in_every_adapter_with_fix_all() => Verify.VerifyAsync(
        """
        [SidecarAdapter("one")]
        public partial class {|LFS0201:First|}
        {
        }

        [SidecarAdapter("two", Capabilities = new[] { "thread" })]
        public partial class {|LFS0201:Second|}
        {
        }
        """,
        """
        [SidecarAdapter("one", IgnoredCommands = new[] { typeof(SendCommand) })]
        public partial class First
        {
        }

        [SidecarAdapter("two", Capabilities = new[] { "thread" }, IgnoredCommands = new[] { typeof(SendCommand) })]
        public partial class Second
        {
        }
        """,
        equivalenceKey: UnhandledCommandCodeFixProvider.IgnoreKey);

    [Fact]
    public Task Ignoring_appends_to_an_existing_list_in_any_array_syntax() => Verify.VerifyAsync(
        """
        [SidecarAdapter("one", IgnoredCommands = new Type[] { typeof(HeartbeatCommand) })]
        public partial class {|LFS0201:First|}
        {
        }

        [SidecarAdapter("two", IgnoredCommands = [typeof(UnknownCommand)])]
        public partial class {|LFS0201:Second|}
        {
        }
        """,
        """
        [SidecarAdapter("one", IgnoredCommands = new Type[] { typeof(HeartbeatCommand), typeof(SendCommand) })]
        public partial class First
        {
        }

        [SidecarAdapter("two", IgnoredCommands = [typeof(UnknownCommand), typeof(SendCommand)])]
        public partial class Second
        {
        }
        """,
        equivalenceKey: UnhandledCommandCodeFixProvider.IgnoreKey);
}
