using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Hosting;

/// <summary>The <see cref="IEventEmitter"/> handed to handlers and the producer.</summary>
internal sealed class SessionEmitter(EventQueue queue, SidecarLog log) : IEventEmitter
{
    private int _lateEvents;

    public void Emit(SidecarEvent sidecarEvent)
    {
        if (!queue.Enqueue(Frame(sidecarEvent)))
        {
            ReportLate(sidecarEvent);
        }
    }

    public async ValueTask EmitAsync(SidecarEvent sidecarEvent, CancellationToken cancellationToken = default)
    {
        if (!await queue.EnqueueAsync(Frame(sidecarEvent), cancellationToken).ConfigureAwait(false))
        {
            ReportLate(sidecarEvent);
        }
    }

    /// <summary>For the host's own frames (ready, protocol errors): never throws on a full queue.</summary>
    public void EmitFromHost(SidecarEvent sidecarEvent)
    {
        if (!queue.EnqueueUnbounded(Frame(sidecarEvent)))
        {
            ReportLate(sidecarEvent);
        }
    }

    internal static byte[] Frame(SidecarEvent sidecarEvent)
    {
        ArgumentNullException.ThrowIfNull(sidecarEvent);
        return WireFormat.EventToFrame(sidecarEvent);
    }

    private void ReportLate(SidecarEvent sidecarEvent)
    {
        // After the session has ended nothing reaches the daemon; say so instead of dropping silently.
        var count = Interlocked.Increment(ref _lateEvents);
        log.Warn("event emitted after the session ended was not written", ("method", sidecarEvent.Method), ("late_events", count));
    }
}
