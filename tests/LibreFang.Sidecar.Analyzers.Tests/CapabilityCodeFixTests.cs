using LibreFang.Sidecar.Analyzers.CodeFixes;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    LibreFang.Sidecar.Analyzers.Rules.CapabilityMismatchAnalyzer,
    LibreFang.Sidecar.Analyzers.CodeFixes.CapabilityCodeFixProvider>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class CapabilityCodeFixTests
{
    [Fact]
    public Task Removing_a_capability_keeps_the_others() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = new[] { "thread", {|LFS0501:"typing"|} })]
        public partial class DemoAdapter
        {
        }
        """,
        """
        [SidecarAdapter("demo", Capabilities = new[] { "thread" })]
        public partial class DemoAdapter
        {
        }
        """,
        equivalenceKey: CapabilityCodeFixProvider.RemoveKey);

    [Fact]
    public Task Removing_the_last_capability_removes_the_argument() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = new string[] { {|LFS0501:Capabilities.Reaction|} }, SuppressErrorResponses = true)]
        public partial class DemoAdapter
        {
        }
        """,
        """
        [SidecarAdapter("demo", SuppressErrorResponses = true)]
        public partial class DemoAdapter
        {
        }
        """,
        equivalenceKey: CapabilityCodeFixProvider.RemoveKey);

    [Fact]
    public Task Removing_the_last_capability_when_it_is_the_last_argument() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = new[] { {|LFS0501:"typing"|} })]
        public partial class DemoAdapter
        {
        }
        """,
        """
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
        }
        """,
        equivalenceKey: CapabilityCodeFixProvider.RemoveKey);

    [Fact]
    public Task Fix_all_removes_every_unhandled_capability_of_one_attribute() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = [{|LFS0501:"typing"|}, "thread", {|LFS0501:"interactive"|}])]
        public partial class DemoAdapter
        {
        }
        """,
        """
        [SidecarAdapter("demo", Capabilities = ["thread"])]
        public partial class DemoAdapter
        {
        }
        """,
        equivalenceKey: CapabilityCodeFixProvider.RemoveKey);

    [Fact]
    public Task Adding_handlers_completes_a_partly_handled_streaming_capability() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo")]
        public partial class {|LFS0502:DemoAdapter|}
        {
            [OnCommand]
            public ValueTask OnStart(StreamStartCommand command) => default;
        }
        """,
        """
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            [OnCommand]
            public ValueTask OnStart(StreamStartCommand command) => default;

            [OnCommand]
            private ValueTask OnStreamDeltaAsync(StreamDeltaCommand command, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }

            [OnCommand]
            private ValueTask OnStreamEndAsync(StreamEndCommand command, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }
        }
        """,
        equivalenceKey: CapabilityCodeFixProvider.AddHandlersKey);

    [Fact]
    public Task Adding_handlers_for_a_declared_capability_with_fix_all() => Verify.VerifyAsync(
        """
        [SidecarAdapter("demo", Capabilities = new[] { {|LFS0501:"typing"|}, {|LFS0501:"reaction"|} })]
        public partial class DemoAdapter
        {
        }
        """,
        """
        [SidecarAdapter("demo", Capabilities = new[] { "typing", "reaction" })]
        public partial class DemoAdapter
        {
            [OnCommand]
            private ValueTask OnTypingAsync(TypingCommand command, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }

            [OnCommand]
            private ValueTask OnReactionAsync(ReactionCommand command, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }
        }
        """,
        equivalenceKey: CapabilityCodeFixProvider.AddHandlersKey);
}
