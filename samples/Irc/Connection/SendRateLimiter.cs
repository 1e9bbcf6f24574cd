namespace LibreFang.Samples.Irc.Connection;

/// <summary>
/// A token bucket for outgoing message lines: <c>burst</c> lines may go at once, then one line per
/// <c>1 / linesPerSecond</c>. IRC servers disconnect clients that flood ("Excess Flood"); this keeps the adapter
/// under the common limits. Server-protocol replies (PONG, CAP, AUTHENTICATE) bypass it.
/// </summary>
internal sealed class SendRateLimiter
{
    private readonly TimeProvider _time;
    private readonly double _burst;
    private readonly double _perSecond;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _updated;

    public SendRateLimiter(int burst, double linesPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(linesPerSecond);
        _time = time ?? TimeProvider.System;
        _burst = burst;
        _perSecond = linesPerSecond;
        _tokens = burst;
        _updated = _time.GetTimestamp();
    }

    /// <summary>
    /// Takes a token and waits until it is due. Tokens below zero are reservations, so concurrent callers queue in the
    /// order they asked; a caller cancelled while waiting gives its token back.
    /// </summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + _time.GetElapsedTime(_updated, now).TotalSeconds * _perSecond);
            _updated = now;
            _tokens -= 1;
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
        }
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                _tokens += 1;
            }
            throw;
        }
    }
}
