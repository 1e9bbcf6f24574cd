using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    LibreFang.Sidecar.Analyzers.Rules.StdoutWriteAnalyzer,
    LibreFang.Sidecar.Analyzers.CodeFixes.StdoutWriteCodeFixProvider>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class StdoutWriteCodeFixTests
{
    [Fact]
    public Task Every_stdout_form_is_redirected_to_stderr_with_fix_all() => Verify.VerifyAsync(
        StdoutWriteAnalyzerTests.Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                {|LFS0101:Console.WriteLine(text)|};
                {|LFS0101:System.Console.Write("{0} {1}", text, 2)|};
                {|LFS0101:Console.Out|}.Flush();
                using var stream = {|LFS0101:Console.OpenStandardOutput()|};
            }
        }
        """,
        StdoutWriteAnalyzerTests.Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                Console.Error.WriteLine(text);
                System.Console.Error.Write("{0} {1}", text, 2);
                Console.Error.Flush();
                using var stream = Console.OpenStandardError();
            }
        }
        """);

    [Fact]
    public Task The_using_static_forms_are_redirected_too() => Verify.VerifyAsync(
        "using static System.Console;\n" + StdoutWriteAnalyzerTests.Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                {|LFS0101:WriteLine(text)|};
                {|LFS0101:Out|}.Flush();
            }
        }
        """,
        "using static System.Console;\n" + StdoutWriteAnalyzerTests.Adapter + """
        static class Helpers
        {
            public static void Log(string text)
            {
                Error.WriteLine(text);
                Error.Flush();
            }
        }
        """);

    [Fact]
    public Task Method_groups_are_redirected_to_stderr() => Verify.VerifyAsync(
        StdoutWriteAnalyzerTests.Adapter + """
        static class Helpers
        {
            public static void Log(List<string> items)
            {
                Action<string> log = {|LFS0101:Console.WriteLine|};
                items.ForEach({|LFS0101:Console.WriteLine|});
                Func<Stream> open = {|LFS0101:Console.OpenStandardOutput|};
            }
        }
        """,
        StdoutWriteAnalyzerTests.Adapter + """
        static class Helpers
        {
            public static void Log(List<string> items)
            {
                Action<string> log = Console.Error.WriteLine;
                items.ForEach(Console.Error.WriteLine);
                Func<Stream> open = Console.OpenStandardError;
            }
        }
        """);
}
