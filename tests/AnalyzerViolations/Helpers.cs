using LibreFang.Sidecar;

namespace AnalyzerViolations;

// Not an adapter, but in an assembly that has one: stdout is still the protocol here.
public static class Helpers
{
    public static void Log(string message) => Console.WriteLine(message); // expect: LFS0101

    public static void Quiet(string message) => Console.Error.WriteLine(message);

    public static string Describe(Command command)
    {
        switch (command) // expect: LFS0202
        {
            case SendCommand send:
                return send.Text;
        }
        return string.Empty;
    }
}
