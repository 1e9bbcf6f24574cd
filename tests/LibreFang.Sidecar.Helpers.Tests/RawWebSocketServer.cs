using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace LibreFang.Sidecar.Helpers.Tests;

/// <summary>One WebSocket frame as it crossed the wire (the payload already unmasked).</summary>
internal sealed record Frame(byte Opcode, bool Masked, byte[] Payload)
{
    public const byte Text = 0x1, Close = 0x8, Ping = 0x9, Pong = 0xA;

    public ushort CloseCode => BinaryPrimitives.ReadUInt16BigEndian(Payload);

    public string CloseReason => Encoding.UTF8.GetString(Payload.AsSpan(2));
}

/// <summary>
/// A WebSocket server written at the frame level on a loopback TCP listener, for what Kestrel does not let a test do:
/// see every control frame the client sends, send pings of its own, stay silent, or answer a close late or never.
/// </summary>
internal sealed class RawWebSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public RawWebSocketServer() => _listener.Start();

    public Uri Uri => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/ws");

    /// <summary>Accepts the next client and completes the opening handshake.</summary>
    public async Task<RawConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var request = new StringBuilder();
        var one = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("the client closed the connection during the handshake");
            }
            request.Append((char)one[0]);
        }
        var key = request.ToString().Split("\r\n").Single(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), cancellationToken);
        return new RawConnection(client);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One accepted client. Every frame it sends is read in the background and queued in <see cref="Frames"/>.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly Task _reader;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = Task.Run(ReadFramesAsync);
    }

    /// <summary>Frames from the client, in order; completed when the client closes the TCP connection.</summary>
    public Channel<Frame> Frames { get; } = Channel.CreateUnbounded<Frame>();

    /// <summary>The next frame with the opcode, skipping others; fails the test if none comes in time.</summary>
    public async Task<Frame> NextAsync(byte opcode, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var frame = await Frames.Reader.ReadAsync(cancel.Token);
            if (frame.Opcode == opcode)
            {
                return frame;
            }
        }
    }

    /// <summary>True when the client closes the TCP connection within the timeout, whether or not its frames were read.</summary>
    public async Task<bool> ClosedAsync(TimeSpan timeout) => await Task.WhenAny(_closed.Task, Task.Delay(timeout)) == _closed.Task;

    /// <summary>Sends one unmasked, unfragmented frame, as a server does.</summary>
    public async Task SendAsync(byte opcode, byte[] payload)
    {
        if (payload.Length > 125)
        {
            throw new ArgumentException("this test server sends short frames only", nameof(payload));
        }
        await _stream.WriteAsync((byte[])[(byte)(0x80 | opcode), (byte)payload.Length, .. payload]);
    }

    public Task SendCloseAsync(ushort code, string reason)
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return SendAsync(Frame.Close, payload);
    }

    private async Task ReadFramesAsync()
    {
        try
        {
            var header = new byte[2];
            while (true)
            {
                await _stream.ReadExactlyAsync(header);
                var opcode = (byte)(header[0] & 0x0F);
                var masked = (header[1] & 0x80) != 0;
                long length = header[1] & 0x7F;
                if (length == 126)
                {
                    var extended = new byte[2];
                    await _stream.ReadExactlyAsync(extended);
                    length = BinaryPrimitives.ReadUInt16BigEndian(extended);
                }
                else if (length == 127)
                {
                    var extended = new byte[8];
                    await _stream.ReadExactlyAsync(extended);
                    length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
                }
                var mask = new byte[masked ? 4 : 0];
                await _stream.ReadExactlyAsync(mask);
                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload);
                for (var i = 0; i < payload.Length && masked; i++)
                {
                    payload[i] ^= mask[i % 4];
                }
                Frames.Writer.TryWrite(new Frame(opcode, masked, payload));
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ObjectDisposedException)
        {
            Frames.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _reader;
    }
}
