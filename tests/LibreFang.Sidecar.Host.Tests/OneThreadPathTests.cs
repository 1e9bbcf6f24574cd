using System.Diagnostics;
using System.Text;

namespace LibreFang.Sidecar.Host.Tests;

/// <summary>
/// The reader runs a handler itself when nothing else is being handled, and the emitting thread writes an event itself
/// when the writer is idle. These pin the promises that shortcut must keep: stdin is drained even while a handler blocks
/// the reader's thread, answers keep their order across the shortcut and the queued path, and the non-blocking pipe
/// end the shortcut writes through is the adapter's own, not the one it shares with whoever started it.
/// </summary>
[Collection(nameof(HardeningTests))]
public sealed class OneThreadPathTests
{
    private const string Ack = """{"method":"ready_ack"}""";
    private const string Shutdown = """{"method":"shutdown"}""";

    [Fact]
    public async Task A_handler_blocking_the_readers_thread_does_not_stop_stdin_from_being_drained_and_answers_keep_their_order()
    {
        const int behind = 2_000; // about 250 KiB of commands: four times what a pipe holds
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(Ack);
        await adapter.WriteLineAsync(AdapterProcess.Send("sleep"));

        var lines = new StringBuilder();
        for (var i = 0; i < behind; i++)
        {
            lines.Append(AdapterProcess.Send("behind " + i)).Append('\n');
        }
        var clock = Stopwatch.StartNew();
        await adapter.WriteLineAsync(lines.ToString().TrimEnd('\n'));
        clock.Stop();

        // The sleeping handler holds its thread for 3 s; all of it was read long before that.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"writing the commands took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("sleep", Text(await adapter.NextEventAsync("message")));
        for (var i = 0; i < behind; i++)
        {
            Assert.Equal("behind " + i, Text(await adapter.NextEventAsync("message")));
        }
        await adapter.WriteLineAsync(Shutdown);
        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task An_answer_collected_in_a_batch_is_written_without_waiting_for_a_handler_that_blocks_after_it()
    {
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(Ack);

        // One write, so the reader holds all three at once and batches the answers.
        await adapter.WriteLineAsync(AdapterProcess.Send("first") + "\n" + AdapterProcess.Send("sleep") + "\n" + AdapterProcess.Send("third"));
        var clock = Stopwatch.StartNew();
        var first = Text(await adapter.NextEventAsync("message"));
        clock.Stop();

        Assert.Equal("first", first);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the first answer came after {clock.Elapsed.TotalMilliseconds:F0} ms, with the 3 s handler");
        Assert.Equal("sleep", Text(await adapter.NextEventAsync("message")));
        Assert.Equal("third", Text(await adapter.NextEventAsync("message")));
        await adapter.WriteLineAsync(Shutdown);
        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task Answers_stay_in_order_when_handlers_that_go_asynchronous_are_mixed_with_ones_that_answer_at_once()
    {
        // Read in large chunks, so the reader batches answers while asynchronous handlers' answers, and those of the
        // commands queued behind them, are emitted from the thread pool.
        const int groups = 2_000;
        await using var adapter = AdapterProcess.StartTestAdapter();
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(Ack);
        var lines = new StringBuilder();
        var expected = new List<string>();
        for (var i = 0; i < groups; i++)
        {
            foreach (var text in (string[])[$"yield {i}", $"at once {i}.1", $"at once {i}.2", $"at once {i}.3"])
            {
                lines.Append(AdapterProcess.Send(text)).Append('\n');
                expected.Add(text);
            }
        }
        await adapter.WriteLineAsync(lines.ToString().TrimEnd('\n'));

        foreach (var text in expected)
        {
            Assert.Equal(text, Text(await adapter.NextEventAsync("message")));
        }
        await adapter.WriteLineAsync(Shutdown);
        Assert.Equal(0, await adapter.WaitForExitAsync());
    }

    [Fact]
    public async Task The_inherited_stdout_pipe_end_is_left_in_blocking_mode_for_the_processes_sharing_it()
    {
        // The shell shares its fd 1 (one open file description) with the adapter it starts; after the adapter exits it
        // reports that description's flags (read in a command substitution: dash applies a command's own redirections
        // in the shell itself). O_NONBLOCK there would make the shell's own later writes fail with EAGAIN.
        await using var adapter = AdapterProcess.Start("sh",
            ["-c", "\"$0\" \"$1\"; flags=$(grep '^flags' /proc/$$/fdinfo/1); echo \"$flags\" >&2", "dotnet", AdapterProcess.TestAdapterPath],
            new Dictionary<string, string?> { ["TEST_TOKEN"] = "t0ken" });
        await adapter.NextEventAsync("ready");
        await adapter.WriteLineAsync(Ack);
        await adapter.WriteLineAsync(AdapterProcess.Send("hello"));
        Assert.Equal("hello", Text(await adapter.NextEventAsync("message")));
        await adapter.WriteLineAsync(Shutdown);

        Assert.Equal(0, await adapter.WaitForExitAsync());
        var flags = Assert.Single(await adapter.StderrToEndAsync(), line => line.StartsWith("flags:", StringComparison.Ordinal));
        const int nonBlocking = 0x800; // O_NONBLOCK on Linux
        Assert.Equal(0, Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & nonBlocking);
    }

    private static string? Text(System.Text.Json.JsonElement message) => message.GetProperty("params").GetProperty("text").GetString();
}
