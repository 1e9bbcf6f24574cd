using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LibreFang.Sidecar.Irc.Tests.EndToEnd;

/// <summary>
/// A loopback server the test scripts line by line, for what a stock ngircd cannot show: SASL, nick collisions, a
/// connection that drops exactly when the test says.
/// </summary>
internal sealed class ScriptedIrcServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ScriptedIrcServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task<ScriptedClient> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return new ScriptedClient(await _listener.AcceptTcpClientAsync(timeout.Token));
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One accepted connection: read what the client sent, answer as the server.</summary>
internal sealed class ScriptedClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    public ScriptedClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    /// <summary>Every line the client sent, in order.</summary>
    public List<string> Received { get; } = [];

    /// <summary>Reads client lines until one starts with <paramref name="prefix"/>, and returns it.</summary>
    public async Task<string> ExpectAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the client never sent '{prefix}…'; it sent:\n{string.Join("\n", Received)}");
            }
            if (line is null)
            {
                throw new IOException($"the client closed the connection before '{prefix}…'; it sent:\n{string.Join("\n", Received)}");
            }
            Received.Add(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    public Task SendAsync(string line) => _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n")).AsTask();

    /// <summary>NICK and USER read, then the welcome for <paramref name="nick"/>.</summary>
    public async Task RegisterAsync(string nick = "fang")
    {
        await ExpectAsync("USER ");
        await SendAsync($":irc.test 001 {nick} :Welcome");
    }

    public void Dispose() => _tcp.Dispose();
}
