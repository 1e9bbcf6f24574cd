using System.Text;

namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// What <c>Console.Out</c> becomes under the host: every write goes to stderr. Console.Error is only created when
/// something is actually written, so the redirect costs nothing at startup.
/// </summary>
internal sealed class StderrForwarder : TextWriter
{
    public static StderrForwarder Instance { get; } = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Console.Error.Write(value);

    public override void Write(string? value) => Console.Error.Write(value);

    public override void Write(char[] buffer, int index, int count) => Console.Error.Write(buffer, index, count);

    public override void WriteLine(string? value) => Console.Error.WriteLine(value);

    public override void WriteLine() => Console.Error.WriteLine();

    public override void Flush() => Console.Error.Flush();
}
