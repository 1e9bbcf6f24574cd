namespace LibreFang.Sidecar.Stdio;

/// <summary>An output that can write without ever waiting for its reader.</summary>
internal interface IWriteWithoutWaiting
{
    /// <summary>
    /// Writes as much of <paramref name="frame"/> as the output takes now and returns how many bytes that was (0 when
    /// it would have to wait, or has failed: the caller's fallback meets the failure and reports it).
    /// </summary>
    int WriteWithoutWaiting(ReadOnlySpan<byte> frame);
}
