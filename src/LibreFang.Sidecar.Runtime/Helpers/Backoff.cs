namespace LibreFang.Sidecar;

/// <summary>
/// An exponential backoff policy for reconnecting to a platform: the delay starts at <see cref="Initial"/>, grows by
/// <see cref="Factor"/> after each failure and never exceeds <see cref="Maximum"/>. Invalid policies are rejected
/// when constructed, not when first used.
/// </summary>
/// <example><code>
/// var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
/// var session = await backoff.RetryAsync(ct => ConnectAsync(ct), cancellationToken);
/// </code></example>
public sealed record Backoff
{
    /// <summary>Creates a validated policy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">initial is not positive, exceeds maximum, or factor is not finite and at least 1.</exception>
    public Backoff(TimeSpan initial, TimeSpan maximum, double factor = 2.0)
    {
        if (initial <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "initial must be greater than zero: a zero delay retries in a tight loop");
        }
        if (initial > maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, $"initial ({initial}) must not exceed maximum ({maximum})");
        }
        if (!double.IsFinite(factor) || factor < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be a finite number of at least 1 (below 1 the delay would shrink)");
        }
        Initial = initial;
        Maximum = maximum;
        Factor = factor;
    }

    /// <summary>1 s, doubling, at most 60 s.</summary>
    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>The first delay.</summary>
    public TimeSpan Initial { get; }

    /// <summary>The largest delay.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>The growth per failure.</summary>
    public double Factor { get; }

    /// <summary>The delay before retry number <paramref name="attempt"/> (0 = after the first failure).</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ticks = Initial.Ticks * Math.Pow(Factor, attempt);
        return !double.IsFinite(ticks) || ticks >= Maximum.Ticks ? Maximum : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds, sleeping the policy's delay after each failure and logging
    /// it. Cancellation is never retried: it ends the loop at once, also during a sleep.
    /// </summary>
    public async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken, SidecarLog? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        log ??= SidecarLog.Shared;
        time ??= TimeProvider.System;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var delay = Delay(attempt);
                log.Warn("operation failed; backing off", ("attempt", attempt + 1), ("delay_ms", delay), ("error", ex.Message), ("error_type", ex.GetType().FullName));
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs <paramref name="operation"/> until it succeeds (see <see cref="RetryAsync{T}"/>).</summary>
    public Task RetryAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken, SidecarLog? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RetryAsync(async ct =>
        {
            await operation(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken, log, time);
    }

    /// <summary>
    /// Keeps a long-lived platform session running: runs <paramref name="session"/>, and when it ends (by returning or
    /// throwing) waits and runs it again, until cancelled. A session that stayed up for at least
    /// <paramref name="stableAfter"/> (default: <see cref="Maximum"/>) resets the delay to <see cref="Initial"/>, so a
    /// connection that drops once a day reconnects at once instead of after the delay of its earlier failures.
    /// Every failure is retried quietly (logged to stderr only); to tell the operator, use the overload that takes a
    /// <see cref="ProblemReporter"/>.
    /// </summary>
    public Task RunWithReconnectAsync(Func<CancellationToken, Task> session, CancellationToken cancellationToken, TimeSpan? stableAfter = null,
        SidecarLog? log = null, TimeProvider? time = null) =>
        RunReconnectLoopAsync(session, problems: null, classify: null, target: null, operatorBackoff: null, stableAfter, log, time, cancellationToken);

    /// <summary>
    /// Like <see cref="RunWithReconnectAsync(Func{CancellationToken, Task}, CancellationToken, TimeSpan?, SidecarLog?, TimeProvider?)"/>,
    /// and tells the operator through <paramref name="problems"/>. Each failure is classified:
    /// <list type="bullet">
    /// <item>operator-facing (an <see cref="OperatorProblemException"/>, or whatever <paramref name="classify"/> maps
    /// to an <see cref="OperatorProblem"/>): reported once as an <c>error</c> event, then retried after
    /// <paramref name="operatorBackoff"/> (default 1 minute, doubling to 10), since only the operator can fix it;</item>
    /// <item>transient (everything else): retried quietly with this policy, and counted; after
    /// <see cref="ProblemReporter.UnreachableAfter"/> failures in a row, "<paramref name="target"/> unreachable after N
    /// failed attempts" is reported once.</item>
    /// </list>
    /// The session calls <see cref="ProblemReporter.Connected"/> once the platform accepted it; that clears the
    /// problems, so a problem that comes back is reported again.
    /// </summary>
    public Task RunWithReconnectAsync(Func<CancellationToken, Task> session, ProblemReporter problems, CancellationToken cancellationToken,
        Func<Exception, OperatorProblem?>? classify = null, string? target = null, TimeSpan? stableAfter = null, Backoff? operatorBackoff = null,
        SidecarLog? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return RunReconnectLoopAsync(session, problems, classify, target ?? "the platform", operatorBackoff ?? OperatorDefault, stableAfter, log, time, cancellationToken);
    }

    /// <summary>The retry policy for failures only the operator can fix: 1 minute, doubling, at most 10.</summary>
    public static Backoff OperatorDefault { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

    private async Task RunReconnectLoopAsync(Func<CancellationToken, Task> session, ProblemReporter? problems, Func<Exception, OperatorProblem?>? classify,
        string? target, Backoff? operatorBackoff, TimeSpan? stableAfter, SidecarLog? log, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        log ??= SidecarLog.Shared;
        time ??= TimeProvider.System;
        var stable = stableAfter ?? Maximum;
        var attempt = 0;
        var operatorAttempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = time.GetTimestamp();
            string outcome;
            OperatorProblem? problem = null;
            Exception? failure = null;
            try
            {
                await session(cancellationToken).ConfigureAwait(false);
                outcome = "session ended; reconnecting";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                outcome = "session failed: " + ex.Message;
                failure = ex;
                problem = ex is OperatorProblemException own ? own.Problem : classify?.Invoke(ex);
            }
            if (time.GetElapsedTime(started) >= stable)
            {
                attempt = 0;
                operatorAttempt = 0;
            }
            TimeSpan delay;
            if (problems is not null && problem is { } operatorFacing)
            {
                await problems.ReportAsync(operatorFacing.Key, operatorFacing.Message, cancellationToken).ConfigureAwait(false);
                delay = operatorBackoff!.Delay(operatorAttempt++);
            }
            else
            {
                if (problems is not null && failure is not null)
                {
                    await problems.AttemptFailedAsync(target!, failure, cancellationToken).ConfigureAwait(false);
                }
                operatorAttempt = 0;
                delay = Delay(attempt++);
            }
            log.Warn(outcome, ("attempt", attempt + operatorAttempt), ("delay_ms", delay));
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
