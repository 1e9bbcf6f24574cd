using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.StdoutWriteAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class StdoutWriteAnalyzerTests
{
    internal const string Adapter = """
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            [OnCommand]
            public ValueTask OnSend(SendCommand command) => default;
        }

        """;

    [Fact]
    public Task Console_Write_and_WriteLine_are_reported_anywhere_in_an_adapter_assembly() => Verify.VerifyAsync(Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                {|LFS0101:Console.WriteLine(text)|};
                {|LFS0101:Console.Write("{0}", 1)|};
                {|LFS0101:System.Console.WriteLine()|};
            }
        }
        """);

    [Fact]
    public Task Console_Out_and_the_raw_stdout_stream_are_reported() => Verify.VerifyAsync(Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                {|LFS0101:Console.Out|}.WriteLine(text);
                var writer = new StreamWriter({|LFS0101:Console.OpenStandardOutput()|});
                Console.SetOut({|LFS0101:Console.Out|});
            }
        }
        """);

    [Fact]
    public Task The_using_static_forms_are_reported() => Verify.VerifyAsync("using static System.Console;\n" + Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                {|LFS0101:WriteLine(text)|};
                {|LFS0101:Write(text)|};
                {|LFS0101:Out|}.Flush();
                Error.WriteLine(text);
            }
        }
        """);

    [Fact]
    public Task Stderr_and_the_sdk_log_are_not_reported() => Verify.VerifyAsync(Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                Console.Error.WriteLine(text);
                Console.Error.Write(text);
                Console.SetOut(Console.Error);
                using var stderr = Console.OpenStandardError();
                SidecarLog.Shared.Write(SidecarLogLevel.Info, text, default);
                var line = Console.ReadLine();
            }
        }
        """);

    [Fact]
    public Task A_user_type_named_Console_is_not_reported() => Verify.VerifyAsync(Adapter + """
        namespace Custom
        {
            static class Console
            {
                public static void WriteLine(string text) { }
            }

            static class Helpers
            {
                public static void Log(string text) => Console.WriteLine(text);
            }
        }
        """);

    [Fact]
    public Task An_assembly_without_an_adapter_is_not_checked() => Verify.VerifyAsync("""
        static class Tool
        {
            public static void Main() => Console.WriteLine("a command-line tool may use stdout");
        }
        """);

    [Fact]
    public Task An_adapter_in_another_file_enables_the_rule_for_every_file() => Verify.VerifyAsync(
        new[]
        {
            Adapter,
            """
            static class Helpers
            {
                public static void Log(string text) => {|LFS0101:Console.WriteLine(text)|};
            }
            """,
        });

    [Fact]
    public Task An_adapter_nested_in_a_type_inside_nested_namespaces_enables_the_rule() => Verify.VerifyAsync("""
        namespace Outer.Inner
        {
            public partial class Host
            {
                public sealed class NotAnAdapter { }

                public partial class Deeper
                {
                    [SidecarAdapter("nested")]
                    public partial class NestedAdapter
                    {
                        [OnCommand]
                        public ValueTask OnSend(SendCommand command) => default;
                    }
                }
            }
        }

        static class Helpers
        {
            public static void Log(string text) => {|LFS0101:Console.WriteLine(text)|};
        }
        """);

    [Fact]
    public Task Other_attributes_on_types_do_not_enable_the_rule() => Verify.VerifyAsync("""
        [System.Obsolete]
        public partial class Looks
        {
            [System.Serializable]
            public sealed class Nested { }
        }

        static class Tool
        {
            public static void Main() => Console.WriteLine("still a command-line tool");
        }
        """);

    [Fact]
    public Task Method_groups_of_the_stdout_members_are_reported() => Verify.VerifyAsync("using static System.Console;\n" + Adapter + """
        static class Helpers
        {
            public static void Log(List<string> items)
            {
                Action<string> log = {|LFS0101:Console.WriteLine|};
                items.ForEach({|LFS0101:Console.WriteLine|});
                var write = new Action<object?>({|LFS0101:System.Console.Write|});
                Func<Stream> open = {|LFS0101:Console.OpenStandardOutput|};
                Action bare = {|LFS0101:WriteLine|};
                items.ForEach(cancelled => { });
            }
        }
        """);

    [Fact]
    public Task Nameof_and_stderr_method_groups_write_nothing_to_stdout() => Verify.VerifyAsync(Adapter + """
        static class Helpers
        {
            public static string Names(List<string> items)
            {
                Action<string> error = Console.Error.WriteLine;
                items.ForEach(Console.Error.WriteLine);
                return nameof(Console.Out) + nameof(Console.WriteLine) + nameof(Console.OpenStandardOutput);
            }
        }
        """);
}
