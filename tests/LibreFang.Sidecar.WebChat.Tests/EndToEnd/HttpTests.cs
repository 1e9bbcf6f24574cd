using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.WebChat.Tests.EndToEnd;

/// <summary>
/// The published binary's HTTP side, request by request: each security rule refuses what it must (and the refused
/// request reaches the daemon as nothing), a dropped stream resumes with exactly what it missed, and the daemon going
/// away ends every stream with a last event. After each test, every stdout line was one the daemon accepts.
/// </summary>
public sealed class HttpTests
{
    private const string Conversation = "conv-http-0001";

    private static HttpRequestMessage Post(string text, string conversation = Conversation, string? origin = null, string? fetchSite = null, bool withToken = true)
    {
        var body = JsonSerializer.Serialize(new { conversation, userId = "user-http-01", userName = "Bob", text });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (withToken)
        {
            request.Headers.Authorization = new("Bearer", WebChatSupervisor.Token);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

    private static async Task AssertNoEventAsync(WebChatSupervisor chat)
    {
        var events = await chat.EventsWithinAsync(TimeSpan.FromMilliseconds(600));
        Assert.True(events.Count == 0, "a refused request reached the daemon: " + string.Join("\n", events));
    }

    [Fact]
    public async Task Without_the_token_the_api_answers_401_and_nothing_reaches_the_daemon()
    {
        await using var chat = await WebChatSupervisor.StartAsync();
        using var anonymous = chat.Client(withToken: false);

        using var noToken = await anonymous.SendAsync(Post("hello", withToken: false));
        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, $"/api/events?conversation={Conversation}");
        wrongToken.Headers.Authorization = new("Bearer", WebChatSupervisor.Token + "x");
        using var wrong = await anonymous.SendAsync(wrongToken);
        using var stream = await anonymous.GetAsync($"/api/events?conversation={Conversation}");
        using var page = await anonymous.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.Single().Scheme);
        // The page itself holds no data and is served to anyone; it asks for the token.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await AssertNoEventAsync(chat);

        using var client = chat.Client();
        using var accepted = await client.SendAsync(Post("hello"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("hello", (await chat.NextAsync("message")).GetProperty("text").GetString());
        Assert.Empty(chat.Rejected);
    }

    [Fact]
    public async Task A_cross_site_request_is_refused_with_or_without_the_token()
    {
        await using var chat = await WebChatSupervisor.StartAsync();
        using var client = chat.Client(withToken: false);
        var self = chat.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var formWithoutToken = await client.SendAsync(Post("forged", origin: "http://evil.example", withToken: false));
        using var withToken = await client.SendAsync(Post("forged", origin: "http://evil.example"));
        using var fetchMetadata = await client.SendAsync(Post("forged", fetchSite: "cross-site"));
        using var sameSite = await client.SendAsync(Post("forged", fetchSite: "same-site"));
        var stream = new HttpRequestMessage(HttpMethod.Get, $"/api/events?conversation={Conversation}");
        stream.Headers.Authorization = new("Bearer", WebChatSupervisor.Token);
        stream.Headers.Add("Origin", "http://evil.example");
        using var crossSiteStream = await client.SendAsync(stream);

        Assert.Equal(HttpStatusCode.Forbidden, formWithoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fetchMetadata.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sameSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSiteStream.StatusCode);
        Assert.False(formWithoutToken.Headers.Contains("Access-Control-Allow-Origin"));
        await AssertNoEventAsync(chat);

        // The page's own requests (same origin) go through.
        using var own = await client.SendAsync(Post("mine", origin: self, fetchSite: "same-origin"));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        Assert.Equal("mine", (await chat.NextAsync("message")).GetProperty("text").GetString());
        Assert.Empty(chat.Rejected);
    }

    [Fact]
    public async Task Behind_a_reverse_proxy_the_configured_origin_is_accepted_and_no_other()
    {
        await using var chat = await WebChatSupervisor.StartAsync(WebChatSupervisor.Settings(("WEBCHAT_ALLOWED_ORIGINS", "https://chat.example.com")));
        using var client = chat.Client(withToken: false);

        using var proxied = await client.SendAsync(Post("through the proxy", origin: "https://chat.example.com", fetchSite: "same-origin"));
        Assert.Equal(HttpStatusCode.Accepted, proxied.StatusCode);
        Assert.Equal("through the proxy", (await chat.NextAsync("message")).GetProperty("text").GetString());

        using var other = await client.SendAsync(Post("forged", origin: "https://evil.example.com"));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        await AssertNoEventAsync(chat);
    }

    [Fact]
    public async Task Messages_over_the_size_cap_are_refused_with_413()
    {
        await using var chat = await WebChatSupervisor.StartAsync(WebChatSupervisor.Settings(("WEBCHAT_MAX_MESSAGE_CHARS", "50")));
        using var client = chat.Client();

        using var tooLong = await client.SendAsync(Post(new string('x', 51)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Contains("at most 50 characters", await tooLong.Content.ReadAsStringAsync());
        // A body announced bigger than any allowed message is refused before a byte of it is read.
        Assert.StartsWith("HTTP/1.1 413 ", await RawStatusLineAsync(chat.BaseAddress,
            $"POST /api/messages HTTP/1.1\r\nHost: {chat.BaseAddress.Authority}\r\nAuthorization: Bearer {WebChatSupervisor.Token}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"));
        await AssertNoEventAsync(chat);

        using var fits = await client.SendAsync(Post(new string('z', 50)));
        Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);
        Assert.Equal(new string('z', 50), (await chat.NextAsync("message")).GetProperty("text").GetString());
        Assert.Empty(chat.Rejected);
    }

    private static async Task<string> RawStatusLineAsync(Uri server, string head)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? "";
    }

    [Fact]
    public async Task Each_conversation_is_rate_limited_on_its_own()
    {
        await using var chat = await WebChatSupervisor.StartAsync(WebChatSupervisor.Settings(("WEBCHAT_RATE_BURST", "3"), ("WEBCHAT_RATE_PER_MINUTE", "1")));
        using var client = chat.Client();

        for (var i = 0; i < 3; i++)
        {
            using var accepted = await client.SendAsync(Post($"burst {i}"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal($"burst {i}", (await chat.NextAsync("message")).GetProperty("text").GetString());
        }
        using var limited = await client.SendAsync(Post("one too many"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        await AssertNoEventAsync(chat);

        using var other = await client.SendAsync(Post("another conversation", conversation: "conv-http-0002"));
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal("conv-http-0002", (await chat.NextAsync("message")).GetProperty("channel_id").GetString());
        Assert.Empty(chat.Rejected);
    }

    [Fact]
    public async Task By_default_it_listens_on_127_0_0_1_only()
    {
        var settings = WebChatSupervisor.Settings();
        await using var chat = await WebChatSupervisor.StartAsync(settings);

        Assert.Equal("127.0.0.1", chat.BaseAddress.Host);
        var otherAddresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        foreach (var address in otherAddresses)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var refused = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(address, chat.BaseAddress.Port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        // On the loopback address it answers.
        using var client = chat.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_dropped_stream_resumes_from_Last_Event_ID_with_exactly_what_it_missed()
    {
        await using var chat = await WebChatSupervisor.StartAsync();
        using var client = chat.Client();
        await chat.WriteAsync(WebChatSupervisor.Send(Conversation, "one"));

        string lastSeen;
        await using (var first = await EventStream.OpenAsync(client, Conversation))
        {
            var snapshot = await first.NextAsync("snapshot");
            Assert.Equal("one", snapshot.Data.GetProperty("messages")[0].GetProperty("text").GetString());
            await chat.WriteAsync(WebChatSupervisor.Send(Conversation, "two"));
            var two = await first.NextAsync("message");
            Assert.Equal("two", two.Data.GetProperty("text").GetString());
            lastSeen = two.Id!;
        }
        // While no page is connected: a message, a whole streamed answer, a typing indicator.
        await chat.WriteAsync(WebChatSupervisor.Send(Conversation, "three"));
        await chat.WriteAsync(new StreamStartCommand(Conversation, "s-1"));
        await chat.WriteAsync(new StreamDeltaCommand("s-1", "fo"));
        await chat.WriteAsync(new StreamDeltaCommand("s-1", "ur"));
        await chat.WriteAsync(new StreamEndCommand("s-1"));
        await chat.WriteAsync(new TypingCommand(Conversation));
        await Task.Delay(300);

        await using var resumed = await EventStream.OpenAsync(client, Conversation, lastSeen);
        var missed = new List<EventStream.ServerEvent>();
        for (var i = 0; i < 6; i++)
        {
            missed.Add((await resumed.NextAsync())!);
        }
        Assert.Equal(["message", "message", "delta", "delta", "message", "typing"], missed.Select(e => e.Name));
        Assert.Equal("three", missed[0].Data.GetProperty("text").GetString());
        Assert.True(missed[1].Data.GetProperty("streaming").GetBoolean());
        Assert.Equal("four", missed[4].Data.GetProperty("text").GetString());
        Assert.False(missed[4].Data.GetProperty("streaming").GetBoolean());
        var sequences = missed.Select(e => long.Parse(e.Id![(e.Id!.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], 6).Select(i => (long)i), sequences);

        // An id from another adapter instance (or nonsense) gets the whole history instead.
        await using var foreign = await EventStream.OpenAsync(client, Conversation, "deadbeef-2");
        var fresh = await foreign.NextAsync();
        Assert.Equal("snapshot", fresh!.Name);
        Assert.Equal(["one", "two", "three", "four"], fresh.Data.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Empty(chat.Rejected);
    }

    [Fact]
    public async Task A_new_page_gets_the_last_N_messages_of_the_conversation()
    {
        await using var chat = await WebChatSupervisor.StartAsync(WebChatSupervisor.Settings(("WEBCHAT_HISTORY", "3")));
        using var client = chat.Client();
        await using (var watching = await EventStream.OpenAsync(client, Conversation))
        {
            await watching.NextAsync("snapshot");
            for (var i = 1; i <= 5; i++)
            {
                await chat.WriteAsync(WebChatSupervisor.Send(Conversation, $"m{i}"));
                await watching.NextAsync("message");
            }
        }

        await using var stream = await EventStream.OpenAsync(client, Conversation);
        var snapshot = await stream.NextAsync("snapshot");

        Assert.Equal(["m3", "m4", "m5"], snapshot.Data.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(3, snapshot.Data.GetProperty("limits").GetProperty("history").GetInt32());
    }

    [Fact]
    public async Task The_daemon_going_away_ends_every_open_stream_with_a_bye_event()
    {
        await using var chat = await WebChatSupervisor.StartAsync();
        using var client = chat.Client();
        await using var stream = await EventStream.OpenAsync(client, Conversation);
        await stream.NextAsync("snapshot");

        await chat.ShutdownAsync();

        var bye = await stream.NextAsync(TimeSpan.FromSeconds(3));
        Assert.Equal("bye", bye?.Name);
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(0, await chat.WaitForExitAsync());
        Assert.Empty(chat.Rejected);
    }

    [Fact]
    public async Task Bad_requests_get_a_clear_error_and_the_adapter_keeps_serving()
    {
        await using var chat = await WebChatSupervisor.StartAsync();
        using var client = chat.Client();

        using var notJson = await client.PostAsync("/api/messages", new StringContent("{nope", Encoding.UTF8, "application/json"));
        using var badId = await client.PostAsync("/api/messages", new StringContent("""{"conversation":"../x","userId":"user-http-01","userName":"Bob","text":"hi"}""", Encoding.UTF8, "application/json"));
        using var noName = await client.PostAsync("/api/messages", new StringContent("""{"conversation":"conv-http-0001","userId":"user-http-01","userName":" ","text":"hi"}""", Encoding.UTF8, "application/json"));
        using var inventedButton = await client.PostAsync("/api/buttons", new StringContent("""{"conversation":"conv-http-0001","userId":"user-http-01","userName":"Bob","messageId":"x","action":"admin"}""", Encoding.UTF8, "application/json"));
        using var plainText = await client.PostAsync("/api/messages", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("conversation must be", await badId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, inventedButton.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainText.StatusCode);
        await AssertNoEventAsync(chat);

        using var fine = await client.SendAsync(Post("still here"));
        Assert.Equal(HttpStatusCode.Accepted, fine.StatusCode);
        Assert.Equal("still here", (await chat.NextAsync("message")).GetProperty("text").GetString());
        // ASP.NET's own logging never reached stdout: every line was a protocol event.
        Assert.Empty(chat.Rejected);
    }

    [Theory]
    [InlineData("short", "WEBCHAT_TOKEN")]
    [InlineData(null, "WEBCHAT_TOKEN")]
    public async Task A_missing_or_weak_token_stops_the_adapter_with_a_configuration_error(string? token, string key)
    {
        var settings = WebChatSupervisor.Settings();
        settings["WEBCHAT_TOKEN"] = token;
        var adapter = AdapterProcess.Start(await Sidecar.Testing.PublishedBinary.WebChatAsync(), [], settings);
        await using (adapter)
        {
            var error = await adapter.NextEventAsync("error");
            Assert.Contains(key, error.GetProperty("params").GetProperty("message").GetString());
            Assert.Equal(2, await adapter.WaitForExitAsync());
        }
    }
}
