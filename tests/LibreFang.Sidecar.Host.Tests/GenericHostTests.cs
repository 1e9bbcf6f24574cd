using LibreFang.Sidecar.Testing;

namespace LibreFang.Sidecar.Host.Tests;

/// <summary>
/// An adapter under the generic host (LibreFang.Sidecar.Hosting, the EchoHosted sample) keeps the sidecar contract:
/// configuration from the environment, only protocol lines on stdout, options validation as exit 2.
/// </summary>
public sealed class GenericHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string EchoHostedPath => Path.Combine(AppContext.BaseDirectory, "librefang-echo-hosted.dll");

    [Fact]
    public async Task A_send_is_answered_with_configuration_from_the_environment_and_shutdown_exits_0()
    {
        await using var adapter = SidecarProcessHost.Start(EchoHostedPath, new Dictionary<string, string> { ["ECHO_GREETING"] = "yo", ["ECHO_MAX_LENGTH"] = "5" });
        await adapter.NextAsync<ReadyEvent>(timeout: Patience);
        await adapter.AckReadyAsync();

        await adapter.SendAsync("hello world", "general");

        var answer = await adapter.NextAsync<MessageEvent>(timeout: Patience);
        Assert.Equal(("yo hello", "general"), (answer.Text, answer.ChannelId));
        Assert.Equal(0, await adapter.StopAsync(Patience));
        // Nothing but events on stdout: no console logger, no host status lines.
        adapter.AssertNoErrors();
        Assert.Empty(await adapter.RemainingAsync(Patience));
    }

    [Fact]
    public async Task Options_that_fail_validation_at_start_are_one_error_event_and_exit_2()
    {
        await using var adapter = SidecarProcessHost.Start(EchoHostedPath, new Dictionary<string, string> { ["ECHO_MAX_LENGTH"] = "lots" });

        await adapter.ExpectErrorAsync("ECHO_MAX_LENGTH must be a whole number", Patience);

        await adapter.AssertExitCodeAsync(2, Patience);
        Assert.Empty(await adapter.RemainingAsync(Patience));
    }
}
