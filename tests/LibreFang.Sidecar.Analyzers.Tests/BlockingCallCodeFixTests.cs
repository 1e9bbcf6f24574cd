using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    LibreFang.Sidecar.Analyzers.Rules.BlockingCallInHandlerAnalyzer,
    LibreFang.Sidecar.Analyzers.CodeFixes.BlockingCallCodeFixProvider>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class BlockingCallCodeFixTests
{
    private static string Adapter(string members) => $$"""
        [SidecarAdapter("demo")]
        public partial class DemoAdapter
        {
            private static Task<string> FetchAsync() => Task.FromResult("x");

        {{members}}
        }
        """;

    [Fact]
    public Task Every_fixable_form_in_an_async_handler_becomes_an_await() => Verify.VerifyAsync(
        Adapter("""
                [OnCommand]
                public async Task OnSend(SendCommand command, CancellationToken cancellationToken)
                {
                    var text = {|LFS0601:FetchAsync().Result|};
                    var length = {|LFS0601:FetchAsync().Result|}.Length;
                    var again = {|LFS0601:FetchAsync().ConfigureAwait(false).GetAwaiter().GetResult()|};
                    {|LFS0601:Task.Delay(1).Wait()|};
                    {|LFS0601:Task.Delay(1).Wait(cancellationToken)|};
                    {|LFS0601:Thread.Sleep(100)|};
                    await Task.Yield();
                }
            """),
        Adapter("""
                [OnCommand]
                public async Task OnSend(SendCommand command, CancellationToken cancellationToken)
                {
                    var text = await FetchAsync();
                    var length = (await FetchAsync()).Length;
                    var again = await FetchAsync().ConfigureAwait(false);
                    await Task.Delay(1);
                    await Task.Delay(1).WaitAsync(cancellationToken);
                    await Task.Delay(100, cancellationToken);
                    await Task.Yield();
                }
            """));

    [Fact]
    public Task Sleep_without_a_token_in_scope_delays_without_one() => Verify.VerifyAsync(
        Adapter("""
                public async Task ProduceAsync(IEventEmitter events, CancellationToken token)
                {
                    {|LFS0601:Thread.Sleep(TimeSpan.FromSeconds(1))|};
                    await Task.Yield();
                }

                [OnCommand]
                public async ValueTask OnTyping(TypingCommand command)
                {
                    {|LFS0601:Thread.Sleep(5)|};
                    await Task.Yield();
                }
            """),
        Adapter("""
                public async Task ProduceAsync(IEventEmitter events, CancellationToken token)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), token);
                    await Task.Yield();
                }

                [OnCommand]
                public async ValueTask OnTyping(TypingCommand command)
                {
                    await Task.Delay(5);
                    await Task.Yield();
                }
            """));

    [Fact]
    public Task No_fix_where_await_would_not_compile_or_would_change_the_signature() => Verify.VerifyAsync(
        Adapter("""
                private readonly object _sync = new();

                [OnCommand]
                public ValueTask OnSend(SendCommand command)
                {
                    {|LFS0601:Thread.Sleep(5)|};
                    return default;
                }

                [OnCommand]
                public async Task OnTyping(TypingCommand command)
                {
                    lock (_sync)
                    {
                        var text = {|LFS0601:FetchAsync().Result|};
                    }
                    var finished = {|LFS0601:Task.Delay(1).Wait(10)|};
                    {|LFS0601:Task.WaitAll(Task.Delay(1))|};
                    await Task.Yield();
                }
            """),
        Adapter("""
                private readonly object _sync = new();

                [OnCommand]
                public ValueTask OnSend(SendCommand command)
                {
                    {|LFS0601:Thread.Sleep(5)|};
                    return default;
                }

                [OnCommand]
                public async Task OnTyping(TypingCommand command)
                {
                    lock (_sync)
                    {
                        var text = {|LFS0601:FetchAsync().Result|};
                    }
                    var finished = {|LFS0601:Task.Delay(1).Wait(10)|};
                    {|LFS0601:Task.WaitAll(Task.Delay(1))|};
                    await Task.Yield();
                }
            """));
}
