using LibreFang.Samples.Irc.Connection;
using Microsoft.Extensions.Time.Testing;

namespace LibreFang.Sidecar.Irc.Tests.Unit;

public sealed class SendRateLimiterTests
{
    [Fact]
    public async Task The_burst_goes_at_once_then_lines_follow_at_the_rate()
    {
        var time = new FakeTimeProvider();
        var limiter = new SendRateLimiter(burst: 3, linesPerSecond: 2, time);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        }
        var fourth = limiter.WaitAsync(CancellationToken.None).AsTask();
        var fifth = limiter.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(fourth.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await fourth;
        Assert.False(fifth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await fifth;
    }

    [Fact]
    public void An_idle_spell_refills_the_burst_but_never_beyond_it()
    {
        var time = new FakeTimeProvider();
        var limiter = new SendRateLimiter(burst: 2, linesPerSecond: 1, time);
        _ = limiter.WaitAsync(CancellationToken.None);
        _ = limiter.WaitAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(limiter.WaitAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_turn_back()
    {
        var time = new FakeTimeProvider();
        var limiter = new SendRateLimiter(burst: 1, linesPerSecond: 1, time);
        _ = limiter.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.WaitAsync(cancel.Token).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var next = limiter.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
