using System.Diagnostics;
using System.Text.Json;
using LibreFang.Sidecar.Testing;

namespace LibreFang.Sidecar.Host.Tests;

/// <summary>
/// The published Echo (and, where a defect needs adapter code, the test adapter) against a hostile or stalled daemon:
/// bad bytes, a stdout or stderr nobody reads, a closed pipe, signals mid-flight, writes that bypass .NET's console.
/// </summary>
[Collection(nameof(HardeningTests))] // several of these fill pipes on purpose; timing bounds need the machine to themselves
public sealed class HardeningTests
{
    private const string Ack = """{"method":"ready_ack"}""";
    private const string Shutdown = """{"method":"shutdown"}""";
    private const string BadLine = """{"method":"send",}""";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private static async Task<AdapterProcess> StartEchoAsync(bool readStdout = true) =>
        AdapterProcess.Start(await PublishedBinary.EchoAsync(), [], new Dictionary<string, string?>(), readStdout: readStdout);

    [Fact]
    public async Task A_lone_surrogate_escape_gets_one_error_event_naming_the_field_and_the_session_keeps_serving()
    {
        await using var echo = await StartEchoAsync();
        await echo.NextEventAsync("ready");
        await echo.WriteLineAsync(Ack);

        await echo.WriteLineAsync("""{"method":"typing","params":{"channel_id":"\ud800"}}""");
        await echo.WriteLineAsync(AdapterProcess.Send("after"));

        var error = await echo.NextEventAsync();
        Assert.Equal("error", Method(error));
        Assert.Contains("params.channel_id", Message(error));
        var answer = await echo.NextEventAsync();
        Assert.Equal("you said: after", answer.GetProperty("params").GetProperty("text").GetString());
        await echo.WriteLineAsync(Shutdown);
        Assert.Equal(0, await echo.WaitForExitAsync());
        Assert.DoesNotContain(await echo.RemainingLinesAsync(), line => line.Contains("\"error\""));
    }

    [Fact]
    public async Task Error_events_and_log_lines_read_as_english_in_a_published_binary()
    {
        await using var echo = await StartEchoAsync();
        await echo.NextEventAsync("ready");

        await echo.WriteLineAsync(BadLine);
        var error = await echo.NextEventAsync("error");
        await echo.WriteLineAsync(Shutdown);
        await echo.WaitForExitAsync();

        Assert.Equal("invalid JSON: unexpected '}' at byte 17", Message(error));
        var logged = Assert.Single(await echo.StderrToEndAsync(), line => line.Contains("rejected a command line"));
        Assert.Contains("invalid JSON: unexpected '}' at byte 17", logged);
    }

    [Fact]
    public async Task With_stdout_unread_a_logged_bad_line_never_stalls_stdin_and_nothing_is_lost()
    {
        await using var echo = await StartEchoAsync();
        await echo.NextEventAsync("ready");
        await echo.WriteLineAsync(Ack);

        echo.PauseReading();
        var slowest = await WriteSendsTimedAsync(echo, 50_000, badLineEvery: 5_000, pauseAfter: DrainTimeout, resume: echo.ResumeReading);

        await AssertEveryAnswerInOrderAsync(echo, 50_000, expectedErrors: 10);
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"a stdin write blocked for {slowest.TotalMilliseconds:F0} ms");
        await echo.WriteLineAsync(Shutdown);
        Assert.Equal(0, await echo.WaitForExitAsync());
    }

    [Fact]
    public async Task With_stderr_unread_log_lines_are_dropped_and_counted_and_stdin_never_stalls()
    {
        await using var echo = await StartEchoAsync();
        await echo.NextEventAsync("ready");
        await echo.WriteLineAsync(Ack);

        echo.PauseStderr();
        // A bad line after every send: the log lines of the first seconds alone outgrow the stderr pipe and the sink's
        // 1 MiB queue together.
        var slowest = await WriteSendsTimedAsync(echo, 50_000, badLineEvery: 1, pauseAfter: DrainTimeout, resume: echo.ResumeStderr);

        await AssertEveryAnswerInOrderAsync(echo, 50_000, expectedErrors: 50_000);
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"a stdin write blocked for {slowest.TotalMilliseconds:F0} ms");
        await echo.WriteLineAsync(Shutdown);
        Assert.Equal(0, await echo.WaitForExitAsync());
        var notice = Assert.Single(await echo.StderrToEndAsync(), line => line.Contains("log lines were dropped"));
        Assert.True(JsonDocument.Parse(notice).RootElement.GetProperty("fields").GetProperty("dropped_lines").GetInt64() > 0);
    }

    [Theory]
    [InlineData("shutdown")]
    [InlineData("TERM")]
    public async Task A_stop_while_stdout_is_unread_ends_within_the_drain_bound_and_counts_what_was_not_written(string stop)
    {
        await using var echo = await StartEchoAsync();
        await echo.NextEventAsync("ready");
        await echo.WriteLineAsync(Ack);
        echo.PauseReading();
        var text = new string('x', 2_000);
        for (var i = 0; i < 2_000; i++)
        {
            await echo.WriteLineAsync(AdapterProcess.Send(text));
        }
        await Task.Delay(500); // the answers fill the pipe, then the queue

        var clock = Stopwatch.StartNew();
        if (stop == "shutdown")
        {
            await echo.WriteLineAsync(Shutdown);
        }
        else
        {
            echo.Signal(stop);
        }
        var code = await echo.WaitForExitAsync(DrainTimeout * 2);
        clock.Stop();

        Assert.True(clock.Elapsed < DrainTimeout + TimeSpan.FromSeconds(1), $"the stop took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(1, code);
        var report = Assert.Single(await echo.StderrToEndAsync(), line => line.Contains("unwritten_events"));
        Assert.True(JsonDocument.Parse(report).RootElement.GetProperty("fields").GetProperty("unwritten_events").GetInt64() > 0);
    }

    [Fact]
    public async Task A_closed_stdout_is_noticed_on_the_first_failed_write_and_exits_1_within_1_s()
    {
        await using var echo = await StartEchoAsync(readStdout: false);
        await Task.Delay(300); // ready is in the pipe
        echo.CloseStdout();

        var clock = Stopwatch.StartNew();
        await echo.WriteLineAsync(AdapterProcess.Send("into a closed pipe"));
        var code = await echo.WaitForExitAsync(TimeSpan.FromSeconds(5));
        clock.Stop();

        Assert.Equal(1, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"exit came {clock.Elapsed.TotalMilliseconds:F0} ms after the write");
        Assert.Contains(await echo.StderrToEndAsync(), line => line.Contains("writing stdout failed"));
    }

    [Fact]
    public async Task A_handler_that_ignores_cancellation_leaves_the_commands_behind_it_counted_on_stderr()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(AdapterProcess.Send("block"));
        for (var i = 0; i < 3; i++)
        {
            await adapter.WriteLineAsync(AdapterProcess.Send("queued" + i));
        }
        await Task.Delay(300);

        await adapter.WriteLineAsync(Shutdown);

        Assert.Equal(0, await adapter.WaitForExitAsync());
        var warning = Assert.Single(await adapter.StderrToEndAsync(), line => line.Contains("unhandled_commands"));
        Assert.Equal(3, JsonDocument.Parse(warning).RootElement.GetProperty("fields").GetProperty("unhandled_commands").GetInt64());
    }

    [Theory]
    [InlineData("native-stdout", "native code printed this")]
    [InlineData("raw-stdout", "the raw stdout stream got this")]
    [InlineData("child-stdout", "a child process printed this")]
    public async Task Writes_to_fd_1_from_outside_the_host_land_on_stderr_and_the_protocol_stays_pure(string trigger, string stray)
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");

        await adapter.WriteLineAsync(AdapterProcess.Send(trigger));
        await adapter.WriteLineAsync(AdapterProcess.Send("after"));
        var answer = await adapter.NextEventAsync("message");
        await adapter.WriteLineAsync(Shutdown);

        Assert.Equal(0, await adapter.WaitForExitAsync());
        Assert.Equal("after", answer.GetProperty("params").GetProperty("text").GetString());
        foreach (var line in await adapter.RemainingLinesAsync())
        {
            Assert.DoesNotContain(stray, line);
            using var _ = JsonDocument.Parse(line);
        }
        Assert.Contains(adapter.Stderr, line => line.Contains(stray));
    }

    [Fact]
    public async Task A_child_process_cannot_swallow_the_daemons_commands()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");

        await adapter.WriteLineAsync(AdapterProcess.Send("child-stdin"));
        await Task.Delay(200);
        await adapter.WriteLineAsync(AdapterProcess.Send("after"));

        var answer = await adapter.NextEventAsync();
        Assert.Equal("message", Method(answer));
        Assert.Equal("after", answer.GetProperty("params").GetProperty("text").GetString());
        await adapter.WriteLineAsync(Shutdown);
        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task A_16_MiB_send_is_answered_completely_while_the_session_stays_responsive()
    {
        await using var echo = await StartEchoAsync();
        await echo.NextEventAsync("ready");
        await echo.WriteLineAsync(Ack);

        // Splitting used to re-measure the rest of the text for every chunk: 16 MiB took minutes of dispatcher time.
        await echo.WriteLineAsync(AdapterProcess.Send(new string('a', 16 * 1024 * 1024)));
        await echo.WriteLineAsync(AdapterProcess.Send("after"));

        var chunks = 0;
        for (var text = ""; text != "you said: after"; chunks++)
        {
            text = (await echo.NextEventAsync("message", TimeSpan.FromSeconds(30))).GetProperty("params").GetProperty("text").GetString()!;
        }
        Assert.Equal(4097 + 1, chunks); // "you said: " plus 16 MiB in 4 096-character chunks, then the probe
    }

    [Fact]
    public async Task Memory_taken_by_a_16_MiB_line_is_handed_back_once_the_session_is_idle()
    {
        await using var echo = await StartEchoAsync();
        await echo.NextEventAsync("ready");
        await echo.WriteLineAsync(Ack);

        await echo.WriteLineAsync(new string('x', 16 * 1024 * 1024));
        await echo.NextEventAsync("error");
        var peak = Status(echo.ProcessId, "VmHWM:");

        var resident = long.MaxValue;
        for (var waited = 0; waited < 50 && resident >= 32 * 1024; waited++)
        {
            await Task.Delay(100);
            resident = Status(echo.ProcessId, "VmRSS:");
        }
        Assert.True(peak > 48 * 1024, $"the line did not take the memory this test expects (peak {peak} KiB)");
        Assert.True(resident < 32 * 1024, $"still {resident / 1024} MiB resident 5 s after the line (peak {peak / 1024} MiB)");
    }

    private static long Status(int pid, string key) => long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes <paramref name="count"/> sends (a bad line after every <paramref name="badLineEvery"/>), calls
    /// <paramref name="resume"/> once <paramref name="pauseAfter"/> has passed, and returns the slowest single write.
    /// </summary>
    private static async Task<TimeSpan> WriteSendsTimedAsync(AdapterProcess adapter, int count, int badLineEvery, TimeSpan pauseAfter, Action resume)
    {
        var started = Stopwatch.StartNew();
        var resumed = false;
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await adapter.WriteLineAsync(AdapterProcess.Send("s" + i));
            if ((i + 1) % badLineEvery == 0)
            {
                await adapter.WriteLineAsync(BadLine);
            }
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            if (!resumed && started.Elapsed >= pauseAfter)
            {
                resume();
                resumed = true;
            }
        }
        if (!resumed)
        {
            await Task.Delay(pauseAfter - started.Elapsed);
            resume();
        }
        return slowest;
    }

    private static async Task AssertEveryAnswerInOrderAsync(AdapterProcess adapter, int count, int expectedErrors)
    {
        var errors = 0;
        for (var next = 0; next < count;)
        {
            var frame = await adapter.NextEventAsync();
            if (Method(frame) == "error")
            {
                errors++;
                continue;
            }
            Assert.Equal("message", Method(frame));
            Assert.Equal("you said: s" + next, frame.GetProperty("params").GetProperty("text").GetString());
            next++;
        }
        // Error events may trail the last answer by a frame or two.
        while (errors < expectedErrors)
        {
            Assert.Equal("error", Method(await adapter.NextEventAsync()));
            errors++;
        }
    }

    private static string Method(JsonElement frame) => frame.GetProperty("method").GetString()!;

    private static string Message(JsonElement frame) => frame.GetProperty("params").GetProperty("message").GetString()!;
}
