using System.Runtime.InteropServices;

namespace LibreFang.Sidecar.Stdio;

/// <summary>
/// The process's standard streams as the protocol needs them: stdin, stdout and stderr each reached through its own
/// file descriptor with no lock shared between them (.NET's console streams serialise every write behind one lock, so a
/// blocked stdout write used to stall stderr and, through the log, the stdin reader).
/// </summary>
internal static partial class StandardStreams
{
    private static bool UsesFileDescriptors => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>
    /// Takes stdin and stdout for the protocol. On Unix both are moved to private descriptors that child processes do
    /// not inherit; fd 1 then points at stderr and fd 0 at <c>/dev/null</c>. So a native library's <c>printf</c>,
    /// <c>Console.OpenStandardOutput()</c> or a child process started with inherited stdio writes into stderr instead of
    /// corrupting the daemon's stream, and no child can swallow the daemon's commands.
    /// </summary>
    public static (Stream Input, Stream Output) ClaimProtocolStreams()
    {
        if (!UsesFileDescriptors)
        {
            return (Console.OpenStandardInput(), Console.OpenStandardOutput());
        }
        var output = PrivateCopy(1, "stdout");
        var input = PrivateCopy(0, "stdin");
        Redirect(2, 1, "stdout");
        var devNull = Native.Open("/dev/null", Native.ReadOnly);
        if (devNull >= 0)
        {
            Redirect(devNull, 0, "stdin");
            Native.Close(devNull);
        }
        var nonBlocking = OperatingSystem.IsLinux() && TryOwnNonBlockingPipeEnd(ref output);
        return (new FileDescriptorStream(input, FileAccess.Read), new FileDescriptorStream(output, FileAccess.Write, nonBlocking));
    }

    /// <summary>
    /// When stdout is a pipe (as under the supervisor), replaces <paramref name="fd"/> by a descriptor of the same pipe
    /// with an open file description of its own, in non-blocking mode: an event can then be written in one call from
    /// whichever thread emits it, with no risk of that thread waiting on a daemon that is not reading. Non-blocking mode
    /// is a property of the description, so setting it on the inherited one would also change it for every other
    /// process sharing that pipe end; reopening through <c>/proc/self/fd</c> gives a description nobody else holds.
    /// </summary>
    private static bool TryOwnNonBlockingPipeEnd(ref int fd)
    {
        var path = "/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Span<byte> target = stackalloc byte[64];
        var length = Native.ReadLink(path, target);
        if (length <= 0 || !target[..(int)length].StartsWith("pipe:"u8))
        {
            return false;
        }
        var own = Native.Open(path, Native.WriteOnly | Native.NonBlocking | Native.CloseOnExecOnOpen);
        if (own < 0)
        {
            return false;
        }
        Native.Close(fd);
        fd = own;
        return true;
    }

    /// <summary>stderr, written without the console's lock.</summary>
    public static Stream OpenStderr() =>
        UsesFileDescriptors ? new FileDescriptorStream(2, FileAccess.Write) : Console.OpenStandardError();

    private static int PrivateCopy(int fd, string name)
    {
        var copy = Native.Dup(fd);
        if (copy < 0)
        {
            throw new IOException($"could not take {name} for the protocol: {Native.LastError()}");
        }
        // Close-on-exec: a child process must never hold the daemon's pipes (nor keep stdout open after we exit).
        // fcntl is variadic, which Apple's arm64 calling convention passes differently from a plain argument.
        if (!OperatingSystem.IsMacOS())
        {
            Native.SetCloseOnExec(copy);
        }
        return copy;
    }

    private static void Redirect(int from, int to, string name)
    {
        if (Native.Dup2(from, to) < 0)
        {
            throw new IOException($"could not detach {name} from the protocol: {Native.LastError()}");
        }
    }

    private static partial class Native
    {
        public const int ReadOnly = 0;
        // Linux values; only used on Linux.
        public const int WriteOnly = 1;
        public const int NonBlocking = 0x800;
        public const int CloseOnExecOnOpen = 0x80000;

        [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial nint ReadLink(string path, ref byte buffer, nuint size);

        public static nint ReadLink(string path, Span<byte> buffer) => ReadLink(path, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
        private const int SetDescriptorFlags = 2; // F_SETFD, the same on Linux, macOS and FreeBSD
        private const int CloseOnExecFlag = 1; // FD_CLOEXEC

        [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
        public static partial int Dup(int fd);

        [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
        public static partial int Dup2(int from, int to);

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);

        [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        private static partial int Fcntl(int fd, int command, int argument);

        public static void SetCloseOnExec(int fd) => Fcntl(fd, SetDescriptorFlags, CloseOnExecFlag);

        public static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
    }
}
