using System.Diagnostics;
using System.Text.Json;

namespace LibreFang.Sidecar.Host.Tests;

/// <summary>The host as a real child process over real pipes.</summary>
public sealed class ProcessTests
{
    private const string Ack = """{"method":"ready_ack"}""";
    private const string Shutdown = """{"method":"shutdown"}""";

    [Fact]
    public async Task Shutdown_exits_0_after_every_event_emitted_before_it_was_read()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        Assert.Equal("ready", Method(await adapter.NextEventAsync()));
        await adapter.WriteLineAsync(Ack);
        for (var i = 0; i < 500; i++)
        {
            await adapter.WriteLineAsync(AdapterProcess.Send("m" + i));
        }

        await adapter.WriteLineAsync(Shutdown);

        Assert.Equal(0, await adapter.WaitForExitAsync());
        var texts = (await adapter.RemainingLinesAsync()).Select(Parse).Where(e => Method(e) == "message")
            .Select(e => e.GetProperty("params").GetProperty("text").GetString());
        Assert.Equal(Enumerable.Range(0, 500).Select(i => "m" + i), texts);
    }

    [Fact]
    public async Task Stdin_eof_exits_0()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");

        adapter.CloseStdin();

        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task A_handler_blocked_for_10_s_does_not_keep_shutdown_from_ending_the_process_within_1_s()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(AdapterProcess.Send("block"));
        await Task.Delay(300);

        var clock = Stopwatch.StartNew();
        await adapter.WriteLineAsync(Shutdown);
        var code = await adapter.WaitForExitAsync();
        clock.Stop();

        Assert.Equal(0, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"shutdown took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_flood_of_100_000_sends_is_answered_completely_in_order_and_stdin_never_blocks()
    {
        const int count = 100_000;
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(Ack);

        var answers = Task.Run(async () =>
        {
            var next = 0;
            while (next < count)
            {
                var frame = await adapter.NextEventAsync();
                if (Method(frame) != "message")
                {
                    continue;
                }
                var text = frame.GetProperty("params").GetProperty("text").GetString();
                Assert.Equal("f" + next, text);
                next++;
            }
            return next;
        });

        var slowest = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await adapter.WriteLineAsync(AdapterProcess.Send("f" + i));
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }

        Assert.Equal(count, await answers.WaitAsync(TimeSpan.FromSeconds(120)));
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"a stdin write blocked for {slowest.TotalMilliseconds:F0} ms");
        await adapter.WriteLineAsync(Shutdown);
        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task A_parent_that_stops_reading_stdout_for_5_s_loses_nothing_and_can_keep_writing()
    {
        const int count = 20_000;
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(Ack);

        adapter.PauseReading();
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await adapter.WriteLineAsync(AdapterProcess.Send("p" + i));
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(5));
        // The adapter's stdout is full, yet it kept draining stdin: every command could be written.
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        adapter.ResumeReading();

        for (var i = 0; i < count; i++)
        {
            var frame = await adapter.NextEventAsync("message");
            Assert.Equal("p" + i, frame.GetProperty("params").GetProperty("text").GetString());
        }
        await adapter.WriteLineAsync(Shutdown);
        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task A_producer_crash_emits_an_error_event_then_exits_1()
    {
        await using var adapter = AdapterProcess.StartTestAdapter(new Dictionary<string, string?> { ["TEST_TOKEN"] = "x", ["TEST_PRODUCER"] = "throw" });

        var error = await adapter.NextEventAsync("error");

        Assert.Contains("platform login rejected", error.GetProperty("params").GetProperty("message").GetString());
        Assert.Equal(1, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task Missing_required_configuration_emits_an_error_naming_the_key_and_exits_2()
    {
        await using var adapter = AdapterProcess.StartTestAdapter(new Dictionary<string, string?> { ["TEST_TOKEN"] = null, ["TEST_PRODUCER"] = "sometimes" });

        var error = await adapter.NextEventAsync();

        Assert.Equal("error", Method(error));
        var message = error.GetProperty("params").GetProperty("message").GetString()!;
        Assert.Contains("TEST_TOKEN", message);
        Assert.Contains("TEST_PRODUCER", message);
        Assert.Equal(2, await adapter.WaitForExitAsync());
        Assert.Contains(adapter.Stderr, line => line.Contains("TEST_TOKEN"));
    }

    [Fact]
    public async Task Describe_with_stdin_at_dev_null_prints_one_json_object_and_exits_0_without_configuration()
    {
        await using var adapter = AdapterProcess.Start("dotnet", [AdapterProcess.TestAdapterPath, "--describe"],
            new Dictionary<string, string?> { ["TEST_TOKEN"] = null }, stdinFromDevNull: true);

        var code = await adapter.WaitForExitAsync(TimeSpan.FromSeconds(5));
        var lines = await adapter.RemainingLinesAsync();

        Assert.Equal(0, code);
        var schema = Parse(Assert.Single(lines, l => l.Trim().Length > 0));
        Assert.Equal("test-adapter", schema.GetProperty("name").GetString());
        Assert.Equal("TEST_TOKEN", schema.GetProperty("fields")[0].GetProperty("key").GetString());
        Assert.Equal("secret", schema.GetProperty("fields")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Console_output_from_adapter_code_goes_to_stderr_not_into_the_protocol()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");

        await adapter.WriteLineAsync(AdapterProcess.Send("stdout"));
        await adapter.WriteLineAsync(AdapterProcess.Send("after"));
        await adapter.NextEventAsync("message");
        await adapter.WriteLineAsync(Shutdown);

        Assert.Equal(0, await adapter.WaitForExitAsync());
        foreach (var line in await adapter.RemainingLinesAsync())
        {
            Parse(line);
        }
        Assert.Contains(adapter.Stderr, line => line.Contains("a stray line that must not reach the protocol"));
    }

    [Fact]
    public async Task Sigterm_ends_the_session_cleanly()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");

        Process.Start("kill", ["-TERM", adapter.ProcessId.ToString()]).WaitForExit();

        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    private static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private static string Method(JsonElement frame) => frame.GetProperty("method").GetString()!;
}
