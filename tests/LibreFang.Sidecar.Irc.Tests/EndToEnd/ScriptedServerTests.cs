using System.Text;

namespace LibreFang.Sidecar.Irc.Tests.EndToEnd;

/// <summary>The published adapter against a scripted server: the protocol paths a stock ngircd does not exercise.</summary>
public sealed class ScriptedServerTests
{
    private static async Task<AdapterProcess> StartWithSaslAsync(ScriptedIrcServer server, string password)
    {
        var environment = AdapterBinary.Environment(server.Port);
        environment["IRC_SASL_USERNAME"] = "fangbot";
        environment["IRC_SASL_PASSWORD"] = password;
        return await AdapterBinary.StartAsync(environment);
    }

    // The exchange up to the client's credentials, with the capability list split over two lines (CAP LS 302 style).
    private static async Task<string> SaslUpToCredentialsAsync(ScriptedClient client)
    {
        await client.ExpectAsync("CAP LS 302");
        await client.ExpectAsync("USER ");
        await client.SendAsync(":irc.test CAP * LS * :multi-prefix away-notify");
        await client.SendAsync(":irc.test CAP * LS :sasl=PLAIN,EXTERNAL server-time");
        await client.ExpectAsync("CAP REQ :sasl");
        await client.SendAsync(":irc.test CAP * ACK :sasl");
        await client.ExpectAsync("AUTHENTICATE PLAIN");
        await client.SendAsync("AUTHENTICATE +");
        var credentials = await client.ExpectAsync("AUTHENTICATE ");
        return Encoding.UTF8.GetString(Convert.FromBase64String(credentials["AUTHENTICATE ".Length..]));
    }

    [Fact]
    public async Task Sasl_plain_logs_in_before_registration_ends_and_never_shows_the_password()
    {
        await using var server = new ScriptedIrcServer();
        await using var adapter = await StartWithSaslAsync(server, "s3cr3t-sasl");
        using var client = await server.AcceptAsync();

        Assert.Equal("fangbot\0fangbot\0s3cr3t-sasl", await SaslUpToCredentialsAsync(client));
        await client.SendAsync(":irc.test 900 fang fang!f@h fangbot :You are now logged in as fangbot");
        await client.SendAsync(":irc.test 903 fang :SASL authentication successful");
        await client.ExpectAsync("CAP END");
        await client.SendAsync(":irc.test 001 fang :Welcome");
        await client.ExpectAsync("JOIN #fang");

        await adapter.WriteLineAsync("""{"method":"shutdown"}""");
        Assert.Equal(0, await adapter.WaitForExitAsync());
        Assert.DoesNotContain(adapter.Stderr, line => line.Contains("s3cr3t-sasl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_sasl_login_is_reported_to_the_operator_once()
    {
        await using var server = new ScriptedIrcServer();
        await using var adapter = await StartWithSaslAsync(server, "wrong");
        using var client = await server.AcceptAsync();

        await SaslUpToCredentialsAsync(client);
        await client.SendAsync(":irc.test 904 fang :SASL authentication failed");

        var error = (await adapter.NextEventAsync("error")).GetProperty("params").GetProperty("message").GetString()!;
        Assert.Contains("SASL login as 'fangbot' failed", error);
        Assert.DoesNotContain("wrong", error);
    }

    [Fact]
    public async Task A_taken_nick_gets_an_alternative_and_private_messages_to_it_still_arrive()
    {
        await using var server = new ScriptedIrcServer();
        await using var adapter = await AdapterBinary.StartAsync(AdapterBinary.Environment(server.Port));
        using var client = await server.AcceptAsync();

        await client.ExpectAsync("USER ");
        await client.SendAsync(":irc.test 433 * fang :Nickname is already in use");
        await client.ExpectAsync("NICK fang_");
        await client.SendAsync(":irc.test 001 fang_ :Welcome");
        await client.ExpectAsync("JOIN #fang");
        await client.SendAsync(":alice!a@h PRIVMSG fang_ :hello second-choice");

        var message = (await adapter.NextEventAsync("message")).GetProperty("params");
        Assert.Equal("alice", message.GetProperty("channel_id").GetString());
        Assert.Equal("hello second-choice", message.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_send_during_an_outage_is_delivered_on_the_next_connection()
    {
        await using var server = new ScriptedIrcServer();
        await using var adapter = await AdapterBinary.StartAsync(AdapterBinary.Environment(server.Port));
        using (var first = await server.AcceptAsync())
        {
            await first.RegisterAsync();
            await first.ExpectAsync("JOIN #fang");
            await first.SendAsync(":irc.test PING :check");
            await first.ExpectAsync("PONG check");
        }

        // Only once the adapter has seen the drop: a line written into a connection the peer already closed is lost
        // in TCP itself, and no client can notice that.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!adapter.Stderr.Any(line => line.Contains("closed the connection", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the adapter did not notice the dropped connection");
            await Task.Delay(20);
        }
        await adapter.WriteLineAsync(AdapterBinary.Send("#fang", "written while the link was down"));
        using var second = await server.AcceptAsync();
        await second.RegisterAsync();
        await second.ExpectAsync("JOIN #fang");

        Assert.Equal("PRIVMSG #fang :written while the link was down", await second.ExpectAsync("PRIVMSG"));
        Assert.DoesNotContain(adapter.Stderr, line => line.Contains("\"level\":\"error\"", StringComparison.Ordinal));
    }
}
