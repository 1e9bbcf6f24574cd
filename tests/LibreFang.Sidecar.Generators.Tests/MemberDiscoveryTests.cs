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
    public void A_required_member_without_attributes_still_leaves_only_the_stub()
    {
        var (_, diagnostics, run) = GeneratorHarness.Run("""
            using LibreFang.Sidecar;
            namespace Demo;

            [SidecarAdapter("required")]
            public sealed partial class RequiredAdapter
            {
                public required string Client { get; init; }
            }
            """);

        // LFS0007 is the declaration analyzer's to report; the generator must not emit a factory that leaves it unset.
        Assert.Empty(diagnostics);
        Assert.Contains("Not available", GeneratorHarness.Generated(run)["Demo.RequiredAdapter.g.cs"], StringComparison.Ordinal);
    }
}
