using System.Buffers;

namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// Splits a byte stream into lines on <c>\n</c> only (never on <c>\r</c>, U+2028 or U+0085, which may appear raw inside
/// JSON strings). A trailing <c>\r</c> is removed. A line longer than the limit is skipped without being buffered whole.
/// </summary>
internal sealed class LineReader(Stream input, int maxLineBytes)
{
    private const int ReadSize = 64 * 1024;
    private const int ShrinkAbove = 4 * 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
    private int _start;
    private int _end;
    private bool _eof;
    private long _skippedLength = -1; // >= 0 while discarding an over-long line

    /// <summary>The outcome of one <see cref="ReadLineAsync"/>.</summary>
    public enum Kind
    {
        /// <summary>A line is available in <see cref="Line"/>.</summary>
        Line,
        /// <summary>A line over the limit was skipped; its length is in <see cref="SkippedLength"/>.</summary>
        TooLong,
        /// <summary>End of input.</summary>
        EndOfStream,
    }

    /// <summary>The current line (valid until the next read).</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>Length in bytes of the last skipped line.</summary>
    public long SkippedLength { get; private set; }

    // Suspends once per read from stdin: a pooled state machine keeps that from allocating each time.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Kind> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineStart = _start;
                _start += newline + 1;
                if (_skippedLength >= 0)
                {
                    SkippedLength = _skippedLength + newline;
                    _skippedLength = -1;
                    return Kind.TooLong;
                }
                Line = TrimCarriageReturn(_buffer.AsMemory(lineStart, newline));
                return Kind.Line;
            }

            if (_skippedLength >= 0)
            {
                _skippedLength += pending.Length;
                _start = _end = 0;
            }
            else if (pending.Length > maxLineBytes)
            {
                _skippedLength = pending.Length;
                _start = _end = 0;
            }

            if (_eof)
            {
                if (_skippedLength >= 0)
                {
                    SkippedLength = _skippedLength;
                    _skippedLength = -1;
                    return Kind.TooLong;
                }
                if (_end > _start)
                {
                    // A last line without a newline is still a line.
                    Line = TrimCarriageReturn(_buffer.AsMemory(_start, _end - _start));
                    _start = _end;
                    return Kind.Line;
                }
                return Kind.EndOfStream;
            }

            MakeRoom();
            var read = await input.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }
            _end += read;
        }
    }

    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_buffer.Length > ShrinkAbove && pending < ReadSize)
        {
            // One huge line (FileData) must not pin its buffer for the rest of the session.
            var smaller = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
            _buffer.AsSpan(_start, pending).CopyTo(smaller);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = smaller;
            _start = 0;
            _end = pending;
            return;
        }
        if (_start > 0 && (_buffer.Length - _end < ReadSize || pending == 0))
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }
        if (_buffer.Length - _end < ReadSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, pending + ReadSize));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
