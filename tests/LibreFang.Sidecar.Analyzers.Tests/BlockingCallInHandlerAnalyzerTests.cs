using Microsoft.CodeAnalysis.Testing;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.BlockingCallInHandlerAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class BlockingCallInHandlerAnalyzerTests
{
    private static string Adapter(string members) => $$"""
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            private static Task<string> FetchAsync() => Task.FromResult("x");
            private static ValueTask<int> CountAsync() => new(1);

        {{members}}
        }
        """;

    private static DiagnosticResult Blocking(int location, string what, string method) =>
        new DiagnosticResult(DiagnosticDescriptors.BlockingCallInHandler).WithLocation(location).WithArguments(what, method);

    [Fact]
    public Task Every_blocking_form_in_a_handler_is_reported() => Verify.VerifyAsync(
        Adapter("""
                [OnCommand]
                public void OnSend(SendCommand command)
                {
                    var text = {|#0:FetchAsync().Result|};
                    var count = {|#1:CountAsync().Result|};
                    {|#2:Task.Delay(10).Wait()|};
                    {|#3:Thread.Sleep(10)|};
                    var again = {|#4:FetchAsync().GetAwaiter().GetResult()|};
                    var configured = {|#5:FetchAsync().ConfigureAwait(false).GetAwaiter().GetResult()|};
                    {|#6:Task.WaitAll(Task.Delay(1))|};
                }
            """),
        Blocking(0, ".Result", "OnSend"),
        Blocking(1, ".Result", "OnSend"),
        Blocking(2, ".Wait()", "OnSend"),
        Blocking(3, "Thread.Sleep", "OnSend"),
        Blocking(4, "GetAwaiter().GetResult()", "OnSend"),
        Blocking(5, "GetAwaiter().GetResult()", "OnSend"),
        Blocking(6, "Task.WaitAll", "OnSend"));

    [Fact]
    public Task The_producer_and_a_hand_written_dispatcher_are_checked() => Verify.VerifyAsync(
        Adapter("""
                public async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
                {
                    {|#0:Thread.Sleep(TimeSpan.FromSeconds(1))|};
                    await Task.Yield();
                }
            """) + """

        public sealed class HandWritten : ISidecarAdapter
        {
            public ReadyEvent CreateReadyEvent() => throw new NotImplementedException();

            public ValueTask HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken)
            {
                {|#1:Task.Delay(1, cancellationToken).Wait(cancellationToken)|};
                return default;
            }
        }
        """,
        Blocking(0, "Thread.Sleep", "ProduceAsync"),
        Blocking(1, ".Wait()", "HandleCommandAsync"));

    [Fact]
    public Task Completed_tasks_lambdas_and_other_methods_are_not_reported() => Verify.VerifyAsync(Adapter("""
            [OnCommand]
            public async Task OnSend(SendCommand command, CancellationToken cancellationToken)
            {
                var first = FetchAsync();
                var second = FetchAsync();
                await Task.WhenAll(first, second);
                var joined = first.Result + second.GetAwaiter().GetResult();

                var tasks = new[] { FetchAsync(), FetchAsync() };
                await Task.WhenAll(tasks);
                var head = tasks[0].Result;

                var pending = CountAsync();
                var count = pending.IsCompletedSuccessfully ? pending.Result : await pending;

                var done = await FetchAsync();
                var lengths = tasks.Select(t => t.Result.Length).ToArray();
                _ = Task.Run(() => Thread.Sleep(10));
                await Task.Delay(10, cancellationToken);
            }

            public void NotAHandler() => Thread.Sleep(10);

            public string AlsoNotAHandler() => FetchAsync().Result;
        """));

    [Fact]
    public Task Explicitly_implemented_dispatcher_and_producer_are_checked() => Verify.VerifyAsync("""
        public sealed class HandWritten : ISidecarAdapter
        {
            public ReadyEvent CreateReadyEvent() => throw new NotImplementedException();

            ValueTask ISidecarAdapter.HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken)
            {
                {|#0:Thread.Sleep(1)|};
                return default;
            }

            Task ISidecarAdapter.ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
            {
                {|#1:Task.Delay(1).Wait()|};
                return Task.CompletedTask;
            }
        }
        """,
        Blocking(0, "Thread.Sleep", "ISidecarAdapter.HandleCommandAsync"),
        Blocking(1, ".Wait()", "ISidecarAdapter.ProduceAsync"));

    [Fact]
    public Task Same_named_members_of_other_interfaces_and_classes_are_not_checked() => Verify.VerifyAsync("""
        public interface IQueueHandler
        {
            ValueTask HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken);
            Task ProduceAsync(IEventEmitter events, int count);
        }

        public sealed class Queue : IQueueHandler
        {
            ValueTask IQueueHandler.HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken)
            {
                Thread.Sleep(1);
                return default;
            }

            Task IQueueHandler.ProduceAsync(IEventEmitter events, int count)
            {
                Thread.Sleep(1);
                return Task.CompletedTask;
            }

            public ValueTask HandleCommandAsync(Command command, IEventEmitter events, CancellationToken cancellationToken)
            {
                Thread.Sleep(1);
                return default;
            }
        }
        """);
}
