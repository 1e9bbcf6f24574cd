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

    private const int PooledUpTo = 1024 * 1024;

    private byte[] _buffer = Rent(ReadSize * 2);
    private int _start;
    private int _end;
    // Bytes before this index hold no newline: a long line arriving in many reads is searched once, not once per read.
    private int _searched;
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

    /// <summary>A whole line is already read past the current one: the next command is at hand without waiting for stdin.</summary>
    public bool HasBufferedLine
    {
        get
        {
            var from = Math.Max(_start, _searched);
            return _skippedLength < 0 && _buffer.AsSpan(from, _end - from).Contains((byte)'\n');
        }
    }

    /// <summary>Length in bytes of the last skipped line.</summary>
    public long SkippedLength { get; private set; }

    // Suspends once per read from stdin: a pooled state machine keeps that from allocating each time.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Kind> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var searchFrom = Math.Max(_start, _searched);
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                newline += searchFrom - _start;
                var lineStart = _start;
                _start += newline + 1;
                _searched = _start;
                if (_skippedLength >= 0)
                {
                    SkippedLength = _skippedLength + newline;
                    _skippedLength = -1;
                    return Kind.TooLong;
                }
                Line = TrimCarriageReturn(_buffer.AsMemory(lineStart, newline));
                return Kind.Line;
            }

            _searched = _end;
            if (_skippedLength >= 0)
            {
                _skippedLength += pending.Length;
                _start = _end = _searched = 0;
            }
            else if (pending.Length > maxLineBytes)
            {
                _skippedLength = pending.Length;
                _start = _end = _searched = 0;
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
                    _start = _searched = _end;
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
            var smaller = Rent(ReadSize * 2);
            _buffer.AsSpan(_start, pending).CopyTo(smaller);
            Release(_buffer);
            _buffer = smaller;
            _searched -= _start;
            _start = 0;
            _end = pending;
            return;
        }
        if (_start > 0 && (_buffer.Length - _end < ReadSize || pending == 0))
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _searched -= _start;
            _start = 0;
            _end = pending;
        }
        if (_buffer.Length - _end < ReadSize)
        {
            var larger = Rent(Math.Max(_buffer.Length * 2, pending + ReadSize));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            Release(_buffer);
            _buffer = larger;
        }
    }

    // Large buffers bypass the shared pool, which would otherwise keep a 32 MiB array alive after one big line.
    private static byte[] Rent(int size) => size <= PooledUpTo ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Release(byte[] buffer)
    {
        if (buffer.Length <= PooledUpTo)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
