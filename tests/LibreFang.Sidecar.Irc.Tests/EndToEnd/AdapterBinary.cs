using LibreFang.Sidecar.Testing;

namespace LibreFang.Sidecar.Irc.Tests.EndToEnd;

/// <summary>
/// The IRC sample as the supervisor runs it: the Native AOT binary from <c>artifacts/samples/irc</c> (what
/// <c>samples/publish.sh</c> produces), published first when it is missing or older than the sources.
/// </summary>
internal static class AdapterBinary
{
    public static Task<string> PathAsync() => PublishedBinary.IrcAsync();

    /// <summary>The environment of a plain-TCP adapter talking to a loopback server.</summary>
    public static Dictionary<string, string?> Environment(int port, string nick = "fang", string channels = "#fang") => new()
    {
        ["IRC_SERVER"] = "127.0.0.1",
        ["IRC_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["IRC_TLS"] = "false",
        ["IRC_NICK"] = nick,
        ["IRC_CHANNELS"] = channels,
    };

    /// <summary>Starts the binary and completes the handshake: the first <c>ready</c>, then <c>ready_ack</c>.</summary>
    public static async Task<AdapterProcess> StartAsync(Dictionary<string, string?> environment)
    {
        var adapter = AdapterProcess.Start(await PathAsync(), [], environment);
        var ready = await adapter.NextEventAsync("ready");
        Assert.Empty(ready.GetProperty("params").GetProperty("capabilities").EnumerateArray());
        await adapter.WriteLineAsync("""{"method":"ready_ack"}""");
        return adapter;
    }

    public static string Send(string channelId, string text) =>
        "{\"method\":\"send\",\"params\":{\"channel_id\":" + System.Text.Json.JsonSerializer.Serialize(channelId) + ",\"text\":"
        + System.Text.Json.JsonSerializer.Serialize(text) + ",\"user\":{\"platform_id\":\"alice\",\"display_name\":\"Alice\",\"librefang_user\":null}}}";
}
