using Microsoft.CodeAnalysis.Testing;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.ProducerEmitterEscapeAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class ProducerEmitterEscapeAnalyzerTests
{
    private static string Adapter(string producerBody, string extraMembers = "") => $$"""
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            private IEventEmitter? _events;
            private static IEventEmitter? s_events;
            private Task? _pump;
            private Action? _callback;

            [OnCommand]
            public ValueTask OnSend(SendCommand command) => default;

            public async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
            {
        {{producerBody}}
            }

            private static async Task PumpAsync(IEventEmitter events, CancellationToken cancellationToken) => await Task.Delay(1, cancellationToken);

        {{extraMembers}}
        }
        """;

    private static DiagnosticResult Escape(int location, string through) =>
        new DiagnosticResult(DiagnosticDescriptors.EmitterEscapesProducer).WithLocation(location).WithArguments("events", through);

    [Fact]
    public Task Storing_the_emitter_in_a_field_or_a_static_is_reported() => Verify.VerifyAsync(
        Adapter("""
                    _events = {|#0:events|};
                    s_events = {|#1:events|};
                    await Task.Delay(1, cancellationToken);
            """),
        Escape(0, "the field '_events'"),
        Escape(1, "the static field 's_events'"));

    [Fact]
    public Task A_dropped_Task_Run_capturing_the_emitter_is_reported() => Verify.VerifyAsync(
        Adapter("""
                    _ = Task.Run(async () => await {|#0:events|}.EmitAsync(new ErrorEvent("x")));
                    Task.Run(() => {|#1:events|}.Emit(new ErrorEvent("y")));
                    Task.Factory.StartNew(() => {|#2:events|}.Emit(new ErrorEvent("z")));
                    await Task.Delay(1, cancellationToken);
            """),
        Escape(0, "an unobserved Task.Run"),
        Escape(1, "an unobserved Task.Run"),
        Escape(2, "an unobserved Task.StartNew"));

    [Fact]
    public Task A_fire_and_forget_call_given_the_emitter_is_reported() => Verify.VerifyAsync(
        Adapter("""
                    _ = PumpAsync({|#0:events|}, cancellationToken);
                    var alias = events;
                    _ = PumpAsync({|#1:alias|}, cancellationToken);
                    _ = LocalPump();
                    await Task.Delay(1, cancellationToken);

                    async Task LocalPump() => await {|#2:events|}.EmitAsync(new ErrorEvent("x"), cancellationToken);
            """),
        Escape(0, "a fire-and-forget task"),
        Escape(1, "a fire-and-forget task"),
        Escape(2, "a fire-and-forget task"));

    [Fact]
    public Task Threads_the_thread_pool_timers_and_delegates_kept_in_fields_are_reported() => Verify.VerifyAsync(
        Adapter("""
                    new Thread(() => {|#0:events|}.Emit(new ErrorEvent("x"))).Start();
                    ThreadPool.QueueUserWorkItem(_ => {|#1:events|}.Emit(new ErrorEvent("x")));
                    using var timer = new Timer(_ => {|#2:events|}.Emit(new ErrorEvent("x")), null, 0, 1000);
                    _callback = () => {|#3:events|}.Emit(new ErrorEvent("x"));
                    _pump = Task.Run(() => {|#4:events|}.Emit(new ErrorEvent("x")));
                    await Task.Delay(1, cancellationToken);
            """),
        Escape(0, "a new Thread"),
        Escape(1, "ThreadPool.QueueUserWorkItem"),
        Escape(2, "a Timer"),
        Escape(3, "the field '_callback'"),
        Escape(4, "an unobserved Task.Run"));

    [Fact]
    public Task Work_the_producer_waits_for_is_fine() => Verify.VerifyAsync(Adapter("""
                await Task.Run(() => events.Emit(new ErrorEvent("x")), cancellationToken);
                await PumpAsync(events, cancellationToken).ConfigureAwait(false);
                var first = Task.Run(() => events.Emit(new ErrorEvent("a")));
                var second = PumpAsync(events, cancellationToken);
                await Task.WhenAll(first, second);
                await Task.WhenAll(PumpAsync(events, cancellationToken), Task.Run(() => events.Emit(new ErrorEvent("b"))));
                var local = events;
                local.Emit(new ErrorEvent("c"));
                foreach (var text in new[] { "d", "e" }.Select(t => t.ToUpperInvariant()))
                {
                    await events.EmitAsync(new ErrorEvent(text), cancellationToken);
                }
                await Loop();

                async Task Loop() => await events.EmitAsync(new ErrorEvent("f"), cancellationToken);
        """));

    [Fact]
    public Task Handler_emitters_and_methods_other_than_the_producer_are_not_checked() => Verify.VerifyAsync(Adapter(
        "        await Task.Delay(1, cancellationToken);",
        """
            [OnCommand]
            public ValueTask OnTyping(TypingCommand command, IEventEmitter events)
            {
                _events = events;
                return default;
            }

            public void Remember(IEventEmitter events) => _ = Task.Run(() => events.Emit(new ErrorEvent("x")));
        """));

    [Fact]
    public Task A_hand_written_adapter_producer_is_checked() => Verify.VerifyAsync("""
        public sealed class HandWritten : ISidecarAdapter
        {
            private IEventEmitter? _events;

            public ReadyEvent CreateReadyEvent() => throw new NotImplementedException();

            public ValueTask HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken) => default;

            public Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
            {
                _events = {|#0:events|};
                return Task.CompletedTask;
            }
        }
        """, Escape(0, "the field '_events'"));

    private const string Carrier = """
            private PumpState? _state;

            private static async Task PumpAsync(PumpState state, CancellationToken cancellationToken) => await Task.Delay(1, cancellationToken);

            public sealed class PumpState
            {
                public PumpState() { }
                public PumpState(IEventEmitter events) => Events = events;
                public IEventEmitter? Events { get; set; }
            }
        """;

    [Fact]
    public Task Coalescing_and_conditional_stores_into_a_field_are_reported() => Verify.VerifyAsync(
        Adapter("""
                    _events ??= {|#0:events|};
                    _events = _events ?? {|#1:events|};
                    _events = cancellationToken.CanBeCanceled ? {|#2:events|} : null;
                    Interlocked.Exchange(ref _events, {|#3:events|});
                    await Task.Delay(1, cancellationToken);
            """),
        Escape(0, "the field '_events'"),
        Escape(1, "the field '_events'"),
        Escape(2, "the field '_events'"),
        Escape(3, "the field '_events'"));

    [Fact]
    public Task A_local_context_object_carrying_the_emitter_into_an_awaited_call_is_fine() => Verify.VerifyAsync(Adapter("""
                var context = new PumpState { Events = events };
                await PumpAsync(context, cancellationToken);
                var other = new PumpState();
                other.Events = events;
                await PumpAsync(other, cancellationToken);
                await PumpAsync(new PumpState(events), cancellationToken);
                await PumpAsync(new PumpState { Events = events }, cancellationToken);
                var flagged = cancellationToken.IsCancellationRequested ? null : events;
        """, Carrier));

    [Fact]
    public Task An_object_carrying_the_emitter_that_outlives_the_producer_is_reported() => Verify.VerifyAsync(
        Adapter("""
                    var kept = new PumpState { Events = {|#0:events|} };
                    _state = kept;
                    _state = new PumpState({|#1:events|});
                    _ = PumpAsync(new PumpState { Events = {|#2:events|} }, cancellationToken);
                    var dropped = new PumpState();
                    dropped.Events = {|#3:events|};
                    _ = Task.Run(() => PumpAsync(dropped, cancellationToken));
                    await Task.Delay(1, cancellationToken);
            """, Carrier),
        Escape(0, "the field '_state'"),
        Escape(1, "the field '_state'"),
        Escape(2, "a fire-and-forget task"),
        Escape(3, "an unobserved Task.Run"));

    [Fact]
    public Task An_explicitly_implemented_producer_is_checked() => Verify.VerifyAsync("""
        public sealed class HandWritten : ISidecarAdapter
        {
            private IEventEmitter? _events;

            public ReadyEvent CreateReadyEvent() => throw new NotImplementedException();

            ValueTask ISidecarAdapter.HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken) => default;

            Task ISidecarAdapter.ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
            {
                _events = {|#0:events|};
                return Task.CompletedTask;
            }
        }

        public interface IOtherProducer
        {
            Task ProduceAsync(IEventEmitter events, int count);
        }

        public sealed class NotAProducer : IOtherProducer
        {
            private IEventEmitter? _events;

            Task IOtherProducer.ProduceAsync(IEventEmitter events, int count)
            {
                _events = events;
                return Task.CompletedTask;
            }
        }
        """, Escape(0, "the field '_events'"));
}
