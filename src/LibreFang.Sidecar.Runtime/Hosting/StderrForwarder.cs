using System.Text;

namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// What <c>Console.Out</c> and <c>Console.Error</c> become under the host: text handed to the stderr sink, so a stray
/// <c>Console.WriteLine</c> lands on stderr and, like the log, never waits for a stalled stderr.
/// </summary>
internal sealed class StderrForwarder(StderrSink sink) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write([value]);

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (!buffer.IsEmpty)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(buffer)];
            Encoding.UTF8.GetBytes(buffer, bytes);
            sink.Write(bytes);
        }
    }

    public override void WriteLine(string? value) => Write(string.Concat(value, NewLine));

    public override void WriteLine(ReadOnlySpan<char> buffer) => Write(string.Concat(buffer, NewLine));
}
