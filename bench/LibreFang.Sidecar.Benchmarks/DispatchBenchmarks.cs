using BenchmarkDotNet.Attributes;

namespace LibreFang.Sidecar.Benchmarks;

/// <summary>A command through the generated dispatch switch into a handler that emits one event.</summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private readonly ISidecarAdapter _adapter = new BenchAdapter();
    private readonly CountingEmitter _emitter = new();
    private readonly Command _send = new SendCommand("c1", "hello", new ChannelUser("c1", "Bob"));
    private readonly Command _typing = new TypingCommand("c1");
    private readonly Command _unhandled = new ReactionCommand("c1", "m", "👍");

    [Benchmark]
    public ValueTask Send() => _adapter.HandleCommandAsync(_send, _emitter, CancellationToken.None);

    [Benchmark]
    public ValueTask Typing() => _adapter.HandleCommandAsync(_typing, _emitter, CancellationToken.None);

    [Benchmark]
    public ValueTask Unhandled() => _adapter.HandleCommandAsync(_unhandled, _emitter, CancellationToken.None);

    private sealed class CountingEmitter : IEventEmitter
    {
        public int Count;

        public void Emit(SidecarEvent sidecarEvent) => Count++;

        public ValueTask EmitAsync(SidecarEvent sidecarEvent, CancellationToken cancellationToken = default)
        {
            Count++;
            return ValueTask.CompletedTask;
        }
    }
}

[SidecarAdapter("bench")]
public sealed partial class BenchAdapter
{
    private static readonly ErrorEvent Answer = new("ok");

    [OnCommand]
    private ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken) => events.EmitAsync(Answer, cancellationToken);

    [OnCommand]
    private void OnTyping(TypingCommand typing)
    {
    }
}
