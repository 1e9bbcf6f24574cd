using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.Irc.Tests.EndToEnd;

/// <summary>
/// The published IRC adapter against a real ngircd, with a second IRC user written in the test, driven through stdin
/// and stdout the way LibreFang's supervisor drives it.
/// </summary>
public sealed class NgircdEndToEndTests
{
    private static Task BotJoinedAsync(IrcTestClient watcher, string channel = "#fang") =>
        watcher.WaitForAsync(line => line.StartsWith(":fang!", StringComparison.Ordinal) && line.Contains(" JOIN ", StringComparison.Ordinal) && line.Contains(channel, StringComparison.Ordinal));

    /// <summary>ngircd, alice in #fang, and the adapter joined there too.</summary>
    private sealed class Scene(NgircdServer server, IrcTestClient alice, AdapterProcess adapter) : IAsyncDisposable
    {
        public IrcTestClient Alice => alice;

        public AdapterProcess Adapter => adapter;

        public static async Task<Scene> StartAsync()
        {
            var server = await NgircdServer.StartAsync();
            IrcTestClient? alice = null;
            AdapterProcess? adapter = null;
            try
            {
                alice = await IrcTestClient.ConnectAsync(server.Port, "alice", "#fang");
                adapter = await AdapterBinary.StartAsync(AdapterBinary.Environment(server.Port));
                await BotJoinedAsync(alice);
                return new Scene(server, alice, adapter);
            }
            catch
            {
                // No ngircd or adapter process may outlive a failed arrange.
                if (adapter is not null)
                {
                    await adapter.DisposeAsync();
                }
                if (alice is not null)
                {
                    await alice.DisposeAsync();
                }
                await server.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await adapter.DisposeAsync();
            await alice.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    private static async Task<JsonElement> NextMessageAsync(AdapterProcess adapter) => (await adapter.NextEventAsync("message")).GetProperty("params");

    [Fact]
    public async Task Messages_flow_both_ways_in_a_channel_and_in_private_including_actions()
    {
        await using var scene = await Scene.StartAsync();
        var (alice, adapter) = (scene.Alice, scene.Adapter);

        await alice.PrivmsgAsync("#fang", "hello agent 👋 ünïcödé");
        var inChannel = await NextMessageAsync(adapter);
        Assert.Equal("alice", inChannel.GetProperty("user_id").GetString());
        Assert.Equal("#fang", inChannel.GetProperty("channel_id").GetString());
        Assert.True(inChannel.GetProperty("is_group").GetBoolean());
        Assert.Equal("hello agent 👋 ünïcödé", inChannel.GetProperty("text").GetString());

        await adapter.WriteLineAsync(AdapterBinary.Send("#fang", "hi alice ✨"));
        var reply = await alice.NextPrivmsgAsync("fang");
        Assert.Equal(("#fang", "hi alice ✨"), (reply.Target, reply.Text));

        await alice.PrivmsgAsync("fang", "a private word");
        var direct = await NextMessageAsync(adapter);
        Assert.Equal("alice", direct.GetProperty("channel_id").GetString());
        Assert.False(direct.TryGetProperty("is_group", out _));
        Assert.NotEqual(inChannel.GetProperty("message_id").GetString(), direct.GetProperty("message_id").GetString());

        await adapter.WriteLineAsync(AdapterBinary.Send("alice", "a private answer"));
        Assert.Equal(("alice", "a private answer"), (await alice.NextPrivmsgAsync("fang")) is var p ? (p.Target, p.Text) : default);

        await alice.PrivmsgAsync("#fang", "\u0001ACTION waves\u0001");
        var action = await NextMessageAsync(adapter);
        Assert.Equal("/me waves", action.GetProperty("text").GetString());
        await adapter.WriteLineAsync(AdapterBinary.Send("#fang", "/me waves back"));
        Assert.Equal("\u0001ACTION waves back\u0001", (await alice.NextPrivmsgAsync("fang")).Text);
    }

    [Fact]
    public async Task A_long_send_arrives_as_several_lines_that_each_fit_512_bytes_with_no_text_lost()
    {
        await using var scene = await Scene.StartAsync();
        var (alice, adapter) = (scene.Alice, scene.Adapter);

        var words = string.Join(' ', Enumerable.Range(0, 160).Select(i => $"wörd{i}-☕"));
        var unbroken = string.Concat(Enumerable.Repeat("é👍🏽", 200));
        await adapter.WriteLineAsync(AdapterBinary.Send("#fang", words + "\n" + unbroken));

        // Lines come at the send rate (a burst, then one a second); a quiet spell of 4 s means the send is complete.
        var received = new List<(string Target, string Text, int Bytes)>();
        while (true)
        {
            try
            {
                received.Add(await alice.NextPrivmsgAsync("fang", TimeSpan.FromSeconds(received.Count == 0 ? 20 : 4)));
            }
            catch (TimeoutException) when (received.Count > 0)
            {
                break;
            }
        }

        Assert.True(received.Count >= 6, $"only {received.Count} lines");
        Assert.All(received, r => Assert.True(r.Bytes <= 512, $"a relayed line of {r.Bytes} bytes"));
        var split = received.FindIndex(r => r.Text.StartsWith('é'));
        Assert.Equal(words, string.Join(' ', received.Take(split).Select(r => r.Text)));
        Assert.Equal(unbroken, string.Concat(received.Skip(split).Select(r => r.Text)));
    }

    [Fact]
    public async Task After_the_server_restarts_the_adapter_reconnects_rejoins_and_carries_messages_again()
    {
        await using var server = await NgircdServer.StartAsync();
        await using (var alice = await IrcTestClient.ConnectAsync(server.Port, "alice", "#fang"))
        {
            await using var adapter = await AdapterBinary.StartAsync(AdapterBinary.Environment(server.Port));
            await BotJoinedAsync(alice);

            await server.RestartAsync();

            await using var again = await IrcTestClient.ConnectAsync(server.Port, "alice", "#fang");
            await BotJoinedAsync(again).WaitAsync(TimeSpan.FromSeconds(30));
            await again.PrivmsgAsync("#fang", "are you back?");
            Assert.Equal("are you back?", (await NextMessageAsync(adapter)).GetProperty("text").GetString());
            await adapter.WriteLineAsync(AdapterBinary.Send("#fang", "I am back"));
            Assert.Equal("I am back", (await again.NextPrivmsgAsync("fang")).Text);
            Assert.False(adapter.HasExited);
            Assert.Contains(adapter.Stderr, line => line.Contains("reconnecting", StringComparison.Ordinal) || line.Contains("closed the connection", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Shutdown_quits_the_server_and_exits_zero_promptly()
    {
        await using var scene = await Scene.StartAsync();
        var (alice, adapter) = (scene.Alice, scene.Adapter);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await adapter.WriteLineAsync("""{"method":"shutdown"}""");

        Assert.Equal(0, await adapter.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"exit took {started.Elapsed.TotalMilliseconds:0} ms");
        var quit = await alice.WaitForAsync(line => line.StartsWith(":fang!", StringComparison.Ordinal) && line.Contains(" QUIT ", StringComparison.Ordinal));
        Assert.Contains("LibreFang adapter stopping", quit);
    }

    [Fact]
    public async Task Tls_with_a_self_signed_certificate_connects_only_when_allowed()
    {
        await using var server = await NgircdServer.StartAsync(tls: true);
        await using var alice = await IrcTestClient.ConnectAsync(server.Port, "alice", "#fang");

        var strict = AdapterBinary.Environment(server.TlsPort!.Value);
        strict["IRC_TLS"] = "true";
        await using (var refused = await AdapterBinary.StartAsync(strict))
        {
            var error = (await refused.NextEventAsync("error")).GetProperty("params").GetProperty("message").GetString()!;
            Assert.Contains("TLS handshake", error);
            Assert.Contains("IRC_TLS_INSECURE", error);
        }

        var insecure = new Dictionary<string, string?>(strict) { ["IRC_TLS_INSECURE"] = "true" };
        await using var adapter = await AdapterBinary.StartAsync(insecure);
        await BotJoinedAsync(alice);
        await alice.PrivmsgAsync("#fang", "over TLS");
        Assert.Equal("over TLS", (await NextMessageAsync(adapter)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_server_password_is_sent_and_a_wrong_one_is_reported_without_revealing_it()
    {
        await using var server = await NgircdServer.StartAsync(password: "letmein");

        var wrong = AdapterBinary.Environment(server.Port);
        wrong["IRC_PASSWORD"] = "not-the-password";
        await using (var refused = await AdapterBinary.StartAsync(wrong))
        {
            var error = (await refused.NextEventAsync("error")).GetProperty("params").GetProperty("message").GetString()!;
            Assert.Contains("IRC_PASSWORD", error);
            Assert.DoesNotContain("not-the-password", error);
            Assert.DoesNotContain(refused.Stderr, l => l.Contains("not-the-password", StringComparison.Ordinal));
        }

        var right = AdapterBinary.Environment(server.Port);
        right["IRC_PASSWORD"] = "letmein";
        await using var adapter = await AdapterBinary.StartAsync(right);
        await WaitUntilAsync(() => adapter.Stderr.Any(l => l.Contains("registered on IRC", StringComparison.Ordinal)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(50);
        }
    }
}
