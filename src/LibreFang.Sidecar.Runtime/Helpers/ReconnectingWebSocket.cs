using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace LibreFang.Sidecar.Helpers;

/// <summary>Settings of a <see cref="ReconnectingWebSocket"/>.</summary>
public sealed record ReconnectingWebSocketOptions
{
    /// <summary>Extra request headers for the handshake (authorization, protocol versions).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Upper bound for connecting and the opening handshake (default 15 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Interval of the keep-alive frames the client sends (default 30 s; <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns them off). What they are depends on <see cref="KeepAliveTimeout"/>.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long to wait for the server's pong after each keep-alive ping (default 20 s). When it does not come in
    /// time the connection is aborted and replaced, like any drop: this is what notices a server or a network path
    /// that went silent without closing the TCP connection. <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> sends unsolicited pongs instead, which keep idle proxies from closing
    /// the connection but never notice a silent server.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a close handshake may take, the client's on stopping or the server's (default 2 s); then the connection is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest text message accepted (default 4 MiB); a larger one closes the connection with "message too big" and reconnects.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The reconnect policy (default <see cref="LibreFang.Sidecar.Backoff.Default"/>); it resets after a connection that stayed up.</summary>
    public Backoff Backoff { get; init; } = Backoff.Default;

    /// <summary>The log (default <see cref="SidecarLog.Shared"/>).</summary>
    public SidecarLog? Log { get; init; }
}

/// <summary>
/// A text WebSocket client that stays connected: it connects, hands each complete text message to a callback,
/// answers the server's pings and pings the server itself (through <see cref="ClientWebSocket"/>), and after a
/// close, a drop or an unanswered ping reconnects with backoff until cancelled. Cancelling sends a close frame and
/// waits for the server's. Sends are serialized, so any task may call <see cref="SendTextAsync"/>.
/// </summary>
public sealed class ReconnectingWebSocket(Uri uri, ReconnectingWebSocketOptions? options = null) : IAsyncDisposable
{
    private readonly ReconnectingWebSocketOptions _options = Validated(options ?? new ReconnectingWebSocketOptions());
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private ClientWebSocket? _socket;
    private int _connections;

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => _socket?.State == WebSocketState.Open;

    /// <summary>How many connections were opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private SidecarLog Log => _options.Log ?? SidecarLog.Shared;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled: connect, call <paramref name="onConnected"/>
    /// (subscribe, authenticate), deliver every text message to <paramref name="onMessage"/>, reconnect after a close
    /// or failure. An exception from a callback ends the connection and is retried like a drop.
    /// </summary>
    public Task RunAsync(Func<string, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken,
        Func<ReconnectingWebSocket, CancellationToken, ValueTask>? onConnected = null)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        return _options.Backoff.RunWithReconnectAsync(ct => ConnectionAsync(onMessage, onConnected, ct), cancellationToken, log: Log);
    }

    /// <summary>Sends one text message. Throws <see cref="InvalidOperationException"/> when not connected.</summary>
    public async ValueTask SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var socket = _socket;
            if (socket?.State != WebSocketState.Open)
            {
                throw new InvalidOperationException("the WebSocket is not connected; the message was not sent");
            }
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task ConnectionAsync(Func<string, CancellationToken, ValueTask> onMessage, Func<ReconnectingWebSocket, CancellationToken, ValueTask>? onConnected, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = _options.KeepAliveTimeout;
        foreach (var (name, value) in _options.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            handshake.CancelAfter(_options.HandshakeTimeout);
            try
            {
                await socket.ConnectAsync(uri, handshake.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"WebSocket handshake with {uri.Host} did not finish within {_options.HandshakeTimeout}");
            }
        }
        _socket = socket;
        Interlocked.Increment(ref _connections);
        Log.Info("websocket connected", ("host", uri.Host));
        try
        {
            if (onConnected is not null)
            {
                await onConnected(this, cancellationToken).ConfigureAwait(false);
            }
            await ReceiveLoopAsync(socket, onMessage, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _socket = null;
            // Stopped before the receive loop finished the handshake (during onConnected, or in an onMessage that gave
            // up on the token): complete it here, sending close if not yet sent and waiting for the server's.
            if (cancellationToken.IsCancellationRequested && socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                await CloseHandshakeAsync(socket).ConfigureAwait(false);
            }
        }
    }

    private async Task ReceiveLoopAsync(ClientWebSocket socket, Func<string, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        // Cancelling a pending receive would abort the socket without a close frame. Stopping sends the close frame
        // instead and this loop reads on until the server's answer (or the close timeout aborts the socket).
        using var closeDeadline = new CancellationTokenSource();
        using var stopping = cancellationToken.Register(() =>
        {
            // This runs inside the caller's Cancel(): nothing may escape it.
            try
            {
                closeDeadline.Token.Register(socket.Abort);
                closeDeadline.CancelAfter(_options.CloseTimeout);
                _ = CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "client stopping", _options.CloseTimeout);
            }
            catch (Exception)
            {
                socket.Abort();
            }
        });
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (WebSocketException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("stopped; the server did not complete the close handshake in time", cancellationToken);
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                cancellationToken.ThrowIfCancellationRequested(); // the server answered our close
                var status = socket.CloseStatus;
                Log.Warn("websocket closed by the server", ("status", status?.ToString()), ("reason", socket.CloseStatusDescription));
                // Echo the server's status code, as RFC 6455 §5.5.1 suggests, then reconnect.
                await CloseQuietlyAsync(socket, status ?? WebSocketCloseStatus.NormalClosure, "", _options.CloseTimeout).ConfigureAwait(false);
                return;
            }
            if (message.WrittenCount + result.Count > _options.MaxMessageBytes)
            {
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.MessageTooBig, "message too big", _options.CloseTimeout).ConfigureAwait(false);
                throw new InvalidDataException($"a WebSocket message exceeded {_options.MaxMessageBytes} bytes");
            }
            message.Write(buffer.AsSpan(0, result.Count));
            if (!result.EndOfMessage)
            {
                continue;
            }
            if (result.MessageType == WebSocketMessageType.Text)
            {
                // Invalid UTF-8 is replaced (U+FFFD) rather than failing the connection.
                await onMessage(Encoding.UTF8.GetString(message.WrittenSpan), cancellationToken).ConfigureAwait(false);
            }
            message.ResetWrittenCount();
        }
    }

    private async Task CloseHandshakeAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "client stopping", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            socket.Abort(); // the server did not answer in time, or the connection is already gone
        }
    }

    private static ReconnectingWebSocketOptions Validated(ReconnectingWebSocketOptions options)
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(options), value, $"{name} must be positive and at most {int.MaxValue} ms");
            }
        }
        ArgumentNullException.ThrowIfNull(options.Backoff);
        Positive(options.HandshakeTimeout, nameof(options.HandshakeTimeout));
        Positive(options.CloseTimeout, nameof(options.CloseTimeout));
        if (options.MaxMessageBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxMessageBytes, "MaxMessageBytes must be positive");
        }
        return options;
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason, TimeSpan timeLimit)
    {
        try
        {
            using var timeout = new CancellationTokenSource(timeLimit);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The connection is going away either way.
        }
    }

    /// <summary>
    /// Nothing to release: connections live and end inside <see cref="RunAsync"/>, and the send gate holds no wait
    /// handle. Disposing it here would break a <see cref="SendTextAsync"/> still in flight.
    /// </summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
