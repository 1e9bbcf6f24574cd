using LibreFang.Sidecar.Testing;

namespace LibreFang.Sidecar.Host.Tests;

/// <summary>
/// The test kit (LibreFang.Sidecar.Testing) against the hand-written test adapter: in-process and as a child process,
/// through the same typed API, and the failure messages a user reads when an expectation is not met.
/// </summary>
public sealed class TestKitTests
{
    private static readonly Dictionary<string, string> Token = new() { ["TEST_TOKEN"] = "t0ken" };

    [Fact]
    public async Task In_process_a_send_comes_back_as_a_typed_message()
    {
        await using var host = SidecarTestHost<TestAdapter>.Start(Token);

        await host.SendAsync("hi", "general");

        var message = await host.NextAsync<MessageEvent>();
        Assert.Equal(("hi", "general", "1"), (message.Text, message.ChannelId, message.MessageId));
        Assert.Equal(0, await host.StopAsync());
        host.AssertNoErrors();
    }

    [Fact]
    public async Task In_process_the_ready_cadence_follows_the_fake_clock()
    {
        await using var host = SidecarTestHost<TestAdapter>.Start(Token);
        await host.NextAsync<ReadyEvent>();
        // Real time passing does not re-announce: only the fake clock does.
        await Assert.ThrowsAsync<SidecarTestException>(() => host.NextAsync<ReadyEvent>(timeout: TimeSpan.FromMilliseconds(300)));

        // The session arms its timer after writing ready; advance until it has (a bounded number of times).
        ReadyEvent? again = null;
        for (var attempt = 0; again is null && attempt < 50; attempt++)
        {
            host.Time.Advance(host.Options.ReadyInterval);
            try
            {
                again = await host.NextAsync<ReadyEvent>(timeout: TimeSpan.FromMilliseconds(100));
            }
            catch (SidecarTestException)
            {
            }
        }

        Assert.NotNull(again);
    }

    [Fact]
    public async Task In_process_a_failing_handler_is_an_error_event_and_the_session_keeps_serving()
    {
        await using var host = SidecarTestHost<TestAdapter>.Start(Token);

        await host.SendAsync("throw");
        await host.ExpectErrorAsync("handler failed on purpose");
        await host.SendAsync("still here");

        Assert.Equal("still here", (await host.NextAsync<MessageEvent>()).Text);
        Assert.Throws<SidecarTestException>(host.AssertNoErrors);
    }

    [Fact]
    public async Task In_process_a_configuration_problem_is_an_error_and_exit_2()
    {
        await using var host = SidecarTestHost<TestAdapter>.Start(new Dictionary<string, string> { ["TEST_PRODUCER"] = "loud" });

        var error = await host.ExpectErrorAsync("TEST_TOKEN is required");

        Assert.Contains("TEST_PRODUCER must be one of", error.Message);
        await host.AssertExitCodeAsync(2);
        await Assert.ThrowsAsync<SidecarTestException>(() => host.Adapter);
    }

    [Fact]
    public async Task A_read_that_times_out_names_what_it_waited_for_and_lists_the_events_seen()
    {
        await using var host = SidecarTestHost<TestAdapter>.Start(Token);
        await host.SendAsync("first");
        await host.NextAsync<MessageEvent>();

        var failure = await Assert.ThrowsAsync<SidecarTestException>(() => host.NextAsync<TypingEvent>(timeout: TimeSpan.FromMilliseconds(200)));

        Assert.StartsWith("no TypingEvent within 0.2 s.", failure.Message);
        Assert.Contains("events seen so far (2):", failure.Message);
        Assert.Contains("\"text\":\"first\"", failure.Message);
    }

    [Fact]
    public async Task A_wrong_exit_code_fails_with_both_codes()
    {
        await using var host = SidecarTestHost<TestAdapter>.Start(Token);
        await host.ShutdownAsync();

        var failure = await Assert.ThrowsAsync<SidecarTestException>(() => host.AssertExitCodeAsync(2));

        Assert.StartsWith("expected exit code 2, got 0", failure.Message);
    }

    [Fact]
    public async Task As_a_process_the_same_api_drives_the_binary_over_real_pipes()
    {
        await using var adapter = SidecarProcessHost.Start(AdapterProcess.TestAdapterPath, new Dictionary<string, string> { ["TEST_TOKEN"] = "t0ken", ["TEST_PRODUCER"] = "hello" });

        Assert.Equal("hello from the platform", (await adapter.NextAsync<MessageEvent>(m => m.MessageId == "p1")).Text);
        await adapter.AckReadyAsync();
        await adapter.TypingAsync("general");
        await adapter.SendAsync("over the pipe", "general");

        Assert.Equal("over the pipe", (await adapter.NextAsync<MessageEvent>(m => m.MessageId == "1", TimeSpan.FromSeconds(30))).Text);
        Assert.Equal(0, await adapter.StopAsync(TimeSpan.FromSeconds(30)));
        adapter.AssertNoErrors();
    }

    [Fact]
    public async Task As_a_process_a_crashing_producer_is_an_error_and_exit_1()
    {
        await using var adapter = SidecarProcessHost.Start(AdapterProcess.TestAdapterPath, new Dictionary<string, string> { ["TEST_TOKEN"] = "t0ken", ["TEST_PRODUCER"] = "throw" });

        await adapter.ExpectErrorAsync(timeout: TimeSpan.FromSeconds(30));

        await adapter.AssertExitCodeAsync(1, TimeSpan.FromSeconds(30));
    }
}
