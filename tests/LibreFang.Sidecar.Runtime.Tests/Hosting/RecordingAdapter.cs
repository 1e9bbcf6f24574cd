using System.Collections.Concurrent;

namespace LibreFang.Sidecar.Tests.Hosting;

/// <summary>An adapter whose behaviour each test sets, and which records what reached it.</summary>
internal sealed class RecordingAdapter : ISidecarAdapter
{
    public EquatableList<string> Capabilities { get; init; } = ["typing"];

    public ConcurrentQueue<Command> Commands { get; } = new();

    public int ShutdownCalls;

    /// <summary>What a command does besides being recorded; default: answer <c>send</c> with a message echoing its text.</summary>
    public Func<Command, IEventEmitter, CancellationToken, ValueTask> OnCommand { get; init; } = EchoSends;

    public Func<IEventEmitter, CancellationToken, Task>? Producer { get; init; }

    public Func<CancellationToken, ValueTask>? OnShutdown { get; init; }

    public ReadyEvent CreateReadyEvent() => new() { Capabilities = Capabilities };

    public ValueTask HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken)
    {
        Commands.Enqueue(command);
        return OnCommand(command, events, cancellationToken);
    }

    public Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken) =>
        Producer?.Invoke(events, cancellationToken) ?? Task.CompletedTask;

    public ValueTask OnShutdownAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ShutdownCalls);
        return OnShutdown?.Invoke(cancellationToken) ?? ValueTask.CompletedTask;
    }

    public static ValueTask EchoSends(Command command, IEventEmitter events, CancellationToken cancellationToken) =>
        command is SendCommand send
            ? events.EmitAsync(new MessageBuilder("echo-user", "Echo").Text(send.Text).ChannelId(send.ChannelId).Build(), cancellationToken)
            : ValueTask.CompletedTask;
}
