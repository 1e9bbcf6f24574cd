using Microsoft.Extensions.Time.Testing;

namespace LibreFang.Sidecar.Tests.Hosting;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 10, 2.0, "initial")]
    [InlineData(-1, 10, 2.0, "initial")]
    [InlineData(20, 10, 2.0, "initial")]
    [InlineData(1, 10, 0.5, "factor")]
    [InlineData(1, 10, double.NaN, "factor")]
    [InlineData(1, 10, double.PositiveInfinity, "factor")]
    public void Invalid_policies_are_rejected_at_construction_naming_the_parameter(int initialSeconds, int maximumSeconds, double factor, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(initialSeconds), TimeSpan.FromSeconds(maximumSeconds), factor));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Delays_grow_by_the_factor_and_stop_at_the_maximum()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 9).Select(i => backoff.Delay(i).TotalMilliseconds);

        Assert.Equal([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000], delays);
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(10_000));
        Assert.Equal(TimeSpan.FromSeconds(1), new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 1.0).Delay(50));
    }

    [Fact]
    public async Task RetryAsync_sleeps_the_policy_between_failures_logs_each_and_returns_the_result()
    {
        var time = new FakeTimeProvider();
        var log = new StringWriter();
        var calls = 0;
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var run = backoff.RetryAsync(_ => ++calls < 3 ? throw new IOException("refused " + calls) : Task.FromResult("connected"),
            CancellationToken.None, new SidecarLog(log), time);

        Assert.Equal(1, calls);
        await AdvanceAsync(time, TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, calls);
        await AdvanceAsync(time, TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, calls);
        await AdvanceAsync(time, TimeSpan.FromSeconds(2));
        Assert.Equal("connected", await run.WaitAsync(TimeSpan.FromSeconds(5)));
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("refused 1", lines[0]);
        Assert.Contains("\"delay_ms\":1000", lines[0]);
        Assert.Contains("\"delay_ms\":2000", lines[1]);
    }

    [Fact]
    public async Task Cancellation_during_a_sleep_ends_RetryAsync_at_once_and_is_never_retried()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var calls = 0;

        var run = Backoff.Default.RetryAsync(_ => { calls++; throw new IOException("down"); }, cancel.Token, new SidecarLog(TextWriter.Null), time);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, calls);

        var cancelledInside = Backoff.Default.RetryAsync(ct => { calls++; throw new OperationCanceledException(ct); }, cancel.Token, new SidecarLog(TextWriter.Null), time);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledInside.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_reconnect_loop_backs_off_on_quick_failures_and_resets_after_a_stable_session()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var starts = new List<DateTimeOffset>();
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        var sessionLength = new Queue<TimeSpan>([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(20), TimeSpan.Zero]);

        var loop = backoff.RunWithReconnectAsync(async ct =>
        {
            starts.Add(time.GetUtcNow());
            var length = sessionLength.Count > 0 ? sessionLength.Dequeue() : TimeSpan.FromDays(1);
            if (length > TimeSpan.Zero)
            {
                await Task.Delay(length, time, ct);
            }
            throw new IOException("connection reset");
        }, cancel.Token, log: new SidecarLog(TextWriter.Null), time: time);

        for (var i = 0; i < 60 && starts.Count < 6; i++)
        {
            await AdvanceAsync(time, TimeSpan.FromSeconds(1));
        }
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(TimeSpan.FromSeconds(5)));

        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        // quick failures: 1 s, 2 s, 4 s; then a 20 s session resets the delay to 1 s.
        Assert.Equal([1, 2, 4, 21, 2], gaps.Take(5));
    }

    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by)
    {
        await Task.Delay(10);
        time.Advance(by);
        await Task.Delay(10);
    }
}
