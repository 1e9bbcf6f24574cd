namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>
/// Members are found by their attributes wherever those are declared, including on a part of the member that the
/// symbol's own declaration does not show. A shortcut that reads attribute syntax instead of the symbol breaks these.
/// </summary>
public sealed class MemberDiscoveryTests
{
    [Fact]
    public void OnCommand_on_the_implementing_part_of_a_partial_method_makes_a_handler()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run("""
            using LibreFang.Sidecar;
            namespace Demo;

            [SidecarAdapter("partial-handler")]
            public sealed partial class PartialHandlerAdapter
            {
                partial void OnSend(SendCommand send);
                [OnCommand] partial void OnTyping(TypingCommand typing);
            }

            public sealed partial class PartialHandlerAdapter
            {
                [OnCommand] partial void OnSend(SendCommand send) { }
                partial void OnTyping(TypingCommand typing) { }
            }
            """);

        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Generated(run)["Demo.PartialHandlerAdapter.g.cs"];
        Assert.Contains("OnSend(c);", generated, StringComparison.Ordinal);
        Assert.Contains("OnTyping(c);", generated, StringComparison.Ordinal);
        GeneratorHarness.Load(output);
    }

    [Fact]
    public void A_required_member_without_attributes_is_still_reported()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run("""
            using LibreFang.Sidecar;
            namespace Demo;

            [SidecarAdapter("required")]
            public sealed partial class RequiredAdapter
            {
                public required string Client { get; init; }
            }
            """);

        Assert.Equal("LFS0007", Assert.Single(diagnostics).Id);
    }
}
