using Microsoft.Extensions.Time.Testing;

namespace LibreFang.Sidecar.Helpers.Tests;

/// <summary>ProblemReporter, the classifying reconnect loop, ConnectionGate and MessageIds, on a fake clock.</summary>
public sealed class LifecycleHelperTests
{
    private sealed class RecordingEmitter : IEventEmitter
    {
        public List<string> Errors { get; } = [];

        public void Emit(SidecarEvent sidecarEvent) => Record(sidecarEvent);

        public ValueTask EmitAsync(SidecarEvent sidecarEvent, CancellationToken cancellationToken = default)
        {
            Record(sidecarEvent);
            return default;
        }

        private void Record(SidecarEvent sidecarEvent)
        {
            lock (Errors)
            {
                if (sidecarEvent is ErrorEvent error)
                {
                    Errors.Add(error.Message);
                }
            }
        }
    }

    private static readonly SidecarLog Quiet = new(TextWriter.Null);

    [Fact]
    public async Task A_problem_is_reported_once_per_key_and_again_after_it_cleared()
    {
        var events = new RecordingEmitter();
        var problems = new ProblemReporter(events, "X", Quiet);

        Assert.True(await problems.ReportAsync("password", "wrong password"));
        Assert.False(await problems.ReportAsync("password", "wrong password"));
        Assert.True(await problems.ReportAsync("channel", "cannot join #a"));
        Assert.True(problems.Clear("password"));
        Assert.True(await problems.ReportAsync("password", "wrong password"));
        problems.Connected();
        Assert.False(problems.IsActive("channel"));

        Assert.Equal(["X: wrong password", "X: cannot join #a", "X: wrong password"], events.Errors);
    }

    [Fact]
    public async Task Unreachable_is_reported_at_the_Nth_failure_in_a_row_and_counting_restarts_after_a_connection()
    {
        var events = new RecordingEmitter();
        var problems = new ProblemReporter(events, log: Quiet) { UnreachableAfter = 3 };
        var refused = new IOException("connection refused");

        Assert.False(await problems.AttemptFailedAsync("the server", refused));
        Assert.False(await problems.AttemptFailedAsync("the server", refused));
        Assert.True(await problems.AttemptFailedAsync("the server", refused));
        Assert.False(await problems.AttemptFailedAsync("the server", refused));
        problems.Connected();
        Assert.False(await problems.AttemptFailedAsync("the server", refused));
        Assert.False(await problems.AttemptFailedAsync("the server", refused));
        Assert.True(await problems.AttemptFailedAsync("the server", refused));

        Assert.Equal(2, events.Errors.Count);
        Assert.Equal("the server unreachable after 3 failed attempts (last error: connection refused); still retrying", events.Errors[0]);
    }

    [Fact]
    public async Task The_reconnect_loop_reports_an_operator_problem_once_and_retries_it_on_the_long_backoff()
    {
        var time = new FakeTimeProvider();
        var events = new RecordingEmitter();
        var problems = new ProblemReporter(events, log: Quiet);
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var quick = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var slow = new Backoff(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

        var loop = quick.RunWithReconnectAsync(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw new UnauthorizedAccessException("401");
        }, problems, stop.Token, classify: ex => ex is UnauthorizedAccessException ? new OperatorProblem("auth", "the token was refused") : null,
            operatorBackoff: slow, log: Quiet, time: time);

        await WaitUntilAsync(() => Volatile.Read(ref attempts) == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(1, Volatile.Read(ref attempts));   // not on the quick policy
        time.Advance(TimeSpan.FromMinutes(5));
        await WaitUntilAsync(() => Volatile.Read(ref attempts) == 2);

        Assert.Equal(["the token was refused"], events.Errors);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact]
    public async Task The_gate_hands_out_the_published_connection_and_fails_a_wait_clearly()
    {
        var time = new FakeTimeProvider();
        var gate = new ConnectionGate<string>(TimeSpan.FromSeconds(30), "the server", time) { LastFailure = "refused" };

        var waiting = gate.WaitAsync("#ops", CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        gate.Publish("connection 1");
        Assert.Equal("connection 1", await waiting);

        gate.Withdraw("connection 1");
        gate.LastFailure = "refused";
        var timedOut = gate.WaitAsync("#ops", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => timedOut);
        Assert.Equal("not connected to the server for 30 s (last error: refused); the message to #ops was not sent", error.Message);

        using var cancel = new CancellationTokenSource();
        var cancelled = gate.WaitAsync("#ops", cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var atShutdown = gate.WaitAsync("#ops", CancellationToken.None);
        gate.Close();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => atShutdown);
        gate.Publish("connection 2");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => gate.WaitAsync("#ops", CancellationToken.None));
    }

    [Fact]
    public void Message_ids_carry_the_start_time_and_a_counter()
    {
        var first = new MessageIds("irc", new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(0x18f)));
        var restarted = new MessageIds("irc", new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(0x190)));

        Assert.Equal("irc-18f-1", first.Next());
        Assert.Equal("irc-18f-2", first.Next());
        Assert.Equal("irc-190-1", restarted.Next());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(5);
        }
    }
}
