using System.Text;
using LibreFang.Sidecar.Helpers;

namespace LibreFang.Sidecar.Helpers.Tests;

/// <summary>
/// Ping, pong and close as they cross the wire, against a frame-level loopback server: what keeps a connection
/// alive, what notices a silent server, and what a clean stop looks like to the server.
/// </summary>
public sealed class WebSocketControlFrameTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static ReconnectingWebSocketOptions Options(TimeSpan keepAliveInterval, TimeSpan keepAliveTimeout) => new()
    {
        Backoff = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
        Log = new SidecarLog(TextWriter.Null),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
        KeepAliveInterval = keepAliveInterval,
        KeepAliveTimeout = keepAliveTimeout,
    };

    private static readonly ReconnectingWebSocketOptions NoKeepAlive = Options(TimeSpan.Zero, TimeSpan.Zero);

    [Fact]
    public async Task A_server_ping_is_answered_with_a_masked_pong_carrying_its_payload()
    {
        await using var server = new RawWebSocketServer();
        using var stop = new CancellationTokenSource(Wait * 2);
        var client = new ReconnectingWebSocket(server.Uri, NoKeepAlive);
        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        await using var connection = await server.AcceptAsync(stop.Token);

        await connection.SendAsync(Frame.Ping, "are you there?"u8.ToArray());
        var pong = await connection.NextAsync(Frame.Pong, Wait);

        Assert.Equal("are you there?", Encoding.UTF8.GetString(pong.Payload));
        Assert.True(pong.Masked, "client frames must be masked (RFC 6455 §5.3)");
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task With_a_keep_alive_timeout_a_server_that_stops_answering_pings_is_replaced()
    {
        await using var server = new RawWebSocketServer();
        using var stop = new CancellationTokenSource(Wait * 2);
        var client = new ReconnectingWebSocket(server.Uri, Options(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)));
        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        await using var silent = await server.AcceptAsync(stop.Token);

        // The keep-alive frames are real pings; this server reads them and never answers.
        var ping = await silent.NextAsync(Frame.Ping, Wait);
        Assert.True(ping.Masked);
        Assert.True(await silent.ClosedAsync(Wait), "the client kept a connection whose pings went unanswered");
        await using var replacement = await server.AcceptAsync(stop.Token);

        // A server that answers keeps the connection: pongs for the client's pings hold it open past several timeouts.
        var answered = Task.Run(async () =>
        {
            while (await replacement.Frames.Reader.WaitToReadAsync(stop.Token))
            {
                while (replacement.Frames.Reader.TryRead(out var frame))
                {
                    if (frame.Opcode == Frame.Ping)
                    {
                        await replacement.SendAsync(Frame.Pong, frame.Payload);
                    }
                }
            }
        });
        await WaitUntilAsync(() => client.Connections == 2 && client.IsConnected);
        await Task.Delay(1500);
        Assert.Equal(2, client.Connections);
        Assert.True(client.IsConnected);
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task Without_a_keep_alive_timeout_the_frames_are_unsolicited_pongs()
    {
        await using var server = new RawWebSocketServer();
        using var stop = new CancellationTokenSource(Wait * 2);
        var client = new ReconnectingWebSocket(server.Uri, Options(TimeSpan.FromMilliseconds(200), Timeout.InfiniteTimeSpan));
        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        await using var connection = await server.AcceptAsync(stop.Token);

        await connection.NextAsync(Frame.Pong, Wait);
        await connection.NextAsync(Frame.Pong, Wait);

        Assert.Equal(1, client.Connections);
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task Stopping_sends_a_close_frame_and_waits_for_the_servers_answer()
    {
        await using var server = new RawWebSocketServer();
        using var stop = new CancellationTokenSource();
        // A long close timeout: the run must end on the server's answer, not on the timeout.
        var client = new ReconnectingWebSocket(server.Uri, NoKeepAlive with { CloseTimeout = TimeSpan.FromSeconds(30) });
        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        await using var connection = await server.AcceptAsync(CancellationToken.None);
        await WaitUntilAsync(() => client.IsConnected);

        await stop.CancelAsync();
        var close = await connection.NextAsync(Frame.Close, Wait);

        Assert.Equal(1000, close.CloseCode);
        Assert.Equal("client stopping", close.CloseReason);
        await Task.Delay(200);
        Assert.False(run.IsCompleted, "the client must wait for the server's close frame");
        await connection.SendCloseAsync(1000, "");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.True(await connection.ClosedAsync(Wait));
    }

    [Fact]
    public async Task Stopping_while_on_connected_runs_still_completes_the_close_handshake()
    {
        await using var server = new RawWebSocketServer();
        using var stop = new CancellationTokenSource();
        var client = new ReconnectingWebSocket(server.Uri, NoKeepAlive with { CloseTimeout = TimeSpan.FromSeconds(30) });
        var subscribing = new TaskCompletionSource();
        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token, onConnected: async (_, ct) =>
        {
            subscribing.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await using var connection = await server.AcceptAsync(CancellationToken.None);
        await subscribing.Task.WaitAsync(Wait);

        await stop.CancelAsync();
        var close = await connection.NextAsync(Frame.Close, Wait);

        Assert.Equal(1000, close.CloseCode);
        await Task.Delay(200);
        Assert.False(run.IsCompleted, "the client must wait for the server's close frame");
        await connection.SendCloseAsync(1000, "");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_close_timeout_the_timer_cannot_hold_is_refused_up_front()
    {
        var options = NoKeepAlive with { CloseTimeout = TimeSpan.MaxValue };

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectingWebSocket(new Uri("ws://127.0.0.1:9/"), options));

        Assert.Contains("CloseTimeout", refused.Message);
    }

    [Fact]
    public async Task Stopping_gives_up_on_a_server_that_never_answers_the_close_after_the_close_timeout()
    {
        await using var server = new RawWebSocketServer();
        using var stop = new CancellationTokenSource();
        var client = new ReconnectingWebSocket(server.Uri, NoKeepAlive with { CloseTimeout = TimeSpan.FromMilliseconds(300) });
        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        await using var connection = await server.AcceptAsync(CancellationToken.None);
        await WaitUntilAsync(() => client.IsConnected);

        await stop.CancelAsync();
        await connection.NextAsync(Frame.Close, Wait);

        // 300 ms of close timeout, with room for a loaded machine; without the timeout it would wait forever.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.True(await connection.ClosedAsync(Wait));
    }

    [Fact]
    public async Task A_server_close_is_answered_with_its_status_and_followed_by_a_reconnect()
    {
        await using var server = new RawWebSocketServer();
        using var stop = new CancellationTokenSource(Wait * 2);
        var client = new ReconnectingWebSocket(server.Uri, NoKeepAlive);
        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        await using (var first = await server.AcceptAsync(stop.Token))
        {
            await first.SendCloseAsync(1001, "going away");
            var answer = await first.NextAsync(Frame.Close, Wait);
            Assert.Equal(1001, answer.CloseCode);
        }

        await using var second = await server.AcceptAsync(stop.Token);

        await WaitUntilAsync(() => client.Connections == 2 && client.IsConnected);
        await StopAsync(stop, run);
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Wait));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(10))
        {
            Assert.True(waited < Wait, "the condition never held");
            await Task.Delay(10);
        }
    }
}
