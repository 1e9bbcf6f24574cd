using LibreFang.Sidecar.Stdio;
using System.Text;

namespace LibreFang.Sidecar;

/// <summary>
/// The one writer of stderr: callers hand it complete chunks and never wait. A dedicated thread writes them in order.
/// When stderr itself is not being read, the queue fills up to <see cref="MaxQueuedBytes"/>; later chunks are dropped
/// and counted, and the next chunk that gets through is preceded by a line saying how many were lost. Nothing here can
/// block a stdin reader, a handler or the stdout writer, whatever happens to fd 2.
/// </summary>
internal sealed class StderrSink
{
    /// <summary>What may wait for a stalled stderr before chunks are dropped (1 MiB).</summary>
    public const int MaxQueuedBytes = 1024 * 1024;

    private readonly Func<Stream> _open;
    private readonly int _maxQueuedBytes;
    private readonly object _gate = new(); // Monitor, not Lock: the writer thread waits on it
    private readonly Queue<byte[]> _chunks = new();
    private int _queuedBytes;
    private long _dropped;
    private bool _writing;
    private Thread? _thread;
    private Stream? _stream;

    public StderrSink(Func<Stream> open, int maxQueuedBytes = MaxQueuedBytes)
    {
        _open = open;
        _maxQueuedBytes = maxQueuedBytes;
    }

    /// <summary>The process's stderr, opened when the first chunk is written.</summary>
    public static StderrSink Shared { get; } = new(StandardStreams.OpenStderr);

    /// <summary>Chunks dropped so far because stderr was not being read.</summary>
    public long Dropped
    {
        get { lock (_gate) { return _dropped; } }
    }

    /// <summary>Queues <paramref name="chunk"/> (the sink keeps the array) or counts it as dropped; never blocks on I/O.</summary>
    public void Write(byte[] chunk)
    {
        if (chunk.Length == 0)
        {
            return;
        }
        lock (_gate)
        {
            if (_queuedBytes + chunk.Length > _maxQueuedBytes)
            {
                _dropped++;
                return;
            }
            _chunks.Enqueue(chunk);
            _queuedBytes += chunk.Length;
            if (_thread is null)
            {
                // Started on the first chunk: an adapter that never logs never pays for the thread.
                _thread = new Thread(WriteLoop) { IsBackground = true, Name = "sidecar stderr" };
                _thread.Start();
            }
            else
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>Waits until everything queued so far was written, at most <paramref name="timeout"/>; false when it was not.</summary>
    public bool Flush(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_chunks.Count > 0 || _writing)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return false;
                }
                Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
            }
            return true;
        }
    }

    private void WriteLoop()
    {
        var batch = new List<byte[]>();
        while (true)
        {
            long dropped;
            lock (_gate)
            {
                _writing = false;
                Monitor.PulseAll(_gate); // wakes Flush
                while (_chunks.Count == 0)
                {
                    Monitor.Wait(_gate);
                }
                while (_chunks.TryDequeue(out var chunk))
                {
                    batch.Add(chunk);
                }
                _queuedBytes = 0;
                dropped = _dropped;
                _dropped = 0;
                _writing = true;
            }
            try
            {
                _stream ??= _open();
                if (dropped > 0)
                {
                    _stream.Write(DroppedNotice(dropped));
                }
                foreach (var chunk in batch)
                {
                    _stream.Write(chunk);
                }
                _stream.Flush();
            }
            catch (Exception)
            {
                // stderr is gone (closed, or a full disk behind a redirect): nothing else could report it.
            }
            batch.Clear();
        }
    }

    private static byte[] DroppedNotice(long dropped) => Encoding.UTF8.GetBytes(SidecarLog.Format(DateTimeOffset.UtcNow, SidecarLogLevel.Warn,
        "stderr was not being read; log lines were dropped", [("dropped_lines", dropped)]));
}
