namespace LibreFang.Sidecar.Conformance.Tests;

internal static class Adapters
{
    public static RunnerOptions Broken(string mode, bool echo = false) => new()
    {
        Command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "BrokenAdapters.dll"), "--mode", mode],
        EchoProfile = echo,
        AckWindow = TimeSpan.FromSeconds(1),
    };

    public static RunnerOptions Echo() => new()
    {
        Command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "librefang-echo.dll")],
        EchoProfile = true,
        AckWindow = TimeSpan.FromSeconds(3),
    };

    public static CheckResult Check(ConformanceReport report, string name) => report.Checks.Single(c => c.Name == name);
}

/// <summary>Adapters that behave pass every check.</summary>
public sealed class WellBehavedAdapterTests
{
    [Fact]
    public async Task The_echo_sample_passes_everything_including_the_echo_profile()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Echo());

        Assert.True(report.Passed, ReportWriter.Table(report, color: false));
        Assert.All(report.Checks, c => Assert.True(c.Status is CheckStatus.Pass or CheckStatus.Skip, c.Name + ": " + c.Summary));
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "echo profile").Status);
    }

    [Fact]
    public async Task A_good_raw_json_adapter_passes_and_its_typing_capability_is_exercised()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("good", echo: true));

        Assert.True(report.Passed, ReportWriter.Table(report, color: false));
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "capabilities").Status);
        Assert.Contains(report.Transcript, line => line.Contains("daemon  →") && line.Contains("\"method\":\"typing\""));
    }
}

/// <summary>Each broken adapter is caught by the check that names its fault.</summary>
public sealed class StdoutFaultTests
{
    [Fact]
    public async Task A_log_line_on_stdout_fails_the_frame_check_with_the_line()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("stdout-noise"));

        Assert.False(report.Passed);
        var frames = Adapters.Check(report, "stdout frames");
        Assert.Equal(CheckStatus.Fail, frames.Status);
        Assert.Contains(frames.Evidence, e => e.Contains("starting up, please wait") && e.Contains("invalid JSON"));
        Assert.Equal(CheckStatus.Fail, Adapters.Check(report, "startup").Status);
    }

    // Lines written while exiting arrive after the runner saw the exit; they are validated all the same.
    [Fact]
    public async Task Log_lines_written_on_shutdown_and_on_eof_fail_the_frame_check()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("noise-on-exit"));

        var frames = Adapters.Check(report, "stdout frames");
        Assert.Equal(CheckStatus.Fail, frames.Status);
        Assert.Contains(frames.Evidence, e => e.StartsWith("[shutdown]", StringComparison.Ordinal) && e.Contains("goodbye, shutting down"));
        Assert.Contains(frames.Evidence, e => e.StartsWith("[eof]", StringComparison.Ordinal) && e.Contains("stdin closed, bye"));
    }

    [Fact]
    public async Task Null_metadata_fails_the_frame_check_naming_the_field()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("null-metadata", echo: true));

        var frames = Adapters.Check(report, "stdout frames");
        Assert.Equal(CheckStatus.Fail, frames.Status);
        Assert.Contains(frames.Evidence, e => e.Contains("params.metadata"));
    }
}

public sealed class LifecycleFaultTests
{
    [Fact]
    public async Task An_adapter_that_ignores_shutdown_fails_the_shutdown_check()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("ignore-shutdown"));

        var shutdown = Adapters.Check(report, "shutdown");
        Assert.Equal(CheckStatus.Fail, shutdown.Status);
        Assert.Contains("still running", shutdown.Summary);
    }

    [Fact]
    public async Task An_adapter_that_crashes_on_an_unknown_method_fails_robustness()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("crash-on-unknown"));

        var robustness = Adapters.Check(report, "robustness");
        Assert.Equal(CheckStatus.Fail, robustness.Status);
        Assert.Contains("after unknown method", robustness.Summary);
    }

    [Fact]
    public async Task An_adapter_that_dies_while_commands_are_written_fails_the_check_and_the_report_goes_on()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("slow-crash-on-unknown"));

        var robustness = Adapters.Check(report, "robustness");
        Assert.Equal(CheckStatus.Fail, robustness.Status);
        Assert.Contains("exited (code 1)", robustness.Summary);
        Assert.Contains("unknown method", robustness.Summary);
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "shutdown").Status);
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "stdout frames").Status);
    }
}

public sealed class StdinFaultTests
{
    [Fact]
    public async Task An_adapter_that_stops_reading_stdin_fails_robustness_with_the_stall()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("block-stdin"));

        var robustness = Adapters.Check(report, "robustness");
        Assert.Equal(CheckStatus.Fail, robustness.Status);
        Assert.Contains("stopped reading stdin", robustness.Summary);
    }

    [Fact]
    public void The_json_report_carries_every_check_and_the_verdict()
    {
        var report = new ConformanceReport([new CheckResult("shutdown", CheckStatus.Fail, "still running", ["x"])], []);

        using var json = System.Text.Json.JsonDocument.Parse(ReportWriter.Json(report));

        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        var check = json.RootElement.GetProperty("checks")[0];
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Equal("still running", check.GetProperty("summary").GetString());
    }
}

public sealed class AdapterSessionTests
{
    [Fact]
    public async Task Writing_to_an_adapter_that_closed_stdin_is_a_named_failure_not_a_crash()
    {
        var options = new RunnerOptions { Command = ["sh", "-c", "exec 0<&-; sleep 10"] };
        await using var session = AdapterSession.Start(options, new Transcript());
        await Task.Delay(300);

        var failure = await Assert.ThrowsAsync<AdapterInputException>(async () =>
        {
            // The first writes may still fit in the pipe buffer before the closed read end is noticed.
            for (var i = 0; i < 100; i++)
            {
                await session.WriteAsync("""{"method":"heartbeat"}""", TimeSpan.FromSeconds(5));
            }
        });
        Assert.Contains("stdin is closed", failure.Message);
        Assert.Contains("still running", failure.Message);
    }
}
