using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Hosting;

/// <summary>The <see cref="IEventEmitter"/> handed to handlers and the producer.</summary>
internal sealed class SessionEmitter(FrameOutput output, SidecarLog log) : IEventEmitter
{
    private EventQueue Queue => output.Queue;

    private int _lateEvents;

    public void Emit(SidecarEvent sidecarEvent)
    {
        if (WrittenOrLate(sidecarEvent))
        {
            return;
        }
        if (!Queue.Enqueue(Frame(sidecarEvent)))
        {
            ReportLate(sidecarEvent);
        }
    }

    public ValueTask EmitAsync(SidecarEvent sidecarEvent, CancellationToken cancellationToken = default)
    {
        if (WrittenOrLate(sidecarEvent))
        {
            return ValueTask.CompletedTask;
        }
        return QueueAsync(sidecarEvent, cancellationToken);
    }

    private async ValueTask QueueAsync(SidecarEvent sidecarEvent, CancellationToken cancellationToken)
    {
        if (!await Queue.EnqueueAsync(Frame(sidecarEvent), cancellationToken).ConfigureAwait(false))
        {
            ReportLate(sidecarEvent);
        }
    }

    /// <summary>For the host's own frames (ready, protocol errors): never throws on a full queue.</summary>
    public void EmitFromHost(SidecarEvent sidecarEvent)
    {
        if (WrittenOrLate(sidecarEvent))
        {
            return;
        }
        if (!Queue.EnqueueUnbounded(Frame(sidecarEvent)))
        {
            ReportLate(sidecarEvent);
        }
    }

    /// <summary>True when the event needs nothing more: written at once, queued in order, or reported as late.</summary>
    private bool WrittenOrLate(SidecarEvent sidecarEvent)
    {
        ArgumentNullException.ThrowIfNull(sidecarEvent);
        switch (output.TryWriteNow(sidecarEvent))
        {
            case FrameOutput.Outcome.NotWritten:
                return false;
            case FrameOutput.Outcome.Closed:
                ReportLate(sidecarEvent);
                return true;
            default:
                return true;
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
