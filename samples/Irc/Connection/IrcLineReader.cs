using System.Text;

namespace LibreFang.Samples.Irc.Connection;

/// <summary>
/// Reads CR LF (or bare LF) terminated lines from the server. Text is UTF-8 when it decodes as UTF-8, else Latin-1,
/// the fallback IRC clients use for older non-UTF-8 networks. A line longer than the buffer (tags may take 8 KiB, the
/// rest 512 bytes) is dropped whole rather than read as two.
/// </summary>
internal sealed class IrcLineReader(Stream stream, int maxLineBytes = 16 * 1024)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _buffer = new byte[maxLineBytes];
    private int _start;
    private int _end;
    private bool _discarding;

    /// <summary>Lines dropped for being too long.</summary>
    public int DroppedLines { get; private set; }

    /// <summary>The next non-empty line without its terminator, or null at the end of the stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                if (_discarding)
                {
                    _discarding = false;
                    continue;
                }
                if (line.EndsWith("\r"u8))
                {
                    line = line[..^1];
                }
                if (!line.IsEmpty)
                {
                    return Decode(line);
                }
                continue;
            }
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                _discarding = true;
                DroppedLines++;
                _end = 0;
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }
            _end += read;
        }
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(line);
        }
    }
}
