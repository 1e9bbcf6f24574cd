using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Conformance;

/// <summary>Runs every check against an adapter command line and collects the report.</summary>
public static class ConformanceRunner
{
    /// <summary>Runs the suite. Checks that need a ready adapter are skipped when startup fails.</summary>
    public static async Task<ConformanceReport> RunAsync(RunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Command.Count == 0)
        {
            throw new ArgumentException("no adapter command given", nameof(options));
        }
        var transcript = new Transcript();
        var checks = new Checks(options, transcript);
        var results = new List<CheckResult> { await Guarded("describe", checks.DescribeAsync) };
        ReadyEvent? ready = null;
        results.Add(await Guarded("startup", async () =>
        {
            var (result, announced) = await checks.StartupAsync();
            ready = announced;
            return result;
        }));
        if (ready is null)
        {
            foreach (var name in new[] { "commands before ready_ack", "robustness", "stalled stdout + log", "shutdown", "stdin EOF", "capabilities" })
            {
                results.Add(new CheckResult(name, CheckStatus.Skip, "needs a working startup", []));
            }
        }
        else
        {
            results.Add(await Guarded("commands before ready_ack", checks.CommandsBeforeAckAsync));
            results.Add(await Guarded("robustness", () => checks.RobustnessAsync(options.EchoProfile)));
            results.Add(await Guarded("stalled stdout + log", () => checks.StalledStdoutWithLoggingAsync(options.EchoProfile)));
            results.Add(await Guarded("shutdown", checks.ShutdownAsync));
            results.Add(await Guarded("stdin EOF", checks.EndOfInputAsync));
            results.Add(await Guarded("capabilities", () => checks.CapabilitiesAsync(ready)));
            if (options.EchoProfile)
            {
                results.Add(await Guarded("echo profile", checks.EchoProfileAsync));
            }
        }
        results.Add(checks.EventValidity());
        return new ConformanceReport(results, transcript.Entries);
    }

    // A check that cannot go on fails with the reason and the suite goes on: a command that could not be written
    // (stalled or closed stdin), or anything else the adapter's behaviour provoked in the runner.
    private static async Task<CheckResult> Guarded(string name, Func<Task<CheckResult>> check)
    {
        try
        {
            return await check();
        }
        catch (AdapterInputException ex)
        {
            return new CheckResult(name, CheckStatus.Fail, ex.Message, []);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new CheckResult(name, CheckStatus.Fail, $"the check could not complete: {ex.GetType().Name}: {ex.Message}", []);
        }
    }
}
