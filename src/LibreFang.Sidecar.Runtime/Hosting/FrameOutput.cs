using LibreFang.Sidecar.Protocol;
using LibreFang.Sidecar.Stdio;

namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// The one way to stdout. Frames normally go through the <see cref="EventQueue"/> to the writer loop. An emitter that
/// finds the writer idle, nothing queued and the descriptor ready for the frame writes it itself instead, so a command
/// answered at once wakes no other thread. Whoever writes owns the output for that write, which keeps frames in the order
/// they were accepted: the writer takes frames from the queue only while it owns the output, and an emitter writes
/// directly only while it owns it and sees the queue empty.
/// </summary>
internal sealed class FrameOutput(EventQueue queue, IWriteWithoutWaiting? direct)
{
    private int _owned;

    public enum Outcome
    {
        /// <summary>Written to the descriptor.</summary>
        Written,
        /// <summary>Not attempted (the writer is busy, frames are queued, or the output cannot tell): queue it.</summary>
        NotWritten,
        /// <summary>The descriptor could not take all of it now; the rest was queued, in order, for the writer.</summary>
        Queued,
        /// <summary>The session's output has ended.</summary>
        Closed,
    }

    public EventQueue Queue => queue;

    /// <summary>
    /// Set by the reader while it has more commands at hand: their answers then go through the queue, where the writer
    /// coalesces them into one write, instead of costing a write each.
    /// </summary>
    public bool Batching { get; set; }

    public Outcome TryWriteNow(SidecarEvent sidecarEvent)
    {
        if (direct is null || Batching || !queue.IsEmpty || Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
        {
            return Outcome.NotWritten;
        }
        try
        {
            if (!queue.IsEmpty)
            {
                return Outcome.NotWritten;
            }
            if (queue.IsCompleted)
            {
                return Outcome.Closed;
            }
            var frame = WireFormat.OfferFrame(sidecarEvent, direct);
            if (frame is null)
            {
                return Outcome.Written;
            }
            // The queue was empty a moment ago, so the limit is not what stops this frame; another emitter's frame may
            // have gone in meanwhile, which is no reordering, since the two emits overlapped.
            return queue.EnqueueUnbounded(frame) ? Outcome.Queued : Outcome.Closed;
        }
        finally
        {
            Volatile.Write(ref _owned, 0);
        }
    }

    /// <summary>Takes the output for the writer loop; an emitter holds it only for one write that cannot wait.</summary>
    public void Acquire()
    {
        var spinner = new SpinWait();
        while (Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
        {
            spinner.SpinOnce();
        }
    }

    public void Release() => Volatile.Write(ref _owned, 0);
}
