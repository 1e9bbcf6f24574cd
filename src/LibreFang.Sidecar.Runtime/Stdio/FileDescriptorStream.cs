using System.Runtime.InteropServices;

namespace LibreFang.Sidecar.Stdio;

/// <summary>
/// A pipe end (or terminal, or file) reached through plain <c>read</c>/<c>write</c> calls on one descriptor. Unlike the
/// console streams it takes no process-wide lock, and unlike them it reports a broken pipe (EPIPE) instead of
/// swallowing it. Unlike <see cref="FileStream"/> it never writes at a tracked offset, so stdout and stderr redirected
/// into one file keep appending instead of overwriting each other.
/// </summary>
/// <remarks>
/// The async members complete synchronously: the host calls them from threads of its own that exist to wait on this
/// descriptor, and a pipe has no asynchronous read or write to offer.
/// </remarks>
internal sealed partial class FileDescriptorStream(int fd, FileAccess access, bool nonBlocking = false) : Stream, IWriteWithoutWaiting
{
    /// <summary>
    /// The most a pipe takes in one write without waiting once it reports room (one free page): POSIX's PIPE_BUF on
    /// Linux. On a blocking descriptor only frames up to this size are written by <see cref="WriteWithoutWaiting"/>.
    /// </summary>
    public const int AtomicWriteBytes = 4096;

    private const int Interrupted = 4; // EINTR on Linux, macOS and FreeBSD
    private const short ReadyToRead = 1; // POLLIN
    private const short ReadyToWrite = 4; // POLLOUT

    public override bool CanRead => access == FileAccess.Read;

    public override bool CanWrite => access == FileAccess.Write;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = Native.Read(fd, start, buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }
                WaitOrThrow("reading", ReadyToRead);
            }
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var written = Native.Write(fd, start + done, buffer.Length - done);
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }
                WaitOrThrow("writing", ReadyToWrite);
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    /// <remarks>
    /// On a descriptor in non-blocking mode (see <see cref="StandardStreams"/>) this is one <c>write</c>. Otherwise a frame
    /// of at most <see cref="AtomicWriteBytes"/> is written only when <c>poll</c> reports room, which for a pipe means a
    /// free page: the caller must be the only writer meanwhile, since room reported is room kept until someone writes.
    /// </remarks>
    public unsafe int WriteWithoutWaiting(ReadOnlySpan<byte> frame)
    {
        if (!nonBlocking)
        {
            if (frame.Length > AtomicWriteBytes)
            {
                return 0;
            }
            var poll = new PollRequest { Fd = fd, Events = ReadyToWrite };
            if (Native.Poll(&poll, 1, 0) != 1 || poll.ReturnedEvents != ReadyToWrite)
            {
                return 0;
            }
        }
        fixed (byte* start = frame)
        {
            var done = 0;
            while (done < frame.Length)
            {
                var written = Native.Write(fd, start + done, frame.Length - done);
                if (written > 0)
                {
                    done += (int)written;
                }
                else if (written < 0 && Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }
                else
                {
                    break;
                }
            }
            return done;
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // A descriptor the parent left in non-blocking mode answers EAGAIN (11 on Linux, 35 on macOS and FreeBSD) instead of
    // waiting: wait for it the way a blocking call would. EINTR retries; anything else is a real failure.
    private unsafe void WaitOrThrow(string operation, short readiness)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno == Interrupted)
        {
            return;
        }
        if (errno == (OperatingSystem.IsLinux() ? 11 : 35))
        {
            var poll = new PollRequest { Fd = fd, Events = readiness };
            Native.Poll(&poll, 1, -1);
            return;
        }
        throw new IOException($"{operation} file descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollRequest
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    private static unsafe partial class Native
    {
        [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
        public static partial nint Read(int fd, byte* buffer, nint count);

        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        public static partial nint Write(int fd, byte* buffer, nint count);

        [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
        public static partial int Poll(PollRequest* requests, nuint count, int timeoutMilliseconds);
    }
}
