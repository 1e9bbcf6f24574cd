using LibreFang.Sidecar;
using LibreFang.Sidecar.Testing;
using MyAdapter;

namespace MyAdapter.Tests;

/// <summary>Drives the adapter in-process, the way the LibreFang supervisor drives the binary.</summary>
public sealed class AdapterTests
{
    private static readonly Dictionary<string, string> Settings = new() { ["MYPLATFORM_TOKEN"] = "test-token" };

    [Fact]
    public async Task Describe_prints_the_schema()
    {
        var schema = await SidecarTestHost<PlatformAdapter>.DescribeAsync();

        Assert.Equal("myplatform", schema.Name);
    }

    [Fact]
    public async Task A_send_is_delivered_and_shutdown_exits_0()
    {
        await using var host = SidecarTestHost<PlatformAdapter>.Start(Settings);
        await host.NextAsync<ReadyEvent>();

        await host.SendAsync("hi", "general");

        var message = await host.NextAsync<MessageEvent>();
        Assert.Equal(("hi", "general"), (message.Text, message.ChannelId));
        Assert.Equal(0, await host.StopAsync());
        host.AssertNoErrors();
    }

    [Fact]
    public async Task A_platform_message_reaches_LibreFang()
    {
        await using var host = SidecarTestHost<PlatformAdapter>.Start(Settings);
        var adapter = await host.Adapter;

        await adapter.Inbox.Writer.WriteAsync(new PlatformMessage("m1", "general", "u1", "Ann", "hello"));

        var message = await host.NextAsync<MessageEvent>();
        Assert.Equal(("hello", "u1", "m1"), (message.Text, message.UserId, message.MessageId));
    }

    [Fact]
    public async Task A_missing_token_is_reported_and_exits_2()
    {
        await using var host = SidecarTestHost<PlatformAdapter>.Start(new Dictionary<string, string>());

        await host.ExpectErrorAsync("MYPLATFORM_TOKEN");
        await host.AssertExitCodeAsync(2);
    }
}
