using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using LibreFang.Sidecar.Helpers;
using Microsoft.AspNetCore.Http;

namespace LibreFang.Sidecar.Helpers.Tests;

/// <summary>The WebSocket wrapper against a real loopback WebSocket server.</summary>
public sealed class ReconnectingWebSocketTests
{
    private static readonly Backoff Quick = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));

    private static ReconnectingWebSocketOptions Options(int maxMessageBytes = 4 * 1024 * 1024) =>
        new() { Backoff = Quick, MaxMessageBytes = maxMessageBytes, Log = new SidecarLog(TextWriter.Null), HandshakeTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Messages_round_trip_and_fragmented_messages_arrive_whole()
    {
        await using var server = await LoopbackServer.StartAsync("/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
            await socket.SendAsync(Encoding.UTF8.GetBytes("echo:" + text), WebSocketMessageType.Text, true, CancellationToken.None);
            // One message in three frames.
            await socket.SendAsync("frag"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
            await socket.SendAsync("ment"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
            await socket.SendAsync("ed 👍"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.ReceiveAsync(buffer, CancellationToken.None);
        });
        var messages = Channel.CreateUnbounded<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var client = new ReconnectingWebSocket(WebSocketUri(server, "/ws"), Options());

        var run = client.RunAsync((m, _) => messages.Writer.WriteAsync(m), stop.Token, (c, ct) => c.SendTextAsync("hello", ct));

        Assert.Equal("echo:hello", await messages.Reader.ReadAsync(stop.Token));
        Assert.Equal("fragmented 👍", await messages.Reader.ReadAsync(stop.Token));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_server_close_or_a_dropped_connection_is_followed_by_a_reconnect()
    {
        var connection = 0;
        await using var server = await LoopbackServer.StartAsync("/ws", async context =>
        {
            var n = Interlocked.Increment(ref connection);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.SendAsync(Encoding.UTF8.GetBytes("connection " + n), WebSocketMessageType.Text, true, CancellationToken.None);
            if (n == 1)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
            else if (n == 2)
            {
                // Let the frame reach the client, then drop the TCP connection without a close handshake.
                await Task.Delay(200);
                context.Abort();
            }
            else
            {
                await socket.ReceiveAsync(new byte[16], CancellationToken.None);
            }
        });
        var messages = Channel.CreateUnbounded<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var client = new ReconnectingWebSocket(WebSocketUri(server, "/ws"), Options());

        var run = client.RunAsync((m, _) => messages.Writer.WriteAsync(m), stop.Token);

        Assert.Equal("connection 1", await messages.Reader.ReadAsync(stop.Token));
        Assert.Equal("connection 2", await messages.Reader.ReadAsync(stop.Token));
        Assert.Equal("connection 3", await messages.Reader.ReadAsync(stop.Token));
        Assert.Equal(3, client.Connections);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task An_oversized_message_closes_the_connection_and_the_client_reconnects()
    {
        var connection = 0;
        var closeStatus = new TaskCompletionSource<WebSocketCloseStatus?>();
        await using var server = await LoopbackServer.StartAsync("/ws", async context =>
        {
            var n = Interlocked.Increment(ref connection);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var payload = n == 1 ? new string('x', 4096) : "small";
            await socket.SendAsync(Encoding.UTF8.GetBytes(payload), WebSocketMessageType.Text, true, CancellationToken.None);
            var result = await socket.ReceiveAsync(new byte[16], CancellationToken.None);
            if (n == 1)
            {
                closeStatus.TrySetResult(result.CloseStatus);
            }
        });
        var messages = Channel.CreateUnbounded<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var client = new ReconnectingWebSocket(WebSocketUri(server, "/ws"), Options(maxMessageBytes: 1024));

        var run = client.RunAsync((m, _) => messages.Writer.WriteAsync(m), stop.Token);

        Assert.Equal("small", await messages.Reader.ReadAsync(stop.Token));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await closeStatus.Task.WaitAsync(stop.Token));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Sending_while_disconnected_is_a_clear_error()
    {
        var client = new ReconnectingWebSocket(new Uri("ws://127.0.0.1:9/"), Options());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendTextAsync("x").AsTask());

        Assert.Contains("not connected", error.Message);
    }

    [Fact]
    public async Task Extra_headers_reach_the_server()
    {
        var authorization = new TaskCompletionSource<string?>();
        await using var server = await LoopbackServer.StartAsync("/ws", async context =>
        {
            authorization.TrySetResult(context.Request.Headers.Authorization);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.ReceiveAsync(new byte[16], CancellationToken.None);
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var options = Options() with { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t0ken" } };
        var client = new ReconnectingWebSocket(WebSocketUri(server, "/ws"), options);

        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);

        Assert.Equal("Bearer t0ken", await authorization.Task.WaitAsync(stop.Token));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private static Uri WebSocketUri(LoopbackServer server, string path) => new($"ws://{server.Address.Authority}{path}");
}

/// <summary>The event-stream reader against a real loopback server.</summary>
public sealed class ServerSentEventStreamTests
{
    [Fact]
    public async Task Events_arrive_parsed_and_a_reconnect_sends_the_last_event_id_after_the_server_retry_interval()
    {
        var lastEventIds = Channel.CreateUnbounded<string?>();
        var connection = 0;
        await using var server = await LoopbackServer.StartAsync("/events", async context =>
        {
            var n = Interlocked.Increment(ref connection);
            await lastEventIds.Writer.WriteAsync(context.Request.Headers["Last-Event-ID"].FirstOrDefault());
            context.Response.ContentType = "text/event-stream";
            var body = n == 1
                ? ": a comment\nretry: 50\n\nid: 1\nevent: message\ndata: first line\ndata: second line\n\nid: 2\nevent: reaction\r\ndata: 👍\r\n\r\n"
                : "id: 3\ndata: after reconnect\n\n";
            await context.Response.WriteAsync(body);
            await context.Response.Body.FlushAsync();
            if (n > 1)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            }
        });
        using var http = new HttpClient();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stream = new ServerSentEventStream(http, new Uri(server.Address, "/events"), log: new SidecarLog(TextWriter.Null));

        var events = new List<ServerSentEvent>();
        await foreach (var item in stream.ReadAllAsync(stop.Token))
        {
            events.Add(item);
            if (events.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(new ServerSentEvent("message", "first line\nsecond line", "1"), events[0]);
        Assert.Equal(new ServerSentEvent("reaction", "👍", "2"), events[1]);
        Assert.Equal(new ServerSentEvent("message", "after reconnect", "3"), events[2]);
        Assert.Null(await lastEventIds.Reader.ReadAsync(stop.Token));
        Assert.Equal("2", await lastEventIds.Reader.ReadAsync(stop.Token));
        Assert.Equal(2, stream.Connections);
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_with_backoff_until_it_serves()
    {
        var attempts = 0;
        await using var server = await LoopbackServer.StartAsync("/events", async context =>
        {
            if (Interlocked.Increment(ref attempts) < 3)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: up\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
        using var http = new HttpClient();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stream = new ServerSentEventStream(http, new Uri(server.Address, "/events"), new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50)), new SidecarLog(TextWriter.Null));

        await using var events = stream.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("up", events.Current.Data);
        Assert.Equal(3, attempts);
    }
}
