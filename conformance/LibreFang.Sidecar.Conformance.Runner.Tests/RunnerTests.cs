using System.Diagnostics;
using System.Text.Json;
using LibreFang.Sidecar.Testing;

namespace LibreFang.Sidecar.Conformance.Tests;

internal static class Adapters
{
    public static RunnerOptions Broken(string mode, bool echo = false) => new()
    {
        Command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "BrokenAdapters.dll"), "--mode", mode],
        EchoProfile = echo,
        AckWindow = TimeSpan.FromSeconds(1),
        StallFailure = TimeSpan.FromSeconds(3),
    };

    /// <summary>The Echo sample as operators run it: its published Native AOT binary.</summary>
    public static async Task<RunnerOptions> EchoAsync() => new()
    {
        Command = [await PublishedBinary.EchoAsync()],
        EchoProfile = true,
        AckWindow = TimeSpan.FromSeconds(3),
    };

    public static CheckResult Check(ConformanceReport report, string name) => report.Checks.Single(c => c.Name == name);
}

/// <summary>
/// The classes that run whole suites against the Echo binary run one at a time: each suite writes bursts of thousands
/// of commands, and several at once on a 2-core CI machine measure the machine, not the adapter.
/// </summary>
[CollectionDefinition("echo suites", DisableParallelization = true)]
public sealed class EchoSuites;

/// <summary>Adapters that behave pass every check.</summary>
[Collection("echo suites")]
public sealed class WellBehavedAdapterTests
{
    [Fact]
    public async Task The_native_echo_sample_passes_everything_and_each_pass_carries_the_frames_that_prove_it()
    {
        var report = await ConformanceRunner.RunAsync(await Adapters.EchoAsync());

        Assert.True(report.Passed, ReportWriter.Table(report, color: false));
        // Robustness may WARN about a stdin stall over 2 s, which a loaded machine can cause; everything else passes.
        Assert.All(report.Checks.Where(c => c.Name != "robustness"), c => Assert.True(c.Status is CheckStatus.Pass or CheckStatus.Skip, c.Name + ": " + c.Summary));
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "echo profile").Status);

        var shutdown = Adapters.Check(report, "shutdown").Evidence;
        Assert.Contains(shutdown, e => e.Contains("daemon  → {\"method\":\"shutdown\"}"));
        Assert.Contains(shutdown, e => e.EndsWith("exited with code 0", StringComparison.Ordinal));
        var eof = Adapters.Check(report, "stdin EOF").Evidence;
        Assert.Contains(eof, e => e.EndsWith("close stdin", StringComparison.Ordinal));
        Assert.Contains(eof, e => e.EndsWith("exited with code 0", StringComparison.Ordinal));
        var robustness = Adapters.Check(report, "robustness").Evidence;
        Assert.Contains(robustness, e => e.Contains("adapter →") && e.Contains("\"method\":\"error\""));
        Assert.Contains(robustness, e => e.Contains("adapter →") && e.Contains("probe-after-faults"));
        Assert.Contains(Adapters.Check(report, "commands before ready_ack").Evidence, e => e.Contains("daemon  →") && e.Contains("before-ready"));
        Assert.Contains(Adapters.Check(report, "echo profile").Evidence, e => e.Contains("adapter →") && e.Contains("round-trip"));
        Assert.Contains(Adapters.Check(report, "startup").Evidence, e => e.Contains("\"method\":\"ready\""));
        Assert.Matches(@"^all \d+ stdout lines of \d+ sessions", Adapters.Check(report, "stdout frames").Summary);
        Assert.DoesNotContain(report.Checks.SelectMany(c => c.Evidence), e => e.Contains("stderr  :"));
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
        // Named either as the input it died after, or, when the death outlasted the drain, among the inputs so far.
        Assert.Matches(@"exited \(code 1\) after (unknown method|.*inputs written so far: unknown method)", robustness.Summary);
        Assert.Contains(robustness.Evidence, e => e.Contains("daemon  → <unknown method>"));
        Assert.Contains(robustness.Evidence, e => e.EndsWith("exited with code 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_adapter_that_exits_right_after_ready_fails_startup_and_the_report_is_still_written()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("ready-then-exit"));

        Assert.False(report.Passed);
        var startup = Adapters.Check(report, "startup");
        Assert.Equal(CheckStatus.Fail, startup.Status);
        Assert.Contains("exited (code 3)", startup.Summary);
        Assert.Equal(CheckStatus.Skip, Adapters.Check(report, "shutdown").Status);
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "stdout frames").Status);
    }

    [Fact]
    public async Task An_adapter_that_never_goes_quiet_fails_startup_and_does_not_hang_the_run()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("chatty")).WaitAsync(TimeSpan.FromMinutes(2));

        var startup = Adapters.Check(report, "startup");
        Assert.Equal(CheckStatus.Fail, startup.Status);
        Assert.Contains("re-announced", startup.Summary);
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
        Assert.Contains(robustness.Evidence, e => e.Contains("daemon  →"));
    }

    [Fact]
    public async Task An_adapter_whose_log_waits_behind_a_blocked_stdout_fails_only_the_stalled_stdout_check()
    {
        var report = await ConformanceRunner.RunAsync(Adapters.Broken("log-under-stdout-lock"));

        var stalled = Adapters.Check(report, "stalled stdout + log");
        Assert.Equal(CheckStatus.Fail, stalled.Status);
        Assert.Contains("stdin stopped draining", stalled.Summary);
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "robustness").Status);
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

/// <summary>The runner as a Native AOT binary: what CI and operators run without a .NET SDK.</summary>
[Collection("echo suites")]
public sealed class NativeRunnerTests
{
    [Fact]
    public async Task The_native_runner_passes_the_native_echo_and_reports_json_with_exit_code_0()
    {
        var (exitCode, stdout, stderr) = await RunAsync("--json", "--profile", "echo", "--", await PublishedBinary.EchoAsync());

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("pass", checks["echo profile"].GetProperty("status").GetString());
        Assert.NotEqual(0, checks["shutdown"].GetProperty("evidence").GetArrayLength());
    }

    [Fact]
    public async Task The_runner_packs_as_a_dotnet_tool_that_installs_and_checks_an_adapter()
    {
        var work = Directory.CreateTempSubdirectory("librefang-tool-").FullName;
        try
        {
            var root = PublishedBinary.RepositoryRoot;
            // A version no NuGet cache has seen, so the install takes exactly what was just packed.
            var version = "0.1.0-tooltest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
            // This test project references the runner, so its Release build is as new as this test's own build.
            var built = File.Exists(Path.Combine(root, "conformance", "LibreFang.Sidecar.Conformance", "bin", "Release", "net10.0", "librefang-sidecar-conformance.dll"));
            await RunToolAsync(root, "dotnet", "pack", "conformance/LibreFang.Sidecar.Conformance", "-c", "Release", "-o", Path.Combine(work, "feed"),
                $"-p:Version={version}", built ? "--no-build" : "-nologo");
            await RunToolAsync(work, "dotnet", "tool", "install", "LibreFang.Sidecar.Conformance", "--version", version,
                "--tool-path", Path.Combine(work, "tools"), "--add-source", Path.Combine(work, "feed"));

            var (exitCode, stdout, stderr) = await RunToolAsync(work, Path.Combine(work, "tools", "librefang-sidecar-conformance"),
                "--no-color", "--", await PublishedBinary.EchoAsync());

            Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
            Assert.Contains("all required checks passed", stdout);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments) =>
        await RunToolAsync(PublishedBinary.RepositoryRoot, await PublishedBinary.ConformanceRunnerAsync(), arguments);

    // Runs a command to the end; a setup step (pack, install) that fails stops the test with its output.
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToolAsync(string directory, string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{fileName} {string.Join(' ', arguments)}` did not finish within 3 minutes");
        }
        if (fileName == "dotnet" && process.ExitCode != 0)
        {
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` exited {process.ExitCode}\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The native runner against a broken adapter: outside the Echo collection, since it needs no Echo.</summary>
public sealed class NativeRunnerFailureTests
{
    [Fact]
    public async Task The_native_runner_exits_1_and_names_the_fault_of_a_broken_adapter()
    {
        var (exitCode, stdout, _) = await NativeRunnerTests.RunAsync("--no-color", "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "BrokenAdapters.dll"),
            "--mode", "ignore-shutdown");

        Assert.Equal(1, exitCode);
        Assert.Matches(@"FAIL  shutdown +still running", stdout);
        Assert.Contains("check(s) failed", stdout);
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
