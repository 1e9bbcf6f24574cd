using Microsoft.CodeAnalysis.Testing;
using Verify = LibreFang.Sidecar.Analyzers.Tests.Infrastructure.AnalyzerVerifier<LibreFang.Sidecar.Analyzers.Rules.LockAcrossAwaitAnalyzer>;

namespace LibreFang.Sidecar.Analyzers.Tests;

public sealed class LockAcrossAwaitAnalyzerTests
{
    private static string Class(string members) => $$"""
        public class Worker
        {
            private readonly SemaphoreSlim _gate = new(1, 1);
            private readonly object _sync = new();
            private readonly Mutex _mutex = new();
            private readonly ReaderWriterLockSlim _rw = new();
            private readonly Lock _lock = new();
            private SpinLock _spin = new(false); private static readonly IEventEmitter _events = null!;
            public int Counter;

        {{members}}
        }
        """;

    // The acquire is marked #n, the first await it reaches #(n+10) (reported as an additional location and by line).
    private static DiagnosticResult Semaphore(int location, string name, int awaitLine) =>
        new DiagnosticResult(DiagnosticDescriptors.SemaphoreHeldAcrossAwait)
            .WithLocation(location).WithLocation(location + 10).WithArguments(name, awaitLine);

    private static DiagnosticResult ThreadAffine(int location, string name, string kind, int awaitLine) =>
        new DiagnosticResult(DiagnosticDescriptors.ThreadAffineLockHeldAcrossAwait)
            .WithLocation(location).WithLocation(location + 10).WithArguments(name, kind, awaitLine);

    // Line numbers: 7 usings and a blank line, then 10 lines of class header, so members start on line 18.

    [Fact]
    public Task A_semaphore_held_over_an_emit_is_a_warning() => Verify.VerifyAsync(Class("""
            public async Task RunAsync()
            {
                await {|#0:_gate.WaitAsync()|};
                {|#10:await _events.EmitAsync(new ErrorEvent("busy"))|};
                _gate.Release();
            }
        """), Semaphore(0, "_gate", 21));

    [Fact]
    public Task The_try_finally_idiom_around_an_emit_is_reported() => Verify.VerifyAsync(Class("""
            public async Task RunAsync(Func<Task> work)
            {
                await {|#0:_gate.WaitAsync()|};
                try
                {
                    {|#10:await _events.EmitAsync(new ErrorEvent("busy"))|};
                }
                finally
                {
                    _gate.Release();
                }
            }
        """), Semaphore(0, "_gate", 23));

    [Fact]
    public Task A_release_on_only_one_path_is_reported() => Verify.VerifyAsync(Class("""
            public async Task RunAsync(bool early)
            {
                {|#0:_gate.Wait()|};
                if (early)
                {
                    _gate.Release();
                }
                {|#10:await _events.EmitAsync(new ErrorEvent("busy"))|};
                if (!early)
                {
                    _gate.Release();
                }
            }
        """), Semaphore(0, "_gate", 25));

    [Fact]
    public Task A_successful_conditional_acquire_held_over_an_await_is_reported() => Verify.VerifyAsync(Class("""
            public async Task RunAsync()
            {
                if (await {|#0:_gate.WaitAsync(100)|})
                {
                    {|#10:await _events.EmitAsync(new ErrorEvent("busy"))|};
                    _gate.Release();
                }
            }
        """), Semaphore(0, "_gate", 22));

    [Fact]
    public Task An_await_in_a_catch_while_the_semaphore_may_be_held_is_reported() => Verify.VerifyAsync(Class("""
            public async Task RunAsync(Action work)
            {
                try
                {
                    await {|#0:_gate.WaitAsync()|};
                    work();
                    _gate.Release();
                }
                catch (Exception)
                {
                    {|#10:await _events.EmitAsync(new ErrorEvent("busy"))|};
                }
            }
        """), Semaphore(0, "_gate", 28));

    [Fact]
    public Task Thread_affine_locks_held_over_an_await_are_errors() => Verify.VerifyAsync(Class("""
            public async Task MonitorAsync()
            {
                {|#0:Monitor.Enter(_sync)|};
                {|#10:await Task.Yield()|};
                Monitor.Exit(_sync);
            }

            public async Task MutexAsync()
            {
                {|#1:_mutex.WaitOne()|};
                {|#11:await Task.Yield()|};
                _mutex.ReleaseMutex();
            }

            public async Task ReaderWriterAsync()
            {
                {|#2:_rw.EnterWriteLock()|};
                try { {|#12:await Task.Yield()|}; } finally { _rw.ExitWriteLock(); }
            }

            public async Task SpinAsync()
            {
                var taken = false;
                {|#3:_spin.Enter(ref taken)|};
                {|#13:await Task.Yield()|};
                if (taken) _spin.Exit();
            }

            public async Task LockTypeAsync()
            {
                {|#4:_lock.Enter()|};
                {|#14:await Task.Yield()|};
                _lock.Exit();
            }
        """),
        ThreadAffine(0, "_sync", "Monitor", 21),
        ThreadAffine(1, "_mutex", "Mutex", 28),
        ThreadAffine(2, "_rw", "ReaderWriterLockSlim", 35),
        ThreadAffine(3, "_spin", "SpinLock", 42),
        ThreadAffine(4, "_lock", "Lock", 49));

    [Fact]
    public Task Async_lambdas_and_local_functions_are_analyzed_on_their_own() => Verify.VerifyAsync(Class("""
            public Func<Task> Lambda() => async () =>
            {
                {|#0:Monitor.Enter(_sync)|};
                {|#10:await Task.Yield()|};
                Monitor.Exit(_sync);
            };

            public Task Local()
            {
                return RunAsync();

                async Task RunAsync()
                {
                    await {|#1:_gate.WaitAsync()|};
                    {|#11:await _events.EmitAsync(new ErrorEvent("busy"))|};
                    _gate.Release();
                }
            }
        """), ThreadAffine(0, "_sync", "Monitor", 21), Semaphore(1, "_gate", 32));

    [Fact]
    public Task Released_before_the_await_is_fine() => Verify.VerifyAsync(Class("""
            public async Task RunAsync()
            {
                await _gate.WaitAsync();
                Counter++;
                _gate.Release();
                await Task.Delay(10);

                Monitor.Enter(_sync);
                Counter++;
                Monitor.Exit(_sync);
                await Task.Delay(10);
            }
        """));

    [Fact]
    public Task Release_in_finally_without_an_await_inside_is_fine() => Verify.VerifyAsync(Class("""
            public async Task RunAsync()
            {
                while (Counter < 10)
                {
                    await _gate.WaitAsync();
                    try
                    {
                        Counter++;
                    }
                    finally
                    {
                        _gate.Release();
                    }
                    await Task.Delay(10);
                }
            }
        """));

    [Fact]
    public Task Locks_in_a_method_that_is_not_async_are_fine() => Verify.VerifyAsync(Class("""
            public Task Run()
            {
                Monitor.Enter(_sync);
                try
                {
                    Counter++;
                    return Task.CompletedTask;
                }
                finally
                {
                    Monitor.Exit(_sync);
                }
            }
        """));

    [Fact]
    public Task Failed_conditional_acquires_hold_nothing() => Verify.VerifyAsync(Class("""
            public async Task EarlyReturnAsync()
            {
                if (!_gate.Wait(0))
                {
                    await Task.Delay(1);
                    return;
                }
                try { Counter++; } finally { _gate.Release(); }
                await Task.Delay(1);
            }

            public async Task BranchAsync()
            {
                if (await _gate.WaitAsync(TimeSpan.FromSeconds(1)))
                {
                    Counter++;
                    _gate.Release();
                }
                await Task.Delay(1);
            }

            public async Task FlagAsync()
            {
                var acquired = await _gate.WaitAsync(100);
                if (!acquired)
                {
                    await Task.Delay(1);
                    return;
                }
                _gate.Release();
            }

            public async Task MonitorFlagAsync()
            {
                var taken = false;
                try
                {
                    Monitor.Enter(_sync, ref taken);
                    Counter++;
                }
                finally
                {
                    if (taken)
                    {
                        Monitor.Exit(_sync);
                    }
                }
                await Task.Delay(1);
            }
        """));

    [Fact]
    public Task Lock_statements_lambdas_and_awaiting_the_acquire_itself_are_fine() => Verify.VerifyAsync(Class("""
            public async Task RunAsync()
            {
                lock (_sync)
                {
                    Counter++;
                }
                await Task.Delay(1);

                Monitor.Enter(_sync);
                Func<Task> later = async () => await Task.Delay(1);
                Monitor.Exit(_sync);
                await later();

                await _gate.WaitAsync().ConfigureAwait(false);
                _gate.Release();

                var other = new SemaphoreSlim(1);
                await other.WaitAsync();
                other.Release();
                await _gate.WaitAsync();
                _gate.Release();
            }
        """));

    [Fact]
    public Task A_catch_after_an_inner_finally_that_released_holds_nothing() => Verify.VerifyAsync(Class("""
            public async Task RunAsync(Action work)
            {
                try
                {
                    await _gate.WaitAsync();
                    try
                    {
                        work();
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }
                catch (InvalidOperationException)
                {
                    await Task.Delay(1);
                }
            }
        """));

    [Fact]
    public Task An_async_lambda_in_a_field_initializer_is_analysed() => Verify.VerifyAsync(Class("""
            private static readonly SemaphoreSlim s_gate = new(1, 1);
            public Func<Task> Work = async () =>
            {
                await {|#0:s_gate.WaitAsync()|};
                {|#10:await _events.EmitAsync(new ErrorEvent("busy"))|};
                s_gate.Release();
            };
        """), Semaphore(0, "s_gate", 22));

    [Fact]
    public Task An_async_lambda_returned_by_an_expression_bodied_property_is_analysed() => Verify.VerifyAsync(Class("""
            public Func<Task> Run => async () =>
            {
                {|#0:Monitor.Enter(_sync)|};
                {|#10:await Task.Yield()|};
                Monitor.Exit(_sync);
            };
        """), ThreadAffine(0, "_sync", "Monitor", 21));

    [Fact]
    public Task An_async_lambda_in_a_property_initializer_or_accessor_is_analysed() => Verify.VerifyAsync(Class("""
            private static readonly SemaphoreSlim s_gate = new(1, 1);
            public static Func<Task> Initialized { get; } = async () =>
            {
                await {|#0:s_gate.WaitAsync()|};
                {|#10:await _events.EmitAsync(new ErrorEvent("busy"))|};
                s_gate.Release();
            };
            public Func<Task> Getter
            {
                get
                {
                    return async () =>
                    {
                        await {|#1:_gate.WaitAsync()|};
                        {|#11:await _events.EmitAsync(new ErrorEvent("busy"))|};
                        _gate.Release();
                    };
                }
            }
        """), Semaphore(0, "s_gate", 22), Semaphore(1, "_gate", 32));

    [Fact]
    public Task A_lambda_in_an_initializer_that_releases_before_awaiting_is_fine() => Verify.VerifyAsync(Class("""
            private static readonly SemaphoreSlim s_gate = new(1, 1);
            public Func<Task> Work = async () =>
            {
                await s_gate.WaitAsync();
                s_gate.Release();
                await Task.Delay(1);
            };
            public Func<Task> Run => async () =>
            {
                await Task.Yield();
                lock (new object()) { }
            };
        """));

    [Fact]
    public Task The_async_mutex_around_platform_io_is_fine() => Verify.VerifyAsync(Class("""
            public async Task SendAsync(Stream connection, byte[] line, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    await connection.WriteAsync(line, cancellationToken);
                    await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await Task.Delay(1, cancellationToken);
                }
                finally
                {
                    _gate.Release();
                }
            }
        """));

    [Fact]
    public Task An_emit_with_ConfigureAwait_under_the_semaphore_is_reported() => Verify.VerifyAsync(Class("""
            public async Task RunAsync(Stream connection)
            {
                await {|#0:_gate.WaitAsync()|};
                try
                {
                    await connection.FlushAsync();
                    {|#10:await _events.EmitAsync(new ErrorEvent("busy")).ConfigureAwait(false)|};
                }
                finally
                {
                    _gate.Release();
                }
            }
        """), Semaphore(0, "_gate", 24));

    [Fact]
    public Task A_second_acquire_of_the_held_semaphore_is_reported() => Verify.VerifyAsync(Class("""
            private readonly SemaphoreSlim _other = new(1, 1);
            public async Task RunAsync()
            {
                await {|#0:_gate.WaitAsync()|};
                await _other.WaitAsync();
                _other.Release();
                {|#10:await _gate.WaitAsync()|};
                _gate.Release();
                _gate.Release();
            }
        """), Semaphore(0, "_gate", 24));
}
