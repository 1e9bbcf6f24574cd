namespace LibreFang.Sidecar.Conformance;

/// <summary>Outcome of one check. WARN does not fail the run.</summary>
public enum CheckStatus
{
    /// <summary>Behaves as the supervisor needs.</summary>
    Pass,
    /// <summary>Risky but accepted by the daemon.</summary>
    Warn,
    /// <summary>Breaks the contract.</summary>
    Fail,
    /// <summary>Not applicable to this adapter.</summary>
    Skip,
}

/// <summary>One check's result: a one-line summary and the frames that prove it.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Summary, IReadOnlyList<string> Evidence);

/// <summary>What to run and how.</summary>
public sealed record RunnerOptions
{
    /// <summary>The adapter command line (program and arguments).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Extra environment for the adapter (its configuration).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Also run the echo profile (for adapters that answer send with a message).</summary>
    public bool EchoProfile { get; init; }

    /// <summary>How long to watch for a ready re-announced after the ack (default 5 s = 2.5 × the SDKs' 2 s interval).</summary>
    public TimeSpan AckWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The supervisor's deadline for the first ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an exit may take after shutdown or EOF before it counts as not prompt.</summary>
    public TimeSpan ExitTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A stdin write that blocks longer than this during the burst makes robustness a WARN (default 2 s): the daemon's
    /// writes have no timeout, so its command loop would wait that long.
    /// </summary>
    public TimeSpan StallLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A stdin write that blocks longer than this fails the check in hand (default 10 s): the adapter stopped reading
    /// stdin. Kept well above <see cref="StallLimit"/> so that a loaded machine, which can delay a healthy adapter by
    /// seconds, is not mistaken for one that stopped reading.
    /// </summary>
    public TimeSpan StallFailure { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>The whole run.</summary>
public sealed record ConformanceReport(IReadOnlyList<CheckResult> Checks, IReadOnlyList<string> Transcript)
{
    /// <summary>True when no check failed.</summary>
    public bool Passed => Checks.All(c => c.Status != CheckStatus.Fail);
}
