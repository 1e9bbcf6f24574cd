using LibreFang.Sidecar.Analyzers.Rules;
using LibreFang.Sidecar.Analyzers.Tests.Infrastructure;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.StdoutWriteAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class StdoutWriteAnalyzerTests
{
    private const string Adapter = """
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            [OnCommand]
            public ValueTask OnSend(SendCommand command) => default;
        }

        """;

    [Fact]
    public Task Console_WriteLine_in_an_adapter_assembly_is_reported() => Verify.VerifyAsync(Adapter + """
        static class Helpers
        {
            public static void Log(string text) => {|LFS0101:Console.WriteLine(text)|};
        }
        """);
}
