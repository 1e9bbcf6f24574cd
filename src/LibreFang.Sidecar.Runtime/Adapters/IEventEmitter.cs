namespace LibreFang.Sidecar;

/// <summary>
/// Writes events to the daemon. Thread-safe; events are written in the order they were accepted.
/// </summary>
public interface IEventEmitter
{
    /// <summary>
    /// Queues an event without waiting. Throws <see cref="EventQueueFullException"/> when the bounded queue is full
    /// (the daemon is not reading stdout): an event is never dropped silently. Prefer <see cref="EmitAsync"/> in loops.
    /// </summary>
    void Emit(SidecarEvent sidecarEvent);

    /// <summary>Queues an event, waiting while the queue is full.</summary>
    ValueTask EmitAsync(SidecarEvent sidecarEvent, CancellationToken cancellationToken = default);
}

/// <summary>Thrown by <see cref="IEventEmitter.Emit"/> when the event queue is full.</summary>
public sealed class EventQueueFullException(string message) : InvalidOperationException(message);
